// Redis client: URL parsing, connection pools with circuit breakers, the standalone client and
// the cluster router (slot map from CLUSTER SLOTS, MOVED/ASK/TRYAGAIN/CLUSTERDOWN handling).
// See client.hpp for the concurrency model and why the transport is ours.
#include "cache/redis/client.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "cache/redis/connection.hpp"
#include "observability/log.hpp"

namespace edu::redis {

// ------------------------------------------------------------------------------------ helpers

std::string_view Reply::error_code() const {
  if (type != Type::Error) return {};
  std::string_view s(str);
  return s.substr(0, s.find(' '));
}

std::string encode_command(const Command& cmd) {
  std::string out = "*" + std::to_string(cmd.size()) + "\r\n";
  for (const auto& a : cmd) {
    out += "$" + std::to_string(a.size()) + "\r\n";
    out += a;
    out += "\r\n";
  }
  return out;
}

std::uint16_t crc16(std::string_view data) {
  // CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0 — the Redis Cluster key hash.
  std::uint16_t crc = 0;
  for (unsigned char c : data) {
    crc ^= static_cast<std::uint16_t>(c) << 8;
    for (int i = 0; i < 8; ++i)
      crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<std::uint16_t>(crc << 1);
  }
  return crc;
}

int key_slot(std::string_view key) {
  // Only the part between the first '{' and the next '}' is hashed, when non-empty.
  auto open = key.find('{');
  if (open != std::string_view::npos) {
    auto close = key.find('}', open + 1);
    if (close != std::string_view::npos && close > open + 1)
      key = key.substr(open + 1, close - open - 1);
  }
  return crc16(key) & 16383;
}

namespace {

std::string upper(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

std::optional<Endpoint> parse_host_port(std::string_view s) {
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  Endpoint ep;
  ep.host = std::string(s.substr(0, colon));
  if (ep.host.size() >= 2 && ep.host.front() == '[' && ep.host.back() == ']')
    ep.host = ep.host.substr(1, ep.host.size() - 2);
  std::string port(s.substr(colon + 1));
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit))
    return std::nullopt;
  ep.port = std::stoi(port);
  if (ep.port <= 0 || ep.port > 65535) return std::nullopt;
  return ep;
}

// "redis 127.0.0.1:6379: connect timeout" → "connect timeout" (health reports no addresses).
std::string short_error(const std::string& what) {
  if (what.rfind("redis ", 0) == 0) {
    auto p = what.find(": ");
    if (p != std::string::npos) return what.substr(p + 2);
  }
  return what;
}

}  // namespace

std::optional<std::string> command_key(const Command& cmd) {
  if (cmd.empty()) return std::nullopt;
  std::string name = upper(cmd[0]);
  if (name == "EVAL" || name == "EVALSHA" || name == "EVAL_RO" || name == "EVALSHA_RO" ||
      name == "FCALL") {
    if (cmd.size() < 4 || cmd[2] == "0") return std::nullopt;
    return cmd[3];
  }
  static const char* kKeyless[] = {"PING",   "CLUSTER", "INFO",     "AUTH",   "SELECT",   "ASKING",
                                   "SCRIPT", "HELLO",   "COMMAND",  "DBSIZE", "FLUSHALL", "FLUSHDB",
                                   "TIME",   "ECHO",    "READONLY", "CONFIG", "QUIT"};
  for (auto k : kKeyless)
    if (name == k) return std::nullopt;
  if (cmd.size() < 2) return std::nullopt;
  return cmd[1];
}

std::optional<Redirect> parse_redirect(std::string_view error) {
  Redirect r;
  if (error.rfind("MOVED ", 0) == 0) {
    error.remove_prefix(6);
  } else if (error.rfind("ASK ", 0) == 0) {
    r.ask = true;
    error.remove_prefix(4);
  } else {
    return std::nullopt;
  }
  auto sp = error.find(' ');
  if (sp == std::string_view::npos || sp == 0) return std::nullopt;
  std::string slot(error.substr(0, sp));
  if (!std::all_of(slot.begin(), slot.end(), ::isdigit) || slot.size() > 5) return std::nullopt;
  r.slot = std::stoi(slot);
  if (r.slot > 16383) return std::nullopt;
  auto ep = parse_host_port(error.substr(sp + 1));
  if (!ep) return std::nullopt;
  r.to = *ep;  // an empty host means "the node that answered" (filled in by the caller)
  return r;
}

