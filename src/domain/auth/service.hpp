// Account and authentication rules (API.md §2, §4.3): registration, login with brute-force
// limits, token issue/refresh rotation, logout, password reset by e-mail, and the bearer
// check every protected request makes. No SQL (repositories, SessionStore) and no HTTP parsing
// (routes.cpp, authenticator.cpp) here.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "db/database.hpp"
#include "domain/auth/model.hpp"
#include "domain/auth/repository.hpp"
#include "http/message.hpp"
#include "mail/mailer.hpp"
#include "security/jwt.hpp"
#include "security/session_store.hpp"

namespace edu::auth {

struct AuthSettings {
  std::string jwt_secret;
  int access_token_minutes = 30;
  int refresh_token_days = 7;
  int user_cache_seconds = 30;  // ≤ 60 (API.md §2.2)
  int max_failures_per_account = 5;  // 0 disables
  int max_failures_per_ip = 20;      // 0 disables
  int failure_window_seconds = 900;
  int reset_token_minutes = 60;
  int reset_mails_per_hour = 3;
  std::string password_reset_url = "http://localhost:5173/reset-password";
};

// Reset rule of API.md §2.4 (length is checked separately): "" when fine, otherwise
// "Senha deve conter ..." with the missing requirements in the contract's order.
std::string reset_password_complexity_error(std::string_view password);

// Single-threaded queue for work that must not shape the HTTP response (reset e-mails).
class BackgroundQueue {
 public:
  BackgroundQueue();
  ~BackgroundQueue();
  void post(std::function<void()> job);
  // Waits until every queued job ran (or the timeout passed).
  bool drain(std::chrono::milliseconds timeout);

 private:
  void run();
  std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::deque<std::function<void()>> jobs_;
  bool busy_ = false, stop_ = false;
  std::thread thread_;
};

class AuthService {
 public:
  AuthService(db::Database& db, security::SessionStore& sessions, mail::Mailer& mailer,
              AuthSettings settings);
  ~AuthService();

  // email_lower is already validated. Throws 400 "Email already registered".
  User register_user(const std::string& email_lower, const std::string& password,
                     const std::string& full_name, const std::string& role);
  // Throws 401 (wrong credentials / inactive) or 429 (too many failures).
  IssuedTokens login(const std::string& identifier, const std::string& password,
                     const std::string& client_ip);
  // Throws 401 "Invalid refresh token" for every failure.
  IssuedTokens refresh(const std::string& refresh_token);
  void logout(const Principal& p);
  // The caller's UserResponse data (cached ≤ user_cache_seconds).
  User current_user(const Principal& p);

  // Never reveals whether the address exists: the work happens on a background queue.
  void request_password_reset(const std::string& email_lower);
  // Throws 400 "Password reset failed: invalid or expired token".
  void confirm_password_reset(const std::string& token, const std::string& new_password);

  // Bearer check. nullopt → "Could not validate credentials".
  std::optional<Principal> authenticate_token(std::string_view token);

  // Out-of-band administration (CLI). Creates or promotes an admin account.
  User provision_admin(const std::string& email_lower, const std::string& password,
                       const std::string& full_name);
  bool set_active(const std::string& email_lower, bool active);

  const security::JwtCodec& jwt() const { return jwt_; }
  const AuthSettings& settings() const { return settings_; }
  // Lets queued background work finish (graceful shutdown).
  void drain(std::chrono::milliseconds timeout) { queue_.drain(timeout); }

 private:
  IssuedTokens issue(const User& u, const std::string& sid, Micros now, std::string* refresh_jti,
                     std::int64_t* refresh_exp);
  std::optional<User> cached_user(const std::string& id);
  void forget_user(const std::string& id);
  // Seconds until the caller may try again when a failure limit is reached, else 0.
  int throttle_wait(const std::string& account_key, const std::string& ip_key, Micros now);
  void send_reset_mail(const std::string& email_lower);

  db::Database& db_;
  security::SessionStore& sessions_;
  mail::Mailer& mailer_;
  AuthSettings settings_;
  security::JwtCodec jwt_;
  UserRepository users_;
  ResetTokenRepository resets_;
  MailLogRepository mail_log_;
  LoginFailureRepository failures_;

  struct CachedUser {
    User user;
    Micros fetched_at = 0;
  };
  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, CachedUser> cache_;
  BackgroundQueue queue_;
};

}  // namespace edu::auth
