// libpq connection in non-blocking mode (see pg_connection.hpp for the why).
#include "db/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <thread>
#include <vector>

#include "observability/log.hpp"

namespace edu::db::pg {
namespace {

constexpr auto kCancelGrace = std::chrono::seconds(1);
constexpr std::size_t kMaxCachedStatements = 512;
std::atomic<int> g_cancel_threads{0};

// One line: libpq messages end with newlines and carry tab-indented hints.
std::string clean(const char* msg) {
  std::string s = msg ? msg : "";
  for (char& c : s)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  std::string out;
  for (char c : s)
    if (!(c == ' ' && !out.empty() && out.back() == ' ')) out.push_back(c);
  return out;
}

void ignore_notice(void*, const PGresult*) {}

std::string field(const PGresult* r, int code) {
  const char* v = PQresultErrorField(r, code);
  return v ? v : "";
}

struct ResultGuard {
  PGresult* r;
  ~ResultGuard() {
    if (r) PQclear(r);
  }
};

}  // namespace

Deadline statement_deadline(int statement_timeout_ms) {
  if (statement_timeout_ms <= 0) return Clock::now() + std::chrono::hours(24 * 365);
  return Clock::now() + std::chrono::milliseconds(statement_timeout_ms) + kCancelGrace;
}

std::string describe(const std::exception& e) {
  if (auto u = dynamic_cast<const Unavailable*>(&e)) return u->reason;
  return e.what();
}

std::unique_ptr<Connection> Connection::open(const ConnSpec& spec, int statement_timeout_ms,
                                             Deadline deadline) {
  auto kw = connect_keywords(spec, statement_timeout_ms);
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : kw) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* c = PQconnectStartParams(keys.data(), values.data(), 0);
  if (!c) throw Unavailable("cannot allocate a PostgreSQL connection");
  std::unique_ptr<Connection> conn(new Connection(c));
  const std::string where = spec.display();
  if (PQstatus(c) == CONNECTION_BAD)
    throw Unavailable("cannot connect to " + where + ": " + clean(PQerrorMessage(c)));
  // libpq's asynchronous connect: behave as if PQconnectPoll had returned WRITING.
  PostgresPollingStatusType st = PGRES_POLLING_WRITING;
  for (;;) {
    if (st == PGRES_POLLING_OK) break;
    if (st == PGRES_POLLING_FAILED)
      throw Unavailable("cannot connect to " + where + ": " + clean(PQerrorMessage(c)));
    if (!conn->wait_socket(st == PGRES_POLLING_WRITING, deadline))
      throw Unavailable("cannot connect to " + where + ": timed out");
    st = PQconnectPoll(c);
  }
  PQsetNoticeReceiver(c, ignore_notice, nullptr);
  if (PQsetnonblocking(c, 1) != 0)
    throw Unavailable("cannot switch the connection to " + where + " to non-blocking mode");
  return conn;
}

Connection::~Connection() {
  if (c_) PQfinish(c_);  // non-blocking: sends Terminate if it can, never waits
}

bool Connection::wait_socket(bool for_write, Deadline deadline) {
  int fd = PQsocket(c_);
  if (fd < 0) return true;  // let libpq report the failure
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, static_cast<short>(for_write ? (POLLOUT | POLLIN) : POLLIN), 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (rc > 0) return true;
    if (rc == 0) continue;  // re-check the deadline
    if (errno != EINTR) return true;
  }
}

void Connection::fail_connection(const std::string& what) {
  lost_ = true;
  throw ConnectionLost(what + ": " + clean(PQerrorMessage(c_)), sent_);
}

void Connection::send_and_flush(bool ok, Deadline deadline) {
  sent_ = false;
  if (!ok) fail_connection("cannot send to the database");
  for (;;) {
    int rc = PQflush(c_);
    if (rc == 0) break;
    if (rc < 0) fail_connection("cannot send to the database");
    if (!wait_socket(true, deadline)) {
      lost_ = true;
      throw ConnectionLost("timed out sending to the database", false);
    }
    // Input may be waiting too: consuming it keeps the server from blocking on its output.
    if (!PQconsumeInput(c_)) fail_connection("connection to the database lost");
  }
  sent_ = true;
}

