// The BNCC durable copy on a real PostgreSQL 15 (pg_trgm): the same checks as the SQLite unit
// test (tests/common/bncc_repository_checks.hpp), so the SQL search returns the in-memory
// index's results — hence SQLite's — on both backends. Starts its own throwaway cluster
// (deploy/local/postgres.sh) on first use; skips when PostgreSQL 15 is not installed. Only
// migration 0004 is applied, so the test does not depend on other areas' schema.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "../common/bncc_repository_checks.hpp"
#include "db/migrations.hpp"

namespace {

std::string sh(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  return out;
}

class BnccCluster : public ::testing::Environment {
 public:
  void TearDown() override {
    if (base_.empty()) return;
    sh("bash " EDU_SOURCE_DIR "/deploy/local/postgres.sh stop " + base_ + "/primary");
    std::filesystem::remove_all(base_);
  }
  // Starts the cluster the first time a test needs it; "" when PostgreSQL is unavailable.
  std::string new_database() {
    if (!started_) {
      started_ = true;
      if (!std::filesystem::exists("/usr/lib/postgresql/15/bin/initdb")) return "";
      char tmpl[] = "/tmp/edu-bncc-pg-XXXXXX";
      base_ = mkdtemp(tmpl);
      std::filesystem::permissions(base_, std::filesystem::perms(0755));
      std::string out =
          sh("bash " EDU_SOURCE_DIR "/deploy/local/postgres.sh start " + base_ + "/primary");
      auto pos = out.find("port=");
      if (pos != std::string::npos) port_ = std::stoi(out.substr(pos + 5));
    }
    if (port_ <= 0) return "";
    std::string name = "bncc_" + std::to_string(++counter_);
    sh("bash " EDU_SOURCE_DIR "/deploy/local/postgres.sh createdb " + base_ + "/primary " + name);
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
  }

 private:
  bool started_ = false;
  std::string base_;
  int port_ = 0;
  int counter_ = 0;
};

BnccCluster* const g_bncc_cluster =
    static_cast<BnccCluster*>(::testing::AddGlobalTestEnvironment(new BnccCluster));

class BnccPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string url = g_bncc_cluster->new_database();
    if (url.empty()) GTEST_SKIP() << "PostgreSQL 15 not available";
    edu::db::DatabaseOptions o;
    o.url = url;
    o.pool_size = 2;
    db_ = edu::db::open_database(o);
    for (const auto& m : edu::db::embedded_migrations())
      if (std::string(m.dialect) == "postgres" && m.version == 4) db_->exec_script(m.sql);
  }
  void TearDown() override {
    if (db_) db_->close();
  }
  std::unique_ptr<edu::db::Database> db_;
};

}  // namespace

TEST_F(BnccPostgres, ReplaceIsIdempotentAndRoundTrips) {
  bncc_checks::replace_is_idempotent_and_round_trips(*db_);
}

TEST_F(BnccPostgres, FailedReplaceLeavesThePreviousCatalog) {
  bncc_checks::failed_replace_leaves_the_previous_catalog(*db_);
}

TEST_F(BnccPostgres, SqlSearchMatchesTheInMemoryIndex) {
  bncc_checks::sql_search_matches_the_in_memory_index(*db_);
}
