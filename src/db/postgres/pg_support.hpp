// Pure parts of the PostgreSQL backend, kept apart so that they are unit-tested without a
// server: connection settings (DATABASE_URL / DB_* parsing, libpq keywords) and the mapping
// of SQLSTATE codes to the typed errors of db/database.hpp.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"

namespace edu::db::pg {

// Where and how to connect to one PostgreSQL host.
struct ConnSpec {
  std::string host;  // name, address or comma list; empty = libpq default (Unix socket)
  std::string port;  // empty = 5432
  std::string dbname, user, password;
  // Other libpq keywords (sslmode, sslrootcert, options, application_name, ...).
  std::map<std::string, std::string> params;

  // "host:port" as reported by health checks and logs (never credentials).
  std::string display() const;
};

// Parses postgresql://[user[:password]@][host][:port][/dbname][?key=value&...] (also
// postgres://). Percent-escapes are decoded; IPv6 hosts go in brackets. Throws
// std::invalid_argument with a message that never contains the password.
ConnSpec parse_postgres_url(std::string_view url);

// The primary's settings from DatabaseOptions: DATABASE_URL first, then DB_* values fill what
// the URL leaves out (user, password); DB_SSLMODE / DB_SSLROOTCERT apply unless the URL
// names them itself.
ConnSpec primary_spec(const DatabaseOptions& opts);

// A replica shares everything with the primary except host and port ("host:port",
// "[v6]:port").
ConnSpec replica_spec(const ConnSpec& primary, std::string_view host_port);

// libpq keyword/value pairs for PQconnectStartParams. Session settings travel in the
// startup packet ("options"), so a new connection needs no extra round trip:
// statement_timeout (0 = none), TimeZone=UTC, and an idle-in-transaction guard.
std::vector<std::pair<std::string, std::string>> connect_keywords(const ConnSpec& spec,
                                                                  int statement_timeout_ms);

// What an SQLSTATE means for the caller.
enum class ErrorClass {
  UniqueViolation,      // 23505 → 409
  ForeignKeyViolation,  // 23503 → 422 (repositories map to the contract's message)
  Retryable,            // 40001 serialization failure, 40P01 deadlock: run the transaction again
  Unavailable,          // connection failures, shutdown, too many connections, timeouts → 503
  StalePlan,            // 0A000 "cached plan must not change result type": re-prepare once
  ReadOnly,             // 25006 a write reached a replica: a routing bug
  Other,                // everything else: a bug or bad data → 500
};
ErrorClass classify_sqlstate(std::string_view sqlstate, std::string_view message = {});

}  // namespace edu::db::pg
