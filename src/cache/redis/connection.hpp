// One Redis connection: a non-blocking socket driven with poll() deadlines, optionally wrapped
// in OpenSSL TLS (SNI + certificate and host-name verification), RESP replies parsed by
// hiredis' redisReader. Internal to cache/redis (client.cpp owns pools of these).
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "cache/redis/client.hpp"

namespace edu::redis {

using Clock = std::chrono::steady_clock;

// Shared TLS settings (one SSL_CTX per client).
class TlsContext {
 public:
  // Loads `ca_file` (or the system trust store when empty); throws Error.
  explicit TlsContext(const std::string& ca_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  void* native() const { return ctx_; }  // SSL_CTX*

 private:
  void* ctx_ = nullptr;
};

struct ConnectionSettings {
  const TlsContext* tls = nullptr;  // null → plain TCP
  std::string username, password;
  int db = 0;
  std::chrono::milliseconds connect_timeout{250};
  std::chrono::milliseconds command_timeout{250};
};

class Connection {
 public:
  // Connects, completes the TLS handshake, sends AUTH/SELECT. Throws Error.
  static std::unique_ptr<Connection> open(const Endpoint& ep, const ConnectionSettings& s);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Writes every command, then reads one reply per command, all before `deadline`. On any
  // failure the connection is marked broken and Error is thrown.
  std::vector<Reply> exchange(const std::vector<Command>& cmds, Clock::time_point deadline);
  // An idle connection the server has closed (restart, timeout) reads as EOF: false then.
  bool usable() const;
  const Endpoint& endpoint() const { return ep_; }

 private:
  Connection(Endpoint ep, int fd);
  void tls_handshake(const TlsContext& tls, Clock::time_point deadline);
  void write_all(const std::string& data, Clock::time_point deadline);
  void read_some(Clock::time_point deadline);
  void wait(short events, Clock::time_point deadline);
  [[noreturn]] void fail(const std::string& what);

  Endpoint ep_;
  int fd_ = -1;
  void* ssl_ = nullptr;     // SSL*
  void* reader_ = nullptr;  // redisReader*
  bool broken_ = false;
};

}  // namespace edu::redis
