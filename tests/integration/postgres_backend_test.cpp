// The PostgreSQL backend against a real server: value round trips, error mapping by SQLSTATE,
// transactions and their retry on deadlock, statement timeout and client-side cancellation,
// advisory locks, the prepared-statement cache, reconnection and pool exhaustion.
// One throwaway cluster (deploy/local/postgres.sh) serves the whole binary; the tests skip
// when PostgreSQL 15 is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "db/database.hpp"
#include "observability/log.hpp"

using namespace edu;
using namespace edu::db;
using Clock = std::chrono::steady_clock;

namespace {

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  return out;
}

class Cluster : public ::testing::Environment {
 public:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/lib/postgresql/15/bin/initdb")) return;
    char tmpl[] = "/tmp/edu-pgit-XXXXXX";
    base_ = mkdtemp(tmpl);
    std::filesystem::permissions(base_, std::filesystem::perms(0755));
    std::string out = run("PG_FSYNC=off bash " EDU_SOURCE_DIR "/deploy/local/postgres.sh start " + base_ + "/primary");
    auto pos = out.find("port=");
    if (pos == std::string::npos) return;
    port_ = std::stoi(out.substr(pos + 5));
  }
  void TearDown() override {
    if (base_.empty()) return;
    run("bash " EDU_SOURCE_DIR "/deploy/local/postgres.sh stop " + base_ + "/primary");
    std::filesystem::remove_all(base_);
  }
  bool up() const { return port_ > 0; }
  int port() const { return port_; }
  const std::string& base() const { return base_; }
  std::string data_dir() const { return base_ + "/primary/data"; }
  std::string new_database() {
    std::string name = "it_" + std::to_string(++counter_);
    run("bash " EDU_SOURCE_DIR "/deploy/local/postgres.sh createdb " + base_ + "/primary " + name);
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
  }

 private:
  std::string base_;
  int port_ = 0;
  int counter_ = 0;
};

Cluster* g_cluster = nullptr;

class PostgresBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!g_cluster->up()) GTEST_SKIP() << "PostgreSQL 15 not available";
    opts.url = g_cluster->new_database();
    opts.pool_size = 4;
  }
  std::unique_ptr<Database> open() { return open_database(opts); }
  DatabaseOptions opts;
};

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

TEST_F(PostgresBackend, ValuesRoundTripAsText) {
  auto db = open();
  EXPECT_EQ(db->dialect(), Dialect::Postgres);
  EXPECT_EQ(db->type_name(), "postgresql");
  db->exec_script(
      "CREATE TABLE t (id uuid PRIMARY KEY, n bigint, x double precision, b boolean, s text, "
      "at timestamptz, doc jsonb)");
  auto r = db->query("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     {std::string("0190a4a8-1b2c-7d3e-8f40-123456789abc"), std::int64_t{-42}, 2.5, true,
                      std::string("ação 'quoted' $1"), ts_param(1733394030123456), json_text(json::array{"a", "b"})});
  EXPECT_EQ(r.affected, 1);
  auto row = db->query("SELECT id, n, x, b, s, at, doc, NULL::text AS z FROM t").one();
  EXPECT_EQ(row.text(0), "0190a4a8-1b2c-7d3e-8f40-123456789abc");
  EXPECT_EQ(row.integer(1), -42);
  EXPECT_DOUBLE_EQ(row.number(2), 2.5);
  EXPECT_TRUE(row.boolean(3));
  EXPECT_EQ(row.text(4), "ação 'quoted' $1");
  EXPECT_EQ(row.timestamp_json(5).as_string(), "2024-12-05T10:20:30.123456Z");
  EXPECT_EQ(row.string_list(6), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(row.is_null(7));
  EXPECT_EQ(row.index("doc"), 6u);
  // Session settings: UTC, and NULL parameters.
  EXPECT_EQ(db->query("SHOW TimeZone").one().text(0), "UTC");
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t WHERE s = $1 OR $1 IS NULL", {nullptr}).one().integer(0), 1);
  EXPECT_EQ(db->query("UPDATE t SET n = n + 1").affected, 1);
  EXPECT_EQ(db->query("DELETE FROM t WHERE n > 1000").affected, 0);
}