void Connection::cancel_async() {
  PGcancel* cancel = PQgetCancel(c_);
  if (!cancel) return;
  // Bound the helper threads: a stopped server may never answer them.
  if (g_cancel_threads.fetch_add(1) >= 4) {
    g_cancel_threads.fetch_sub(1);
    PQfreeCancel(cancel);
    return;
  }
  std::thread([cancel] {
    char err[256];
    PQcancel(cancel, err, sizeof err);
    PQfreeCancel(cancel);
    g_cancel_threads.fetch_sub(1);
  }).detach();
}

PGresult* Connection::next_result(Deadline deadline) {
  bool cancelled = false;
  Deadline d = deadline;
  while (PQisBusy(c_)) {
    if (!wait_socket(false, d)) {
      if (!cancelled) {
        cancel_async();
        cancelled = true;
        // A cancel request may arrive late and hit whatever runs next on this session:
        // the connection is not handed out again.
        cancel_sent_ = true;
        d = Clock::now() + kCancelGrace;
        continue;
      }
      lost_ = true;
      throw ConnectionLost("the database did not answer in time", true);
    }
    if (!PQconsumeInput(c_)) {
      // The error (e.g. FATAL 57P01) may already be queued as a result: let it through.
      if (PQstatus(c_) == CONNECTION_BAD && !PQisBusy(c_)) break;
      fail_connection("connection to the database lost");
    }
  }
  return PQgetResult(c_);
}

Result Connection::collect(Deadline deadline) {
  Result out;
  PGresult* error = nullptr;
  for (;;) {
    PGresult* r = next_result(deadline);
    if (!r) break;
    ResultGuard guard{r};
    switch (PQresultStatus(r)) {
      case PGRES_TUPLES_OK:
      case PGRES_SINGLE_TUPLE: {
        int ncol = PQnfields(r), nrow = PQntuples(r);
        auto names = std::make_shared<std::vector<std::string>>();
        names->reserve(ncol);
        for (int i = 0; i < ncol; ++i) names->emplace_back(PQfname(r, i));
        out.columns = names;
        out.rows.clear();
        out.rows.reserve(nrow);
        for (int row = 0; row < nrow; ++row) {
          std::vector<std::optional<std::string>> cols;
          cols.reserve(ncol);
          for (int i = 0; i < ncol; ++i) {
            if (PQgetisnull(r, row, i)) cols.emplace_back(std::nullopt);
            else cols.emplace_back(std::string(PQgetvalue(r, row, i), PQgetlength(r, row, i)));
          }
          out.rows.emplace_back(std::move(cols), names);
        }
        out.affected = nrow;
        break;
      }
      case PGRES_COMMAND_OK: {
        const char* n = PQcmdTuples(r);
        out.affected = (n && *n) ? std::atoll(n) : 0;
        break;
      }
      case PGRES_EMPTY_QUERY:
        break;
      case PGRES_FATAL_ERROR:
      case PGRES_BAD_RESPONSE:
        if (!error) {
          error = r;
          guard.r = nullptr;
        }
        break;
      default:
        // COPY and pipeline states are never started by this class.
        lost_ = true;
        break;
    }
  }
  if (error) raise(error);
  if (PQstatus(c_) == CONNECTION_BAD) fail_connection("connection to the database lost");
  if (lost_) throw ConnectionLost("unexpected protocol state", true);
  return out;
}

void Connection::raise(PGresult* r) {
  ResultGuard guard{r};
  std::string state = field(r, PG_DIAG_SQLSTATE);
  std::string message = field(r, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = clean(PQresultErrorMessage(r));
  std::string constraint = field(r, PG_DIAG_CONSTRAINT_NAME);
  bool bad = PQstatus(c_) == CONNECTION_BAD;
  if (bad) lost_ = true;
  if (state.empty()) {
    if (bad) throw ConnectionLost("connection to the database lost: " + clean(message.c_str()), sent_);
    throw DatabaseError("postgres error: " + message, "");
  }
  switch (classify_sqlstate(state, message)) {
    case ErrorClass::UniqueViolation:
      throw UniqueViolation(constraint.empty() ? message : constraint);
    case ErrorClass::ForeignKeyViolation:
      throw ForeignKeyViolation(constraint.empty() ? message : constraint);
    case ErrorClass::Retryable:
      throw RetryableError("transaction conflict (" + state + "): " + message, state);
    case ErrorClass::Unavailable:
      if (bad) throw ConnectionLost("database unavailable (" + state + "): " + message, sent_);
      throw Unavailable("database unavailable (" + state + "): " + message);
    case ErrorClass::ReadOnly:
      log::error("write sent to a read-only database (routing bug)",
                 {{"event", "db_readonly_write"}, {"sqlstate", state}});
      throw DatabaseError("postgres error " + state + ": " + message, state);
    case ErrorClass::StalePlan:
    case ErrorClass::Other:
      break;
  }
  throw DatabaseError("postgres error " + state + ": " + message, state);
}

const std::string& Connection::prepare(std::string_view sql, Deadline deadline) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) return it->second;
  if (statements_.size() >= kMaxCachedStatements && PQtransactionStatus(c_) == PQTRANS_IDLE) {
    script("DEALLOCATE ALL", deadline);
    statements_.clear();
  }
  std::string name = "edu_" + std::to_string(++next_statement_);
  send_and_flush(PQsendPrepare(c_, name.c_str(), key.c_str(), 0, nullptr) == 1, deadline);
  collect(deadline);
  return statements_.emplace(std::move(key), std::move(name)).first->second;
}

