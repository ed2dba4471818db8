// The database interface. Two implementations: SQLite (embedded default) and PostgreSQL.
// Repositories write SQL with PostgreSQL-style placeholders ($1, $2, ...); the SQLite backend
// rewrites them. Values travel as text or typed params; results are read as text and
// converted by Row accessors, so that repositories do not know which backend runs.
//
// Calls block the calling thread: they run on the server's worker pool, never on an I/O thread.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::db {

enum class Dialect { Sqlite, Postgres };

// A bound parameter. Strings carry text, timestamps (ISO-8601) and JSON documents alike.
using Param = std::variant<std::nullptr_t, std::int64_t, double, bool, std::string>;
using Params = std::vector<Param>;

inline Param null() { return nullptr; }
inline Param ts_param(Micros t) { return format_timestamp(t); }
Param opt(const std::optional<std::string>& s);

class Row {
 public:
  Row() = default;
  Row(std::vector<std::optional<std::string>> cols,
      std::shared_ptr<const std::vector<std::string>> names)
      : cols_(std::move(cols)), names_(names) {}

  std::size_t size() const { return cols_.size(); }
  bool is_null(std::size_t i) const { return !cols_.at(i).has_value(); }
  const std::string& text(std::size_t i) const;  // "" for NULL
  std::optional<std::string> opt_text(std::size_t i) const { return cols_.at(i); }
  std::int64_t integer(std::size_t i) const;      // 0 for NULL
  std::optional<std::int64_t> opt_integer(std::size_t i) const;
  double number(std::size_t i) const;
  std::optional<double> opt_number(std::size_t i) const;
  bool boolean(std::size_t i) const;              // accepts t/f, true/false, 1/0
  Micros timestamp(std::size_t i) const;          // ISO text or PostgreSQL timestamptz text
  std::optional<Micros> opt_timestamp(std::size_t i) const;
  // Canonical "2025-12-05T10:20:30.123456Z", null → JSON null.
  json::value timestamp_json(std::size_t i) const;
  json::value text_json(std::size_t i) const;  // string or null
  json::value json_value(std::size_t i) const;  // parses a JSON column; null → null
  std::vector<std::string> string_list(std::size_t i) const;  // JSON array column
  // Column by name.
  std::size_t index(std::string_view name) const;

 private:
  std::vector<std::optional<std::string>> cols_;
  std::shared_ptr<const std::vector<std::string>> names_;
};

struct Result {
  std::shared_ptr<const std::vector<std::string>> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;

  bool empty() const { return rows.empty(); }
  const Row& one() const;  // throws when empty
  std::optional<Row> first() const {
    return rows.empty() ? std::nullopt : std::optional<Row>(rows.front());
  }
};

// Thrown for constraint violations; repositories map them to contract messages.
// (what() names the cause for logs and CLI messages; the HTTP body stays the `detail`.)
struct UniqueViolation : HttpError {
  std::string constraint;
  explicit UniqueViolation(std::string c)
      : HttpError(409, json::value("Registro duplicado")), constraint(std::move(c)),
        what_("unique violation: " + constraint) {}
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string what_;
};
struct ForeignKeyViolation : HttpError {
  std::string constraint;
  explicit ForeignKeyViolation(std::string c)
      : HttpError(422, json::value("Referência inválida")), constraint(std::move(c)),
        what_("foreign key violation: " + constraint) {}
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string what_;
};
// The database cannot be reached or the pool is exhausted: 503 with Retry-After.
struct Unavailable : HttpError {
  explicit Unavailable(const std::string& why)
      : HttpError(503, json::value("Serviço temporariamente indisponível")), reason(why) {
    headers.emplace_back("Retry-After", "5");
  }
  const char* what() const noexcept override { return reason.c_str(); }
  std::string reason;
};
// Any other database error (bad SQL, bad data): a 500 at the edge, the cause in the log.
// `sqlstate` is PostgreSQL's code ("" for SQLite) for repositories that want to react.
struct DatabaseError : std::runtime_error {
  DatabaseError(const std::string& what, std::string state)
      : std::runtime_error(what), sqlstate(std::move(state)) {}
  std::string sqlstate;
};

