// Student business rules (API.md §4.4, §2.5, §5.4): ownership, the age rule, partial updates.
// No SQL and no HTTP beyond the typed errors of core/errors.hpp.
#pragma once
#include <string>
#include <vector>

#include "domain/students/model.hpp"
#include "domain/students/repository.hpp"
#include "domain/teaching/scope.hpp"

namespace edu::students {

inline constexpr const char* kStudentNotFound = "Student not found";
inline constexpr const char* kNoStudentPermission = "Você não tem permissão para acessar este aluno";

// Age rule: "" when valid, otherwise the value_error message.
std::string age_rule_error(const Date& date_of_birth, const Date& today);

class StudentService {
 public:
  explicit StudentService(StudentRepository& repo) : repo_(repo) {}

  Student create(const teaching::Scope& who, const StudentInput& in);
  std::vector<Student> list(const teaching::Scope& who, std::optional<bool> is_active,
                            std::int64_t skip, std::int64_t limit);
  // 404 Student not found / 403 permission message.
  Student get(const teaching::Scope& who, const std::string& id);
  Student update(const teaching::Scope& who, const std::string& id, const StudentInput& in);
  void remove(const teaching::Scope& who, const std::string& id);

  // For other resources: the student when it exists (no permission check).
  std::optional<Student> find(const std::string& id) { return repo_.find(id); }

 private:
  StudentRepository& repo_;
};

}  // namespace edu::students