TEST_F(PostgresBackend, ErrorsAreMappedBySqlstate) {
  auto db = open();
  db->exec_script(
      "CREATE TABLE parent (id int PRIMARY KEY, email text CONSTRAINT uq_parent_email UNIQUE);"
      "CREATE TABLE child (id int PRIMARY KEY, parent_id int CONSTRAINT fk_child_parent REFERENCES parent(id))");
  db->query("INSERT INTO parent VALUES (1, 'a@x')");
  try {
    db->query("INSERT INTO parent VALUES (2, 'a@x')");
    ADD_FAILURE() << "no unique violation";
  } catch (const UniqueViolation& e) {
    EXPECT_EQ(e.constraint, "uq_parent_email");
    EXPECT_EQ(e.status(), 409);
  }
  try {
    db->query("INSERT INTO child VALUES (1, 99)");
    ADD_FAILURE() << "no foreign key violation";
  } catch (const ForeignKeyViolation& e) {
    EXPECT_EQ(e.constraint, "fk_child_parent");
  }
  try {
    db->query("SELEC 1");
    ADD_FAILURE();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlstate, "42601");
  }
  try {
    db->query("SELECT $1::uuid", {std::string("not-a-uuid")});
    ADD_FAILURE();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlstate, "22P02");
  }
  // The connection survives errors.
  EXPECT_EQ(db->query("SELECT 7").one().integer(0), 7);
}

TEST_F(PostgresBackend, TransactionsCommitOrRollBack) {
  auto db = open();
  db->exec_script("CREATE TABLE t (id int PRIMARY KEY)");
  db->transaction([](Executor& ex) {
    ex.query("INSERT INTO t VALUES (1)");
    ex.query("INSERT INTO t VALUES (2)");
  });
  EXPECT_THROW(db->transaction([](Executor& ex) {
    ex.query("INSERT INTO t VALUES (3)");
    throw std::runtime_error("business rule");
  }),
               std::runtime_error);
  EXPECT_THROW(db->transaction([](Executor& ex) {
    ex.query("INSERT INTO t VALUES (4)");
    ex.query("INSERT INTO t VALUES (1)");  // unique violation aborts everything
  }),
               UniqueViolation);
  EXPECT_EQ(db->query("SELECT string_agg(id::text, ',' ORDER BY id) FROM t").one().text(0), "1,2");
}

TEST_F(PostgresBackend, DeadlockedTransactionIsRetried) {
  auto db = open();
  db->exec_script("CREATE TABLE acct (id int PRIMARY KEY, v int); INSERT INTO acct VALUES (1, 0), (2, 0)");
  std::barrier sync(2);
  std::atomic<int> runs{0};
  auto worker = [&](int first, int second) {
    bool synced = false;
    db->transaction([&](Executor& ex) {
      ++runs;
      ex.query("UPDATE acct SET v = v + 1 WHERE id = $1", {std::int64_t{first}});
      if (!synced) {
        synced = true;
        sync.arrive_and_wait();  // both hold their first row: a deadlock follows
      }
      ex.query("UPDATE acct SET v = v + 1 WHERE id = $1", {std::int64_t{second}});
    });
  };
  std::thread a(worker, 1, 2), b(worker, 2, 1);
  a.join();
  b.join();
  EXPECT_EQ(runs.load(), 3);  // one of them ran twice
  EXPECT_EQ(db->query("SELECT SUM(v) FROM acct").one().integer(0), 4);
}