// Something that runs statements: the database itself or an open transaction.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual Result query(std::string_view sql, const Params& params = {}) = 0;
  Result exec(std::string_view sql, const Params& params = {}) { return query(sql, params); }
  virtual Dialect dialect() const = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  // Runs fn inside `begin` … COMMIT on this executor (one that holds a connection outside any
  // transaction, e.g. under an advisory lock); on an exception, ROLLBACK (its own failure
  // ignored) and rethrow.
  void in_transaction(const std::function<void()>& fn, std::string_view begin = "BEGIN");
};

struct HealthReport {
  bool up = false;
  double latency_ms = 0;
  std::string error;
  std::string host;  // for replicas
};

class Database : public Executor {
 public:
  // Runs `fn` inside a transaction on the primary; commits when it returns, rolls back when
  // it throws (and rethrows). Serialization failures/deadlocks run `fn` again (a few times),
  // so `fn` must not have effects outside the database. Inside `fn`, use the Executor it
  // receives: calling the Database itself there takes a second connection (and a second
  // transaction).
  virtual void transaction(const std::function<void(Executor&)>& fn) = 0;
  // A read that may go to a read replica (eventually consistent by a few ms).
  virtual Result query_read(std::string_view sql, const Params& params = {}) {
    return query(sql, params);
  }
  // Takes a cluster-wide lock for the duration of `fn` (migrations, sweeps), waiting for it
  // as long as it takes. PostgreSQL: pg_advisory_lock on a dedicated connection without a
  // statement timeout; `fn`'s statements run on that connection (autocommit; issue BEGIN/COMMIT
  // through exec_script when needed).
  virtual void with_advisory_lock(std::int64_t key, const std::function<void(Executor&)>& fn) = 0;
  // Like with_advisory_lock but gives up at once when another process holds the lock:
  // returns false without running `fn` (periodic jobs that one task of many should run).
  virtual bool try_with_advisory_lock(std::int64_t key, const std::function<void(Executor&)>& fn) {
    with_advisory_lock(key, fn);
    return true;
  }
  virtual HealthReport ping() = 0;
  virtual std::vector<HealthReport> ping_replicas() { return {}; }
  virtual std::string type_name() const = 0;  // "sqlite" / "postgresql"
  virtual void close() {}
};

struct DatabaseOptions {
  std::string url;  // sqlite:///path or postgresql://...
  std::string host, name, user, password;
  int port = 5432;
  std::vector<std::string> read_hosts;
  std::string sslmode = "prefer", sslrootcert;
  int pool_size = 10;
  int statement_timeout_ms = 15000;  // server-side; the client waits this + a grace period
  int acquire_timeout_ms = 5000;     // bounded wait for a pool slot, then Unavailable
  int connect_timeout_ms = 5000;     // TCP + TLS + authentication
};

std::unique_ptr<Database> open_sqlite(const DatabaseOptions& opts);
std::unique_ptr<Database> open_postgres(const DatabaseOptions& opts);
// Chooses by URL scheme.
std::unique_ptr<Database> open_database(const DatabaseOptions& opts);

// Read-your-writes (INFRA.md §1.8): while a ReadAffinity is alive on a thread, writes made
// on that thread are remembered under `key` (the user id), and that key's query_read calls
// stay on the primary for a few seconds afterwards. The pipeline opens one per request.
class ReadAffinity {
 public:
  explicit ReadAffinity(std::string key);
  ~ReadAffinity();
  ReadAffinity(const ReadAffinity&) = delete;
  ReadAffinity& operator=(const ReadAffinity&) = delete;
  static const std::string& current();  // "" when none

 private:
  std::string previous_;
};

// Helpers for building SQL.
std::string json_text(const json::value& v);  // compact JSON for storage
std::string json_text(const std::vector<std::string>& list);

}  // namespace edu::db
