// Assessment SQL.
#include "domain/assessments/repository.hpp"

#include "domain/teaching/scope.hpp"

namespace edu::assessments {
namespace {

constexpr const char* kColumns =
    "id, activity_id, student_id, owner_id, assessed_by_id, completion_status, engagement_level, "
    "difficulty_rating, actual_duration_minutes, notes, strengths_observed, challenges_observed, "
    "recommendations, modifications_made, skills_demonstrated, behavioral_notes, "
    "independence_level, assistance_needed, objectives_met, created_at, updated_at";

Assessment from_row(const db::Row& r) {
  Assessment a;
  a.id = r.text(0);
  a.activity_id = r.text(1);
  a.student_id = r.text(2);
  a.owner_id = r.text(3);
  a.assessed_by_id = r.opt_text(4);
  a.completion_status = r.text(5);
  a.engagement_level = r.text(6);
  a.difficulty_rating = r.text(7);
  a.actual_duration_minutes = r.opt_integer(8);
  a.notes = r.opt_text(9);
  a.strengths_observed = r.opt_text(10);
  a.challenges_observed = r.opt_text(11);
  a.recommendations = r.opt_text(12);
  a.modifications_made = r.opt_text(13);
  a.skills_demonstrated = r.json_value(14);
  a.behavioral_notes = r.json_value(15);
  a.independence_level = r.opt_text(16);
  a.assistance_needed = r.opt_text(17);
  a.objectives_met = r.json_value(18);
  a.created_at = r.timestamp(19);
  a.updated_at = r.timestamp(20);
  return a;
}

db::Param doc(const json::value& v) {
  if (v.is_null()) return nullptr;
  return db::json_text(v);
}
db::Param opt_int(const std::optional<std::int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}

}  // namespace

void AssessmentRepository::insert(const Assessment& a) {
  db_.query(
      "INSERT INTO assessments (id, activity_id, student_id, owner_id, assessed_by_id, "
      "completion_status, engagement_level, difficulty_rating, actual_duration_minutes, notes, "
      "strengths_observed, challenges_observed, recommendations, modifications_made, "
      "skills_demonstrated, behavioral_notes, independence_level, assistance_needed, "
      "objectives_met, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
      {a.id, a.activity_id, a.student_id, a.owner_id, db::opt(a.assessed_by_id),
       a.completion_status, a.engagement_level, a.difficulty_rating,
       opt_int(a.actual_duration_minutes), db::opt(a.notes), db::opt(a.strengths_observed),
       db::opt(a.challenges_observed), db::opt(a.recommendations), db::opt(a.modifications_made),
       doc(a.skills_demonstrated), doc(a.behavioral_notes), db::opt(a.independence_level),
       db::opt(a.assistance_needed), doc(a.objectives_met), db::ts_param(a.created_at),
       db::ts_param(a.updated_at)});
}

std::optional<Assessment> AssessmentRepository::find(const std::string& id) {
  auto r = db_.query(std::string("SELECT ") + kColumns + " FROM assessments WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.one());
}

std::vector<Assessment> AssessmentRepository::list(const AssessmentFilter& f) {
  db::Params params;
  teaching::SqlWhere where(params);
  if (f.owner) where.add("owner_id = " + where.param(*f.owner));
  if (f.student_id) where.add("student_id = " + where.param(*f.student_id));
  if (f.activity_id) where.add("activity_id = " + where.param(*f.activity_id));
  std::string sql = std::string("SELECT ") + kColumns + " FROM assessments" + where.sql() +
                    " ORDER BY created_at DESC, id LIMIT " + where.param(f.limit) + " OFFSET " +
                    where.param(f.skip);
  auto r = db_.query_read(sql, params);
  std::vector<Assessment> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

std::vector<Assessment> AssessmentRepository::chronological(const std::string& student_id) {
  auto r = db_.query(std::string("SELECT ") + kColumns +
                         " FROM assessments WHERE student_id = $1 ORDER BY created_at, id",
                     {student_id});
  std::vector<Assessment> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

void AssessmentRepository::update(const Assessment& a) {
  db_.query(
      "UPDATE assessments SET completion_status = $2, engagement_level = $3, "
      "difficulty_rating = $4, actual_duration_minutes = $5, notes = $6, strengths_observed = $7, "
      "challenges_observed = $8, recommendations = $9, modifications_made = $10, "
      "skills_demonstrated = $11, behavioral_notes = $12, independence_level = $13, "
      "assistance_needed = $14, objectives_met = $15, updated_at = $16 WHERE id = $1",
      {a.id, a.completion_status, a.engagement_level, a.difficulty_rating,
       opt_int(a.actual_duration_minutes), db::opt(a.notes), db::opt(a.strengths_observed),
       db::opt(a.challenges_observed), db::opt(a.recommendations), db::opt(a.modifications_made),
       doc(a.skills_demonstrated), doc(a.behavioral_notes), db::opt(a.independence_level),
       db::opt(a.assistance_needed), doc(a.objectives_met), db::ts_param(a.updated_at)});
}

bool AssessmentRepository::remove(const std::string& id) {
  return db_.query("DELETE FROM assessments WHERE id = $1", {id}).affected > 0;
}

}  // namespace edu::assessments
