// SQLite backend: the embedded default. One writer connection (SQLite allows one writer at a
// time) and a small pool of reader connections; WAL mode so readers never block the writer;
// synchronous=FULL so an acknowledged commit survives a process kill and a power loss.
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "db/database.hpp"
#include "db/sql_text.hpp"
#include "observability/log.hpp"

namespace edu::db {
namespace {

// Accent folding for Portuguese text search: unaccent(x) removes diacritics of Latin-1
// letters and lowercases ASCII. Registered on every connection.
void unaccent_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const unsigned char* s = sqlite3_value_text(argv[0]);
  std::string out;
  std::string_view in(reinterpret_cast<const char*>(s));
  for (std::size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0xC3 && i + 1 < in.size()) {
      unsigned char d = static_cast<unsigned char>(in[i + 1]);
      static const char* map =
          // 0x80..0xBF after 0xC3 → base letters (uppercase then lowercase)
          "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYPsaaaaaaaceeeeiiiidnooooo/ouuuuypy";
      char base = map[d - 0x80];
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(base))));
      ++i;
    } else {
      out.push_back(static_cast<char>(std::tolower(c)));
    }
  }
  sqlite3_result_text(ctx, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// How long a connection waits for another one's lock (SQLite's busy handler).
constexpr std::chrono::milliseconds kBusyTimeout{10000};

// SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock (503 to a client).
struct Busy : Unavailable {
  using Unavailable::Unavailable;
};

class Connection {
 public:
  explicit Connection(const std::string& path, bool readonly) {
    int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw Unavailable("cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, static_cast<int>(kBusyTimeout.count()));
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_create_function(db_, "unaccent", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                            unaccent_fn, nullptr, nullptr);
    // The mmap: read the database file through a memory map. In WAL mode every commit by
    // another connection empties this connection's page cache, and without the map each page
    // is then read again into a fresh heap buffer (pread + malloc per page, per request).
    const char* setup = readonly ? "PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;"
                                 : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                   "PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;";
    // The first statement is the connection's first read of the file. Switching a fresh file
    // to WAL takes an exclusive lock, and so does the last connection of another process
    // closing the database; SQLite answers some collisions with those at once with
    // SQLITE_BUSY (waiting could deadlock) instead of calling the busy handler. Every
    // statement here is idempotent, so the setup is retried, within the busy timeout.
    const auto deadline = std::chrono::steady_clock::now() + kBusyTimeout;
    try {
      for (int attempt = 0;; ++attempt) {
        try {
          script(setup);
          break;
        } catch (const Busy&) {
          if (std::chrono::steady_clock::now() >= deadline) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 << std::min(attempt, 6), 50)));
        }
      }
    } catch (...) {
      sqlite3_close_v2(db_);  // the destructor does not run for a constructor that throws
      db_ = nullptr;
      throw;
    }
  }
  ~Connection() {
    for (auto& [k, st] : cache_) sqlite3_finalize(st);
    if (db_) sqlite3_close_v2(db_);
  }

  void script(std::string_view sql) {
    char* err = nullptr;
    std::string s(sql);
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      raise(rc, msg);
    }
  }

  Result query(std::string_view sql_in, const Params& params) {
    sqlite3_stmt* st = prepare(sql_in);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{st};
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const Param& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) sqlite3_bind_null(st, idx);
      else if (auto v = std::get_if<std::int64_t>(&p)) sqlite3_bind_int64(st, idx, *v);
      else if (auto d = std::get_if<double>(&p)) sqlite3_bind_double(st, idx, *d);
      else if (auto b = std::get_if<bool>(&p)) sqlite3_bind_int(st, idx, *b ? 1 : 0);
      else {
        const auto& s = std::get<std::string>(p);
        sqlite3_bind_text(st, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
    }
    Result r;
    int ncol = sqlite3_column_count(st);
    auto names = std::make_shared<std::vector<std::string>>();
    for (int i = 0; i < ncol; ++i) names->emplace_back(sqlite3_column_name(st, i));
    r.columns = names;
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_ROW) {
        std::vector<std::optional<std::string>> cols;
        cols.reserve(ncol);
        for (int i = 0; i < ncol; ++i) {
          if (sqlite3_column_type(st, i) == SQLITE_NULL) {
            cols.emplace_back(std::nullopt);
          } else {
            const unsigned char* t = sqlite3_column_text(st, i);
            int n = sqlite3_column_bytes(st, i);
            cols.emplace_back(std::string(reinterpret_cast<const char*>(t), n));
          }
        }
        r.rows.emplace_back(std::move(cols), names);
      } else if (rc == SQLITE_DONE) {
        break;
      } else {
        raise(rc, sqlite3_errmsg(db_));
      }
    }
    r.affected = sqlite3_changes(db_);
    return r;
  }

  [[noreturn]] void raise(int rc, const std::string& msg) {
    int ext = rc;
    if ((ext & 0xff) == SQLITE_CONSTRAINT) {
      if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        throw UniqueViolation(msg);
      if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) throw ForeignKeyViolation(msg);
    }
    if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED) throw Busy("database busy: " + msg);
    throw DatabaseError("sqlite error " + std::to_string(rc) + ": " + msg, "");
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql_in) {
    auto it = cache_.find(std::string(sql_in));
    if (it != cache_.end()) return it->second;
    std::string sql = rewrite_placeholders(sql_in);
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &st, nullptr);
    if (rc != SQLITE_OK) raise(rc, std::string(sqlite3_errmsg(db_)) + " in: " + sql.substr(0, 200));
    if (cache_.size() > 512) {
      for (auto& [k, s] : cache_) sqlite3_finalize(s);
      cache_.clear();
    }
    cache_.emplace(std::string(sql_in), st);
    return st;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class ConnExecutor : public Executor {
 public:
  explicit ConnExecutor(Connection& c) : c_(c) {}
  Result query(std::string_view sql, const Params& params) override { return c_.query(sql, params); }
  Dialect dialect() const override { return Dialect::Sqlite; }
  void exec_script(std::string_view sql) override { c_.script(sql); }

 private:
  Connection& c_;
};

