// Intervention-plan SQL. Where the dialects differ (id lists, substring search, row locks)
// the repository picks by `ex.dialect()`.
#include "domain/intervention_plans/repository.hpp"

#include <map>

#include "domain/intervention_plans/text.hpp"
#include "security/sealed_columns.hpp"

namespace edu::plans {
namespace {

// The narrative columns (`description`, `strategies`, `target_behaviors`, `success_criteria`)
// and the progress notes' texts are clinical (LGPD, DESIGN.md §6): stored encrypted
// (security/sealed_columns.hpp), bound to table/column/row id (a note to its plan's id).
// `title` and `objective` stay in clear: they are the plan's labels, searched in SQL through
// their lower-cased copies and quoted in notifications, like the student's name.
constexpr const char* kPlans = "intervention_plans";
constexpr const char* kNotes = "intervention_plan_progress_notes";

constexpr const char* kSelectHead = "SELECT p.id, p.student_id, p.created_by_id, p.title, p.objective, ";
constexpr const char* kNarrative = "p.description, p.strategies, p.target_behaviors, p.success_criteria, ";
// Plans used only for their scalar columns (pending review, the sweep, statistics) skip the
// narrative columns: nothing to transfer or decrypt.
constexpr const char* kNoNarrative = "NULL, NULL, NULL, NULL, ";
constexpr const char* kSelectTail =
    "p.start_date, p.end_date, "
    "p.review_frequency, p.status, p.progress_percentage, p.required_materials, p.resources, "
    "p.created_at, p.updated_at, p.last_reviewed_at, p.needs_review, s.name, s.date_of_birth, "
    "s.teacher_id FROM intervention_plans p LEFT JOIN students s ON s.id = p.student_id";

std::string select_plans(bool narrative) {
  return std::string(kSelectHead) + (narrative ? kNarrative : kNoNarrative) + kSelectTail;
}

std::optional<Date> date_col(const db::Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  const std::string& t = r.text(i);
  return parse_date(std::string_view(t).substr(0, 10));
}

std::string ph(const db::Params& params) { return "$" + std::to_string(params.size()); }

// A parameter holding a list of ids and the SQL that tests membership in it.
std::pair<std::string, db::Param> id_list(db::Dialect d, const std::string& column,
                                          const std::vector<std::string>& ids, int index) {
  std::string n = "$" + std::to_string(index);
  if (d == db::Dialect::Postgres) {
    std::string arr = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) arr += (i ? "," : "") + ids[i];
    arr += "}";
    return {column + " = ANY(" + n + "::uuid[])", arr};
  }
  return {column + " IN (SELECT value FROM json_each(" + n + "))", db::json_text(ids)};
}

std::string contains(db::Dialect d, const std::string& column, const std::string& param) {
  return d == db::Dialect::Postgres ? "strpos(" + column + ", " + param + ") > 0"
                                    : "instr(" + column + ", " + param + ") > 0";
}

}  // namespace

Plan Repository::from_row(const db::Row& r) const {
  Plan p;
  p.id = r.text(0);
  p.student_id = r.text(1);
  p.created_by_id = r.text(2);
  p.title = r.text(3);
  p.objective = r.text(4);
  p.description = security::open_text(cipher_, r.opt_text(5), {kPlans, "description", p.id});
  p.strategies = security::open_document(cipher_, r.json_value(6), {kPlans, "strategies", p.id});
  if (p.strategies.is_null()) p.strategies = json::array{};
  p.target_behaviors =
      security::open_document(cipher_, r.json_value(7), {kPlans, "target_behaviors", p.id});
  if (p.target_behaviors.is_null()) p.target_behaviors = json::array{};
  p.success_criteria =
      security::open_document(cipher_, r.json_value(8), {kPlans, "success_criteria", p.id});
  if (p.success_criteria.is_null()) p.success_criteria = json::object{};
  p.start_date = date_col(r, 9).value_or(Date{});
  p.end_date = date_col(r, 10).value_or(Date{});
  p.review_frequency = r.text(11);
  p.status = r.text(12);
  p.progress_percentage = r.integer(13);
  p.required_materials = r.json_value(14);
  p.resources = r.json_value(15);
  p.created_at = format_timestamp(r.timestamp(16));
  p.updated_at = format_timestamp(r.timestamp(17));
  p.last_reviewed_at = date_col(r, 18);
  p.stored_needs_review = r.boolean(19);
  p.student_name = r.text(20);
  p.student_birth = date_col(r, 21);
  p.student_teacher_id = r.text(22);
  return p;
}

