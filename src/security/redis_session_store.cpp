// Redis-fronted session store (see redis_session_store.hpp).
#include "security/redis_session_store.hpp"

#include <atomic>
#include <mutex>

#include "cache/cache.hpp"
#include "cache/redis/client.hpp"
#include "db/database.hpp"
#include "observability/log.hpp"

namespace edu::security {
namespace {

constexpr const char* kSessionState =
    "SELECT revoked, expires_at FROM login_sessions WHERE id = $1 AND user_id = $2";
constexpr const char* kUserSessions =
    "SELECT id, expires_at FROM login_sessions WHERE user_id = $1 AND expires_at > $2";
constexpr const char* kRevokedSince =
    "SELECT id, user_id, expires_at FROM login_sessions "
    "WHERE revoked AND revoked_at >= $1 AND expires_at > $2";
constexpr const char* kRevokedJtisSince =
    "SELECT jti, expires_at FROM revoked_tokens WHERE revoked_at >= $1 AND expires_at > $2";

// A live entry never replaces a tombstone (see the header: revocation races).
const redis::Script& set_live_script() {
  static const redis::Script s(
      "if redis.call('GET', KEYS[1]) == 'R' then return 0 end\n"
      "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
      "return 1\n");
  return s;
}

constexpr Micros kResyncMargin = 5'000'000;  // revocations just before the first failure too
constexpr Micros kResyncInterval = 1'000'000;

std::string sess_key(const std::string& user_id, const std::string& sid) {
  return "sess:{" + user_id + "}:" + sid;
}
std::string revoked_key(const std::string& jti) { return "revoked:{" + jti + "}"; }
// Remaining lifetime in ms for PX, at least 1 s.
std::string ttl_ms(Micros expires_at, Micros now) {
  Micros ms = (expires_at - now) / 1000;
  return std::to_string(ms < 1000 ? 1000 : ms);
}

class RedisSessionStore final : public SessionStore {
 public:
  RedisSessionStore(db::Database& db, std::unique_ptr<SessionStore> inner, redis::Client& c,
                    cache::CacheAside* counters)
      : db_(db), inner_(std::move(inner)), c_(c), counters_(counters), seen_outages_(c.outages()) {}

  void create(const LoginSession& s) override {
    inner_->create(s);
    Micros now = now_micros();
    if (!redis_trusted(now)) return;
    guarded(now, [&] { set_live(s.user_id, s.id, s.expires_at, now); });
  }

  bool access_allowed(const std::string& user_id, const std::string& sid, const std::string& jti,
                      Micros now) override {
    bool redis_ok = redis_trusted(now);
    if (redis_ok) {
      try {
        auto rs = c_.pipeline({{"GET", sess_key(user_id, sid)}, {"EXISTS", revoked_key(jti)}});
        last_ok_.store(now);
        const auto& sess = rs[0];
        const auto& rev = rs[1];
        if (rev.type == redis::Reply::Type::Integer && rev.integer > 0) return hit(false);
        if (sess.type == redis::Reply::Type::String && sess.str == "R") return hit(false);
        if (sess.type == redis::Reply::Type::String && sess.str.size() > 1 && sess.str[0] == 'L' &&
            rev.type == redis::Reply::Type::Integer) {
          Micros exp = std::strtoll(sess.str.c_str() + 1, nullptr, 10);
          return hit(exp > now);
        }
      } catch (const redis::Error&) {
        note_failure(now);
        redis_ok = false;
      }
    }
    if (counters_) counters_->record("session", false);
    bool allowed = inner_->access_allowed(user_id, sid, jti, now);
    if (redis_ok) guarded(now, [&] { populate(user_id, sid, now); });
    return allowed;
  }

  RotateOutcome rotate(const std::string& user_id, const std::string& sid,
                       const std::string& presented_jti, const std::string& new_jti,
                       Micros new_expires_at, Micros now) override {
    auto out = inner_->rotate(user_id, sid, presented_jti, new_jti, new_expires_at, now);
    if (out == RotateOutcome::Rotated) {
      // The expiry slid: keep the cached entry in step (unless it was revoked meanwhile).
      if (redis_trusted(now)) guarded(now, [&] { set_live(user_id, sid, new_expires_at, now); });
    } else if (out == RotateOutcome::Reused) {
      tombstone_session(user_id, sid, now);
    }
    return out;
  }

  void revoke_session(const std::string& user_id, const std::string& sid, Micros now,
                      const std::string& reason) override {
    inner_->revoke_session(user_id, sid, now, reason);
    tombstone_session(user_id, sid, now);
  }

  void revoke_all_sessions(const std::string& user_id, Micros now,
                           const std::string& reason) override {
    inner_->revoke_all_sessions(user_id, now, reason);
    auto rows = db_.query(kUserSessions, {user_id, db::ts_param(now)});
    std::vector<redis::Command> cmds;
    for (const auto& row : rows.rows)
      cmds.push_back(
          {"SET", sess_key(user_id, row.text(0)), "R", "PX", ttl_ms(row.timestamp(1), now)});
    // One user's keys share the hash tag {user_id}: one slot, one pipelined round trip.
    guarded(now, [&] { check(c_.pipeline(cmds)); });
  }

  void revoke_access_token(const std::string& user_id, const std::string& jti, Micros expires_at,
                           Micros now) override {
    inner_->revoke_access_token(user_id, jti, expires_at, now);
    if (expires_at <= now) return;
    guarded(now, [&] {
      check({c_.command({"SET", revoked_key(jti), "1", "PX", ttl_ms(expires_at, now)})});
    });
  }

