// Redis-backed Cache (see redis_cache.hpp).
#include "cache/redis/redis_cache.hpp"

#include <algorithm>

#include "cache/redis/client.hpp"

namespace edu::cache {
namespace {

class RedisCache final : public Cache {
 public:
  explicit RedisCache(redis::Client& c) : c_(c) {}

  std::optional<std::string> get(const std::string& key) override {
    try {
      auto r = c_.command({"GET", key});
      if (r.type == redis::Reply::Type::String) return std::move(r.str);
    } catch (const redis::Error&) {
      // Counted as a miss by the caller; the breaker logs the outage once.
    }
    return std::nullopt;
  }

  void set(const std::string& key, const std::string& value, std::chrono::seconds ttl) override {
    // Every key has a TTL (maxmemory-policy volatile-lru only evicts keys that have one).
    auto secs = std::max<std::int64_t>(1, ttl.count());
    try {
      c_.command({"SET", key, value, "EX", std::to_string(secs)});
    } catch (const redis::Error&) {
    }
  }

  void del(const std::string& key) override {
    try {
      c_.command({"DEL", key});
    } catch (const redis::Error&) {
    }
  }

  std::string backend() const override { return "redis"; }

 private:
  redis::Client& c_;
};

}  // namespace

std::unique_ptr<Cache> make_redis_cache(redis::Client& client) {
  return std::make_unique<RedisCache>(client);
}

}  // namespace edu::cache
