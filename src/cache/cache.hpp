// Cache interface (in-process by default, Redis when configured) plus cache-aside with
// single-flight: concurrent misses of one key load it once. Every key has a TTL.
// Backends never throw to callers: a failing backend behaves as a miss.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace edu::cache {

class Cache {
 public:
  virtual ~Cache() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void set(const std::string& key, const std::string& value, std::chrono::seconds ttl) = 0;
  virtual void del(const std::string& key) = 0;
  virtual std::string backend() const = 0;  // "memory" / "redis" / "none"
};

// In-process LRU-ish map with expiry; bounded in entries.
std::unique_ptr<Cache> make_memory_cache(std::size_t max_entries = 100000);
// A cache that stores nothing (CACHE_ENABLED=false).
std::unique_ptr<Cache> make_null_cache();

struct Counters {
  std::atomic<std::uint64_t> hits{0};
  std::atomic<std::uint64_t> misses{0};
};

// Cache-aside with single-flight and hit/miss counters per cache name.
class CacheAside {
 public:
  explicit CacheAside(Cache& backend) : backend_(backend) {}

  // Returns the cached value or runs `loader` once for concurrent callers of the same key.
  std::string get_or_load(const std::string& cache_name, const std::string& key,
                          std::chrono::seconds ttl, const std::function<std::string()>& loader);
  void invalidate(const std::string& key) { backend_.del(key); }
  Cache& backend() { return backend_; }

  // Counts a lookup served elsewhere under a cache name (e.g. "session": session/revocation
  // checks answered by Redis instead of the database, INFRA.md §1.5).
  void record(const std::string& cache_name, bool hit);

  // Snapshot of counters: name → (hits, misses).
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> stats() const;
  // Called on every lookup with the cache name and whether it hit (metrics exporter, INFRA.md
  // §1.5 eduautismo/cache). Set once at start-up, before requests.
  void set_observer(std::function<void(const std::string& cache_name, bool hit)> fn) {
    observer_ = std::move(fn);
  }

 private:
  Counters& counters(const std::string& name);
  void count(const std::string& name, bool hit);
  Cache& backend_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Counters>> counters_;
  std::map<std::string, std::shared_future<std::string>> inflight_;
  std::function<void(const std::string&, bool)> observer_;
};

}  // namespace edu::cache
