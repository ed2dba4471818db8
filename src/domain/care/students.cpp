// Student lookups for the multi-professional area.
#include "domain/care/students.hpp"

namespace edu::care {

std::optional<std::string> student_name(db::Executor& db, const std::string& student_id) {
  auto r = db.query("SELECT name FROM students WHERE id = $1", {student_id});
  if (r.empty()) return std::nullopt;
  return r.rows.front().text(0);
}

std::string student_not_found_message(const std::string& student_id) {
  return "Estudante " + student_id + " não encontrado";
}

}  // namespace edu::care
