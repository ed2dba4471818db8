// PostgreSQL backend: one connection pool per host (the primary and each read replica).
//
// Execution model. Handlers run on the server's worker thread pool and call the database
// synchronously, so a statement occupies its worker until it finishes. Underneath, every
// libpq call runs in non-blocking mode with poll() and a deadline (pg_connection.cpp), which
// is what guarantees "never a hang": connecting is bounded by the connect timeout, waiting
// for a pool slot by the acquire timeout, a statement by statement_timeout (server side)
// plus a grace period after which a cancel request is sent and the connection discarded.
// DESIGN.md §4 asked for libpq driven by Asio socket readiness; that only pays once handlers
// are coroutines, which they are not (docs/architecture.md explains the trade-off).
//
// Pools. A pool hands out idle connections LIFO, opens new ones up to DB_POOL_SIZE, and makes
// callers wait at most `acquire_timeout_ms` before answering Unavailable (503 + Retry-After).
// A lost connection is discarded; the pool then bumps its generation so that idle siblings
// opened before the loss are replaced too, and for a short back-off fails fast instead of
// letting every request pay a connect attempt against a server that is down.
//
// Replicas (INFRA.md §1.8). query_read round-robins plain reads over healthy replicas; a
// replica that fails leaves the rotation for kReplicaRetry and the read goes to the primary.
// A user who wrote in the last kReadYourWrites reads from the primary (ReadAffinity).
//
// Health. ping()/ping_replicas() use one dedicated connection per host with a 1 s deadline,
// so readiness reflects the database and not pool saturation.
#include <libpq-fe.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "db/database.hpp"
#include "db/postgres/pg_connection.hpp"
#include "db/postgres/pg_support.hpp"
#include "db/sql_text.hpp"
#include "observability/log.hpp"

namespace edu::db {
namespace {

using pg::Clock;
using pg::Connection;
using pg::ConnectionLost;
using pg::Deadline;
using pg::RetryableError;

constexpr auto kConnectBackoff = std::chrono::milliseconds(500);
constexpr auto kReplicaRetry = std::chrono::seconds(10);
constexpr auto kReadYourWrites = std::chrono::seconds(5);
constexpr auto kHealthTimeout = std::chrono::seconds(1);
constexpr int kMaxTransactionAttempts = 4;

class Pool;

// A connection on loan from a pool; returns it (or discards it) when destroyed.
class Lease {
 public:
  Lease(Pool* pool, std::unique_ptr<Connection> c, bool fresh) : pool_(pool), c_(std::move(c)), fresh_(fresh) {}
  Lease(Lease&&) = default;
  ~Lease();
  Connection* operator->() { return c_.get(); }
  Connection& operator*() { return *c_; }
  bool fresh() const { return fresh_; }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> c_;
  bool fresh_;
};

class Pool {
 public:
  Pool(pg::ConnSpec spec, const DatabaseOptions& o, std::string role)
      : spec_(std::move(spec)),
        host_(spec_.display()),
        role_(std::move(role)),
        max_(std::max(1, o.pool_size)),
        statement_timeout_ms_(o.statement_timeout_ms),
        acquire_timeout_(o.acquire_timeout_ms),
        connect_timeout_(o.connect_timeout_ms) {}

  ~Pool() { close(); }

  const std::string& host() const { return host_; }
  const pg::ConnSpec& spec() const { return spec_; }
  int statement_timeout_ms() const { return statement_timeout_ms_; }