Options Options::from_url(const std::string& url) {
  Options o;
  std::string_view s(url);
  if (s.rfind("rediss://", 0) == 0) {
    o.tls = true;
    s.remove_prefix(9);
  } else if (s.rfind("redis://", 0) == 0) {
    s.remove_prefix(8);
  } else {
    throw std::invalid_argument("expected redis://host:port[/db] or rediss://host:port");
  }
  auto slash = s.find('/');
  std::string_view authority = s.substr(0, slash);
  std::string_view path =
      slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1);
  auto q = path.find('?');
  if (q != std::string_view::npos) path = path.substr(0, q);
  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
    auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      o.password = std::string(userinfo);
    } else {
      o.username = std::string(userinfo.substr(0, colon));
      o.password = std::string(userinfo.substr(colon + 1));
    }
  }
  if (authority.empty()) throw std::invalid_argument("missing host");
  bool has_port = authority.back() != ']' && authority.find(':') != std::string_view::npos;
  if (has_port) {
    auto ep = parse_host_port(authority);
    if (!ep || ep->host.empty()) throw std::invalid_argument("invalid host:port");
    o.endpoint = *ep;
  } else {
    std::string h(authority);
    if (h.size() >= 2 && h.front() == '[') h = h.substr(1, h.size() - 2);
    o.endpoint.host = h;
    o.endpoint.port = 6379;
  }
  if (!path.empty()) {
    std::string db(path);
    if (!std::all_of(db.begin(), db.end(), ::isdigit) || db.size() > 4)
      throw std::invalid_argument("invalid database number");
    o.db = std::stoi(db);
  }
  return o;
}

// ------------------------------------------------------------------------------------ breaker

namespace {

// Closed → (threshold consecutive failures) → open for `cooldown` → one probe (half-open) →
// closed on success, open again on failure.
class Breaker {
 public:
  Breaker(std::string name, int threshold, std::chrono::milliseconds cooldown,
          std::atomic<std::uint64_t>& outages)
      : name_(std::move(name)),
        threshold_(std::max(1, threshold)),
        cooldown_(cooldown),
        outages_(outages) {}

  bool allow() {
    if (closed_.load(std::memory_order_acquire)) return true;
    std::lock_guard lock(m_);
    if (closed_) return true;
    if (Clock::now() < open_until_ || probing_) return false;
    probing_ = true;
    return true;
  }

  void success() {
    if (closed_.load(std::memory_order_acquire) && failures_.load() == 0) return;
    std::lock_guard lock(m_);
    failures_ = 0;
    probing_ = false;
    if (!closed_) {
      closed_ = true;
      log::info("redis reachable again", {{"event", "redis_reconnected"}, {"node", name_}});
    }
  }

  void failure(const std::string& error) {
    std::lock_guard lock(m_);
    last_error_ = short_error(error);
    probing_ = false;
    if (closed_) {
      if (++failures_ < threshold_) return;
      closed_ = false;
      outages_.fetch_add(1);
      log::warn("redis unavailable: bypassing it",
                {{"event", "redis_unavailable"}, {"node", name_}, {"error", last_error_}});
    }
    open_until_ = Clock::now() + cooldown_;
  }

