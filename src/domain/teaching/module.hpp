// The teaching area assembled: repositories, services and the BNCC port, owned by App
// (`app.teaching()`), built once in App::build_services().
#pragma once
#include <memory>

#include "domain/activities/repository.hpp"
#include "domain/activities/service.hpp"
#include "domain/assessments/repository.hpp"
#include "domain/assessments/service.hpp"
#include "domain/generation/service.hpp"
#include "domain/students/repository.hpp"
#include "domain/students/service.hpp"
#include "domain/teaching/bncc.hpp"

namespace edu {
class App;
}

namespace edu::teaching {

struct Module {
  Module(App& app, std::unique_ptr<BnccCatalogPort> catalog);

  std::unique_ptr<BnccCatalogPort> bncc;
  students::StudentRepository student_repo;
  activities::ActivityRepository activity_repo;
  assessments::AssessmentRepository assessment_repo;
  std::unique_ptr<generation::GenerationService> generation;
  students::StudentService students;
  activities::ActivityService activities;
  assessments::AssessmentService assessments;
};

}  // namespace edu::teaching
