// Login sessions and revocations fronted by Redis (INFRA.md §1.11). The database store stays
// authoritative and is written first; Redis then holds what the per-request check needs:
//   sess:{<user_id>}:<sid>  "L<expires_at µs>" (live) or "R" (revoked tombstone),
//                           TTL = remaining session lifetime;
//   revoked:{<jti>}         "1", TTL = remaining access-token lifetime.
// `access_allowed` (every authenticated request) is answered from Redis when both keys are
// conclusive; a missing session key or any Redis error falls back to the database (and
// re-populates the key), counted as a "session" cache miss.
//
// Races and outages: a live entry is only ever written with a script that refuses to replace
// a tombstone, so a request that read "live" from the database just before a revocation cannot
// resurrect the session. If Redis was unreachable while revocations were written (they reached
// the database only), the next successful contact replays every revocation made since the
// outage began from the database into Redis before trusting it again.
#pragma once
#include <memory>

#include "security/session_store.hpp"

namespace edu::redis {
class Client;
}
namespace edu::cache {
class CacheAside;
}

namespace edu::security {

// `authoritative` is the database store; `counters` (may be null) records "session" hits/misses.
std::unique_ptr<SessionStore> make_redis_session_store(db::Database& db,
                                                       std::unique_ptr<SessionStore> authoritative,
                                                       redis::Client& client,
                                                       cache::CacheAside* counters);

}  // namespace edu::security