  // The call ended without telling anything about the node: release a probe slot.
  void abandon() {
    if (closed_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(m_);
    probing_ = false;
  }

  bool is_open() const { return !closed_.load(); }
  std::string last_error() const {
    std::lock_guard lock(m_);
    return last_error_;
  }

 private:
  std::string name_;
  int threshold_;
  std::chrono::milliseconds cooldown_;
  std::atomic<std::uint64_t>& outages_;
  mutable std::mutex m_;
  std::atomic<bool> closed_{true};
  std::atomic<int> failures_{0};
  bool probing_ = false;
  Clock::time_point open_until_{};
  std::string last_error_;
};

// --------------------------------------------------------------------------------- node pool

// Every connection of a node is busy: a local condition, not a sign that the node is down.
class PoolExhausted : public Error {
 public:
  using Error::Error;
};

class NodePool {
 public:
  NodePool(Endpoint ep, const ConnectionSettings& cs, int max_connections, const Options& o,
           std::atomic<std::uint64_t>& outages)
      : ep_(std::move(ep)),
        cs_(cs),
        max_(std::max(1, max_connections)),
        breaker_(ep_.str(), o.breaker_threshold, o.breaker_cooldown, outages) {}

  const Endpoint& endpoint() const { return ep_; }
  Breaker& breaker() { return breaker_; }

  std::vector<Reply> exchange(const std::vector<Command>& cmds) {
    if (!breaker_.allow())
      throw Error("redis " + ep_.str() + ": unavailable (circuit open): " + breaker_.last_error());
    std::unique_ptr<Connection> conn;
    try {
      conn = acquire(Clock::now() + cs_.command_timeout);
      auto replies = conn->exchange(cmds, Clock::now() + cs_.command_timeout);
      release(std::move(conn));
      breaker_.success();
      return replies;
    } catch (const PoolExhausted&) {
      breaker_.abandon();
      throw;
    } catch (const Error& e) {
      if (conn) discard();
      breaker_.failure(e.what());
      throw;
    }
  }

 private:
  std::unique_ptr<Connection> acquire(Clock::time_point wait_deadline) {
    std::unique_lock lock(m_);
    for (;;) {
      while (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        if (c->usable()) return c;
        --total_;  // closed by the server while idle (restart, timeout): drop it
      }
      if (total_ < max_) {
        ++total_;
        lock.unlock();
        try {
          return Connection::open(ep_, cs_);
        } catch (...) {
          lock.lock();
          --total_;
          cv_.notify_one();
          throw;
        }
      }
      if (cv_.wait_until(lock, wait_deadline) == std::cv_status::timeout && idle_.empty() &&
          total_ >= max_)
        throw PoolExhausted("redis " + ep_.str() + ": no free connection (pool of " +
                            std::to_string(max_) + ")");
    }
  }

  void release(std::unique_ptr<Connection> c) {
    std::lock_guard lock(m_);
    idle_.push_back(std::move(c));
    cv_.notify_one();
  }

  void discard() {
    std::lock_guard lock(m_);
    --total_;
    cv_.notify_one();
  }