  Lease acquire() {
    const Deadline deadline = Clock::now() + acquire_timeout_;
    std::unique_lock lk(m_);
    for (;;) {
      while (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        if (c->generation == generation_ && c->still_alive()) return Lease(this, std::move(c), false);
        --open_;
        lk.unlock();
        c.reset();  // PQfinish outside the lock
        lk.lock();
      }
      if (open_ < max_) {
        if (Clock::now() < down_until_)
          throw Unavailable("database " + host_ + " unreachable: " + last_error_);
        ++open_;
        const std::uint64_t gen = generation_;
        lk.unlock();
        try {
          auto c = Connection::open(spec_, statement_timeout_ms_, Clock::now() + connect_timeout_);
          c->generation = gen;
          mark_up();
          return Lease(this, std::move(c), true);
        } catch (const Unavailable& e) {
          lk.lock();
          --open_;
          ++generation_;  // idle siblings are probably dead as well
          down_until_ = Clock::now() + kConnectBackoff;
          last_error_ = e.reason;
          lk.unlock();
          cv_.notify_one();
          mark_down(e.reason);
          throw;
        }
      }
      if (cv_.wait_until(lk, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= max_) {
        const auto now = Clock::now();
        const bool log_it = now - last_exhausted_log_ > std::chrono::seconds(1);  // no log floods
        if (log_it) last_exhausted_log_ = now;
        lk.unlock();
        if (log_it)
          log::warn("database pool exhausted", {{"event", "db_pool_exhausted"}, {"host", host_},
                                                {"role", role_}, {"pool_size", max_}});
        throw Unavailable("connection pool exhausted (" + std::to_string(max_) + " connections busy)");
      }
    }
  }

  void release(std::unique_ptr<Connection> c) {
    std::unique_ptr<Connection> discard;
    {
      std::lock_guard lk(m_);
      if (c->reusable() && c->generation == generation_) {
        idle_.push_back(std::move(c));
      } else {
        if (c->lost()) ++generation_;
        --open_;
        discard = std::move(c);
      }
    }
    cv_.notify_one();
  }

  void close() {
    std::vector<std::unique_ptr<Connection>> drop;
    {
      std::lock_guard lk(m_);
      open_ -= static_cast<int>(idle_.size());
      drop.swap(idle_);
      ++generation_;
    }
  }

 private:
  void mark_down(const std::string& why) {
    if (up_.exchange(false))
      log::warn("database connection failed", {{"event", "db_unavailable"}, {"host", host_},
                                              {"role", role_}, {"error", why}});
  }
  void mark_up() {
    if (!up_.exchange(true))
      log::info("database connection established", {{"event", "db_connected"}, {"host", host_}, {"role", role_}});
  }

  const pg::ConnSpec spec_;
  const std::string host_;
  const std::string role_;
  const int max_;
  const int statement_timeout_ms_;
  const std::chrono::milliseconds acquire_timeout_;
  const std::chrono::milliseconds connect_timeout_;

  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + leased + connecting
  std::uint64_t generation_ = 0;
  Clock::time_point down_until_{};
  Clock::time_point last_exhausted_log_{};
  std::string last_error_;
  std::atomic<bool> up_{false};
};

Lease::~Lease() {
  if (c_) pool_->release(std::move(c_));
}

// One dedicated connection per host for health checks.
class HealthProbe {
 public:
  explicit HealthProbe(const pg::ConnSpec& spec) : spec_(spec) {}

  HealthReport ping() {
    HealthReport h;
    h.host = spec_.display();
    std::lock_guard lk(m_);
    auto t0 = Clock::now();
    const Deadline deadline = t0 + kHealthTimeout;
    try {
      if (!conn_ || !conn_->still_alive()) {
        conn_.reset();
        conn_ = Connection::open(spec_, 1000, deadline);
      }
      conn_->query("SELECT 1", {}, deadline);
      h.up = true;
    } catch (const std::exception& e) {
      conn_.reset();
      h.error = pg::describe(e);
    }
    h.latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    return h;
  }

  void close() {
    std::lock_guard lk(m_);
    conn_.reset();
  }

 private:
  pg::ConnSpec spec_;
  std::mutex m_;
  std::unique_ptr<Connection> conn_;
};

// Statements of an open transaction or of an advisory-lock holder: one fixed connection.
class PinnedExecutor : public Executor {
 public:
  PinnedExecutor(Connection& c, int statement_timeout_ms) : c_(c), timeout_ms_(statement_timeout_ms) {}
  Result query(std::string_view sql, const Params& params) override {
    return c_.query(sql, params, pg::statement_deadline(timeout_ms_));
  }
  Dialect dialect() const override { return Dialect::Postgres; }
  void exec_script(std::string_view sql) override { c_.script(sql, pg::statement_deadline(timeout_ms_)); }

