// Notifications: the record, its enumerations (API.md §3.13) and the texts of the trigger
// events (API.md §4.11.7). Pure functions only — the review-event selection is unit-tested.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::notifications {

inline constexpr std::array<std::string_view, 7> kTypes = {
    "review_overdue", "review_due_soon", "plan_created", "plan_updated",
    "plan_reviewed",  "high_priority",   "system"};
inline constexpr std::array<std::string_view, 4> kPriorities = {"low", "medium", "high", "urgent"};

int priority_rank(std::string_view p);  // urgent 4 > high 3 > medium 2 > low 1

struct Notification {
  std::string id;
  std::string user_id;
  std::string type;
  std::string priority = "medium";
  std::string title;
  std::string message;
  std::optional<std::string> intervention_plan_id;
  std::optional<std::string> action_url;
  bool is_read = false;
  std::optional<Micros> read_at;
  Micros created_at = 0;
  std::optional<Micros> expires_at;
};

bool is_expired(const Notification& n, Micros now);
json::object to_response(const Notification& n, Micros now);

// A notification to be sent to the recipients of an event.
struct Event {
  std::string type;
  std::string priority;
  std::string title;
  std::string message;
  int expires_days = 30;
  // Review events are de-duplicated per plan, recipient and type within this window
  // (0 = request events, never de-duplicated).
  int dedup_hours = 0;
};

inline constexpr int kDay = 24;

Event plan_created_event(std::string_view title, std::string_view student);
Event status_changed_event(std::string_view title, std::string_view old_status,
                           std::string_view new_status);
Event plan_updated_event(std::string_view title);
Event progress_recorded_event(std::string_view title);
Event professional_added_event(std::string_view title, std::string_view student);

// The review event due for a plan now (API.md §4.11.7: pending, overdue, critically overdue,
// due soon), or nullopt. Only active plans produce one.
std::optional<Event> review_event(std::string_view status, const std::optional<Date>& last_reviewed,
                                  std::string_view frequency, const Date& today,
                                  std::string_view title, std::string_view student);

}  // namespace edu::notifications
