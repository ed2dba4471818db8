// The durable catalog copy on SQLite (the checks are shared with the PostgreSQL integration
// test, tests/integration/bncc_postgres_test.cpp): idempotent and transactional replace, round
// trip, and the SQL search giving the same results as the in-memory index.
#include <gtest/gtest.h>

#include <filesystem>

#include "../../common/bncc_repository_checks.hpp"
#include "core/ids.hpp"
#include "db/migrations.hpp"

namespace {

class BnccRepositorySqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("edu-bncc-" + edu::random_hex(6));
    edu::db::DatabaseOptions o;
    o.url = "sqlite:///" + (dir_ / "t.db").string();
    db_ = edu::db::open_database(o);
    edu::db::migrate(*db_);
  }
  void TearDown() override {
    if (db_) db_->close();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<edu::db::Database> db_;
};

}  // namespace

TEST_F(BnccRepositorySqlite, ReplaceIsIdempotentAndRoundTrips) {
  bncc_checks::replace_is_idempotent_and_round_trips(*db_);
}

TEST_F(BnccRepositorySqlite, FailedReplaceLeavesThePreviousCatalog) {
  bncc_checks::failed_replace_leaves_the_previous_catalog(*db_);
}

TEST_F(BnccRepositorySqlite, SqlSearchMatchesTheInMemoryIndex) {
  bncc_checks::sql_search_matches_the_in_memory_index(*db_);
}