 private:
  Connection& c_;
  int timeout_ms_;
};

struct Replica {
  std::unique_ptr<Pool> pool;
  std::unique_ptr<HealthProbe> probe;
  std::atomic<std::int64_t> down_until{0};  // steady_clock ticks

  bool in_rotation() const { return Clock::now().time_since_epoch().count() >= down_until.load(); }
  void take_out() { down_until.store((Clock::now() + kReplicaRetry).time_since_epoch().count()); }
  void put_back() { down_until.store(0); }
};

void backoff(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5 * (1 << attempt) + (std::rand() % 10)));
}

class PostgresDatabase : public Database {
 public:
  explicit PostgresDatabase(const DatabaseOptions& opts) : opts_(opts) {
    pg::ConnSpec spec;
    try {
      spec = pg::primary_spec(opts);
      for (const auto& h : opts.read_hosts) replica_specs_.push_back(pg::replica_spec(spec, h));
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
    primary_ = std::make_unique<Pool>(spec, opts, "primary");
    primary_probe_ = std::make_unique<HealthProbe>(spec);
    for (const auto& rs : replica_specs_) {
      auto r = std::make_unique<Replica>();
      r->pool = std::make_unique<Pool>(rs, opts, "replica");
      r->probe = std::make_unique<HealthProbe>(rs);
      replicas_.push_back(std::move(r));
    }
    // Fail now (Unavailable: the caller retries) rather than on the first request.
    { Lease first = primary_->acquire(); }
    log::info("database pool ready",
              {{"event", "db_pool_ready"}, {"host", primary_->host()}, {"database", spec.dbname},
               {"pool_size", opts.pool_size}, {"read_replicas", static_cast<std::int64_t>(replicas_.size())},
               {"sslmode", spec.params.count("sslmode") ? spec.params.at("sslmode") : "prefer"}});
  }

  ~PostgresDatabase() override { close(); }

  Dialect dialect() const override { return Dialect::Postgres; }
  std::string type_name() const override { return "postgresql"; }

  Result query(std::string_view sql, const Params& params) override {
    Result r = run(*primary_, sql, params);
    if (!replicas_.empty() && !is_read_only_statement(sql)) note_write();
    return r;
  }

  Result query_read(std::string_view sql, const Params& params) override {
    if (replicas_.empty() || !is_read_only_statement(sql) || wrote_recently()) return query(sql, params);
    const std::size_t n = replicas_.size();
    const std::size_t start = rr_.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < n; ++i) {
      Replica& rep = *replicas_[(start + i) % n];
      if (!rep.in_rotation()) continue;
      try {
        return run(*rep.pool, sql, params);
      } catch (const Unavailable& e) {
        // Includes hot-standby conflicts (40001): the primary answers instead.
        rep.take_out();
        log::warn("read replica left the rotation", {{"event", "db_replica_down"},
                                                     {"host", rep.pool->host()}, {"error", e.reason}});
      }
    }
    return run(*primary_, sql, params);
  }

  void exec_script(std::string_view sql) override {
    Lease l = primary_->acquire();
    l->script(sql, pg::statement_deadline(opts_.statement_timeout_ms));
    note_write();
  }

  void transaction(const std::function<void(Executor&)>& fn) override {
    for (int attempt = 1;; ++attempt) {
      Lease l = primary_->acquire();
      try {
        l->script("BEGIN", pg::statement_deadline(opts_.statement_timeout_ms));
      } catch (const ConnectionLost&) {
        if (attempt == 1 && !l.fresh()) continue;  // a stale pooled connection: nothing ran
        throw;
      }
      PinnedExecutor ex(*l, opts_.statement_timeout_ms);
      try {
        fn(ex);
        l->script("COMMIT", pg::statement_deadline(opts_.statement_timeout_ms));
        note_write();
        return;
      } catch (const RetryableError& e) {
        rollback(*l);
        if (attempt >= kMaxTransactionAttempts) throw;
        log::info("transaction retried", {{"event", "db_tx_retry"}, {"sqlstate", e.sqlstate}, {"attempt", attempt}});
        backoff(attempt);
      } catch (...) {
        rollback(*l);
        throw;
      }
    }
  }