Result Connection::query(std::string_view sql, const Params& params, Deadline deadline) {
  ++uses_;
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    if (std::holds_alternative<std::nullptr_t>(p)) continue;
    if (auto v = std::get_if<std::int64_t>(&p)) {
      storage[i] = std::to_string(*v);
    } else if (auto d = std::get_if<double>(&p)) {
      char buf[64];
      auto res = std::to_chars(buf, buf + sizeof buf, *d);
      storage[i].assign(buf, res.ptr);
    } else if (auto b = std::get_if<bool>(&p)) {
      storage[i] = *b ? "true" : "false";
    } else {
      const auto& s = std::get<std::string>(p);
      if (s.find('\0') != std::string::npos)
        throw DatabaseError("parameter $" + std::to_string(i + 1) + " contains a NUL byte", "22021");
      storage[i] = s;
    }
    values[i] = storage[i].c_str();
  }
  for (int attempt = 0;; ++attempt) {
    const std::string name = prepare(sql, deadline);
    send_and_flush(PQsendQueryPrepared(c_, name.c_str(), static_cast<int>(values.size()), values.data(),
                                       nullptr, nullptr, 0) == 1,
                   deadline);
    try {
      return collect(deadline);
    } catch (const DatabaseError& e) {
      // A schema change invalidated the cached plan's result type: prepare it again. Inside
      // a transaction the error has aborted it, so the transaction is retried instead.
      if (classify_sqlstate(e.sqlstate, e.what()) != ErrorClass::StalePlan || attempt > 0) throw;
      statements_.erase(std::string(sql));
      try {
        script("DEALLOCATE " + name, deadline);
      } catch (const DatabaseError&) {
      }
      if (PQtransactionStatus(c_) != PQTRANS_IDLE) throw RetryableError(e.what(), e.sqlstate);
    }
  }
}

void Connection::script(std::string_view sql, Deadline deadline) {
  ++uses_;
  std::string s(sql);
  send_and_flush(PQsendQuery(c_, s.c_str()) == 1, deadline);
  collect(deadline);
}

bool Connection::reusable() const {
  return !lost_ && !cancel_sent_ && PQstatus(c_) == CONNECTION_OK &&
         PQtransactionStatus(c_) == PQTRANS_IDLE;
}

bool Connection::still_alive() {
  if (!reusable()) return false;
  int fd = PQsocket(c_);
  if (fd < 0) return false;
  // A server that shuts down sends FATAL (libpq treats it as a notice on an idle
  // connection) and then closes: keep reading while input is pending until EOF shows.
  for (int round = 0; round < 4; ++round) {
    pollfd p{fd, POLLIN, 0};
    int rc = ::poll(&p, 1, 0);
    if (rc == 0) return PQstatus(c_) == CONNECTION_OK;  // nothing pending: the usual case
    if (rc < 0) return errno == EINTR;
    if (p.revents & (POLLERR | POLLNVAL)) return false;
    if (!PQconsumeInput(c_)) return false;
    while (PGnotify* n = PQnotifies(c_)) PQfreemem(n);
    if (PQstatus(c_) != CONNECTION_OK || PQisBusy(c_)) return false;
    if (PGresult* r = PQgetResult(c_)) {
      PQclear(r);
      return false;
    }
  }
  return false;  // still talking to us unprompted: not worth keeping
}

}  // namespace edu::db::pg