TEST_F(PostgresBackend, StatementTimeoutAndClientSideCancel) {
  opts.statement_timeout_ms = 300;
  auto db = open();
  auto t0 = Clock::now();
  EXPECT_THROW(db->query("SELECT pg_sleep(5)"), Unavailable);  // server-side statement_timeout
  EXPECT_LT(seconds_since(t0), 1.5);
  // With the server's timeout switched off, the client's deadline (timeout + grace) sends a
  // cancel request; the statement stops, and the pool carries on (with a new connection: a
  // cancelled one is never reused, since a late cancel could hit its next statement).
  t0 = Clock::now();
  EXPECT_THROW(db->transaction([](Executor& ex) {
    ex.query("SET LOCAL statement_timeout = 0");
    ex.query("SELECT pg_sleep(10)");
  }),
               Unavailable);
  double took = seconds_since(t0);
  EXPECT_GT(took, 1.0);
  EXPECT_LT(took, 3.0);
  auto still_sleeping = [&] {
    return db->query("SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(10)%' "
                     "AND state = 'active'")
        .one()
        .integer(0);
  };
  for (int i = 0; i < 20 && still_sleeping() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(still_sleeping(), 0);
  EXPECT_EQ(db->query("SELECT 1").one().integer(0), 1);
}

TEST_F(PostgresBackend, AdvisoryLocksExcludeEachOther) {
  auto db = open();
  auto other = open();
  std::atomic<bool> inside{false};
  std::atomic<bool> overlap{false};
  std::atomic<int> done{0};
  auto job = [&] {
    db->with_advisory_lock(4242, [&](Executor& ex) {
      if (inside.exchange(true)) overlap = true;
      ex.query("SELECT pg_sleep(0.3)");
      inside = false;
    });
    ++done;
  };
  std::thread a(job), b(job);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // While one holds it, a try-lock from another process-like client gives up at once.
  auto t0 = Clock::now();
  bool ran = other->try_with_advisory_lock(4242, [](Executor&) {});
  EXPECT_FALSE(ran);
  EXPECT_LT(seconds_since(t0), 0.25);
  a.join();
  b.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_EQ(done.load(), 2);
  EXPECT_TRUE(other->try_with_advisory_lock(4242, [](Executor& ex) { ex.query("SELECT 1"); }));
}

TEST_F(PostgresBackend, StatementsArePreparedOncePerConnection) {
  opts.pool_size = 1;
  auto db = open();
  for (int i = 0; i < 50; ++i) db->query("SELECT $1::int + 1", {std::int64_t{i}});
  auto n = db->query("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 1%'").one();
  EXPECT_EQ(n.integer(0), 1);
  // A schema change that alters a cached statement's result type is handled by re-preparing.
  db->exec_script("CREATE TABLE s (a int)");
  db->query("INSERT INTO s VALUES (1)");
  EXPECT_EQ(db->query("SELECT * FROM s").one().size(), 1u);
  db->exec_script("ALTER TABLE s ADD COLUMN b int DEFAULT 5");
  auto row = db->query("SELECT * FROM s").one();
  ASSERT_EQ(row.size(), 2u);
  EXPECT_EQ(row.integer(1), 5);
}

TEST_F(PostgresBackend, BrokenConnectionsAreReplaced) {
  opts.pool_size = 2;
  auto db = open();
  auto admin = open();
  db->query("SELECT 1");
  // Kill every backend of the pool under its feet (as a server restart or a proxy would).
  admin->query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
               "AND pid <> pg_backend_pid() AND application_name = 'eduautismo' AND backend_type = 'client backend'");
  // The admin connection survived its own statement; the pool of `db` notices and reconnects.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(db->query("SELECT 2").one().integer(0), 2);
  EXPECT_TRUE(db->ping().up);
}

