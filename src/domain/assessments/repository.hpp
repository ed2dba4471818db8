// SQL for assessments (both dialects).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/assessments/model.hpp"

namespace edu::assessments {

struct AssessmentFilter {
  std::optional<std::string> owner;  // nullopt = all (admin)
  std::optional<std::string> student_id, activity_id;
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

class AssessmentRepository {
 public:
  explicit AssessmentRepository(db::Database& db) : db_(db) {}
  void insert(const Assessment& a);
  std::optional<Assessment> find(const std::string& id);
  // Newest first (ties: id ascending).
  std::vector<Assessment> list(const AssessmentFilter& f);
  // Every assessment of a student, oldest first (progress analysis).
  std::vector<Assessment> chronological(const std::string& student_id);
  void update(const Assessment& a);
  bool remove(const std::string& id);

 private:
  db::Database& db_;
};

}  // namespace edu::assessments
