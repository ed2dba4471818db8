// Redis client (INFRA.md §1.9): standalone or cluster, plain TCP or TLS (`rediss://`), AUTH
// with REDIS_AUTH_TOKEN after the handshake, pipelining, and a circuit breaker per node.
//
// Why hand-written: Debian's hiredis 0.14 has no TLS and no cluster support, and no packaged
// C++ client routes cluster slots (CRC16, CLUSTER SLOTS, MOVED/ASK). We keep hiredis for what
// it does well — its reply reader (`redisReader`) parses RESP — and write the transport
// (sockets + OpenSSL) and the cluster routing ourselves.
//
// Concurrency model: a *blocking* client. Handlers run on the worker thread pool, never on an
// I/O thread (the pipeline moves rate-limited routes off the I/O threads when this client is
// in use), so a call blocks one worker for at most the command timeout (default 250 ms). Each
// node has a small pool of connections (EDU_REDIS_POOL_SIZE, default 8); a connection serves
// one exchange (one command or one pipeline) at a time. Every socket operation has a deadline
// (connect and command timeouts), so a dead or stalled Redis can never hang a request.
// A circuit breaker per node opens after consecutive transport failures and then fails calls
// immediately (no timeout paid per request while Redis is down); after a cool-down one probe
// is let through and a success closes it — that is how the client reconnects.
//
// Errors: transport problems (connect, I/O, timeout, open breaker, cluster unreachable) throw
// `redis::Error`; Redis error replies (`-ERR ...`) come back as Reply::Type::Error. Callers
// (cache, rate limiter, session store) treat either as "Redis unavailable" and fall back.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace edu::redis {

struct Reply {
  enum class Type { Nil, Status, Error, Integer, String, Array };
  Type type = Type::Nil;
  std::string str;  // Status, Error and String
  long long integer = 0;
  std::vector<Reply> elements;

  bool is_error() const { return type == Type::Error; }
  bool is_nil() const { return type == Type::Nil; }
  // "MOVED", "ASK", "TRYAGAIN", "NOSCRIPT"... (the first word of an error reply)
  std::string_view error_code() const;
};

using Command = std::vector<std::string>;

// A transport failure: the command may or may not have run.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Endpoint {
  std::string host;
  int port = 6379;
  std::string str() const { return host + ":" + std::to_string(port); }
  bool operator==(const Endpoint&) const = default;
};

struct Options {
  Endpoint endpoint;  // standalone server, or the cluster's bootstrap (configuration) endpoint
  bool tls = false;
  int db = 0;            // standalone only (cluster mode has db 0 only)
  std::string username;  // ACL user from the URL (rare); empty → AUTH <password>
  std::string password;  // REDIS_AUTH_TOKEN (or the URL's password)
  bool cluster = false;
  std::string ca_file;  // TLS trust anchors; empty → system store (honours SSL_CERT_FILE)
  std::chrono::milliseconds connect_timeout{250};
  std::chrono::milliseconds command_timeout{250};
  int pool_size = 8;          // connections per node
  int breaker_threshold = 2;  // consecutive transport failures that open a node's breaker
  std::chrono::milliseconds breaker_cooldown{1000};

  // redis://[[user]:password@]host[:port][/db] or rediss://...; throws std::invalid_argument.
  static Options from_url(const std::string& url);
};

struct Health {
  bool up = false;
  double latency_ms = 0;
  std::string error;
};

class Client {
 public:
  virtual ~Client() = default;
  // One command, routed by its key in cluster mode. Throws Error on transport failure.
  virtual Reply command(const Command& cmd) = 0;
  // Several commands sent together (one round trip per node). Replies in order. Throws Error
  // if any command could not be delivered.
  virtual std::vector<Reply> pipeline(const std::vector<Command>& cmds) = 0;
  // PING (standalone) or CLUSTER INFO (cluster: `cluster_state:ok` required), with latency.
  // Never throws; does not wait while the breaker is open.
  virtual Health ping() = 0;
  virtual bool cluster_mode() const = 0;
  // Increments on every breaker transition to "open" (any node): lets callers detect that
  // writes may have been lost during an outage.
  virtual std::uint64_t outages() const = 0;
};

std::unique_ptr<Client> make_client(const Options& options);

// A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet
// (NOSCRIPT). Every key of one call must hash to one slot (INFRA.md §1.9).
class Script {
 public:
  explicit Script(std::string source);
  Reply run(Client& c, const std::vector<std::string>& keys,
            const std::vector<std::string>& args) const;
  // The EVALSHA command (for pipelines); on a NOSCRIPT reply, call `eval_command`.
  Command evalsha_command(const std::vector<std::string>& keys,
                          const std::vector<std::string>& args) const;
  Command eval_command(const std::vector<std::string>& keys,
                       const std::vector<std::string>& args) const;
  const std::string& sha1() const { return sha1_; }

 private:
  std::string source_, sha1_;
};

// ---- cluster routing helpers (exposed for unit tests) ----
// CRC16/XMODEM as used by Redis Cluster.
std::uint16_t crc16(std::string_view data);
// slot = CRC16(key or its {hash tag}) mod 16384.
int key_slot(std::string_view key);
// The key a command is routed by (EVAL/EVALSHA: the first key), or none (PING, CLUSTER...).
std::optional<std::string> command_key(const Command& cmd);
struct Redirect {
  bool ask = false;  // ASK (one-shot) rather than MOVED (permanent)
  int slot = 0;
  Endpoint to;
};
// Parses "MOVED 3999 127.0.0.1:6381" / "ASK 3999 host:port".
std::optional<Redirect> parse_redirect(std::string_view error);
// RESP encoding of a command (array of bulk strings).
std::string encode_command(const Command& cmd);

}  // namespace edu::redis