TEST_F(PostgresBackend, PoolExhaustionIsABoundedWait) {
  opts.pool_size = 1;
  opts.acquire_timeout_ms = 200;
  auto db = open();
  std::thread holder([&] {
    db->transaction([](Executor& ex) { ex.query("SELECT pg_sleep(0.8)"); });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  auto t0 = Clock::now();
  try {
    db->query("SELECT 1");
    ADD_FAILURE() << "no Unavailable";
  } catch (const Unavailable& e) {
    EXPECT_NE(e.reason.find("pool exhausted"), std::string::npos);
    EXPECT_EQ(e.status(), 503);
  }
  double waited = seconds_since(t0);
  EXPECT_GE(waited, 0.18);
  EXPECT_LT(waited, 0.6);
  holder.join();
  EXPECT_EQ(db->query("SELECT 3").one().integer(0), 3);
}

TEST_F(PostgresBackend, UnreachableServerIsUnavailableQuickly) {
  opts.url = "postgresql://postgres:secret-pw@127.0.0.1:1/none";
  auto t0 = Clock::now();
  try {
    open();
    ADD_FAILURE();
  } catch (const Unavailable& e) {
    EXPECT_EQ(e.reason.find("secret-pw"), std::string::npos) << e.reason;
    EXPECT_NE(e.reason.find("127.0.0.1:1"), std::string::npos) << e.reason;
  }
  EXPECT_LT(seconds_since(t0), 1.0);
}

TEST_F(PostgresBackend, ReplicaDownFallsBackToPrimary) {
  opts.read_hosts = {"127.0.0.1:1"};
  auto db = open();
  auto t0 = Clock::now();
  EXPECT_EQ(db->query_read("SELECT pg_is_in_recovery()").one().boolean(0), false);
  EXPECT_LT(seconds_since(t0), 1.0);
  auto reps = db->ping_replicas();
  ASSERT_EQ(reps.size(), 1u);
  EXPECT_FALSE(reps[0].up);
  EXPECT_EQ(reps[0].host, "127.0.0.1:1");
  // Writes through query_read are never sent to a replica.
  db->exec_script("CREATE TABLE w (a int)");
  EXPECT_EQ(db->query_read("INSERT INTO w VALUES (1)").affected, 1);
}

TEST_F(PostgresBackend, TlsIsNegotiatedAndVerified) {
  // A self-signed server certificate for "localhost", switched on with a reload.
  const std::string d = g_cluster->data_dir();
  const std::string ca = g_cluster->base() + "/ca.crt";
  std::string rc = run(
      "cd " + d + " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost -keyout server.key -out server.crt 2>/dev/null && "
      "chmod 600 server.key && (chown postgres:postgres server.key server.crt 2>/dev/null; true) && "
      "cp server.crt " + ca + " && echo ok");
  ASSERT_NE(rc.find("ok"), std::string::npos) << "openssl failed";
  auto admin = open();
  admin->query("ALTER SYSTEM SET ssl = on");
  admin->query("SELECT pg_reload_conf()");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  auto with = [&](const std::string& mode, const std::string& root, const std::string& host) {
    DatabaseOptions o = opts;
    o.url = "postgresql://postgres@" + host + ":" + std::to_string(g_cluster->port()) +
            opts.url.substr(opts.url.rfind('/'));
    o.sslmode = mode;
    o.sslrootcert = root;
    return open_database(o);
  };
  auto tls = with("verify-full", ca, "localhost");
  EXPECT_TRUE(tls->query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").one().boolean(0));
  // The host name must match the certificate; a different CA is refused.
  EXPECT_THROW(with("verify-full", ca, "127.0.0.1"), Unavailable);
  EXPECT_THROW(with("verify-ca", g_cluster->base() + "/missing.crt", "localhost"), Unavailable);
  auto plain = with("disable", "", "127.0.0.1");
  EXPECT_FALSE(plain->query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").one().boolean(0));
  admin->query("ALTER SYSTEM RESET ssl");
  admin->query("SELECT pg_reload_conf()");
}

int main(int argc, char** argv) {
  std::set_terminate([] {
    try {
      if (auto e = std::current_exception()) std::rethrow_exception(e);
    } catch (const Unavailable& u) {
      std::fprintf(stderr, "uncaught Unavailable: %s\n", u.reason.c_str());
    } catch (...) {
    }
    std::abort();
  });
  ::testing::InitGoogleTest(&argc, argv);
  log::Settings quiet;
  quiet.level = log::Level::Error;  // connection events are expected here
  log::configure(quiet);
  g_cluster = new Cluster();
  ::testing::AddGlobalTestEnvironment(g_cluster);
  return RUN_ALL_TESTS();
}
