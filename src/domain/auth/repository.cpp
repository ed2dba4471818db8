// Account SQL. Timestamps travel as ISO text params; booleans as bool params.
#include "domain/auth/repository.hpp"

#include "core/ids.hpp"

namespace edu::auth {
namespace {

constexpr const char* kUserColumns =
    "id, email, hashed_password, full_name, role, is_active, is_verified, phone, avatar_url, bio, "
    "institution, last_login, created_at, updated_at";

User user_from_row(const db::Row& r) {
  User u;
  u.id = r.text(0);
  u.email = r.text(1);
  u.hashed_password = r.text(2);
  u.full_name = r.text(3);
  u.role = r.text(4);
  u.is_active = r.boolean(5);
  u.is_verified = r.boolean(6);
  u.phone = r.opt_text(7);
  u.avatar_url = r.opt_text(8);
  u.bio = r.opt_text(9);
  u.institution = r.opt_text(10);
  u.last_login = r.opt_timestamp(11);
  u.created_at = r.timestamp(12);
  u.updated_at = r.timestamp(13);
  return u;
}

}  // namespace

std::optional<User> UserRepository::find_by_email(const std::string& email_lower) {
  auto res = db_.query(std::string("SELECT ") + kUserColumns +
                           " FROM users WHERE lower(email) = $1",
                       {email_lower});
  if (res.empty()) return std::nullopt;
  return user_from_row(res.rows.front());
}

std::optional<User> UserRepository::find_by_id(const std::string& id) {
  auto res = db_.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", {id});
  if (res.empty()) return std::nullopt;
  return user_from_row(res.rows.front());
}

void UserRepository::insert(const User& u) {
  db_.query(
      "INSERT INTO users (id, email, hashed_password, full_name, role, is_active, is_verified, "
      "phone, avatar_url, bio, institution, last_login, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
      {u.id, u.email, u.hashed_password, u.full_name, u.role, u.is_active, u.is_verified,
       db::opt(u.phone), db::opt(u.avatar_url), db::opt(u.bio), db::opt(u.institution),
       u.last_login ? db::ts_param(*u.last_login) : db::null(), db::ts_param(u.created_at),
       db::ts_param(u.updated_at)});
}

void UserRepository::record_login(const std::string& id, Micros at,
                                  const std::optional<std::string>& new_hash) {
  // last_login is bookkeeping, not a profile change: updated_at is left alone.
  if (new_hash)
    db_.query("UPDATE users SET last_login = $2, hashed_password = $3 WHERE id = $1",
              {id, db::ts_param(at), *new_hash});
  else
    db_.query("UPDATE users SET last_login = $2 WHERE id = $1", {id, db::ts_param(at)});
}

void UserRepository::set_password(db::Executor& ex, const std::string& id,
                                  const std::string& hash, Micros at) {
  ex.query("UPDATE users SET hashed_password = $2, updated_at = $3 WHERE id = $1",
           {id, hash, db::ts_param(at)});
}

bool UserRepository::set_active(const std::string& email_lower, bool active, Micros at) {
  auto r = db_.query("UPDATE users SET is_active = $2, updated_at = $3 WHERE lower(email) = $1",
                     {email_lower, active, db::ts_param(at)});
  return r.affected > 0;
}

bool UserRepository::set_role(const std::string& email_lower, const std::string& role, Micros at) {
  auto r = db_.query("UPDATE users SET role = $2, updated_at = $3 WHERE lower(email) = $1",
                     {email_lower, role, db::ts_param(at)});
  return r.affected > 0;
}

// ---------------------------------------------------------------- reset tokens

std::int64_t ResetTokenRepository::count_created_since(const std::string& user_id, Micros since) {
  auto r = db_.query(
      "SELECT COUNT(*) FROM password_reset_tokens WHERE user_id = $1 AND created_at > $2",
      {user_id, db::ts_param(since)});
  return r.one().integer(0);
}

void ResetTokenRepository::replace(const std::string& user_id, const std::string& id,
                                   const std::string& token_hash, Micros created_at,
                                   Micros expires_at) {
  db_.transaction([&](db::Executor& tx) {
    tx.query("UPDATE password_reset_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
             {user_id, db::ts_param(created_at)});
    tx.query(
        "INSERT INTO password_reset_tokens (id, user_id, token_hash, created_at, expires_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {id, user_id, token_hash, db::ts_param(created_at), db::ts_param(expires_at)});
  });
}

std::optional<ResetToken> ResetTokenRepository::find_usable(const std::string& token_hash,
                                                            Micros now) {
  auto r = db_.query(
      "SELECT id, user_id, expires_at FROM password_reset_tokens WHERE token_hash = $1 "
      "AND used_at IS NULL AND expires_at > $2",
      {token_hash, db::ts_param(now)});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  return ResetToken{row.text(0), row.text(1), row.timestamp(2)};
}

bool ResetTokenRepository::consume(db::Executor& ex, const std::string& id, Micros now) {
  auto r = ex.query(
      "UPDATE password_reset_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL "
      "AND expires_at > $2",
      {id, db::ts_param(now)});
  return r.affected == 1;
}

// ---------------------------------------------------------------- mail log

void MailLogRepository::record(const std::string& kind, const std::string& recipient,
                               const std::string& subject, const std::string& transport,
                               const std::string& status, const std::string& error) {
  db_.query(
      "INSERT INTO mail_outbox (id, kind, recipient, subject, transport, status, error, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {new_uuid_v7(), kind, recipient, subject, transport, status,
       error.empty() ? db::null() : db::Param(error), db::ts_param(now_micros())});
}

// ---------------------------------------------------------------- login failures

std::optional<std::pair<int, Micros>> LoginFailureRepository::get(const std::string& key) {
  auto r = db_.query("SELECT failures, window_started_at FROM login_failures WHERE scope_key = $1",
                     {key});
  if (r.empty()) return std::nullopt;
  return std::make_pair(static_cast<int>(r.rows.front().integer(0)), r.rows.front().timestamp(1));
}

void LoginFailureRepository::record_failure(const std::string& key, Micros now, Micros window) {
  // One statement, atomic on both dialects: a window that ended restarts at 1.
  db_.query(
      "INSERT INTO login_failures (scope_key, failures, window_started_at) VALUES ($1, 1, $2) "
      "ON CONFLICT (scope_key) DO UPDATE SET "
      "failures = CASE WHEN login_failures.window_started_at <= $3 THEN 1 "
      "ELSE login_failures.failures + 1 END, "
      "window_started_at = CASE WHEN login_failures.window_started_at <= $3 THEN $2 "
      "ELSE login_failures.window_started_at END",
      {key, db::ts_param(now), db::ts_param(now - window)});
}

void LoginFailureRepository::reset(const std::string& key) {
  db_.query("DELETE FROM login_failures WHERE scope_key = $1", {key});
}

}  // namespace edu::auth
