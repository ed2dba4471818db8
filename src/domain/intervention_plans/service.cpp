// Intervention-plan rules (API.md §4.9) and their notification triggers (API.md §4.11.7).
#include "domain/intervention_plans/service.hpp"

#include <algorithm>
#include <map>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "domain/notifications/model.hpp"

namespace edu::plans {
namespace {

std::string plan_not_found(const std::string& id) {
  return "Plano de intervenção " + id + " não encontrado";
}
std::string professional_not_found(const std::string& id) {
  return "Profissional " + id + " não encontrado";
}
const char* kDateRule = "Data de término deve ser posterior à data de início";

json::object page(const char* key, json::array items, std::int64_t total, std::int64_t skip,
                  std::int64_t limit) {
  return json::object{{key, std::move(items)},
                      {"total", total},
                      {"page", skip / limit + 1},
                      {"page_size", limit},
                      {"total_pages", (total + limit - 1) / limit}};
}

}  // namespace

Plan Service::load_locked(db::Executor& ex, const std::string& id) {
  auto p = repo_.find(ex, id, true);
  if (!p) throw not_found(plan_not_found(id));
  return std::move(*p);
}

void Service::settle_flag(db::Executor& ex, const Plan& p, const Date& today, Micros now) {
  bool computed = needs_review(p.status, p.last_reviewed_at, p.review_frequency, today);
  if (repo_.set_needs_review(ex, p.id, computed) && computed) {
    if (auto ev = notifications::review_event(p.status, p.last_reviewed_at, p.review_frequency,
                                              today, p.title, p.student_name))
      notes_.notify_plan(ex, p.id, *ev, std::nullopt, now);
  }
}

void Service::settle_flags(std::vector<Plan>& plans, const Date& today) {
  Micros now = now_micros();
  for (auto& p : plans) {
    bool computed = needs_review(p.status, p.last_reviewed_at, p.review_frequency, today);
    if (computed == p.stored_needs_review) continue;
    db_.transaction([&](db::Executor& ex) {
      repo_.lock_row(ex, p.id);
      settle_flag(ex, p, today, now);
    });
    p.stored_needs_review = computed;
  }
}

json::object Service::create(const CreateInput& in, const Actor& actor) {
  Micros now = now_micros();
  Date today = today_utc();
  Plan result;
  db_.transaction([&](db::Executor& ex) {
    auto student = repo_.student(ex, in.student_id);
    if (!student) throw not_found("Estudante " + in.student_id + " não encontrado");
    if (!repo_.professional_exists(ex, actor.professional_id))
      throw not_found(professional_not_found(actor.professional_id));
    if (to_days(in.end_date) <= to_days(in.start_date)) throw bad_request(kDateRule);
    std::vector<std::string> involved;
    for (const auto& id : in.professionals_involved_ids)
      if (std::find(involved.begin(), involved.end(), id) == involved.end()) involved.push_back(id);
    for (const auto& id : involved)
      if (!repo_.professional_exists(ex, id)) throw not_found(professional_not_found(id));

    Plan p;
    p.id = new_uuid_v7();
    p.student_id = in.student_id;
    p.created_by_id = actor.professional_id;
    p.title = in.title;
    p.objective = in.objective;
    p.description = in.description;
    p.strategies = in.strategies;
    p.target_behaviors = in.target_behaviors;
    p.success_criteria = in.success_criteria;
    p.start_date = in.start_date;
    p.end_date = in.end_date;
    p.review_frequency = in.review_frequency;
    p.status = "draft";
    p.required_materials = in.required_materials;
    p.resources = in.resources;
    p.professionals_involved_ids = involved;
    p.created_at = p.updated_at = format_timestamp(now);
    repo_.insert(ex, p);
    notes_.notify_plan(ex, p.id, notifications::plan_created_event(p.title, student->name),
                       actor.user_id, now);
    result = *repo_.find(ex, p.id);
  });
  return to_response(result, today);
}

json::object Service::get(const std::string& id) {
  Date today = today_utc();
  auto p = repo_.find(db_, id);
  if (!p) throw not_found(plan_not_found(id));
  std::vector<Plan> v{std::move(*p)};
  settle_flags(v, today);
  return to_response(v.front(), today);
}

json::object Service::list(const ListFilter& f) {
  Date today = today_utc();
  std::int64_t total = 0;
  auto plans = repo_.list(db_, f, total);
  settle_flags(plans, today);
  json::array items;
  for (const auto& p : plans) items.push_back(to_response(p, today));
  return page("plans", std::move(items), total, f.skip, f.limit);
}

json::object Service::update(const std::string& id, const PlanPatch& patch, const Actor& actor) {
  Micros now = now_micros();
  Date today = today_utc();
  Plan result;
  db_.transaction([&](db::Executor& ex) {
    Plan old = load_locked(ex, id);
    now = now_micros();
    if (!old.involves(actor.professional_id))
      throw forbidden("Apenas profissionais envolvidos no plano podem editá-lo");
    Date start = patch.start_date.value_or(old.start_date);
    Date end = patch.end_date.value_or(old.end_date);
    if (to_days(end) <= to_days(start)) throw bad_request(kDateRule);
    repo_.update(ex, id, patch, now);
    Plan cur = *repo_.find(ex, id);

    bool status_changed = cur.status != old.status;
    bool changed = status_changed || cur.title != old.title || cur.objective != old.objective ||
                   cur.description != old.description || cur.strategies != old.strategies ||
                   cur.target_behaviors != old.target_behaviors ||
                   cur.success_criteria != old.success_criteria ||
                   to_days(cur.start_date) != to_days(old.start_date) ||
                   to_days(cur.end_date) != to_days(old.end_date) ||
                   cur.review_frequency != old.review_frequency ||
                   cur.progress_percentage != old.progress_percentage ||
                   cur.required_materials != old.required_materials ||
                   cur.resources != old.resources;
    if (status_changed)
      notes_.notify_plan(ex, id,
                         notifications::status_changed_event(cur.title, old.status, cur.status),
                         actor.user_id, now);
    else if (changed)
      notes_.notify_plan(ex, id, notifications::plan_updated_event(cur.title), actor.user_id, now);
    settle_flag(ex, cur, today, now);
    result = std::move(cur);
  });
  return to_response(result, today);
}

void Service::remove(const std::string& id, const Actor& actor) {
  db_.transaction([&](db::Executor& ex) {
    Plan p = load_locked(ex, id);
    if (p.created_by_id != actor.professional_id)
      throw forbidden("Apenas o profissional que criou o plano pode removê-lo");
    repo_.remove(ex, id);
  });
}

json::object Service::add_note(const std::string& id, const NoteInput& in, const Actor& actor) {
  Micros now = now_micros();
  Date today = today_utc();
  Plan result;
  db_.transaction([&](db::Executor& ex) {
    Plan p = load_locked(ex, id);
    if (!p.involves(actor.professional_id))
      throw forbidden("Apenas profissionais envolvidos podem adicionar notas de progresso");
    // Taken under the row lock, so notes are dated in the order they are appended.
    now = now_micros();
    ProgressNote n;
    n.date = format_timestamp(now);
    n.professional_id = actor.professional_id;
    n.content = in.note;
    n.challenges = in.challenges;
    n.successes = in.successes;
    n.next_steps = in.next_steps;
    repo_.add_note(ex, id, n, in.progress_percentage, today, now);
    notes_.notify_plan(ex, id, notifications::progress_recorded_event(p.title), actor.user_id, now);
    Plan cur = *repo_.find(ex, id);
    settle_flag(ex, cur, today, now);
    result = std::move(cur);
  });
  return to_response(result, today);
}

json::object Service::change_status(const std::string& id, const std::string& status,
                                    const Actor& actor) {
  if (!is_status(status)) throw bad_request("Status inválido");
  Micros now = now_micros();
  Date today = today_utc();
  Plan result;
  db_.transaction([&](db::Executor& ex) {
    Plan p = load_locked(ex, id);
    if (!p.involves(actor.professional_id))
      throw forbidden("Apenas profissionais envolvidos podem alterar o status");
    if (p.status != status) {
      repo_.set_status(ex, id, status, now);
      notes_.notify_plan(ex, id, notifications::status_changed_event(p.title, p.status, status),
                         actor.user_id, now);
    }
    Plan cur = *repo_.find(ex, id);
    settle_flag(ex, cur, today, now);
    result = std::move(cur);
  });
  return to_response(result, today);
}

json::object Service::add_professional(const std::string& id, const std::string& professional_id,
                                       const Actor& actor) {
  Micros now = now_micros();
  Date today = today_utc();
  Plan result;
  db_.transaction([&](db::Executor& ex) {
    Plan p = load_locked(ex, id);
    if (p.created_by_id != actor.professional_id)
      throw forbidden("Apenas o criador do plano pode adicionar profissionais");
    if (!repo_.professional_exists(ex, professional_id))
      throw not_found(professional_not_found(professional_id));
    const auto& inv = p.professionals_involved_ids;
    if (std::find(inv.begin(), inv.end(), professional_id) != inv.end())
      throw bad_request("Profissional já está envolvido neste plano");
    try {
      repo_.add_professional(ex, id, professional_id, now);
    } catch (const db::UniqueViolation&) {
      throw bad_request("Profissional já está envolvido neste plano");
    }
    notes_.notify_users(ex, notes_.linked_users(ex, professional_id), id,
                        notifications::professional_added_event(p.title, p.student_name),
                        actor.user_id, now);
    Plan cur = *repo_.find(ex, id);
    settle_flag(ex, cur, today, now);
    result = std::move(cur);
  });
  return to_response(result, today);
}

json::object Service::remove_professional(const std::string& id, const std::string& professional_id,
                                          const Actor& actor) {
  Micros now = now_micros();
  Date today = today_utc();
  Plan result;
  db_.transaction([&](db::Executor& ex) {
    Plan p = load_locked(ex, id);
    if (p.created_by_id != actor.professional_id)
      throw forbidden("Apenas o criador do plano pode remover profissionais");
    if (!repo_.remove_professional(ex, id, professional_id, now))
      throw not_found("Profissional não está envolvido neste plano");
    Plan cur = *repo_.find(ex, id);
    settle_flag(ex, cur, today, now);
    result = std::move(cur);
  });
  return to_response(result, today);
}

PendingSelection Service::pending(const std::optional<std::string>& professional,
                                  const std::optional<std::string>& priority, bool narrative) {
  Date today = today_utc();
  auto plans = repo_.active_plans(db_, professional, narrative);
  settle_flags(plans, today);
  PendingSelection sel;
  for (auto& p : plans) {
    if (!needs_review(p.status, p.last_reviewed_at, p.review_frequency, today)) continue;
    std::string prio(review_priority(p.last_reviewed_at, p.review_frequency, today));
    if (priority && prio != *priority) continue;
    if (prio == "high") ++sel.high;
    else if (prio == "medium") ++sel.medium;
    else ++sel.low;
    auto days = days_since_review(p.last_reviewed_at, today);
    sel.items.push_back(PendingItem{std::move(p), prio, days});
  }
  sort_pending(sel.items);
  return sel;
}

json::object Service::pending_review(const std::optional<std::string>& professional,
                                     const std::optional<std::string>& priority,
                                     std::int64_t skip, std::int64_t limit) {
  Date today = today_utc();
  auto sel = pending(professional, priority);
  json::array items;
  auto n = static_cast<std::int64_t>(sel.items.size());
  for (std::int64_t i = skip; i < n && i < skip + limit; ++i)
    items.push_back(to_pending_json(sel.items[static_cast<std::size_t>(i)], today));
  return json::object{{"items", std::move(items)},
                      {"total", n},
                      {"high_priority", sel.high},
                      {"medium_priority", sel.medium},
                      {"low_priority", sel.low}};
}

json::object Service::statistics() {
  Date today = today_utc();
  auto plans = repo_.all_plans(db_);
  settle_flags(plans, today);
  std::int64_t active = 0, completed = 0, needs = 0;
  double progress_sum = 0, duration_sum = 0;
  std::map<std::string, std::int64_t> by_status, by_student;
  for (const auto& p : plans) {
    if (p.status == "active") ++active;
    if (p.status == "completed") ++completed;
    if (needs_review(p.status, p.last_reviewed_at, p.review_frequency, today)) ++needs;
    progress_sum += static_cast<double>(p.progress_percentage);
    duration_sum += static_cast<double>(to_days(p.end_date) - to_days(p.start_date));
    ++by_status[p.status];
    ++by_student[p.student_id];
  }
  json::object status_obj, student_obj;
  for (auto s : kStatuses)
    if (auto it = by_status.find(std::string(s)); it != by_status.end()) status_obj[s] = it->second;
  for (const auto& [k, n] : by_student) student_obj[k] = n;
  double n = static_cast<double>(plans.size());
  return json::object{
      {"total_plans", static_cast<std::int64_t>(plans.size())},
      {"active_plans", active},
      {"completed_plans", completed},
      {"by_status", std::move(status_obj)},
      {"average_progress", plans.empty() ? 0.0 : round_to(progress_sum / n, 2)},
      {"needs_review_count", needs},
      {"by_student", std::move(student_obj)},
      {"average_duration_days", plans.empty() ? 0.0 : round_to(duration_sum / n, 2)}};
}

SweepStats Service::sweep_reviews(db::Executor& ex, Micros now) {
  Date today = today_utc();
  SweepStats st;
  for (const auto& p : repo_.active_plans(ex, std::nullopt)) {
    ++st.plans;
    bool computed = needs_review(p.status, p.last_reviewed_at, p.review_frequency, today);
    auto ev = notifications::review_event(p.status, p.last_reviewed_at, p.review_frequency, today,
                                          p.title, p.student_name);
    if (computed == p.stored_needs_review && !ev) continue;
    // One short transaction per plan, holding its row like the request path does, so a
    // request evaluating the same plan cannot slip a duplicate past the de-duplication.
    ex.in_transaction([&] {
      repo_.lock_row(ex, p.id);
      if (computed != p.stored_needs_review && repo_.set_needs_review(ex, p.id, computed))
        ++st.flags_changed;
      if (ev) st.notifications += notes_.notify_plan(ex, p.id, *ev, std::nullopt, now);
    });
  }
  return st;
}

}  // namespace edu::plans
