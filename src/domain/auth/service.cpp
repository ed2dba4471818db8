// Account and authentication rules.
#include "domain/auth/service.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "domain/auth/email.hpp"
#include "observability/log.hpp"
#include "security/passwords.hpp"

namespace edu::auth {
namespace {

constexpr Micros kSecond = 1'000'000;

HttpError invalid_refresh() { return unauthorized("Invalid refresh token"); }

HttpError too_many_attempts(int wait_seconds) {
  HttpError e(429, json::value("Rate limit exceeded"));
  e.extra["retry_after"] = wait_seconds;
  e.headers.emplace_back("Retry-After", std::to_string(wait_seconds));
  return e;
}

// Latin-1 supplement letters in UTF-8 (0xC3 0x80..0xBF) count as upper/lower case too, so
// that "SENHÃ" has an upper-case letter as the legacy str.isupper() check said.
bool latin1_upper(unsigned char lead, unsigned char next) {
  return lead == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97;
}
bool latin1_lower(unsigned char lead, unsigned char next) {
  return lead == 0xC3 && next >= 0x9F && next <= 0xBF && next != 0xB7;
}

}  // namespace

std::string reset_password_complexity_error(std::string_view pw) {
  static constexpr std::string_view kSpecial = "!@#$%^&*()_+-=[]{}|;:,.<>?";
  bool upper = false, lower = false, digit = false, special = false;
  for (std::size_t i = 0; i < pw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(pw[i]);
    unsigned char n = i + 1 < pw.size() ? static_cast<unsigned char>(pw[i + 1]) : 0;
    if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (kSpecial.find(static_cast<char>(c)) != std::string_view::npos) special = true;
    else if (latin1_upper(c, n)) upper = true;
    else if (latin1_lower(c, n)) lower = true;
  }
  std::vector<std::string> missing;
  if (!upper) missing.emplace_back("deve conter pelo menos uma letra maiúscula");
  if (!lower) missing.emplace_back("deve conter pelo menos uma letra minúscula");
  if (!digit) missing.emplace_back("deve conter pelo menos um número");
  if (!special) missing.emplace_back("deve conter pelo menos um caractere especial");
  if (missing.empty()) return {};
  std::string msg = "Senha ";
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (i) msg += ", ";
    msg += missing[i];
  }
  return msg;
}

// ---------------------------------------------------------------- BackgroundQueue

BackgroundQueue::BackgroundQueue() : thread_([this] { run(); }) {}

BackgroundQueue::~BackgroundQueue() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BackgroundQueue::post(std::function<void()> job) {
  {
    std::lock_guard lk(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

bool BackgroundQueue::drain(std::chrono::milliseconds timeout) {
  std::unique_lock lk(mu_);
  return idle_cv_.wait_for(lk, timeout, [&] { return jobs_.empty() && !busy_; });
}

void BackgroundQueue::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping and nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
      busy_ = true;
    }
    try {
      job();
    } catch (const std::exception& e) {
      log::error("background job failed", {{"event", "background_job_failed"}, {"error", e.what()}});
    }
    {
      std::lock_guard lk(mu_);
      busy_ = false;
    }
    idle_cv_.notify_all();
  }
}

// ---------------------------------------------------------------- AuthService

AuthService::AuthService(db::Database& db, security::SessionStore& sessions, mail::Mailer& mailer,
                         AuthSettings settings)
    : db_(db),
      sessions_(sessions),
      mailer_(mailer),
      settings_(std::move(settings)),
      jwt_(settings_.jwt_secret),
      users_(db),
      resets_(db),
      mail_log_(db),
      failures_(db) {}

AuthService::~AuthService() { queue_.drain(std::chrono::seconds(5)); }

