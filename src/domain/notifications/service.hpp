// Notification rules: the caller's inbox (API.md §4.11.1–§4.11.6) and delivery of trigger
// events to their recipients with de-duplication (API.md §4.11.7). Knows no SQL and no HTTP.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/notifications/model.hpp"
#include "domain/notifications/repository.hpp"

namespace edu::notifications {

class Service {
 public:
  Service(db::Database& db, Repository& repo) : db_(db), repo_(repo) {}

  // ---- inbox (scoped to the caller) ----
  json::object list(const std::string& user_id, const ListFilter& f);
  std::int64_t unread_count(const std::string& user_id);
  json::object stats(const std::string& user_id);
  json::object set_read(const std::string& id, const std::string& user_id, bool read);
  json::object mark_all_read(const std::string& user_id);
  void remove(const std::string& id, const std::string& user_id);

  // ---- delivery (inside the caller's transaction) ----
  // Sends `e` about `plan_id` to R(plan) minus `exclude_user`; returns how many were created.
  int notify_plan(db::Executor& ex, const std::string& plan_id, const Event& e,
                  const std::optional<std::string>& exclude_user, Micros now);
  // Sends `e` about `plan_id` to explicit users minus `exclude_user`.
  int notify_users(db::Executor& ex, const std::vector<std::string>& users,
                   const std::string& plan_id, const Event& e,
                   const std::optional<std::string>& exclude_user, Micros now);
  std::vector<std::string> linked_users(db::Executor& ex, const std::string& professional_id) {
    return repo_.linked_users(ex, professional_id);
  }
  // Removes notifications whose expiry is more than 30 days past (sweep housekeeping).
  std::int64_t purge_expired(db::Executor& ex, Micros now);

 private:
  db::Database& db_;
  Repository& repo_;
};

}  // namespace edu::notifications