  Endpoint ep_;
  const ConnectionSettings& cs_;
  int max_;
  Breaker breaker_;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int total_ = 0;
};

ConnectionSettings settings_from(const Options& o, const TlsContext* tls) {
  ConnectionSettings cs;
  cs.tls = tls;
  cs.username = o.username;
  cs.password = o.password;
  cs.db = o.cluster ? 0 : o.db;
  cs.connect_timeout = o.connect_timeout;
  cs.command_timeout = o.command_timeout;
  return cs;
}

double elapsed_ms(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// --------------------------------------------------------------------------------- standalone

class StandaloneClient final : public Client {
 public:
  explicit StandaloneClient(const Options& o)
      : tls_(o.tls ? std::make_unique<TlsContext>(o.ca_file) : nullptr),
        cs_(settings_from(o, tls_.get())),
        pool_(o.endpoint, cs_, o.pool_size, o, outages_) {}

  Reply command(const Command& cmd) override { return pool_.exchange({cmd}).front(); }
  std::vector<Reply> pipeline(const std::vector<Command>& cmds) override {
    if (cmds.empty()) return {};
    return pool_.exchange(cmds);
  }
  Health ping() override {
    Health h;
    auto t0 = Clock::now();
    try {
      auto r = command({"PING"});
      if (r.is_error()) {
        h.error = r.str.substr(0, 120);
        return h;
      }
      h.up = true;
      h.latency_ms = elapsed_ms(t0);
    } catch (const Error& e) {
      h.error = short_error(e.what());
    }
    return h;
  }
  bool cluster_mode() const override { return false; }
  std::uint64_t outages() const override { return outages_.load(); }

 private:
  std::atomic<std::uint64_t> outages_{0};
  std::unique_ptr<TlsContext> tls_;
  ConnectionSettings cs_;
  NodePool pool_;
};

// ------------------------------------------------------------------------------------ cluster

class ClusterClient final : public Client {
 public:
  explicit ClusterClient(const Options& o)
      : opts_(o),
        tls_(o.tls ? std::make_unique<TlsContext>(o.ca_file) : nullptr),
        cs_(settings_from(o, tls_.get())) {}

  Reply command(const Command& cmd) override {
    auto key = command_key(cmd);
    int slot = key ? key_slot(*key) : -1;
    std::optional<Endpoint> ask_to;
    bool asked = false;
    bool retried_after_error = false;
    Reply last;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      std::shared_ptr<NodePool> node = ask_to ? pool_for(*ask_to) : route(slot);
      Reply reply;
      try {
        if (ask_to) {
          // ASK: the slot is migrating; this one command goes to the target, preceded by
          // ASKING, and the slot map is left unchanged.
          auto rs = node->exchange({{"ASKING"}, cmd});
          reply = rs[1];
          ask_to.reset();
        } else {
          reply = node->exchange({cmd}).front();
        }
      } catch (const Error&) {
        // A node failed (or its breaker is open): the topology may have changed (failover).
        refresh_topology(false);
        if (!retried_after_error && !ask_to && route(slot) != node) {
          retried_after_error = true;
          continue;
        }
        throw;
      }
      if (!reply.is_error()) return reply;
      last = reply;
      std::string_view code = reply.error_code();
      if (code == "MOVED" || code == "ASK") {
        auto r = parse_redirect(reply.str);
        if (!r) return reply;
        if (r->to.host.empty()) r->to.host = node->endpoint().host;
        if (r->ask) {
          if (asked) return reply;  // one ASK retry only
          asked = true;
          ask_to = r->to;
        } else {
          // Permanent move: learn the new owner now, refresh the whole map soon.
          set_owner(r->slot, pool_for(r->to));
          refresh_topology(false);
        }
        continue;
      }
      if (code == "TRYAGAIN" || code == "CLUSTERDOWN") {
        if (code == "CLUSTERDOWN") refresh_topology(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 3)));
        continue;
      }
      return reply;
    }
    return last;
  }

  std::vector<Reply> pipeline(const std::vector<Command>& cmds) override {
    std::vector<Reply> out(cmds.size());
    std::vector<bool> done(cmds.size(), false);
    // One pipelined exchange per node; anything redirected or failed is redone alone.
    std::map<NodePool*, std::pair<std::shared_ptr<NodePool>, std::vector<std::size_t>>> groups;
    for (std::size_t i = 0; i < cmds.size(); ++i) {
      auto key = command_key(cmds[i]);
      auto node = route(key ? key_slot(*key) : -1);
      auto& g = groups[node.get()];
      g.first = node;
      g.second.push_back(i);
    }
    for (auto& [raw, g] : groups) {
      std::vector<Command> batch;
      for (auto i : g.second) batch.push_back(cmds[i]);
      try {
        auto rs = g.first->exchange(batch);
        for (std::size_t k = 0; k < rs.size(); ++k) {
          auto code = rs[k].error_code();
          if (code == "MOVED" || code == "ASK" || code == "TRYAGAIN" || code == "CLUSTERDOWN")
            continue;
          out[g.second[k]] = std::move(rs[k]);
          done[g.second[k]] = true;
        }
      } catch (const Error&) {
        refresh_topology(false);
      }
    }
    for (std::size_t i = 0; i < cmds.size(); ++i)
      if (!done[i]) out[i] = command(cmds[i]);
    return out;
  }

