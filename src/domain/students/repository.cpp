// Student SQL. The order is `name_key` (lower-cased name, computed in C++ so that both
// dialects sort identically, by code point), then `created_at`, then `id` (API.md §4.4, §1.5).
#include "domain/students/repository.hpp"

#include "domain/teaching/scope.hpp"
#include "domain/teaching/text.hpp"

namespace edu::students {
namespace {

constexpr const char* kColumns =
    "id, teacher_id, name, date_of_birth, diagnosis, tea_level, interests, learning_profile, "
    "is_active, created_at, updated_at";

Student from_row(const db::Row& r) {
  Student s;
  s.id = r.text(0);
  s.teacher_id = r.text(1);
  s.name = r.text(2);
  // PostgreSQL `date` and SQLite text are both YYYY-MM-DD.
  s.date_of_birth = parse_date(r.text(3).substr(0, 10)).value_or(Date{});
  s.diagnosis = r.text(4);
  s.tea_level = r.opt_text(5);
  s.interests = r.string_list(6);
  s.learning_profile = r.json_value(7);
  s.is_active = r.boolean(8);
  s.created_at = r.timestamp(9);
  s.updated_at = r.timestamp(10);
  return s;
}

db::Param learning_profile_param(const json::value& v) {
  if (v.is_null()) return nullptr;
  return db::json_text(v);
}

std::string order_by(db::Dialect d) {
  return d == db::Dialect::Postgres ? " ORDER BY name_key COLLATE \"C\", created_at, id"
                                    : " ORDER BY name_key, created_at, id";
}

}  // namespace

void StudentRepository::insert(const Student& s) {
  db_.query(
      "INSERT INTO students (id, teacher_id, name, name_key, date_of_birth, diagnosis, tea_level, "
      "interests, learning_profile, is_active, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {s.id, s.teacher_id, s.name, teaching::unicode_lower(s.name), format_date(s.date_of_birth),
       s.diagnosis, db::opt(s.tea_level), db::json_text(s.interests),
       learning_profile_param(s.learning_profile), s.is_active, db::ts_param(s.created_at),
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
      {s.id, s.name, teaching::unicode_lower(s.name), format_date(s.date_of_birth), s.diagnosis,
       db::opt(s.tea_level), db::json_text(s.interests), learning_profile_param(s.learning_profile),
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
