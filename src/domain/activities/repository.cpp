// Activity SQL. Scoped lists read `owner_id` (the student's teacher) so that one partial index
// (owner, created_at DESC) serves the common case; filters are appended as AND clauses.
//
// LGPD (DESIGN.md §6): a generated activity copies the student's name and diagnosis into
// `description` and the student profile (name, age, diagnosis, support level, interests) into
// `generation_metadata` (API.md §5.6), so both columns are stored encrypted
// (security/sealed_columns.hpp), bound to table/column/row id; no query filters on them. Rows
// written before encryption still read; every write re-encrypts them.
#include "domain/activities/repository.hpp"

#include "domain/teaching/scope.hpp"
#include "security/sealed_columns.hpp"

namespace edu::activities {
namespace {

constexpr const char* kColumns =
    "a.id, a.student_id, a.owner_id, a.created_by_id, a.title, a.description, a.activity_type, "
    "a.difficulty, a.duration_minutes, a.objectives, a.materials, a.instructions, a.adaptations, "
    "a.visual_supports, a.success_criteria, a.theme, a.tags, a.generated_by_ai, "
    "a.generation_metadata, a.is_published, a.is_template, a.subject, a.grade_level, "
    "a.pedagogical_type, a.bncc_competencies, a.created_at, a.updated_at";

constexpr const char* kTable = "activities";

}  // namespace

Activity ActivityRepository::from_row(const db::Row& r) const {
  Activity a;
  a.id = r.text(0);
  a.student_id = r.text(1);
  a.owner_id = r.text(2);
  a.created_by_id = r.opt_text(3);
  a.title = r.text(4);
  a.description = cipher_.decrypt(r.text(5), {kTable, "description", a.id});
  a.activity_type = r.text(6);
  a.difficulty = r.text(7);
  a.duration_minutes = r.integer(8);
  a.objectives = r.string_list(9);
  a.materials = r.string_list(10);
  a.instructions = r.string_list(11);
  a.adaptations = r.string_list(12);
  a.visual_supports = r.string_list(13);
  a.success_criteria = r.string_list(14);
  a.theme = r.opt_text(15);
  a.tags = r.string_list(16);
  a.generated_by_ai = r.boolean(17);
  a.generation_metadata =
      security::open_document(cipher_, r.json_value(18), {kTable, "generation_metadata", a.id});
  a.is_published = r.boolean(19);
  a.is_template = r.boolean(20);
  a.subject = r.opt_text(21);
  a.grade_level = r.opt_text(22);
  a.pedagogical_type = r.opt_text(23);
  a.bncc_competencies = r.string_list(24);
  a.created_at = r.timestamp(25);
  a.updated_at = r.timestamp(26);
  return a;
}

std::string ActivityRepository::seal_description(const Activity& a) const {
  return cipher_.encrypt(a.description, {kTable, "description", a.id});
}

void ActivityRepository::insert(const Activity& a) {
  db_.query(
      "INSERT INTO activities (id, student_id, owner_id, created_by_id, title, description, "
      "activity_type, difficulty, duration_minutes, objectives, materials, instructions, "
      "adaptations, visual_supports, success_criteria, theme, tags, generated_by_ai, "
      "generation_metadata, is_published, is_template, subject, grade_level, pedagogical_type, "
      "bncc_competencies, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)",
      {a.id, a.student_id, a.owner_id, db::opt(a.created_by_id), a.title, seal_description(a),
       a.activity_type, a.difficulty, a.duration_minutes, db::json_text(a.objectives),
       db::json_text(a.materials), db::json_text(a.instructions), db::json_text(a.adaptations),
       db::json_text(a.visual_supports), db::json_text(a.success_criteria), db::opt(a.theme),
       db::json_text(a.tags), a.generated_by_ai,
       security::seal_document(cipher_, a.generation_metadata, {kTable, "generation_metadata", a.id}),
       a.is_published,
       a.is_template, db::opt(a.subject), db::opt(a.grade_level), db::opt(a.pedagogical_type),
       db::json_text(a.bncc_competencies), db::ts_param(a.created_at),
       db::ts_param(a.updated_at)});
}

std::optional<Activity> ActivityRepository::find(const std::string& id) {
  auto r = db_.query(std::string("SELECT ") + kColumns + " FROM activities a WHERE a.id = $1", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.one());
}

std::vector<Activity> ActivityRepository::list(const ActivityFilter& f) {
  const bool pg = db_.dialect() == db::Dialect::Postgres;
  db::Params params;
  teaching::SqlWhere where(params);
  std::string from = " FROM activities a";
  if (f.bncc_code && !pg) {
    // SQLite: the side table's primary key (code, activity_id) is the index.
    from += " JOIN activity_bncc b ON b.activity_id = a.id AND b.code = " + where.param(*f.bncc_code);
  }
  where.add(pg ? "a.is_published" : "a.is_published = 1");
  if (f.owner) where.add("a.owner_id = " + where.param(*f.owner));
  if (f.student_id) where.add("a.student_id = " + where.param(*f.student_id));
  if (f.activity_type) where.add("a.activity_type = " + where.param(*f.activity_type));
  if (f.difficulty) where.add("a.difficulty = " + where.param(*f.difficulty));
  if (f.subject) where.add("a.subject = " + where.param(*f.subject));
  if (f.grade_level) where.add("a.grade_level = " + where.param(*f.grade_level));
  if (f.pedagogical_type) where.add("a.pedagogical_type = " + where.param(*f.pedagogical_type));
  if (f.has_bncc) {
    if (pg)
      where.add(*f.has_bncc ? "a.bncc_competencies <> '[]'::jsonb" : "a.bncc_competencies = '[]'::jsonb");
    else
      where.add(*f.has_bncc ? "a.bncc_competencies <> '[]'" : "a.bncc_competencies = '[]'");
  }
  if (f.bncc_code && pg) {
    json::array one{json::string(*f.bncc_code)};
    where.add("a.bncc_competencies @> " + where.param(db::json_text(json::value(one))) + "::jsonb");
  }
  std::string sql = std::string("SELECT ") + kColumns + from + where.sql() +
                    " ORDER BY a.created_at DESC, a.id LIMIT " + where.param(f.limit) + " OFFSET " +
                    where.param(f.skip);
  auto r = db_.query_read(sql, params);
  std::vector<Activity> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

void ActivityRepository::update(const Activity& a) {
  db_.query(
      "UPDATE activities SET title = $2, description = $3, activity_type = $4, difficulty = $5, "
      "duration_minutes = $6, objectives = $7, materials = $8, instructions = $9, "
      "adaptations = $10, visual_supports = $11, success_criteria = $12, theme = $13, tags = $14, "
      "is_published = $15, subject = $16, grade_level = $17, pedagogical_type = $18, "
      "bncc_competencies = $19, updated_at = $20, generation_metadata = $21 WHERE id = $1",
      {a.id, a.title, seal_description(a), a.activity_type, a.difficulty, a.duration_minutes,
       db::json_text(a.objectives), db::json_text(a.materials), db::json_text(a.instructions),
       db::json_text(a.adaptations), db::json_text(a.visual_supports),
       db::json_text(a.success_criteria), db::opt(a.theme), db::json_text(a.tags), a.is_published,
       db::opt(a.subject), db::opt(a.grade_level), db::opt(a.pedagogical_type),
       db::json_text(a.bncc_competencies), db::ts_param(a.updated_at),
       security::seal_document(cipher_, a.generation_metadata, {kTable, "generation_metadata", a.id})});
}

}  // namespace edu::activities