  Health ping() override {
    Health h;
    auto t0 = Clock::now();
    try {
      auto r = route(-1)->exchange({{"CLUSTER", "INFO"}}).front();
      if (r.is_error()) {
        h.error = r.str.substr(0, 120);
        return h;
      }
      if (r.str.find("cluster_state:ok") == std::string::npos) {
        h.error = "cluster_state is not ok";
        refresh_topology(false);
        return h;
      }
      h.up = true;
      h.latency_ms = elapsed_ms(t0);
    } catch (const Error& e) {
      refresh_topology(false);
      h.error = short_error(e.what());
    }
    return h;
  }

  bool cluster_mode() const override { return true; }
  std::uint64_t outages() const override { return outages_.load(); }

 private:
  static constexpr int kMaxAttempts = 6;
  static constexpr auto kMinRefreshInterval = std::chrono::milliseconds(200);

  struct SlotMap {
    std::array<std::shared_ptr<NodePool>, 16384> owner;
    std::vector<std::shared_ptr<NodePool>> masters;
  };

  std::shared_ptr<NodePool> pool_for(const Endpoint& ep) {
    std::lock_guard lock(pools_m_);
    auto& p = pools_[ep.str()];
    if (!p) p = std::make_shared<NodePool>(ep, cs_, opts_.pool_size, opts_, outages_);
    return p;
  }

  std::shared_ptr<const SlotMap> current_map() {
    std::lock_guard lock(map_m_);
    return map_;
  }

  // The node serving `slot` (-1: any master). Loads the topology on first use.
  std::shared_ptr<NodePool> route(int slot) {
    auto map = current_map();
    if (!map) {
      refresh_topology(true);
      map = current_map();
    }
    if (map) {
      if (slot >= 0 && map->owner[static_cast<std::size_t>(slot)])
        return map->owner[static_cast<std::size_t>(slot)];
      // Keyless (or an uncovered slot): a master whose breaker is closed, else any.
      for (const auto& m : map->masters)
        if (!m->breaker().is_open()) return m;
      if (!map->masters.empty()) return map->masters.front();
    }
    return pool_for(opts_.endpoint);
  }

  void set_owner(int slot, std::shared_ptr<NodePool> node) {
    std::lock_guard lock(map_m_);
    if (!map_) return;
    auto copy = std::make_shared<SlotMap>(*map_);
    copy->owner[static_cast<std::size_t>(slot)] = std::move(node);
    map_ = std::move(copy);
  }

  // Reloads the slot map from CLUSTER SLOTS of the first reachable node (known masters, then
  // the bootstrap endpoint). Rate-limited; concurrent callers do not queue behind it unless no
  // map exists yet. Returns whether a map was loaded.
  bool refresh_topology(bool initial) {
    std::unique_lock lock(refresh_m_, std::defer_lock);
    if (initial) {
      lock.lock();
      if (current_map()) return true;
    } else {
      if (!lock.try_lock()) return false;
      if (Clock::now() - last_refresh_ < kMinRefreshInterval) return false;
    }
    last_refresh_ = Clock::now();
    std::vector<std::shared_ptr<NodePool>> candidates;
    if (auto map = current_map())
      for (const auto& m : map->masters)
        if (!m->breaker().is_open()) candidates.push_back(m);
    candidates.push_back(pool_for(opts_.endpoint));
    {
      // Every node we know (replicas promoted by a failover are among them).
      std::lock_guard pl(pools_m_);
      for (auto& [k, p] : pools_)
        if (std::find(candidates.begin(), candidates.end(), p) == candidates.end())
          candidates.push_back(p);
    }
    std::string last_error = "no node reachable";
    for (const auto& node : candidates) {
      try {
        auto r = node->exchange({{"CLUSTER", "SLOTS"}}).front();
        if (r.is_error() || r.type != Reply::Type::Array || r.elements.empty()) {
          last_error = r.is_error() ? r.str : "empty CLUSTER SLOTS";
          continue;
        }
        auto map = build_map(r, node->endpoint());
        if (!map) continue;
        std::lock_guard ml(map_m_);
        map_ = std::move(map);
        return true;
      } catch (const Error& e) {
        last_error = e.what();
      }
    }
    if (initial)
      log::warn("redis cluster topology unavailable",
                {{"event", "redis_topology_failed"}, {"error", short_error(last_error)}});
    return false;
  }

