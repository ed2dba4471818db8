// Intervention-plan rules (API.md §4.9, §5.1–§5.3): existence and permission checks in the
// contract's order, the date rule, progress notes, status changes, involvement, the
// pending-review selection and statistics, the needs_review flag kept in step with the rule,
// and the notification triggers (API.md §4.11.7). Knows no SQL and no HTTP.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/intervention_plans/model.hpp"
#include "domain/intervention_plans/repository.hpp"
#include "domain/notifications/service.hpp"

namespace edu::plans {

// Who is acting: the acting professional (X-Professional-ID or user id) and the user.
struct Actor {
  std::string professional_id;
  std::string user_id;
};

struct CreateInput {
  std::string student_id, title, objective;
  std::optional<std::string> description;
  json::value strategies, target_behaviors, success_criteria;
  std::vector<std::string> professionals_involved_ids;
  Date start_date, end_date;
  std::string review_frequency = "weekly";
  json::value required_materials, resources;  // null when absent
};

struct NoteInput {
  std::string note;
  std::optional<std::int64_t> progress_percentage;
  std::optional<std::string> challenges, successes, next_steps;
};

struct PendingSelection {
  std::vector<PendingItem> items;  // filtered and sorted, before skip/limit
  std::int64_t high = 0, medium = 0, low = 0;
};

struct SweepStats {
  std::int64_t plans = 0, notifications = 0, flags_changed = 0;
};

class Service {
 public:
  Service(db::Database& db, Repository& repo, notifications::Service& notes)
      : db_(db), repo_(repo), notes_(notes) {}

  json::object create(const CreateInput& in, const Actor& actor);
  json::object get(const std::string& id);
  json::object list(const ListFilter& f);
  json::object update(const std::string& id, const PlanPatch& patch, const Actor& actor);
  void remove(const std::string& id, const Actor& actor);
  json::object add_note(const std::string& id, const NoteInput& in, const Actor& actor);
  json::object change_status(const std::string& id, const std::string& status, const Actor& actor);
  json::object add_professional(const std::string& id, const std::string& professional_id,
                                const Actor& actor);
  json::object remove_professional(const std::string& id, const std::string& professional_id,
                                   const Actor& actor);

  // Active plans needing review (optionally of one professional), priority-filtered, sorted;
  // `narrative`: with the narrative columns (exports print the description), else without.
  PendingSelection pending(const std::optional<std::string>& professional,
                           const std::optional<std::string>& priority, bool narrative = false);
  json::object pending_review(const std::optional<std::string>& professional,
                              const std::optional<std::string>& priority, std::int64_t skip,
                              std::int64_t limit);
  json::object statistics();

  // The periodic review sweep over all active plans (runs on the executor holding the lock).
  SweepStats sweep_reviews(db::Executor& ex, Micros now);

 private:
  // Brings the stored needs_review flags of `plans` in line with the rule; a false→true
  // transition sends the review notification (API.md §4.9, §4.11.7 (a)).
  void settle_flags(std::vector<Plan>& plans, const Date& today);
  void settle_flag(db::Executor& ex, const Plan& p, const Date& today, Micros now);
  Plan load_locked(db::Executor& ex, const std::string& id);

  db::Database& db_;
  Repository& repo_;
  notifications::Service& notes_;
};

}  // namespace edu::plans
