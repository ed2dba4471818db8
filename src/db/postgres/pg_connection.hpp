// One libpq connection, driven in libpq's non-blocking mode: every network wait is a poll()
// on the connection's socket with a deadline, so no call can hang on a dead or stopped
// server. When a statement outlives its deadline, a cancel request is sent (PQcancel, on a
// helper thread because PostgreSQL 15's PQcancel itself blocks), a short grace is given for
// the server's answer, and otherwise the connection is declared lost and discarded.
// Statements are prepared once per connection and cached by SQL text.
//
// A Connection is used by one thread at a time (the pool hands it out).
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/database.hpp"
#include "db/postgres/pg_support.hpp"

struct pg_conn;
struct pg_result;

namespace edu::db::pg {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// The connection itself failed (socket closed, server shut down, no answer before the
// deadline). It is unusable afterwards. `maybe_executed` is false when the statement
// certainly did not reach the server (failed while sending), so that a retry is safe.
struct ConnectionLost : Unavailable {
  ConnectionLost(const std::string& why, bool executed) : Unavailable(why), maybe_executed(executed) {}
  bool maybe_executed;
};

// Serialization failure (40001) or deadlock (40P01): the transaction may be run again.
struct RetryableError : Unavailable {
  RetryableError(const std::string& why, std::string state)
      : Unavailable(why), sqlstate(std::move(state)) {}
  std::string sqlstate;
};

class Connection {
 public:
  // Connects (TCP, TLS, authentication) before `deadline`; throws Unavailable otherwise.
  static std::unique_ptr<Connection> open(const ConnSpec& spec, int statement_timeout_ms,
                                          Deadline deadline);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with $N parameters (extended protocol, prepared once and cached).
  Result query(std::string_view sql, const Params& params, Deadline deadline);
  // Runs a parameterless script of one or more statements (simple protocol).
  void script(std::string_view sql, Deadline deadline);

  // Whether the connection can go back to the pool: not lost, no open transaction.
  bool reusable() const;
  // A cheap check of an idle connection before reuse: notices a server that closed it
  // (restart, idle timeout) without a round trip.
  bool still_alive();
  bool lost() const { return lost_; }
  bool fresh() const { return uses_ == 0; }

  std::uint64_t generation = 0;  // pool generation when opened

 private:
  explicit Connection(pg_conn* c) : c_(c) {}
  void send_and_flush(bool ok, Deadline deadline);
  Result collect(Deadline deadline);
  pg_result* next_result(Deadline deadline);
  bool wait_socket(bool for_write, Deadline deadline);
  [[noreturn]] void fail_connection(const std::string& what);
  [[noreturn]] void raise(pg_result* r);  // takes ownership
  const std::string& prepare(std::string_view sql, Deadline deadline);
  void cancel_async();

  pg_conn* c_ = nullptr;
  std::unordered_map<std::string, std::string> statements_;
  std::uint64_t next_statement_ = 0;
  std::uint64_t uses_ = 0;
  bool lost_ = false;
  bool sent_ = false;
  bool cancel_sent_ = false;
};

// Deadline for a statement: the server-side statement_timeout plus a grace period for its
// error to arrive; a far deadline when the timeout is 0 (none).
Deadline statement_deadline(int statement_timeout_ms);

// The human part of an error (Unavailable carries its reason apart from what()).
std::string describe(const std::exception& e);

}  // namespace edu::db::pg