User AuthService::register_user(const std::string& email_lower, const std::string& password,
                                const std::string& full_name, const std::string& role) {
  if (users_.find_by_email(email_lower)) throw bad_request("Email already registered");
  Micros now = now_micros();
  User u;
  u.id = new_uuid_v7();
  u.email = email_lower;
  u.hashed_password = security::hash_password(password);
  u.full_name = full_name;
  u.role = role;
  u.is_active = true;
  u.is_verified = false;
  u.created_at = now;
  u.updated_at = now;
  try {
    users_.insert(u);
  } catch (const db::UniqueViolation&) {
    throw bad_request("Email already registered");  // a concurrent registration won
  }
  log::info("user registered", {{"event", "user_registered"}, {"user_id", u.id}, {"role", u.role}});
  return u;
}

int AuthService::throttle_wait(const std::string& account_key, const std::string& ip_key,
                               Micros now) {
  Micros window = static_cast<Micros>(settings_.failure_window_seconds) * kSecond;
  int wait = 0;
  auto check = [&](const std::string& key, int limit) {
    if (limit <= 0) return;
    auto row = failures_.get(key);
    if (!row || row->first < limit) return;
    Micros ends = row->second + window;
    if (ends <= now) return;
    int w = static_cast<int>((ends - now + kSecond - 1) / kSecond);
    wait = std::max(wait, std::max(w, 1));
  };
  check(account_key, settings_.max_failures_per_account);
  check(ip_key, settings_.max_failures_per_ip);
  return wait;
}

IssuedTokens AuthService::issue(const User& u, const std::string& sid, Micros now,
                                std::string* refresh_jti, std::int64_t* refresh_exp) {
  std::int64_t iat = now / kSecond;
  security::TokenClaims a;
  a.sub = u.email;
  a.user_id = u.id;
  a.role = u.role;
  a.type = "access";
  a.sid = sid;
  a.jti = new_uuid_v4();
  a.iat = iat;
  a.exp = iat + static_cast<std::int64_t>(settings_.access_token_minutes) * 60;
  security::TokenClaims r = a;
  r.type = "refresh";
  r.jti = new_uuid_v4();
  r.exp = iat + static_cast<std::int64_t>(settings_.refresh_token_days) * 86400;
  IssuedTokens t;
  t.access_token = jwt_.sign(a);
  t.refresh_token = jwt_.sign(r);
  t.expires_in = settings_.access_token_minutes * 60;
  t.user = u;
  *refresh_jti = r.jti;
  *refresh_exp = r.exp;
  return t;
}

IssuedTokens AuthService::login(const std::string& identifier, const std::string& password,
                                const std::string& client_ip) {
  Micros now = now_micros();
  std::string ident = normalize_email(identifier);
  std::string account_key = "acct:" + ident;
  std::string ip_key = "ip:" + client_ip;
  if (int wait = throttle_wait(account_key, ip_key, now); wait > 0) {
    log::warn("login throttled", {{"event", "login_throttled"}, {"client_ip", client_ip}});
    throw too_many_attempts(wait);
  }
  // No stored e-mail can contain NUL or exceed 254 characters (registration rules): such an
  // identifier is an unknown user without asking the database (which may reject NUL bytes).
  std::optional<User> user;
  if (ident.size() <= 254 && ident.find('\0') == std::string::npos) user = users_.find_by_email(ident);
  security::PasswordCheck pc;
  if (user)
    pc = security::verify_password(password, user->hashed_password);
  else
    security::burn_verification_time(password);  // same cost as a wrong password
  if (!pc.ok) {
    Micros window = static_cast<Micros>(settings_.failure_window_seconds) * kSecond;
    if (settings_.max_failures_per_account > 0) failures_.record_failure(account_key, now, window);
    if (settings_.max_failures_per_ip > 0) failures_.record_failure(ip_key, now, window);
    log::info("login failed", {{"event", "login_failed"}, {"client_ip", client_ip}});
    throw unauthorized("Incorrect email or password");
  }
  if (!user->is_active) throw unauthorized("Inactive user account");
  if (settings_.max_failures_per_account > 0) failures_.reset(account_key);

  std::optional<std::string> new_hash;
  if (pc.needs_rehash) new_hash = security::hash_password(password);
  std::string sid = new_uuid_v7();
  std::string refresh_jti;
  std::int64_t refresh_exp = 0;
  IssuedTokens t = issue(*user, sid, now, &refresh_jti, &refresh_exp);
  security::LoginSession s;
  s.id = sid;
  s.user_id = user->id;
  s.current_refresh_jti = refresh_jti;
  s.created_at = now;
  s.expires_at = refresh_exp * kSecond;
  s.client_ip = client_ip;
  sessions_.create(s);
  users_.record_login(user->id, now, new_hash);
  forget_user(user->id);
  t.user.last_login = now;
  if (new_hash) t.user.hashed_password = *new_hash;
  log::info("login", {{"event", "login"}, {"user_id", user->id}, {"session_id", sid},
                      {"rehashed", new_hash.has_value()}});
  return t;
}

