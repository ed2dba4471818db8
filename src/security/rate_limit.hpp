// Rate limiting (API.md §1.9, INFRA.md §1.10): three fixed-window limiters aligned to the
// minute — per client IP for requests without a valid access token, per user on protected
// routes, and an extra per-IP limiter on auth routes. Counters live in-process by default or
// in Redis (shared by every instance: key `rl:{<principal>}:<epoch_minute>`, one Lua script
// doing INCR and, on the first hit, PEXPIRE 60000 — atomic and single-slot). When Redis fails
// the request is allowed (RATE_LIMIT_FAIL_OPEN=true; its RateLimit-* headers then come from
// per-process counters) or answered 503 (false).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "http/pipeline.hpp"

namespace edu::redis {
class Client;
}

namespace edu::security {

// The fixed 60-second window containing `now`.
struct Window {
  std::int64_t minute = 0;  // epoch minute: floor(epoch seconds / 60)
  int reset = 60;           // whole seconds until the window ends, 1..60
};
Window window_at(Micros now);

// Verdict of one limiter for the `count`-th request of a window.
struct Verdict {
  int limit = 0;
  int remaining = 0;  // ≥ 0
  int reset = 60;
  bool allowed = true;
};
Verdict judge(int limit, std::int64_t count, const Window& w);

// "rl:{ip:203.0.113.7}:29433921" — hash-tagged by principal (one cluster slot per key).
std::string rate_key(const std::string& principal, std::int64_t minute);

// Counter storage: increments each key (all of window `minute`) and returns the new counts.
// Throws on backend failure.
class CounterStore {
 public:
  virtual ~CounterStore() = default;
  virtual std::vector<std::int64_t> increment(const std::vector<std::string>& keys,
                                              std::int64_t minute) = 0;
  virtual bool shared() const = 0;
};

// Per-process counters; entries of past windows are dropped as the minute turns.
class MemoryCounters final : public CounterStore {
 public:
  std::vector<std::int64_t> increment(const std::vector<std::string>& keys,
                                      std::int64_t minute) override;
  bool shared() const override { return false; }
  std::size_t size() const;

 private:
  mutable std::mutex m_;
  std::int64_t minute_ = 0;
  std::unordered_map<std::string, std::int64_t> counts_;
};

// Redis counters (one EVALSHA per key, pipelined).
std::unique_ptr<CounterStore> make_redis_counters(redis::Client& client);

struct RateLimitSettings {
  int per_ip = 100;       // RATE_LIMIT_PER_MINUTE (requests without a valid access token)
  int per_user = 300;     // RATE_LIMIT_USER_PER_MINUTE
  int auth_per_ip = 10;   // RATE_LIMIT_AUTH_PER_MINUTE (auth routes, in addition)
  bool fail_open = true;  // RATE_LIMIT_FAIL_OPEN
};

class RateLimiter final : public RateLimitHook {
 public:
  // `shared` null → per-process counters only. `clock` defaults to now_micros (tests inject).
  RateLimiter(RateLimitSettings s, std::unique_ptr<CounterStore> shared,
              std::function<Micros()> clock = nullptr);
  RateDecision check(const Request& req, const Route& route, const Principal* principal) override;
  bool may_block() const override { return shared_ != nullptr; }
  std::string backend() const { return shared_ ? "redis" : "memory"; }

 private:
  RateLimitSettings s_;
  std::unique_ptr<CounterStore> shared_;
  MemoryCounters local_;
  std::function<Micros()> clock_;
};

}  // namespace edu::security
