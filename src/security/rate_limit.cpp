// Rate limiting: window math, counters (memory, Redis) and the pipeline hook.
#include "security/rate_limit.hpp"

#include <algorithm>

#include "cache/redis/client.hpp"

namespace edu::security {

Window window_at(Micros now) {
  constexpr Micros kMinute = 60'000'000;
  // floor division, also for (theoretical) times before the epoch
  std::int64_t minute = now >= 0 ? now / kMinute : -((-now + kMinute - 1) / kMinute);
  Micros into = now - minute * kMinute;  // 0 .. 59'999'999
  Window w;
  w.minute = minute;
  // Whole seconds left, rounded up: 1..60 (a window that just began has 60 s left).
  w.reset = static_cast<int>((kMinute - into + 999'999) / 1'000'000);
  return w;
}

Verdict judge(int limit, std::int64_t count, const Window& w) {
  Verdict v;
  v.limit = limit;
  v.reset = w.reset;
  v.allowed = count <= limit;
  v.remaining = static_cast<int>(std::max<std::int64_t>(0, limit - count));
  return v;
}

std::string rate_key(const std::string& principal, std::int64_t minute) {
  return "rl:{" + principal + "}:" + std::to_string(minute);
}

std::vector<std::int64_t> MemoryCounters::increment(const std::vector<std::string>& keys,
                                                    std::int64_t minute) {
  std::lock_guard lock(m_);
  if (minute != minute_) {
    // A new window: every counter of the previous one is dead.
    counts_.clear();
    minute_ = minute;
  }
  std::vector<std::int64_t> out;
  out.reserve(keys.size());
  for (const auto& k : keys) out.push_back(++counts_[k]);
  return out;
}

std::size_t MemoryCounters::size() const {
  std::lock_guard lock(m_);
  return counts_.size();
}

namespace {

// INCR, and on the first increment of a window PEXPIRE 60000 (INFRA.md §1.10): one key, so one
// slot; atomic, so concurrent instances never lose an increment or leave a key without TTL.
const redis::Script& incr_script() {
  static const redis::Script s(
      "local n = redis.call('INCR', KEYS[1])\n"
      "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
      "return n\n");
  return s;
}

class RedisCounters final : public CounterStore {
 public:
  explicit RedisCounters(redis::Client& c) : c_(c) {}

  std::vector<std::int64_t> increment(const std::vector<std::string>& keys, std::int64_t) override {
    const auto& script = incr_script();
    std::vector<redis::Command> cmds;
    cmds.reserve(keys.size());
    for (const auto& k : keys) cmds.push_back(script.evalsha_command({k}, {"60000"}));
    auto replies = c_.pipeline(cmds);
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < replies.size(); ++i) {
      redis::Reply r = std::move(replies[i]);
      // First use on this server (or after a restart / failover): load the script.
      if (r.error_code() == "NOSCRIPT") r = c_.command(script.eval_command({keys[i]}, {"60000"}));
      if (r.type != redis::Reply::Type::Integer)
        throw redis::Error("rate limit script: " + (r.is_error() ? r.str : "unexpected reply"));
      out.push_back(r.integer);
    }
    return out;
  }
  bool shared() const override { return true; }

 private:
  redis::Client& c_;
};

}  // namespace

std::unique_ptr<CounterStore> make_redis_counters(redis::Client& client) {
  return std::make_unique<RedisCounters>(client);
}

RateLimiter::RateLimiter(RateLimitSettings s, std::unique_ptr<CounterStore> shared,
                         std::function<Micros()> clock)
    : s_(s), shared_(std::move(shared)), clock_(clock ? std::move(clock) : now_micros) {}

RateDecision RateLimiter::check(const Request& req, const Route& route,
                                const Principal* principal) {
  RateDecision d;
  if (route.options.rate == RateClass::None) return d;
  std::vector<std::string> principals;
  std::vector<int> limits;
  if (principal) {
    // A valid access token: counted per user, never per IP (a school behind one public IP
    // is not one client).
    if (s_.per_user > 0) {
      principals.push_back("user:" + principal->user_id);
      limits.push_back(s_.per_user);
    }
  } else if (s_.per_ip > 0) {
    principals.push_back("ip:" + req.client_ip);
    limits.push_back(s_.per_ip);
  }
  if (route.options.rate == RateClass::Auth && s_.auth_per_ip > 0) {
    principals.push_back("auth:" + req.client_ip);
    limits.push_back(s_.auth_per_ip);
  }
  if (principals.empty()) return d;

  Window w = window_at(clock_());
  std::vector<std::string> keys;
  keys.reserve(principals.size());
  for (const auto& p : principals) keys.push_back(rate_key(p, w.minute));
  std::vector<std::int64_t> counts;
  bool failed = false;
  if (shared_) {
    try {
      counts = shared_->increment(keys, w.minute);
    } catch (const std::exception&) {
      failed = true;  // the client's breaker logs the outage
    }
  }
  if (!shared_ || failed) {
    if (failed && !s_.fail_open) {
      d.unavailable = true;
      return d;
    }
    counts = local_.increment(keys, w.minute);
  }
  // Report the tightest limiter; any exhausted limiter refuses the request.
  d.applied = true;
  d.allowed = true;
  bool first = true;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Verdict v = judge(limits[i], counts[i], w);
    bool tighter =
        first || (!v.allowed && d.allowed) || (v.allowed == d.allowed && v.remaining < d.remaining);
    if (tighter) {
      d.limit = v.limit;
      d.remaining = v.remaining;
      d.reset = v.reset;
    }
    d.allowed = d.allowed && v.allowed;
    first = false;
  }
  // Fail-open: Redis could not count, so nobody is refused; headers show local counts.
  if (failed) d.allowed = true;
  return d;
}

}  // namespace edu::security
