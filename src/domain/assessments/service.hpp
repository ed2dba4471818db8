// Assessment rules (API.md §4.6): ownership through the student, the activity-student link,
// partial updates, hard delete and the progress analysis.
#pragma once
#include <string>
#include <vector>

#include "domain/activities/repository.hpp"
#include "domain/assessments/model.hpp"
#include "domain/assessments/repository.hpp"
#include "domain/students/repository.hpp"
#include "domain/teaching/scope.hpp"

namespace edu::assessments {

inline constexpr const char* kAssessmentNotFound = "Assessment not found";
inline constexpr const char* kNoViewPermission = "You don't have permission to view this assessment";
inline constexpr const char* kNoUpdatePermission = "You don't have permission to update this assessment";
inline constexpr const char* kNoDeletePermission = "You don't have permission to delete this assessment";
inline constexpr const char* kNoAssessPermission = "Você não tem permissão para avaliar este aluno";
inline constexpr const char* kActivityOfOtherStudent = "A atividade não pertence a este aluno";

class AssessmentService {
 public:
  AssessmentService(AssessmentRepository& repo, students::StudentRepository& students,
                    activities::ActivityRepository& activities)
      : repo_(repo), students_(students), activities_(activities) {}

  Assessment create(const teaching::Scope& who, const AssessmentInput& in);
  std::vector<Assessment> list(const teaching::Scope& who, AssessmentFilter f);
  // Checks the student (404 Student not found / 403 access message) then lists its assessments.
  std::vector<Assessment> list_for_student(const teaching::Scope& who, const std::string& student_id,
                                           std::int64_t skip, std::int64_t limit);
  json::object progress(const teaching::Scope& who, const std::string& student_id);
  Assessment get(const teaching::Scope& who, const std::string& id);
  Assessment update(const teaching::Scope& who, const std::string& id, const AssessmentInput& in);
  void remove(const teaching::Scope& who, const std::string& id);

 private:
  Assessment find_checked(const teaching::Scope& who, const std::string& id, const char* denied);

  AssessmentRepository& repo_;
  students::StudentRepository& students_;
  activities::ActivityRepository& activities_;
};

}  // namespace edu::assessments
