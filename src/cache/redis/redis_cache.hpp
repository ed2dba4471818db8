// The Cache interface on Redis (INFRA.md §1.9): shared by every server instance. Keys come
// from the callers already in the contract's families and hash-tagged (`bnccq:{<sha256>}`,
// `nlp:{<sha256>}`), so each lives in one cluster slot; every SET carries the caller's TTL.
// Like every Cache, it never throws: a Redis error is a miss (get) or a no-op (set/del).
#pragma once
#include <memory>

#include "cache/cache.hpp"

namespace edu::redis {
class Client;
}

namespace edu::cache {

std::unique_ptr<Cache> make_redis_cache(redis::Client& client);

}  // namespace edu::cache
