// Student SQL. The order is `name_key` (lower-cased name, computed in C++ so that both
// dialects sort identically, by code point), then `created_at`, then `id` (API.md §4.4, §1.5).
//
// LGPD (DESIGN.md §6): `diagnosis`, `tea_level` and `learning_profile` are health data and are
// stored encrypted (security/field_crypto.hpp), bound to table/column/row id; no query filters
// or sorts on them. `learning_profile` is a `json` column: its ciphertext is stored as a JSON
// string. `name` and `date_of_birth` stay clear (order by name, age): see docs/architecture.md.
// Rows written before encryption (no `enc:` prefix) still read; every write re-encrypts them
// with the current key.
#include "domain/students/repository.hpp"

#include "domain/teaching/scope.hpp"
#include "domain/teaching/text.hpp"
#include "security/sealed_columns.hpp"

namespace edu::students {
namespace {

constexpr const char* kColumns =
    "id, teacher_id, name, date_of_birth, diagnosis, tea_level, interests, learning_profile, "
    "is_active, created_at, updated_at";

std::string order_by(db::Dialect d) {
  return d == db::Dialect::Postgres ? " ORDER BY name_key COLLATE \"C\", created_at, id"
                                    : " ORDER BY name_key, created_at, id";
}

constexpr std::string_view kTable = "students";

}  // namespace

Student StudentRepository::from_row(const db::Row& r) const {
  Student s;
  s.id = r.text(0);
  s.teacher_id = r.text(1);
  s.name = r.text(2);
  // PostgreSQL `date` and SQLite text are both YYYY-MM-DD.
  s.date_of_birth = parse_date(r.text(3).substr(0, 10)).value_or(Date{});
  s.diagnosis = cipher_.decrypt(r.text(4), {kTable, "diagnosis", s.id});
  s.tea_level = security::open_text(cipher_, r.opt_text(5), {kTable, "tea_level", s.id});
  s.interests = r.string_list(6);
  s.learning_profile = security::open_document(cipher_, r.json_value(7), {kTable, "learning_profile", s.id});
  s.is_active = r.boolean(8);
  s.created_at = r.timestamp(9);
  s.updated_at = r.timestamp(10);
  return s;
}

std::string StudentRepository::seal_diagnosis(const Student& s) const {
  return cipher_.encrypt(s.diagnosis, {kTable, "diagnosis", s.id});
}

db::Param StudentRepository::seal_tea_level(const Student& s) const {
  return security::seal_text(cipher_, s.tea_level, {kTable, "tea_level", s.id});
}

db::Param StudentRepository::seal_learning_profile(const Student& s) const {
  return security::seal_document(cipher_, s.learning_profile, {kTable, "learning_profile", s.id});
}

void StudentRepository::insert(const Student& s) {
  db_.query(
      "INSERT INTO students (id, teacher_id, name, name_key, date_of_birth, diagnosis, tea_level, "
      "interests, learning_profile, is_active, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {s.id, s.teacher_id, s.name, teaching::unicode_lower(s.name), format_date(s.date_of_birth),
       seal_diagnosis(s), seal_tea_level(s), db::json_text(s.interests),
       seal_learning_profile(s), s.is_active, db::ts_param(s.created_at),
       db::ts_param(s.updated_at)});
}

std::optional<Student> StudentRepository::find(const std::string& id) {
  auto r = db_.query(std::string("SELECT ") + kColumns + " FROM students WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.one());
}

std::optional<std::string> StudentRepository::owner_of(const std::string& id) {
  auto r = db_.query("SELECT teacher_id FROM students WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return r.one().text(0);
}

std::vector<Student> StudentRepository::list(const StudentFilter& f) {
  db::Params params;
  teaching::SqlWhere where(params);
  if (f.owner) where.add("teacher_id = " + where.param(*f.owner));
  if (f.is_active) where.add("is_active = " + where.param(*f.is_active));
  std::string sql = std::string("SELECT ") + kColumns + " FROM students" + where.sql() +
                    order_by(db_.dialect());
  sql += " LIMIT " + where.param(f.limit) + " OFFSET " + where.param(f.skip);
  auto r = db_.query_read(sql, params);
  std::vector<Student> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

void StudentRepository::update(const Student& s) {
  db_.query(
      "UPDATE students SET name = $2, name_key = $3, date_of_birth = $4, diagnosis = $5, "
      "tea_level = $6, interests = $7, learning_profile = $8, is_active = $9, updated_at = $10 "
      "WHERE id = $1",
      {s.id, s.name, teaching::unicode_lower(s.name), format_date(s.date_of_birth), seal_diagnosis(s),
       seal_tea_level(s), db::json_text(s.interests), seal_learning_profile(s),
       s.is_active, db::ts_param(s.updated_at)});
}

bool StudentRepository::remove(const std::string& id) {
  auto r = db_.query("DELETE FROM students WHERE id = $1", {id});
  return r.affected > 0;
}

std::int64_t StudentRepository::count_for_teacher(const std::string& teacher_id) {
  return db_.query("SELECT COUNT(*) FROM students WHERE teacher_id = $1", {teacher_id})
      .one()
      .integer(0);
}

}  // namespace edu::students