  std::shared_ptr<SlotMap> build_map(const Reply& r, const Endpoint& asked) {
    auto map = std::make_shared<SlotMap>();
    for (const auto& range : r.elements) {
      if (range.type != Reply::Type::Array || range.elements.size() < 3) return nullptr;
      long long from = range.elements[0].integer, to = range.elements[1].integer;
      const Reply& master = range.elements[2];
      if (master.type != Reply::Type::Array || master.elements.size() < 2 || from < 0 ||
          to > 16383 || from > to)
        return nullptr;
      Endpoint ep;
      ep.host = master.elements[0].str;
      // "" / "?" = the node did not know its own address: it is the one we asked.
      if (ep.host.empty() || ep.host == "?") ep.host = asked.host;
      ep.port = static_cast<int>(master.elements[1].integer);
      auto pool = pool_for(ep);
      for (long long s = from; s <= to; ++s) map->owner[static_cast<std::size_t>(s)] = pool;
      if (std::find(map->masters.begin(), map->masters.end(), pool) == map->masters.end())
        map->masters.push_back(pool);
      // Replicas: remember them so that a later refresh can ask them after a failover.
      for (std::size_t i = 3; i < range.elements.size(); ++i) {
        const Reply& rep = range.elements[i];
        if (rep.type != Reply::Type::Array || rep.elements.size() < 2) continue;
        Endpoint re{rep.elements[0].str, static_cast<int>(rep.elements[1].integer)};
        if (re.host.empty() || re.host == "?") re.host = asked.host;
        pool_for(re);
      }
    }
    return map;
  }

  Options opts_;
  std::atomic<std::uint64_t> outages_{0};
  std::unique_ptr<TlsContext> tls_;
  ConnectionSettings cs_;
  std::mutex pools_m_;
  std::map<std::string, std::shared_ptr<NodePool>> pools_;
  std::mutex map_m_;
  std::shared_ptr<const SlotMap> map_;
  std::mutex refresh_m_;
  Clock::time_point last_refresh_{};
};

std::string sha1_hex(const std::string& s) {
  unsigned char d[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : d) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return out;
}

}  // namespace

std::unique_ptr<Client> make_client(const Options& options) {
  // TLS writes go through OpenSSL's socket BIO (plain write()): a peer reset must not kill
  // the process. `serve` ignores SIGPIPE already; tools and tests may not.
  if (options.tls) std::signal(SIGPIPE, SIG_IGN);
  if (options.cluster) return std::make_unique<ClusterClient>(options);
  return std::make_unique<StandaloneClient>(options);
}

// ------------------------------------------------------------------------------------- script

Script::Script(std::string source) : source_(std::move(source)), sha1_(sha1_hex(source_)) {}

namespace {
Command script_command(const std::string& verb, const std::string& body,
                       const std::vector<std::string>& keys, const std::vector<std::string>& args) {
  Command c{verb, body, std::to_string(keys.size())};
  c.insert(c.end(), keys.begin(), keys.end());
  c.insert(c.end(), args.begin(), args.end());
  return c;
}
}  // namespace

Command Script::evalsha_command(const std::vector<std::string>& keys,
                                const std::vector<std::string>& args) const {
  return script_command("EVALSHA", sha1_, keys, args);
}

Command Script::eval_command(const std::vector<std::string>& keys,
                             const std::vector<std::string>& args) const {
  return script_command("EVAL", source_, keys, args);
}

Reply Script::run(Client& c, const std::vector<std::string>& keys,
                  const std::vector<std::string>& args) const {
  Reply r = c.command(evalsha_command(keys, args));
  if (r.error_code() == "NOSCRIPT") r = c.command(eval_command(keys, args));
  return r;
}

}  // namespace edu::redis
