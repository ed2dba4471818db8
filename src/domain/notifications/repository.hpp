// SQL of notifications and of their recipients (users linked to plans). Every method takes the
// executor to run on, so that callers can group writes in one transaction (and the sweep can
// run on the connection that holds the advisory lock).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/notifications/model.hpp"

namespace edu::notifications {

struct ListFilter {
  bool unread_only = false;
  std::optional<std::string> type;
  std::optional<std::string> priority;
  std::int64_t skip = 0;
  std::int64_t limit = 50;
};

struct Stats {
  std::int64_t total = 0, unread = 0, urgent_unread = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_type, by_priority;  // enum order, n ≥ 1
};

class Repository {
 public:
  void insert(db::Executor& ex, const Notification& n);
  // The caller's non-expired notifications matching the filter, and their count.
  std::vector<Notification> list(db::Executor& ex, const std::string& user_id, const ListFilter& f,
                                 Micros now, std::int64_t& total);
  std::int64_t unread_count(db::Executor& ex, const std::string& user_id, Micros now);
  Stats stats(db::Executor& ex, const std::string& user_id, Micros now);
  std::optional<Notification> find(db::Executor& ex, const std::string& id,
                                   const std::string& user_id);
  // Marks read (keeping an existing read_at) or unread; false when not found / not owned.
  bool set_read(db::Executor& ex, const std::string& id, const std::string& user_id, bool read,
                Micros now);
  std::int64_t mark_all_read(db::Executor& ex, const std::string& user_id, Micros now);
  bool remove(db::Executor& ex, const std::string& id, const std::string& user_id);

  // Whether `user_id` got a notification of `type` about `plan_id` at or after `since`.
  bool exists_since(db::Executor& ex, const std::string& plan_id, const std::string& user_id,
                    const std::string& type, Micros since);
  std::int64_t delete_expired_before(db::Executor& ex, Micros cutoff);

  // R(plan) of API.md §4.11.7: the active owner of the plan's student and the active users
  // linked (same e-mail) to the plan's creator and involved professionals; distinct, sorted.
  std::vector<std::string> plan_recipients(db::Executor& ex, const std::string& plan_id);
  // Active users linked to one professional.
  std::vector<std::string> linked_users(db::Executor& ex, const std::string& professional_id);
};

}  // namespace edu::notifications