class SqliteDatabase : public Database {
 public:
  explicit SqliteDatabase(const DatabaseOptions& opts) : acquire_timeout_(opts.acquire_timeout_ms) {
    // sqlite:///relative/path or sqlite:////absolute/path (SQLAlchemy convention)
    const std::string prefix = "sqlite:///";
    path_ = opts.url.rfind(prefix, 0) == 0 ? opts.url.substr(prefix.size())
                                           : opts.url.substr(std::string("sqlite://").size());
    std::filesystem::path p(path_);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    writer_ = std::make_unique<Connection>(path_, false);
    int readers = std::max(2, std::min(opts.pool_size, 8));
    for (int i = 0; i < readers; ++i) readers_.push_back(std::make_unique<Connection>(path_, false));
    for (auto& r : readers_) idle_.push_back(r.get());
  }

  Dialect dialect() const override { return Dialect::Sqlite; }
  std::string type_name() const override { return "sqlite"; }

  Result query(std::string_view sql, const Params& params) override {
    if (is_read_only_statement(sql)) {
      Connection* c = acquire_reader();
      struct Release {
        SqliteDatabase* self;
        Connection* c;
        ~Release() { self->release_reader(c); }
      } rel{this, c};
      return c->query(sql, params);
    }
    auto lock = lock_writer();
    return writer_->query(sql, params);
  }

  void exec_script(std::string_view sql) override {
    auto lock = lock_writer();
    writer_->script(sql);
  }

  void transaction(const std::function<void(Executor&)>& fn) override {
    auto lock = lock_writer();
    ConnExecutor ex(*writer_);
    ex.in_transaction([&] { fn(ex); }, "BEGIN IMMEDIATE");
  }

  // Migrations and sweeps may wait as long as it takes (as on PostgreSQL).
  void with_advisory_lock(std::int64_t, const std::function<void(Executor&)>& fn) override {
    std::lock_guard lock(write_mutex_);
    ConnExecutor ex(*writer_);
    fn(ex);
  }

  HealthReport ping() override {
    HealthReport h;
    auto t0 = std::chrono::steady_clock::now();
    try {
      query("SELECT 1", {});
      h.up = true;
    } catch (const std::exception& e) {
      h.error = e.what();
    }
    h.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return h;
  }

 private:
  // One writer at a time; waiting for it is bounded like a pool slot (then 503).
  std::unique_lock<std::timed_mutex> lock_writer() {
    std::unique_lock lock(write_mutex_, std::defer_lock);
    if (!lock.try_lock_for(acquire_timeout_)) throw Unavailable("SQLite writer busy");
    return lock;
  }
  Connection* acquire_reader() {
    std::unique_lock lock(pool_mutex_);
    if (!pool_cv_.wait_for(lock, acquire_timeout_, [&] { return !idle_.empty(); }))
      throw Unavailable("SQLite reader pool exhausted");
    Connection* c = idle_.back();
    idle_.pop_back();
    return c;
  }
  void release_reader(Connection* c) {
    {
      std::lock_guard lock(pool_mutex_);
      idle_.push_back(c);
    }
    pool_cv_.notify_one();
  }

  std::string path_;
  std::timed_mutex write_mutex_;
  std::chrono::milliseconds acquire_timeout_;
  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> idle_;
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const DatabaseOptions& opts) {
  return std::make_unique<SqliteDatabase>(opts);
}

}  // namespace edu::db
