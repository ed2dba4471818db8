// Database implementation of the session/revocation store. The same SQL runs on both
// dialects (timestamps are ISO text params; booleans use TRUE/FALSE which SQLite ≥ 3.23 has).
#include "security/session_store.hpp"

#include "db/database.hpp"

namespace edu::security {
namespace {

constexpr const char* kInsert =
    "INSERT INTO login_sessions (id, user_id, current_refresh_jti, created_at, expires_at, "
    "last_used_at, revoked, client_ip) VALUES ($1, $2, $3, $4, $5, $4, FALSE, $6)";

constexpr const char* kAccessAllowed =
    "SELECT 1 FROM login_sessions s WHERE s.id = $1 AND s.user_id = $2 AND NOT s.revoked "
    "AND s.expires_at > $4 AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $3)";

constexpr const char* kRotate =
    "UPDATE login_sessions SET current_refresh_jti = $4, expires_at = $5, last_used_at = $6 "
    "WHERE id = $1 AND user_id = $2 AND current_refresh_jti = $3 AND NOT revoked "
    "AND expires_at > $6";

constexpr const char* kLiveSession =
    "SELECT 1 FROM login_sessions WHERE id = $1 AND user_id = $2 AND NOT revoked "
    "AND expires_at > $3";

constexpr const char* kRevokeOne =
    "UPDATE login_sessions SET revoked = TRUE, revoked_at = $3, revoked_reason = $4 "
    "WHERE id = $1 AND user_id = $2 AND NOT revoked";

constexpr const char* kRevokeAll =
    "UPDATE login_sessions SET revoked = TRUE, revoked_at = $2, revoked_reason = $3 "
    "WHERE user_id = $1 AND NOT revoked";

constexpr const char* kRevokeJti =
    "INSERT INTO revoked_tokens (jti, user_id, expires_at, revoked_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (jti) DO NOTHING";

constexpr const char* kPurgeJtis = "DELETE FROM revoked_tokens WHERE expires_at < $1";
// Sessions are kept 30 days past their expiry (who logged in from where), then dropped.
constexpr const char* kPurgeSessions = "DELETE FROM login_sessions WHERE expires_at < $1";
constexpr Micros kSessionRetention = 30LL * 86400 * 1'000'000;

class DatabaseSessionStore final : public SessionStore {
 public:
  explicit DatabaseSessionStore(db::Database& db) : db_(db) {}

  void create(const LoginSession& s) override {
    db_.query(kInsert, {s.id, s.user_id, s.current_refresh_jti, db::ts_param(s.created_at),
                        db::ts_param(s.expires_at),
                        s.client_ip.empty() ? db::null() : db::Param(s.client_ip)});
  }

  bool access_allowed(const std::string& user_id, const std::string& sid, const std::string& jti,
                      Micros now) override {
    // The primary (INFRA.md §1.8): `query`, never `query_read`.
    return !db_.query(kAccessAllowed, {sid, user_id, jti, db::ts_param(now)}).empty();
  }

  RotateOutcome rotate(const std::string& user_id, const std::string& sid,
                       const std::string& presented_jti, const std::string& new_jti,
                       Micros new_expires_at, Micros now) override {
    RotateOutcome out = RotateOutcome::Invalid;
    db_.transaction([&](db::Executor& tx) {
      auto r = tx.query(kRotate, {sid, user_id, presented_jti, new_jti,
                                  db::ts_param(new_expires_at), db::ts_param(now)});
      if (r.affected == 1) {
        out = RotateOutcome::Rotated;
        return;
      }
      // Not current: either a dead session, or a live one whose token was already used.
      if (tx.query(kLiveSession, {sid, user_id, db::ts_param(now)}).empty()) {
        out = RotateOutcome::Invalid;
        return;
      }
      tx.query(kRevokeOne, {sid, user_id, db::ts_param(now), std::string("refresh_reuse")});
      out = RotateOutcome::Reused;
    });
    return out;
  }

  void revoke_session(const std::string& user_id, const std::string& sid, Micros now,
                      const std::string& reason) override {
    db_.query(kRevokeOne, {sid, user_id, db::ts_param(now), reason});
  }

  void revoke_all_sessions(const std::string& user_id, Micros now,
                           const std::string& reason) override {
    db_.query(kRevokeAll, {user_id, db::ts_param(now), reason});
  }

  void revoke_access_token(const std::string& user_id, const std::string& jti, Micros expires_at,
                           Micros now) override {
    db_.query(kRevokeJti, {jti, user_id, db::ts_param(expires_at), db::ts_param(now)});
  }

  void purge_expired(Micros now) override {
    db_.query(kPurgeJtis, {db::ts_param(now)});
    db_.query(kPurgeSessions, {db::ts_param(now - kSessionRetention)});
  }

  std::string backend() const override { return "database"; }

 private:
  db::Database& db_;
};

}  // namespace

std::unique_ptr<SessionStore> make_database_session_store(db::Database& db) {
  return std::make_unique<DatabaseSessionStore>(db);
}

}  // namespace edu::security