  void purge_expired(Micros now) override { inner_->purge_expired(now); }

  std::string backend() const override { return "redis+" + inner_->backend(); }

 private:
  bool hit(bool allowed) {
    if (counters_) counters_->record("session", true);
    return allowed;
  }

  static void check(const std::vector<redis::Reply>& rs) {
    for (const auto& r : rs)
      if (r.is_error()) throw redis::Error("redis: " + r.str.substr(0, 80));
  }

  // Runs a Redis write; a failure marks Redis as possibly stale (replayed on recovery).
  template <class Fn>
  void guarded(Micros now, Fn&& fn) {
    try {
      fn();
      last_ok_.store(now);
    } catch (const redis::Error&) {
      note_failure(now);
    }
  }

  void set_live(const std::string& user_id, const std::string& sid, Micros expires_at, Micros now) {
    if (expires_at <= now) return;
    auto r = set_live_script().run(c_, {sess_key(user_id, sid)},
                                   {"L" + std::to_string(expires_at), ttl_ms(expires_at, now)});
    check({r});
  }

  void tombstone_session(const std::string& user_id, const std::string& sid, Micros now) {
    auto row = db_.query(kSessionState, {sid, user_id}).first();
    if (!row) return;
    Micros exp = row->timestamp(1);
    if (exp <= now) return;  // expired anyway: nothing can use it
    guarded(now, [&] {
      check({c_.command({"SET", sess_key(user_id, sid), "R", "PX", ttl_ms(exp, now)})});
    });
  }

  // After a miss answered by the database: cache the session's state.
  void populate(const std::string& user_id, const std::string& sid, Micros now) {
    auto row = db_.query(kSessionState, {sid, user_id}).first();
    if (!row) return;
    Micros exp = row->timestamp(1);
    if (exp <= now) return;
    if (row->boolean(0))
      check({c_.command({"SET", sess_key(user_id, sid), "R", "PX", ttl_ms(exp, now)})});
    else
      set_live(user_id, sid, exp, now);
  }

  void note_failure(Micros now) {
    failure_gen_.fetch_add(1);
    Micros expected = 0;
    Micros since = last_ok_.load();
    suspect_since_.compare_exchange_strong(expected, since > 0 ? since : now);
  }

  // Whether Redis can be trusted for reads: no outage whose revocations are not replayed yet.
  bool redis_trusted(Micros now) {
    auto o = c_.outages();
    if (o != seen_outages_.load()) {
      // Some caller (cache, limiter, us) saw Redis go down: writes may have been lost.
      seen_outages_.store(o);
      note_failure(now);
    }
    if (suspect_since_.load() == 0) return true;
    return resync(now);
  }

  // Replays every revocation made since the outage began (minus a margin) into Redis.
  bool resync(Micros now) {
    std::unique_lock lock(resync_m_, std::try_to_lock);
    if (!lock.owns_lock()) return false;
    if (suspect_since_.load() == 0) return true;
    if (now - last_resync_attempt_ < kResyncInterval) return false;
    last_resync_attempt_ = now;
    const auto gen = failure_gen_.load();
    Micros since = suspect_since_.load() - kResyncMargin;
    try {
      if (c_.command({"PING"}).is_error()) return false;
      std::vector<redis::Command> cmds;
      for (const auto& row :
           db_.query(kRevokedSince, {db::ts_param(since), db::ts_param(now)}).rows)
        cmds.push_back(
            {"SET", sess_key(row.text(1), row.text(0)), "R", "PX", ttl_ms(row.timestamp(2), now)});
      for (const auto& row :
           db_.query(kRevokedJtisSince, {db::ts_param(since), db::ts_param(now)}).rows)
        cmds.push_back({"SET", revoked_key(row.text(0)), "1", "PX", ttl_ms(row.timestamp(1), now)});
      for (std::size_t i = 0; i < cmds.size(); i += 100) {
        std::vector<redis::Command> batch(
            cmds.begin() + static_cast<std::ptrdiff_t>(i),
            cmds.begin() + static_cast<std::ptrdiff_t>(std::min(cmds.size(), i + 100)));
        check(c_.pipeline(batch));
      }
      // Only clear the mark if nothing failed (and no outage began) while we replayed.
      if (failure_gen_.load() != gen || c_.outages() != seen_outages_.load()) return false;
      suspect_since_.store(0);
      last_ok_.store(now);
      log::info(
          "session revocations replayed into redis",
          {{"event", "redis_session_resync"}, {"entries", static_cast<std::int64_t>(cmds.size())}});
      return true;
    } catch (const redis::Error&) {
      return false;
    } catch (const std::exception&) {
      // Database trouble: stay on the database path, try again later.
      return false;
    }
  }

  db::Database& db_;
  std::unique_ptr<SessionStore> inner_;
  redis::Client& c_;
  cache::CacheAside* counters_;
  std::atomic<std::uint64_t> seen_outages_;
  std::atomic<Micros> suspect_since_{0};
  std::atomic<std::uint64_t> failure_gen_{0};
  std::atomic<Micros> last_ok_{0};
  std::mutex resync_m_;
  Micros last_resync_attempt_ = 0;
};

}  // namespace

std::unique_ptr<SessionStore> make_redis_session_store(db::Database& db,
                                                       std::unique_ptr<SessionStore> authoritative,
                                                       redis::Client& client,
                                                       cache::CacheAside* counters) {
  return std::make_unique<RedisSessionStore>(db, std::move(authoritative), client, counters);
}

}  // namespace edu::security
