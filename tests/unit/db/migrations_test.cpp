// Migration runner: idempotent, and fills gaps (a version missing below the highest applied).
#include "db/migrations.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace edu;

namespace {
// A SQLite database in a directory of its own, removed (after the database is closed) when the
// test ends.
struct FreshSqlite {
  std::filesystem::path dir;
  std::unique_ptr<db::Database> db;
  explicit FreshSqlite(const std::string& name)
      : dir(std::filesystem::temp_directory_path() /
            ("edu-mig-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    db::DatabaseOptions o;
    o.url = "sqlite:///" + (dir / "t.db").string();
    db = db::open_sqlite(o);
  }
  ~FreshSqlite() {
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  db::Database* operator->() { return db.get(); }
  db::Database& operator*() { return *db; }
};
}  // namespace

TEST(Migrations, SecondRunAppliesNothing) {
  FreshSqlite db("idem");
  auto first = db::migrate(*db);
  EXPECT_FALSE(first.applied_now.empty());
  EXPECT_EQ(first.current, first.latest);
  auto second = db::migrate(*db);
  EXPECT_TRUE(second.applied_now.empty());
  EXPECT_EQ(second.current, first.current);
}

TEST(Migrations, AppliesAVersionMissingBelowTheHighest) {
  FreshSqlite db("gap");
  auto first = db::migrate(*db);
  ASSERT_GT(first.latest, 1);
  // 0001 only creates objects IF NOT EXISTS, so it can run again safely.
  db->query("DELETE FROM schema_migrations WHERE version = 1");
  auto again = db::migrate(*db);
  ASSERT_EQ(again.applied_now.size(), 1u);
  EXPECT_EQ(again.applied_now[0], "0001_init");
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM schema_migrations WHERE version = 1").one().integer(0), 1);
}
