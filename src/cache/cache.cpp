// In-process cache and cache-aside with single-flight.
#include "cache/cache.hpp"

#include <list>
#include <unordered_map>

namespace edu::cache {
namespace {

class MemoryCache : public Cache {
 public:
  explicit MemoryCache(std::size_t max) : max_(max) {}

  std::optional<std::string> get(const std::string& key) override {
    std::lock_guard lock(m_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    if (std::chrono::steady_clock::now() >= it->second.expires) {
      lru_.erase(it->second.pos);
      map_.erase(it);
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second.pos);
    return it->second.value;
  }

  void set(const std::string& key, const std::string& value, std::chrono::seconds ttl) override {
    std::lock_guard lock(m_);
    auto exp = std::chrono::steady_clock::now() + ttl;
    auto it = map_.find(key);
    if (it != map_.end()) {
      it->second.value = value;
      it->second.expires = exp;
      lru_.splice(lru_.begin(), lru_, it->second.pos);
      return;
    }
    lru_.push_front(key);
    map_.emplace(key, Entry{value, exp, lru_.begin()});
    while (map_.size() > max_) {
      map_.erase(lru_.back());
      lru_.pop_back();
    }
  }

  void del(const std::string& key) override {
    std::lock_guard lock(m_);
    auto it = map_.find(key);
    if (it == map_.end()) return;
    lru_.erase(it->second.pos);
    map_.erase(it);
  }

  std::string backend() const override { return "memory"; }

 private:
  struct Entry {
    std::string value;
    std::chrono::steady_clock::time_point expires;
    std::list<std::string>::iterator pos;
  };
  std::size_t max_;
  std::mutex m_;
  std::list<std::string> lru_;
  std::unordered_map<std::string, Entry> map_;
};

class NullCache : public Cache {
 public:
  std::optional<std::string> get(const std::string&) override { return std::nullopt; }
  void set(const std::string&, const std::string&, std::chrono::seconds) override {}
  void del(const std::string&) override {}
  std::string backend() const override { return "none"; }
};

}  // namespace

std::unique_ptr<Cache> make_memory_cache(std::size_t max_entries) {
  return std::make_unique<MemoryCache>(max_entries);
}
std::unique_ptr<Cache> make_null_cache() { return std::make_unique<NullCache>(); }

Counters& CacheAside::counters(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& c = counters_[name];
  if (!c) c = std::make_unique<Counters>();
  return *c;
}

void CacheAside::count(const std::string& name, bool hit) {
  Counters& c = counters(name);
  (hit ? c.hits : c.misses).fetch_add(1);
  if (observer_) observer_(name, hit);
}

void CacheAside::record(const std::string& cache_name, bool hit) { count(cache_name, hit); }

std::string CacheAside::get_or_load(const std::string& cache_name, const std::string& key,
                                    std::chrono::seconds ttl,
                                    const std::function<std::string()>& loader) {
  if (auto v = backend_.get(key)) {
    count(cache_name, true);
    return *v;
  }
  count(cache_name, false);
  std::promise<std::string> promise;
  std::shared_future<std::string> fut;
  bool leader = false;
  {
    std::lock_guard lock(mutex_);
    auto it = inflight_.find(key);
    if (it != inflight_.end()) {
      fut = it->second;
    } else {
      fut = promise.get_future().share();
      inflight_.emplace(key, fut);
      leader = true;
    }
  }
  if (!leader) return fut.get();
  try {
    std::string value = loader();
    backend_.set(key, value, ttl);
    promise.set_value(value);
    std::lock_guard lock(mutex_);
    inflight_.erase(key);
    return value;
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard lock(mutex_);
    inflight_.erase(key);
    throw;
  }
}

std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> CacheAside::stats() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
  for (const auto& [k, v] : counters_) out[k] = {v->hits.load(), v->misses.load()};
  return out;
}

}  // namespace edu::cache