IssuedTokens AuthService::refresh(const std::string& token) {
  Micros now = now_micros();
  security::JwtError err;
  auto c = jwt_.verify(token, now / kSecond, &err);
  if (!c || c->type != "refresh") throw invalid_refresh();
  auto uid = parse_uuid(c->user_id);
  auto sid = parse_uuid(c->sid);
  if (!uid || !sid) throw invalid_refresh();
  auto user = users_.find_by_id(*uid);
  if (!user || !user->is_active) throw invalid_refresh();
  std::string new_jti;
  std::int64_t new_exp = 0;
  IssuedTokens t = issue(*user, *sid, now, &new_jti, &new_exp);
  auto outcome = sessions_.rotate(*uid, *sid, c->jti, new_jti, new_exp * kSecond, now);
  if (outcome == security::RotateOutcome::Reused) {
    log::warn("refresh token reuse: session revoked",
              {{"event", "refresh_reuse"}, {"user_id", *uid}, {"session_id", *sid}});
    throw invalid_refresh();
  }
  if (outcome != security::RotateOutcome::Rotated) throw invalid_refresh();
  return t;
}

void AuthService::logout(const Principal& p) {
  Micros now = now_micros();
  sessions_.revoke_session(p.user_id, p.session_id, now, "logout");
  sessions_.revoke_access_token(p.user_id, p.jti, p.token_exp * kSecond, now);
  sessions_.purge_expired(now);
  log::info("logout", {{"event", "logout"}, {"user_id", p.user_id}, {"session_id", p.session_id}});
}

std::optional<User> AuthService::cached_user(const std::string& id) {
  Micros now = now_micros();
  Micros ttl = static_cast<Micros>(settings_.user_cache_seconds) * kSecond;
  if (ttl > 0) {
    std::shared_lock lk(cache_mu_);
    auto it = cache_.find(id);
    if (it != cache_.end() && now - it->second.fetched_at < ttl) return it->second.user;
  }
  auto u = users_.find_by_id(id);
  if (!u) {
    forget_user(id);
    return std::nullopt;
  }
  if (ttl > 0) {
    std::unique_lock lk(cache_mu_);
    if (cache_.size() > 100000) cache_.clear();  // bound memory; rebuilt on demand
    cache_[id] = CachedUser{*u, now};
  }
  return u;
}

void AuthService::forget_user(const std::string& id) {
  std::unique_lock lk(cache_mu_);
  cache_.erase(id);
}

User AuthService::current_user(const Principal& p) {
  auto u = cached_user(p.user_id);
  if (!u || !u->is_active) throw unauthorized("Could not validate credentials");
  return *u;
}

std::optional<Principal> AuthService::authenticate_token(std::string_view token) {
  Micros now = now_micros();
  auto c = jwt_.verify(token, now / kSecond);
  if (!c || c->type != "access") return std::nullopt;
  auto uid = parse_uuid(c->user_id);
  auto sid = parse_uuid(c->sid);
  if (!uid || !sid || c->jti.size() > 128) return std::nullopt;
  if (!sessions_.access_allowed(*uid, *sid, c->jti, now)) return std::nullopt;
  auto u = cached_user(*uid);
  if (!u || !u->is_active) return std::nullopt;
  Principal p;
  p.user_id = u->id;
  p.email = u->email;
  p.role = u->role;  // the database role is authoritative
  p.full_name = u->full_name;
  p.session_id = *sid;
  p.jti = c->jti;
  p.token_exp = c->exp;
  return p;
}