std::optional<StudentInfo> Repository::student(db::Executor& ex, const std::string& id) {
  auto r = ex.query("SELECT id, name, teacher_id FROM students WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  return StudentInfo{row.text(0), row.text(1), row.text(2)};
}

bool Repository::professional_exists(db::Executor& ex, const std::string& id) {
  return !ex.query("SELECT 1 FROM professionals WHERE id = $1", {id}).empty();
}

std::optional<Plan> Repository::find(db::Executor& ex, const std::string& id, bool lock) {
  std::string sql = select_plans(true) + " WHERE p.id = $1";
  if (lock && ex.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE OF p";
  auto r = ex.query(sql, {id});
  if (r.empty()) return std::nullopt;
  std::vector<Plan> v{from_row(r.rows.front())};
  load_children(ex, v);
  return std::move(v.front());
}

void Repository::load_children(db::Executor& ex, std::vector<Plan>& plans) {
  if (plans.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, Plan*> by_id;
  for (auto& p : plans) {
    ids.push_back(p.id);
    by_id[p.id] = &p;
  }
  auto [in_pros, pros_param] = id_list(ex.dialect(), "plan_id", ids, 1);
  auto pros = ex.query("SELECT plan_id, professional_id FROM intervention_plan_professionals WHERE " +
                           in_pros + " ORDER BY seq",
                       {pros_param});
  for (const auto& r : pros.rows)
    if (auto it = by_id.find(r.text(0)); it != by_id.end())
      it->second->professionals_involved_ids.push_back(r.text(1));
  auto [in_notes, notes_param] = id_list(ex.dialect(), "plan_id", ids, 1);
  auto notes = ex.query(
      "SELECT plan_id, professional_id, noted_at, content, challenges, successes, next_steps "
      "FROM intervention_plan_progress_notes WHERE " +
          in_notes + " ORDER BY seq",
      {notes_param});
  for (const auto& r : notes.rows) {
    auto it = by_id.find(r.text(0));
    if (it == by_id.end()) continue;
    ProgressNote n;
    const std::string& plan_id = r.text(0);
    n.professional_id = r.text(1);
    n.date = format_timestamp(r.timestamp(2));
    n.content = cipher_.decrypt(r.text(3), {kNotes, "content", plan_id});
    n.challenges = security::open_text(cipher_, r.opt_text(4), {kNotes, "challenges", plan_id});
    n.successes = security::open_text(cipher_, r.opt_text(5), {kNotes, "successes", plan_id});
    n.next_steps = security::open_text(cipher_, r.opt_text(6), {kNotes, "next_steps", plan_id});
    it->second->progress_notes.push_back(std::move(n));
  }
}

std::vector<Plan> Repository::list(db::Executor& ex, const ListFilter& f, std::int64_t& total) {
  // Stored text never holds U+0000 (refused on write), and PostgreSQL rejects it as a
  // parameter: such a search matches nothing.
  if (f.search && f.search->find('\0') != std::string::npos) {
    total = 0;
    return {};
  }
  std::string where = " WHERE 1 = 1";
  db::Params params;
  if (f.student_id) params.push_back(*f.student_id), where += " AND p.student_id = " + ph(params);
  if (f.created_by_id)
    params.push_back(*f.created_by_id), where += " AND p.created_by_id = " + ph(params);
  if (f.involved_professional_id) {
    params.push_back(*f.involved_professional_id);
    where += " AND EXISTS (SELECT 1 FROM intervention_plan_professionals pp WHERE pp.plan_id = p.id "
             "AND pp.professional_id = " + ph(params) + ")";
  }
  if (f.status) params.push_back(*f.status), where += " AND p.status = " + ph(params);
  if (f.active_only) params.push_back(std::string("active")), where += " AND p.status = " + ph(params);
  if (f.search) {
    params.push_back(lower_utf8(*f.search));
    where += " AND (" + contains(ex.dialect(), "p.title_lc", ph(params)) + " OR " +
             contains(ex.dialect(), "p.objective_lc", ph(params)) + ")";
  }
  total = ex.query("SELECT COUNT(*) FROM intervention_plans p" + where, params).one().integer(0);
  std::string sql = select_plans(true) + where + " ORDER BY p.created_at DESC, p.id ASC";
  params.push_back(f.limit);
  sql += " LIMIT " + ph(params);
  params.push_back(f.skip);
  sql += " OFFSET " + ph(params);
  std::vector<Plan> out;
  for (const auto& r : ex.query(sql, params).rows) out.push_back(from_row(r));
  load_children(ex, out);
  return out;
}

std::vector<Plan> Repository::active_plans(db::Executor& ex,
                                           const std::optional<std::string>& professional,
                                           bool narrative) {
  std::string sql = select_plans(narrative) + " WHERE p.status = $1";
  db::Params params{std::string("active")};
  if (professional) {
    params.push_back(*professional);
    // The plans the professional created or is involved in, as a union of two index lookups:
    // "created_by_id = $2 OR EXISTS (...)" cannot use either index and scans every plan.
    sql += " AND p.id IN (SELECT c.id FROM intervention_plans c WHERE c.created_by_id = $2 "
           "UNION ALL SELECT pp.plan_id FROM intervention_plan_professionals pp "
           "WHERE pp.professional_id = $2)";
  }
  sql += " ORDER BY p.id";
  std::vector<Plan> out;
  for (const auto& r : ex.query(sql, params).rows) out.push_back(from_row(r));
  return out;
}

std::vector<Plan> Repository::all_plans(db::Executor& ex) {
  std::vector<Plan> out;
  for (const auto& r : ex.query(select_plans(false) + " ORDER BY p.id").rows)
    out.push_back(from_row(r));
  return out;
}

void Repository::insert(db::Executor& ex, const Plan& p) {
  ex.query(
      "INSERT INTO intervention_plans (id, student_id, created_by_id, title, objective, "
      "description, strategies, target_behaviors, success_criteria, start_date, end_date, "
      "review_frequency, status, progress_percentage, required_materials, resources, needs_review, "
      "last_reviewed_at, title_lc, objective_lc, created_at, updated_at) VALUES ($1, $2, $3, $4, "
      "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)",
      {p.id, p.student_id, p.created_by_id, p.title, p.objective,
       security::seal_text(cipher_, p.description, {kPlans, "description", p.id}),
       security::seal_document(cipher_, p.strategies, {kPlans, "strategies", p.id}),
       security::seal_document(cipher_, p.target_behaviors, {kPlans, "target_behaviors", p.id}),
       security::seal_document(cipher_, p.success_criteria, {kPlans, "success_criteria", p.id}),
       format_date(p.start_date), format_date(p.end_date),
       p.review_frequency, p.status, p.progress_percentage,
       p.required_materials.is_null() ? db::null() : db::Param(db::json_text(p.required_materials)),
       p.resources.is_null() ? db::null() : db::Param(db::json_text(p.resources)),
       p.stored_needs_review,
       p.last_reviewed_at ? db::Param(format_date(*p.last_reviewed_at)) : db::null(),
       lower_utf8(p.title), lower_utf8(p.objective), p.created_at, p.updated_at});
  for (const auto& pid : p.professionals_involved_ids)
    ex.query(
        "INSERT INTO intervention_plan_professionals (plan_id, professional_id, added_at) "
        "VALUES ($1, $2, $3)",
        {p.id, pid, p.created_at});
}

void Repository::update(db::Executor& ex, const std::string& id, const PlanPatch& patch, Micros now) {
  db::Params params{id};
  std::string set;
  auto col = [&](const char* name, db::Param v) {
    params.push_back(std::move(v));
    set += std::string(set.empty() ? "" : ", ") + name + " = " + ph(params);
  };
  auto json_or_null = [](const json::value& v) {
    return v.is_null() ? db::null() : db::Param(db::json_text(v));
  };
  if (patch.title) col("title", *patch.title), col("title_lc", lower_utf8(*patch.title));
  if (patch.objective)
    col("objective", *patch.objective), col("objective_lc", lower_utf8(*patch.objective));
  if (patch.description)
    col("description", security::seal_text(cipher_, *patch.description, {kPlans, "description", id}));
  auto document = [&](const char* name, const std::optional<json::value>& v) {
    if (v) col(name, security::seal_document(cipher_, *v, {kPlans, name, id}));
  };
  document("strategies", patch.strategies);
  document("target_behaviors", patch.target_behaviors);
  document("success_criteria", patch.success_criteria);
  if (patch.start_date) col("start_date", format_date(*patch.start_date));
  if (patch.end_date) col("end_date", format_date(*patch.end_date));
  if (patch.review_frequency) col("review_frequency", *patch.review_frequency);
  if (patch.status) col("status", *patch.status);
  if (patch.progress_percentage) col("progress_percentage", *patch.progress_percentage);
  if (patch.required_materials) col("required_materials", json_or_null(*patch.required_materials));
  if (patch.resources) col("resources", json_or_null(*patch.resources));
  col("updated_at", db::ts_param(now));
  ex.query("UPDATE intervention_plans SET " + set + " WHERE id = $1", params);
}

bool Repository::remove(db::Executor& ex, const std::string& id) {
  // Children and the plan's notifications go by ON DELETE CASCADE; deleted explicitly too
  // so the result does not depend on foreign-key enforcement being on.
  ex.query("DELETE FROM notifications WHERE intervention_plan_id = $1", {id});
  ex.query("DELETE FROM intervention_plan_progress_notes WHERE plan_id = $1", {id});
  ex.query("DELETE FROM intervention_plan_professionals WHERE plan_id = $1", {id});
  return ex.query("DELETE FROM intervention_plans WHERE id = $1", {id}).affected > 0;
}

void Repository::add_note(db::Executor& ex, const std::string& plan_id, const ProgressNote& n,
                          std::optional<std::int64_t> progress, const Date& today, Micros now) {
  ex.query(
      "INSERT INTO intervention_plan_progress_notes (plan_id, professional_id, noted_at, content, "
      "challenges, successes, next_steps) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {plan_id, n.professional_id, n.date, cipher_.encrypt(n.content, {kNotes, "content", plan_id}),
       security::seal_text(cipher_, n.challenges, {kNotes, "challenges", plan_id}),
       security::seal_text(cipher_, n.successes, {kNotes, "successes", plan_id}),
       security::seal_text(cipher_, n.next_steps, {kNotes, "next_steps", plan_id})});
  if (progress) {
    ex.query(
        "UPDATE intervention_plans SET last_reviewed_at = $2, updated_at = $3, "
        "progress_percentage = $4 WHERE id = $1",
        {plan_id, format_date(today), db::ts_param(now), *progress});
  } else {
    ex.query("UPDATE intervention_plans SET last_reviewed_at = $2, updated_at = $3 WHERE id = $1",
             {plan_id, format_date(today), db::ts_param(now)});
  }
}

void Repository::set_status(db::Executor& ex, const std::string& id, const std::string& status,
                            Micros now) {
  ex.query("UPDATE intervention_plans SET status = $2, updated_at = $3 WHERE id = $1",
           {id, status, db::ts_param(now)});
}

void Repository::add_professional(db::Executor& ex, const std::string& plan_id,
                                  const std::string& professional_id, Micros now) {
  ex.query(
      "INSERT INTO intervention_plan_professionals (plan_id, professional_id, added_at) "
      "VALUES ($1, $2, $3)",
      {plan_id, professional_id, db::ts_param(now)});
  ex.query("UPDATE intervention_plans SET updated_at = $2 WHERE id = $1", {plan_id, db::ts_param(now)});
}

bool Repository::remove_professional(db::Executor& ex, const std::string& plan_id,
                                     const std::string& professional_id, Micros now) {
  bool removed = ex.query(
                       "DELETE FROM intervention_plan_professionals WHERE plan_id = $1 AND "
                       "professional_id = $2",
                       {plan_id, professional_id})
                     .affected > 0;
  if (removed)
    ex.query("UPDATE intervention_plans SET updated_at = $2 WHERE id = $1", {plan_id, db::ts_param(now)});
  return removed;
}

void Repository::lock_row(db::Executor& ex, const std::string& id) {
  if (ex.dialect() == db::Dialect::Postgres)
    ex.query("SELECT id FROM intervention_plans WHERE id = $1 FOR UPDATE", {id});
}

bool Repository::set_needs_review(db::Executor& ex, const std::string& id, bool value) {
  return ex.query(
               "UPDATE intervention_plans SET needs_review = $2 WHERE id = $1 AND needs_review <> $2",
               {id, value})
             .affected > 0;
}

}  // namespace edu::plans
