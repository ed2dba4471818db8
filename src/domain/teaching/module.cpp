// Wiring of the teaching area and registration of its routes.
#include "domain/teaching/module.hpp"

#include "app/app.hpp"

namespace edu {

void register_student_routes(Router& r, App& app);
void register_activity_routes(Router& r, App& app);
void register_assessment_routes(Router& r, App& app);

namespace teaching {
namespace {

std::unique_ptr<generation::GenerationService> make_generation(App& app) {
  const Config& c = app.config();
  std::unique_ptr<generation::LlmClient> llm;
  if (!c.openai_api_key.empty()) {
    generation::LlmSettings s;
    s.api_key = c.openai_api_key;
    s.base_url = c.openai_base_url;
    s.model = c.openai_model;
    s.timeout_seconds = c.openai_timeout_seconds;
    llm = std::make_unique<generation::OpenAiClient>(s);
  }
  return std::make_unique<generation::GenerationService>(
      app.cached(), std::chrono::seconds(c.nlp_cache_ttl), std::move(llm));
}

}  // namespace

Module::Module(App& app, std::unique_ptr<BnccCatalogPort> catalog)
    : bncc(catalog ? std::move(catalog) : std::make_unique<NullBnccCatalog>()),
      student_repo(app.db(), app.field_cipher()),
      activity_repo(app.db(), app.field_cipher()),
      assessment_repo(app.db()),
      generation(make_generation(app)),
      students(student_repo),
      activities(activity_repo, student_repo, *generation, *bncc),
      assessments(assessment_repo, student_repo, activity_repo) {
  // The LLM is optional: its absence or failure never degrades the service (template fallback).
  generation::GenerationService* gen = generation.get();
  app.add_health_part({"llm", [gen](bool&) {
    return json::value(json::object{
        {"status", gen->llm_enabled() ? "configured" : "not_configured"},
        {"model", gen->llm_enabled() ? json::value(gen->llm_model()) : json::value(nullptr)},
        {"fallback", "template-based"}});
  }});
}

}  // namespace teaching

void register_teaching_routes(Router& r, App& app) {
  register_student_routes(r, app);
  register_activity_routes(r, app);
  register_assessment_routes(r, app);
}

}  // namespace edu
