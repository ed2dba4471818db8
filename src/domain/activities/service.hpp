// Activity business rules (API.md §4.5, §5.4, §5.6): ownership through the student, manual
// creation, template/LLM generation, published-only lists, soft delete.
#pragma once
#include <string>
#include <vector>

#include "domain/activities/model.hpp"
#include "domain/activities/repository.hpp"
#include "domain/generation/service.hpp"
#include "domain/students/repository.hpp"
#include "domain/teaching/bncc.hpp"
#include "domain/teaching/scope.hpp"

namespace edu::activities {

inline constexpr const char* kActivityNotFound = "Activity not found";
inline constexpr const char* kNoActivityPermission = "Você não tem permissão para acessar esta atividade";
inline constexpr const char* kStudentMissing = "Aluno não encontrado";
inline constexpr const char* kNoCreatePermission =
    "Você não tem permissão para criar atividades para este aluno";
inline constexpr const char* kMultidisciplinaryFields =
    "subject e grade_level são obrigatórios para geração multidisciplinar";

struct GenerateInput {
  std::string student_id;
  std::string activity_type;
  std::string difficulty;
  std::int64_t duration_minutes = 30;
  std::optional<std::string> theme, subject, grade_level, pedagogical_type;
  std::vector<std::string> bncc_competencies;  // normalised, deduplicated
};

class ActivityService {
 public:
  ActivityService(ActivityRepository& repo, students::StudentRepository& students,
                  generation::GenerationService& generation, const teaching::BnccCatalogPort& bncc)
      : repo_(repo), students_(students), generation_(generation), bncc_(bncc) {}

  Activity create(const teaching::Scope& who, const ActivityInput& in);
  Activity generate(const teaching::Scope& who, const GenerateInput& in);
  Activity generate_multidisciplinary(const teaching::Scope& who, const GenerateInput& in);

  // Published activities of the caller's students (admin: all); `owner` is set from `who`.
  std::vector<Activity> list(const teaching::Scope& who, ActivityFilter f);
  Activity get(const teaching::Scope& who, const std::string& id);
  Activity update(const teaching::Scope& who, const std::string& id, const ActivityInput& in);
  void remove(const teaching::Scope& who, const std::string& id);

 private:
  generation::GenerationRequest request_for(const teaching::Scope& who, const GenerateInput& in,
                                            std::string& owner_id);
  Activity store_generated(const teaching::Scope& who, const GenerateInput& in,
                           const std::string& owner_id, const generation::GeneratedActivity& g,
                           std::vector<std::string> tags);

  ActivityRepository& repo_;
  students::StudentRepository& students_;
  generation::GenerationService& generation_;
  const teaching::BnccCatalogPort& bncc_;
};

}  // namespace edu::activities
