// Intervention plans: the record, its enumerations (API.md §3.11) and the pure review rules
// (API.md §5.1 needs_review, §5.2 pending-review priority, §5.3 days_remaining). Kept free of
// SQL and HTTP so the rules are unit-tested on their own.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::plans {

inline constexpr std::array<std::string_view, 5> kStatuses = {"draft", "active", "paused",
                                                              "completed", "cancelled"};
inline constexpr std::array<std::string_view, 5> kFrequencies = {"daily", "weekly", "biweekly",
                                                                 "monthly", "quarterly"};
inline constexpr std::array<std::string_view, 3> kPriorities = {"high", "medium", "low"};

bool is_status(std::string_view s);
// Portuguese label of a status, used in notification texts ("Rascunho", "Ativo"...).
std::string_view status_label(std::string_view status);
// Review threshold in days of a frequency (weekly 7...); unknown → 7.
int review_threshold_days(std::string_view frequency);

struct ProgressNote {
  std::string date;  // ISO timestamp
  std::string professional_id;
  std::string content;
  std::optional<std::string> challenges, successes, next_steps;
};

struct Plan {
  std::string id;
  std::string student_id;
  std::string created_by_id;
  std::string title;
  std::string objective;
  std::optional<std::string> description;
  json::value strategies = json::array{};
  json::value target_behaviors = json::array{};
  json::value success_criteria = json::object{};
  Date start_date, end_date;
  std::string review_frequency = "weekly";
  std::string status = "draft";
  std::int64_t progress_percentage = 0;
  std::vector<ProgressNote> progress_notes;
  json::value required_materials;  // array or null
  json::value resources;           // object or null
  std::vector<std::string> professionals_involved_ids;
  std::string created_at, updated_at;  // ISO timestamps
  std::optional<Date> last_reviewed_at;
  bool stored_needs_review = false;  // the flag as stored (refreshed on every evaluation)
  std::string student_name;          // joined, for messages and exports
  std::optional<Date> student_birth;
  std::string student_teacher_id;

  bool involves(const std::string& professional_id) const;
};

// ---- rules (today is passed in so tests can pin it) ----

// API.md §5.1.
bool needs_review(std::string_view status, const std::optional<Date>& last_reviewed,
                  std::string_view frequency, const Date& today);
// today − last review in whole days; nullopt when never reviewed.
std::optional<std::int64_t> days_since_review(const std::optional<Date>& last_reviewed,
                                              const Date& today);
// API.md §5.2 (meaningful for active plans that need review).
std::string_view review_priority(const std::optional<Date>& last_reviewed,
                                 std::string_view frequency, const Date& today);
int priority_rank(std::string_view priority);  // high 3, medium 2, low 1
// max(0, end − today).
std::int64_t days_remaining(const Date& end, const Date& today);

// The response object (API.md §4.9 InterventionPlanResponse, key order of the contract).
json::object to_response(const Plan& p, const Date& today);

// One row of the pending-review selection (API.md §4.9 PendingReviewItem) with the values the
// exports need as well.
struct PendingItem {
  Plan plan;
  std::string priority;
  std::optional<std::int64_t> days_since;
};
json::object to_pending_json(const PendingItem& it, const Date& today);

// Orders pending items: priority high → low, then days since review descending with
// never-reviewed first, then id ascending (API.md §4.9, §1.5 tie-break).
void sort_pending(std::vector<PendingItem>& items);

}  // namespace edu::plans
