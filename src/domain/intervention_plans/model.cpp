// Pure rules of intervention plans (API.md §3.11, §5.1–§5.3) and response shapes.
#include "domain/intervention_plans/model.hpp"

#include <algorithm>

namespace edu::plans {

bool is_status(std::string_view s) {
  return std::find(kStatuses.begin(), kStatuses.end(), s) != kStatuses.end();
}

std::string_view status_label(std::string_view s) {
  if (s == "draft") return "Rascunho";
  if (s == "active") return "Ativo";
  if (s == "paused") return "Pausado";
  if (s == "completed") return "Concluído";
  if (s == "cancelled") return "Cancelado";
  return s;
}

int review_threshold_days(std::string_view f) {
  if (f == "daily") return 1;
  if (f == "weekly") return 7;
  if (f == "biweekly") return 14;
  if (f == "monthly") return 30;
  if (f == "quarterly") return 90;
  return 7;
}

bool Plan::involves(const std::string& pid) const {
  if (created_by_id == pid) return true;
  return std::find(professionals_involved_ids.begin(), professionals_involved_ids.end(), pid) !=
         professionals_involved_ids.end();
}

std::optional<std::int64_t> days_since_review(const std::optional<Date>& last, const Date& today) {
  if (!last) return std::nullopt;
  return to_days(today) - to_days(*last);
}

bool needs_review(std::string_view status, const std::optional<Date>& last,
                  std::string_view frequency, const Date& today) {
  if (status != "active") return false;
  if (!last) return true;
  return *days_since_review(last, today) >= review_threshold_days(frequency);
}

std::string_view review_priority(const std::optional<Date>& last, std::string_view frequency,
                                 const Date& today) {
  if (!last) return "high";
  auto days = *days_since_review(last, today);
  int t = review_threshold_days(frequency);
  if (days >= 2 * t) return "high";
  if (days >= t) return "medium";
  return "low";
}

int priority_rank(std::string_view p) {
  if (p == "high") return 3;
  if (p == "medium") return 2;
  return 1;
}

std::int64_t days_remaining(const Date& end, const Date& today) {
  return std::max<std::int64_t>(0, to_days(end) - to_days(today));
}

namespace {
json::value opt_str(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}
}  // namespace

json::object to_response(const Plan& p, const Date& today) {
  json::array notes;
  for (const auto& n : p.progress_notes) {
    notes.push_back(json::object{{"date", n.date},
                                 {"professional_id", n.professional_id},
                                 {"content", n.content},
                                 {"challenges", opt_str(n.challenges)},
                                 {"successes", opt_str(n.successes)},
                                 {"next_steps", opt_str(n.next_steps)}});
  }
  json::object o;
  o["id"] = p.id;
  o["student_id"] = p.student_id;
  o["created_by_id"] = p.created_by_id;
  o["title"] = p.title;
  o["objective"] = p.objective;
  o["description"] = opt_str(p.description);
  o["strategies"] = p.strategies;
  o["target_behaviors"] = p.target_behaviors;
  o["success_criteria"] = p.success_criteria;
  o["start_date"] = format_date(p.start_date);
  o["end_date"] = format_date(p.end_date);
  o["review_frequency"] = p.review_frequency;
  o["status"] = p.status;
  o["progress_percentage"] = p.progress_percentage;
  o["progress_notes"] = std::move(notes);
  o["required_materials"] = p.required_materials;
  o["resources"] = p.resources;
  o["professionals_involved_ids"] = to_json_array(p.professionals_involved_ids);
  o["created_at"] = p.created_at;
  o["updated_at"] = p.updated_at;
  o["last_reviewed_at"] = p.last_reviewed_at
                              ? json::value(format_date(*p.last_reviewed_at) + "T00:00:00.000000Z")
                              : json::value(nullptr);
  o["is_active"] = p.status == "active";
  o["days_remaining"] = days_remaining(p.end_date, today);
  o["needs_review"] = needs_review(p.status, p.last_reviewed_at, p.review_frequency, today);
  return o;
}

json::object to_pending_json(const PendingItem& it, const Date& today) {
  const Plan& p = it.plan;
  json::object o;
  o["id"] = p.id;
  o["title"] = p.title;
  o["student_id"] = p.student_id;
  o["student_name"] = p.student_name.empty() ? json::value(nullptr) : json::value(p.student_name);
  o["review_frequency"] = p.review_frequency;
  o["last_reviewed_at"] =
      p.last_reviewed_at ? json::value(format_date(*p.last_reviewed_at)) : json::value(nullptr);
  o["days_since_review"] = it.days_since ? json::value(*it.days_since) : json::value(nullptr);
  o["created_at"] = p.created_at;
  o["end_date"] = format_date(p.end_date);
  o["days_remaining"] = days_remaining(p.end_date, today);
  o["priority"] = it.priority;
  o["created_by_id"] = p.created_by_id;
  return o;
}

void sort_pending(std::vector<PendingItem>& items) {
  std::stable_sort(items.begin(), items.end(), [](const PendingItem& a, const PendingItem& b) {
    int ra = priority_rank(a.priority), rb = priority_rank(b.priority);
    if (ra != rb) return ra > rb;
    // Never reviewed sorts as the largest number of days.
    bool na = !a.days_since, nb = !b.days_since;
    if (na != nb) return na;
    if (!na && *a.days_since != *b.days_since) return *a.days_since > *b.days_since;
    return a.plan.id < b.plan.id;
  });
}

}  // namespace edu::plans
