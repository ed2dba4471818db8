// The multi-professional area only needs two facts about a student: whether it exists and its
// name (API.md §2.5: no ownership check there). The table belongs to the teaching area (0003).
#pragma once
#include <optional>
#include <string>

#include "db/database.hpp"

namespace edu::care {

std::optional<std::string> student_name(db::Executor& db, const std::string& student_id);
inline bool student_exists(db::Executor& db, const std::string& student_id) {
  return student_name(db, student_id).has_value();
}
// "Estudante <id> não encontrado"
std::string student_not_found_message(const std::string& student_id);

}  // namespace edu::care
