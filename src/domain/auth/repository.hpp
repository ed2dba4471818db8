// SQL for accounts: users, password-reset tokens, the mail delivery log and failed-login
// counters (tables of migration 0002). Sessions and revocations live behind
// security::SessionStore instead, because they get a Redis front later.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/auth/model.hpp"

namespace edu::auth {

class UserRepository {
 public:
  explicit UserRepository(db::Database& db) : db_(db) {}

  // By lower-cased e-mail / id; always on the primary (authentication reads, INFRA.md §1.8).
  std::optional<User> find_by_email(const std::string& email_lower);
  std::optional<User> find_by_id(const std::string& id);
  // Inserts; throws db::UniqueViolation when the e-mail exists.
  void insert(const User& u);
  void record_login(const std::string& id, Micros at, const std::optional<std::string>& new_hash);
  void set_password(db::Executor& ex, const std::string& id, const std::string& hash, Micros at);
  // Out-of-band administration (CLI): returns false when no such user.
  bool set_active(const std::string& email_lower, bool active, Micros at);
  bool set_role(const std::string& email_lower, const std::string& role, Micros at);

 private:
  db::Database& db_;
};

struct ResetToken {
  std::string id;
  std::string user_id;
  Micros expires_at = 0;
};

class ResetTokenRepository {
 public:
  explicit ResetTokenRepository(db::Database& db) : db_(db) {}
  std::int64_t count_created_since(const std::string& user_id, Micros since);
  // Invalidates the user's unused tokens and stores the new one, atomically.
  void replace(const std::string& user_id, const std::string& id, const std::string& token_hash,
               Micros created_at, Micros expires_at);
  // An unused, unexpired token by hash.
  std::optional<ResetToken> find_usable(const std::string& token_hash, Micros now);
  // Marks it used when still unused; false when someone else used it first.
  bool consume(db::Executor& ex, const std::string& id, Micros now);

 private:
  db::Database& db_;
};

class MailLogRepository {
 public:
  explicit MailLogRepository(db::Database& db) : db_(db) {}
  void record(const std::string& kind, const std::string& recipient, const std::string& subject,
              const std::string& transport, const std::string& status, const std::string& error);

 private:
  db::Database& db_;
};

// Failed-login counters in fixed windows, keyed by "acct:<email>" / "ip:<address>".
class LoginFailureRepository {
 public:
  explicit LoginFailureRepository(db::Database& db) : db_(db) {}
  // (failures, window start) of a key, when a row exists.
  std::optional<std::pair<int, Micros>> get(const std::string& key);
  // Counts one failure: starts a new window when the old one ended before `now - window`.
  void record_failure(const std::string& key, Micros now, Micros window);
  void reset(const std::string& key);

 private:
  db::Database& db_;
};

}  // namespace edu::auth