  void with_advisory_lock(std::int64_t key, const std::function<void(Executor&)>& fn) override {
    auto c = dedicated();
    c->query("SELECT pg_advisory_lock($1)", {key}, pg::statement_deadline(0));
    PinnedExecutor ex(*c, 0);
    fn(ex);
    unlock(*c, key);
  }

  bool try_with_advisory_lock(std::int64_t key, const std::function<void(Executor&)>& fn) override {
    auto c = dedicated();
    auto r = c->query("SELECT pg_try_advisory_lock($1)", {key}, pg::statement_deadline(opts_.statement_timeout_ms));
    if (!r.one().boolean(0)) return false;
    PinnedExecutor ex(*c, 0);
    fn(ex);
    unlock(*c, key);
    return true;
  }

  HealthReport ping() override { return primary_probe_->ping(); }

  std::vector<HealthReport> ping_replicas() override {
    std::vector<HealthReport> out;
    for (auto& r : replicas_) {
      auto h = r->probe->ping();
      if (h.up) r->put_back();
      else r->take_out();
      out.push_back(std::move(h));
    }
    return out;
  }

  void close() override {
    primary_->close();
    primary_probe_->close();
    for (auto& r : replicas_) {
      r->pool->close();
      r->probe->close();
    }
  }

 private:
  // One statement on a pool, outside any transaction. A statement that failed because a
  // pooled connection had died meanwhile is tried once more on a new connection when that
  // is safe (it never reached the server, or it only reads); deadlocks are retried.
  Result run(Pool& pool, std::string_view sql, const Params& params) {
    for (int attempt = 1;; ++attempt) {
      Lease l = pool.acquire();
      try {
        return l->query(sql, params, pg::statement_deadline(pool.statement_timeout_ms()));
      } catch (const ConnectionLost& e) {
        if (attempt == 1 && !l.fresh() && (!e.maybe_executed || is_read_only_statement(sql))) continue;
        throw;
      } catch (const RetryableError&) {
        if (attempt >= kMaxTransactionAttempts) throw;
        backoff(attempt);
      }
    }
  }

  std::unique_ptr<Connection> dedicated() {
    return Connection::open(primary_->spec(), 0,
                            Clock::now() + std::chrono::milliseconds(opts_.connect_timeout_ms));
  }

  static void unlock(Connection& c, std::int64_t key) {
    try {
      if (c.reusable()) c.query("SELECT pg_advisory_unlock($1)", {key}, pg::statement_deadline(5000));
    } catch (const std::exception&) {
      // Closing the connection releases the lock anyway.
    }
  }

  static void rollback(Connection& c) {
    try {
      if (!c.lost()) c.script("ROLLBACK", pg::statement_deadline(5000));
    } catch (const std::exception&) {
      // The lease discards a connection left inside a transaction.
    }
  }

  void note_write() {
    const std::string& key = ReadAffinity::current();
    if (replicas_.empty() || key.empty()) return;
    std::lock_guard lk(writes_m_);
    auto now = Clock::now();
    if (last_write_.size() > 4096)
      std::erase_if(last_write_, [&](const auto& kv) { return now - kv.second > kReadYourWrites; });
    last_write_[key] = now;
  }

  bool wrote_recently() {
    const std::string& key = ReadAffinity::current();
    if (key.empty()) return false;
    std::lock_guard lk(writes_m_);
    auto it = last_write_.find(key);
    return it != last_write_.end() && Clock::now() - it->second < kReadYourWrites;
  }

  DatabaseOptions opts_;
  std::unique_ptr<Pool> primary_;
  std::unique_ptr<HealthProbe> primary_probe_;
  std::vector<pg::ConnSpec> replica_specs_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::atomic<std::size_t> rr_{0};
  std::mutex writes_m_;
  std::unordered_map<std::string, Clock::time_point> last_write_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const DatabaseOptions& opts) {
  return std::make_unique<PostgresDatabase>(opts);
}

}  // namespace edu::db
