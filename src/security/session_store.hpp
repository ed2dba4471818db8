// Login sessions and access-token revocation (API.md §2.3, INFRA.md §1.11) behind one
// interface, so that the authoritative database store can later be fronted by Redis
// (`sess:{<user_id>}:<sid>`, `revoked:{<jti>}`) without touching the auth service. Every
// method takes the user id as well as the session id because the Redis key family is
// hash-tagged by user ("revoke all sessions of a user" stays in one cluster slot).
//
// Contract for implementations: revocations are effective for every server instance on the
// next request (write the database first, then any cache); reads used for authentication go
// to the primary, never a replica.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/time.hpp"

namespace edu::db {
class Database;
}

namespace edu::security {

struct LoginSession {
  std::string id;  // sid
  std::string user_id;
  std::string current_refresh_jti;
  Micros created_at = 0;
  Micros expires_at = 0;  // slides on every refresh
  bool revoked = false;
  std::string client_ip;
};

enum class RotateOutcome {
  Rotated,  // the presented jti was current: the session now holds the new one
  Reused,   // live session, stale jti: the session has been revoked (reuse detection)
  Invalid,  // unknown, revoked or expired session, or another user's session
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual void create(const LoginSession& s) = 0;
  // The check on every authenticated request: the session is live (exists for this user, not
  // revoked, not expired) and the access token's jti is not revoked.
  virtual bool access_allowed(const std::string& user_id, const std::string& sid,
                              const std::string& jti, Micros now) = 0;
  // Refresh rotation with reuse detection (single-use refresh tokens).
  virtual RotateOutcome rotate(const std::string& user_id, const std::string& sid,
                               const std::string& presented_jti, const std::string& new_jti,
                               Micros new_expires_at, Micros now) = 0;
  virtual void revoke_session(const std::string& user_id, const std::string& sid, Micros now,
                              const std::string& reason) = 0;
  virtual void revoke_all_sessions(const std::string& user_id, Micros now,
                                   const std::string& reason) = 0;
  // Adds an access token's jti to the revocation list until `expires_at`.
  virtual void revoke_access_token(const std::string& user_id, const std::string& jti,
                                   Micros expires_at, Micros now) = 0;
  // Drops revocation entries whose tokens have expired anyway.
  virtual void purge_expired(Micros now) = 0;
  virtual std::string backend() const = 0;
};

// The authoritative store in the service database (tables of migration 0002).
std::unique_ptr<SessionStore> make_database_session_store(db::Database& db);

}  // namespace edu::security