void AuthService::request_password_reset(const std::string& email_lower) {
  queue_.post([this, email_lower] { send_reset_mail(email_lower); });
}

void AuthService::send_reset_mail(const std::string& email_lower) {
  auto u = users_.find_by_email(email_lower);
  if (!u || !u->is_active) return;
  Micros now = now_micros();
  if (resets_.count_created_since(u->id, now - 3600 * kSecond) >= settings_.reset_mails_per_hour) {
    log::info("password reset e-mail limit reached",
              {{"event", "password_reset_throttled"}, {"user_id", u->id}});
    return;
  }
  std::string token = random_token(32);  // 43 base64url characters
  resets_.replace(u->id, new_uuid_v7(), sha256_hex(token), now,
                  now + static_cast<Micros>(settings_.reset_token_minutes) * 60 * kSecond);
  mail::Message m;
  m.to = u->email;
  m.to_name = u->full_name;
  m.kind = "password_reset";
  m.subject = "Redefinição de senha - EduAutismo IA";
  m.body = "Olá, " + u->full_name +
           ".\n\n"
           "Recebemos uma solicitação para redefinir a senha da sua conta no EduAutismo IA.\n"
           "Para criar uma nova senha, acesse o link abaixo (válido por 1 hora):\n\n" +
           settings_.password_reset_url + "?token=" + token +
           "\n\n"
           "Se você não solicitou a redefinição, ignore este e-mail.\n";
  auto d = mailer_.deliver(m);
  if (!d.ok)
    log::error("password reset e-mail not delivered",
               {{"event", "mail_failed"}, {"user_id", u->id}, {"transport", d.transport},
                {"error", d.error}});
  else
    log::info("password reset e-mail sent",
              {{"event", "password_reset_requested"}, {"user_id", u->id}, {"transport", d.transport}});
  mail_log_.record(m.kind, m.to, m.subject, d.transport, d.ok ? "sent" : "failed", d.error);
}

void AuthService::confirm_password_reset(const std::string& token, const std::string& new_password) {
  auto fail = [] { return bad_request("Password reset failed: invalid or expired token"); };
  Micros now = now_micros();
  auto t = resets_.find_usable(sha256_hex(token), now);
  if (!t) throw fail();
  std::string hash = security::hash_password(new_password);
  bool done = false;
  db_.transaction([&](db::Executor& tx) {
    if (!resets_.consume(tx, t->id, now)) return;  // used concurrently
    users_.set_password(tx, t->user_id, hash, now);
    done = true;
  });
  if (!done) throw fail();
  sessions_.revoke_all_sessions(t->user_id, now, "password_reset");
  forget_user(t->user_id);
  log::info("password reset", {{"event", "password_reset"}, {"user_id", t->user_id}});
}

User AuthService::provision_admin(const std::string& email_lower, const std::string& password,
                                  const std::string& full_name) {
  Micros now = now_micros();
  std::string hash = security::hash_password(password);
  if (auto existing = users_.find_by_email(email_lower)) {
    users_.set_role(email_lower, "admin", now);
    db_.transaction([&](db::Executor& tx) { users_.set_password(tx, existing->id, hash, now); });
    users_.set_active(email_lower, true, now);
    forget_user(existing->id);
    return *users_.find_by_id(existing->id);
  }
  User u;
  u.id = new_uuid_v7();
  u.email = email_lower;
  u.hashed_password = hash;
  u.full_name = full_name;
  u.role = "admin";
  u.is_active = true;
  u.is_verified = true;
  u.created_at = now;
  u.updated_at = now;
  users_.insert(u);
  return u;
}

bool AuthService::set_active(const std::string& email_lower, bool active) {
  auto u = users_.find_by_email(email_lower);
  if (!u) return false;
  users_.set_active(email_lower, active, now_micros());
  forget_user(u->id);
  return true;
}

}  // namespace edu::auth
