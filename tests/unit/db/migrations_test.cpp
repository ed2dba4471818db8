// Migration runner: idempotent, and fills gaps (a version missing below the highest applied).
#include "db/migrations.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace edu;

namespace {
std::unique_ptr<db::Database> fresh_sqlite(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("edu-mig-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  db::DatabaseOptions o;
  o.url = "sqlite:///" + (dir / "t.db").string();
  return db::open_sqlite(o);
}
}  // namespace

TEST(Migrations, SecondRunAppliesNothing) {
  auto db = fresh_sqlite("idem");
  auto first = db::migrate(*db);
  EXPECT_FALSE(first.applied_now.empty());
  EXPECT_EQ(first.current, first.latest);
  auto second = db::migrate(*db);
  EXPECT_TRUE(second.applied_now.empty());
  EXPECT_EQ(second.current, first.current);
}

TEST(Migrations, AppliesAVersionMissingBelowTheHighest) {
  auto db = fresh_sqlite("gap");
  auto first = db::migrate(*db);
  ASSERT_GT(first.latest, 1);
  // 0001 only creates objects IF NOT EXISTS, so it can run again safely.
  db->query("DELETE FROM schema_migrations WHERE version = 1");
  auto again = db::migrate(*db);
  ASSERT_EQ(again.applied_now.size(), 1u);
  EXPECT_EQ(again.applied_now[0], "0001_init");
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM schema_migrations WHERE version = 1").one().integer(0), 1);
}
