// SQL for students (both dialects). Returns domain structs; knows nothing of HTTP.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/students/model.hpp"

namespace edu::students {

struct StudentFilter {
  std::optional<std::string> owner;  // teacher_id; nullopt = every teacher (admin)
  std::optional<bool> is_active;
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

class StudentRepository {
 public:
  explicit StudentRepository(db::Database& db) : db_(db) {}

  void insert(const Student& s);
  std::optional<Student> find(const std::string& id);
  // Only the owner (teacher_id) — cheap ownership check for other resources.
  std::optional<std::string> owner_of(const std::string& id);
  std::vector<Student> list(const StudentFilter& f);
  void update(const Student& s);
  bool remove(const std::string& id);
  std::int64_t count_for_teacher(const std::string& teacher_id);

 private:
  db::Database& db_;
};

}  // namespace edu::students
