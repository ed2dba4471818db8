// Notification inbox and delivery (API.md §4.11).
#include "domain/notifications/service.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/ids.hpp"

namespace edu::notifications {
namespace {
constexpr Micros kSecond = 1'000'000;
constexpr Micros kHour = 3600 * kSecond;
constexpr Micros kDayMicros = 24 * kHour;
const char* kNotFound = "Notification not found or unauthorized";
}  // namespace

json::object Service::list(const std::string& user_id, const ListFilter& f) {
  Micros now = now_micros();
  std::int64_t total = 0;
  auto items = repo_.list(db_, user_id, f, now, total);
  std::int64_t unread = repo_.unread_count(db_, user_id, now);
  json::array arr;
  for (const auto& n : items) arr.push_back(to_response(n, now));
  bool has_more = f.skip + static_cast<std::int64_t>(items.size()) < total;
  return json::object{{"items", std::move(arr)},
                      {"total", total},
                      {"unread_count", unread},
                      {"has_more", has_more}};
}

std::int64_t Service::unread_count(const std::string& user_id) {
  return repo_.unread_count(db_, user_id, now_micros());
}

json::object Service::stats(const std::string& user_id) {
  auto s = repo_.stats(db_, user_id, now_micros());
  json::object by_type, by_priority;
  for (const auto& [k, n] : s.by_type) by_type[k] = n;
  for (const auto& [k, n] : s.by_priority) by_priority[k] = n;
  return json::object{{"total", s.total},
                      {"unread", s.unread},
                      {"by_type", std::move(by_type)},
                      {"by_priority", std::move(by_priority)},
                      {"urgent_count", s.urgent_unread}};
}

json::object Service::set_read(const std::string& id, const std::string& user_id, bool read) {
  Micros now = now_micros();
  if (!repo_.set_read(db_, id, user_id, read, now)) throw not_found(kNotFound);
  auto n = repo_.find(db_, id, user_id);
  if (!n) throw not_found(kNotFound);
  return to_response(*n, now);
}

json::object Service::mark_all_read(const std::string& user_id) {
  std::int64_t n = repo_.mark_all_read(db_, user_id, now_micros());
  return json::object{{"updated_count", n},
                      {"message", std::to_string(n) + " notifications marked as read"}};
}

void Service::remove(const std::string& id, const std::string& user_id) {
  if (!repo_.remove(db_, id, user_id)) throw not_found(kNotFound);
}

int Service::notify_plan(db::Executor& ex, const std::string& plan_id, const Event& e,
                         const std::optional<std::string>& exclude_user, Micros now) {
  return notify_users(ex, repo_.plan_recipients(ex, plan_id), plan_id, e, exclude_user, now);
}

int Service::notify_users(db::Executor& ex, const std::vector<std::string>& users_in,
                          const std::string& plan_id, const Event& e,
                          const std::optional<std::string>& exclude_user, Micros now) {
  std::vector<std::string> users = users_in;
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  int created = 0;
  for (const auto& u : users) {
    if (exclude_user && u == *exclude_user) continue;
    if (e.dedup_hours > 0 && repo_.exists_since(ex, plan_id, u, e.type, now - e.dedup_hours * kHour))
      continue;
    Notification n;
    n.id = new_uuid_v7();
    n.user_id = u;
    n.type = e.type;
    n.priority = e.priority;
    n.title = e.title;
    n.message = e.message;
    n.intervention_plan_id = plan_id;
    n.action_url = "/intervention-plans/" + plan_id;
    n.created_at = now;
    n.expires_at = now + e.expires_days * kDayMicros;
    repo_.insert(ex, n);
    ++created;
  }
  return created;
}

std::int64_t Service::purge_expired(db::Executor& ex, Micros now) {
  return repo_.delete_expired_before(ex, now - 30 * kDayMicros);
}

}  // namespace edu::notifications
