// Built-in generation (API.md §5.6): the contract's templates byte for byte, determinism, the
// curriculum block for each of the 25 subjects, LLM answer acceptance, prompt privacy and the
// cache.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cache/cache.hpp"
#include "domain/generation/generator.hpp"
#include "domain/generation/service.hpp"
#include "domain/teaching/enums.hpp"

using namespace edu;
using namespace edu::generation;

namespace {

GenerationRequest joao() {
  GenerationRequest r;
  r.activity_type = "cognitive";
  r.difficulty = "easy";
  r.duration_minutes = 30;
  r.theme = "números e cores";
  r.student.name = "João Silva";
  r.student.age = 10;
  r.student.diagnosis = "TEA Nível 1";
  r.student.tea_level = "level_1";
  r.student.interests = {"dinossauros", "lego"};
  return r;
}

const std::vector<std::string> kMaterials{"Material visual de apoio", "Recursos adaptados para TEA",
                                          "Ambiente estruturado e previsível"};

}  // namespace

TEST(TemplateGenerator, StandardMatchesContract) {
  auto g = TemplateGenerator().standard(joao());
  EXPECT_EQ(g.title, "Atividade Cognitiva - números e cores");
  EXPECT_EQ(g.description,
            "Atividade cognitiva personalizada para João Silva, com nível de dificuldade fácil. "
            "Esta atividade foi criada considerando o perfil de aprendizagem do aluno: TEA Nível 1.");
  ASSERT_EQ(g.objectives.size(), 3u);
  EXPECT_EQ(g.objectives[0], "Desenvolver habilidades de cognitiva adequadas ao nível do aluno");
  EXPECT_EQ(g.materials, kMaterials);
  ASSERT_EQ(g.instructions.size(), 6u);
  EXPECT_EQ(g.instructions[5], "6. Permita pausas sensoriais se o aluno demonstrar necessidade");
  EXPECT_EQ(g.adaptations.size(), 4u);
  EXPECT_EQ(g.visual_supports.size(), 3u);
  EXPECT_EQ(g.success_criteria.size(), 4u);
  EXPECT_EQ(g.duration_minutes, 30);
  EXPECT_EQ(to_json(json::value(g.generation_metadata)),
            R"({"student_profile": {"name": "João Silva", "age": 10, "diagnosis": "TEA Nível 1", )"
            R"("tea_level": "level_1", "interests": ["dinossauros", "lego"]}, "generation_params": )"
            R"({"activity_type": "cognitive", "difficulty": "easy", "duration_minutes": 30, )"
            R"("theme": "números e cores"}, "model": "template-based", "note": "Generated using built-in template"})");
}

TEST(TemplateGenerator, StandardTitlesAndLowerCasedLabels) {
  auto r = joao();
  r.theme.reset();
  r.activity_type = "daily_living";
  r.difficulty = "very_hard";
  auto g = TemplateGenerator().standard(r);
  EXPECT_EQ(g.title, "Atividade Vida Diária");
  EXPECT_NE(g.description.find("Atividade vida diária personalizada"), std::string::npos);
  EXPECT_NE(g.description.find("nível de dificuldade muito difícil."), std::string::npos);
  r.activity_type = "academic";
  EXPECT_EQ(TemplateGenerator().standard(r).title, "Atividade Acadêmica");
}

TEST(TemplateGenerator, MultidisciplinaryMatchesContractPrefix) {
  auto r = joao();
  r.theme.reset();
  r.subject = "matematica";
  r.grade_level = "fundamental_1_3ano";
  r.pedagogical_type = "exercicio";
  r.bncc_codes = {"EF03MA01", "EF03MA02"};
  TemplateGenerator bare(false);
  auto g = bare.multidisciplinary(r);
  EXPECT_EQ(g.title, "Atividade de Matemática - 3º Ano - Fundamental I");
  EXPECT_EQ(g.description,
            "Atividade de Matemática para 3º Ano - Fundamental I, no formato exercício, "
            "personalizada para João Silva, com nível de dificuldade fácil. Esta atividade foi "
            "criada considerando o perfil de aprendizagem do aluno: TEA Nível 1.");
  std::vector<std::string> objectives{
      "Desenvolver habilidades de Matemática adequadas à etapa 3º Ano - Fundamental I",
      "Desenvolver habilidades de cognitiva adequadas ao nível do aluno",
      "Promover engajamento através de atividades adaptadas",
      "Respeitar o perfil sensorial e ritmo de aprendizagem",
      "Trabalhar a habilidade BNCC EF03MA01",
      "Trabalhar a habilidade BNCC EF03MA02"};
  EXPECT_EQ(g.objectives, objectives);
  EXPECT_EQ(g.materials, kMaterials);
  EXPECT_EQ(to_json(json::value(g.generation_metadata)),
            R"({"model": "template-based", "subject": "matematica", "grade_level": "fundamental_1_3ano", )"
            R"("pedagogical_type": "exercicio", "bncc_codes": ["EF03MA01", "EF03MA02"], "student_profile": )"
            R"({"name": "João Silva", "age": 10, "diagnosis": "TEA Nível 1", "tea_level": "level_1", )"
            R"("interests": ["dinossauros", "lego"]}})");

  // The enriched template keeps every contract item first, in order.
  auto e = TemplateGenerator().multidisciplinary(r);
  EXPECT_EQ(e.title, g.title);
  EXPECT_EQ(e.description, g.description);
  ASSERT_GT(e.objectives.size(), g.objectives.size());
  EXPECT_TRUE(std::equal(g.objectives.begin(), g.objectives.end(), e.objectives.begin()));
  EXPECT_TRUE(std::equal(g.materials.begin(), g.materials.end(), e.materials.begin()));
  EXPECT_TRUE(std::equal(g.instructions.begin(), g.instructions.end(), e.instructions.begin()));
  EXPECT_TRUE(std::equal(g.adaptations.begin(), g.adaptations.end(), e.adaptations.begin()));
  EXPECT_EQ(e.generation_metadata, g.generation_metadata);
}

TEST(TemplateGenerator, MultidisciplinaryWithoutOptionalsAndWithTheme) {
  auto r = joao();
  r.subject = "historia";
  r.grade_level = "medio_2ano";
  auto g = TemplateGenerator().multidisciplinary(r);
  EXPECT_EQ(g.title, "Atividade de História - 2ª Série - Ensino Médio - números e cores");
  EXPECT_EQ(g.description.find(", no formato"), std::string::npos);
  EXPECT_TRUE(g.generation_metadata.at("bncc_codes").is_null());
  EXPECT_TRUE(g.generation_metadata.at("pedagogical_type").is_null());
}

TEST(TemplateGenerator, EverySubjectHasItsOwnStrategies) {
  std::set<std::string> strategies, materials, objectives;
  for (auto subject : teaching::kSubjectValues) {
    const SubjectGuide* guide = subject_guide(subject);
    ASSERT_NE(guide, nullptr) << subject;
    auto r = joao();
    r.subject = std::string(subject);
    r.grade_level = "fundamental_2_7ano";
    auto g = TemplateGenerator().multidisciplinary(r);
    // Subject-specific content is present and numbered after the six template steps.
    for (auto s : guide->strategies)
      EXPECT_NE(std::find(g.adaptations.begin(), g.adaptations.end(), std::string(s)), g.adaptations.end());
    EXPECT_EQ(g.instructions[6].substr(0, 3), "7. ");
    EXPECT_EQ(g.instructions[6], "7. " + std::string(guide->steps[0]));
    EXPECT_NE(std::find(g.objectives.begin(), g.objectives.end(), std::string(guide->objective)),
              g.objectives.end());
    EXPECT_NE(std::find(g.success_criteria.begin(), g.success_criteria.end(), std::string(guide->success)),
              g.success_criteria.end());
    strategies.insert(std::string(guide->strategies[0]));
    materials.insert(std::string(guide->materials[0]));
    objectives.insert(std::string(guide->objective));
  }
  // 25 distinct sets, not one text repeated.
  EXPECT_EQ(strategies.size(), 25u);
  EXPECT_EQ(materials.size(), 25u);
  EXPECT_EQ(objectives.size(), 25u);
}

TEST(TemplateGenerator, SubjectStrategiesNamedInTheBrief) {
  auto has = [](std::string_view subject, std::string_view word) {
    auto* g = subject_guide(subject);
    std::string all;
    for (auto s : g->strategies) all += std::string(s) + " ";
    for (auto s : g->materials) all += std::string(s) + " ";
    for (auto s : g->visual_supports) all += std::string(s) + " ";
    return all.find(word) != std::string::npos;
  };
  EXPECT_TRUE(has("matematica", "manipuláveis"));
  EXPECT_TRUE(has("matematica", "pequenos passos"));
  EXPECT_TRUE(has("portugues", "estrutura previsível"));
  EXPECT_TRUE(has("ciencias", "sensorial"));
  EXPECT_TRUE(has("historia", "linhas do tempo visuais"));
  EXPECT_TRUE(has("geografia", "mapas claros"));
}

TEST(TemplateGenerator, ProfileFormatGradeAndBnccTexts) {
  auto r = joao();
  r.subject = "portugues";
  r.grade_level = "infantil_2";
  r.pedagogical_type = "jogo_educativo";
  r.student.tea_level = "level_3";
  r.student.interests = {"trens", "música", "água", "carros"};
  r.bncc_codes = {"EI03EF01"};
  r.bncc_descriptions = {"Expressar ideias, desejos e sentimentos."};
  auto g = TemplateGenerator().multidisciplinary(r);
  auto contains = [](const std::vector<std::string>& v, std::string_view needle) {
    for (const auto& s : v)
      if (s.find(needle) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(contains(g.objectives, "(EI03EF01) Expressar ideias, desejos e sentimentos."));
  EXPECT_TRUE(contains(g.instructions, "Explique as regras do jogo"));
  EXPECT_TRUE(contains(g.materials, "(trens, música e água)"));  // first three interests
  EXPECT_TRUE(contains(g.adaptations, "Nível 3 de suporte"));
  EXPECT_TRUE(contains(g.adaptations, "Priorize o brincar"));
}

TEST(TemplateGenerator, StandardWithCurriculumFieldsKeepsContractPrefix) {
  auto r = joao();
  auto bare = TemplateGenerator().standard(r);
  r.subject = "geografia";
  auto g = TemplateGenerator().standard(r);
  EXPECT_EQ(g.title, bare.title);
  EXPECT_GT(g.adaptations.size(), bare.adaptations.size());
  EXPECT_TRUE(std::equal(bare.adaptations.begin(), bare.adaptations.end(), g.adaptations.begin()));
  EXPECT_EQ(g.generation_metadata, bare.generation_metadata);
}

TEST(TemplateGenerator, Deterministic) {
  auto r = joao();
  r.subject = "quimica";
  r.grade_level = "medio_1ano";
  r.pedagogical_type = "experimento";
  TemplateGenerator t;
  EXPECT_EQ(to_json_compact(to_json(t.multidisciplinary(r))), to_json_compact(to_json(t.multidisciplinary(r))));
  EXPECT_EQ(to_json_compact(to_json(t.standard(r))), to_json_compact(to_json(t.standard(r))));
}

TEST(TemplateGenerator, JsonRoundTrip) {
  auto r = joao();
  r.subject = "musica";
  r.grade_level = "fundamental_1_1ano";
  auto g = TemplateGenerator().multidisciplinary(r);
  auto back = generated_from_json(to_json(g));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(to_json_compact(to_json(*back)), to_json_compact(to_json(g)));
  EXPECT_FALSE(generated_from_json(json::value("x")).has_value());
}

// ---------------------------------------------------------------- LLM path

namespace {
class FakeLlm : public LlmClient {
 public:
  std::optional<std::string> answer;
  int calls = 0;
  std::string last_prompt;
  std::optional<std::string> complete_json(const std::string&, const std::string& user) override {
    ++calls;
    last_prompt = user;
    return answer;
  }
  const std::string& model() const override { return model_; }

 private:
  std::string model_ = "fake-model";
};

const char* kGoodAnswer = R"({"title": "Contando dinossauros", "description": "Atividade de contagem com dinossauros.",
  "objectives": ["Contar até 20", "  "], "materials": ["Dinossauros de brinquedo"], "instructions": ["Conte", "Registre"],
  "duration_minutes": 45, "adaptations": ["Pausas"], "visual_supports": [], "success_criteria": ["Conta até 20"]})";

GenerationRequest multi_request() {
  auto r = joao();
  r.subject = "matematica";
  r.grade_level = "fundamental_1_3ano";
  r.bncc_codes = {"EF03MA01"};
  return r;
}
}  // namespace

TEST(GenerationService, AcceptsValidLlmAnswer) {
  auto g = GenerationService::accept_llm_answer(kGoodAnswer, multi_request());
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->title, "Contando dinossauros");
  EXPECT_EQ(g->objectives, std::vector<std::string>{"Contar até 20"});  // blanks dropped
  EXPECT_EQ(g->duration_minutes, 45);
  // Markdown fences are tolerated.
  EXPECT_TRUE(GenerationService::accept_llm_answer(std::string("```json\n") + kGoodAnswer + "\n```",
                                                   multi_request()));
}

TEST(GenerationService, RejectsAnswersOutsideActivityCreateRules) {
  auto r = multi_request();
  EXPECT_FALSE(GenerationService::accept_llm_answer("not json", r));
  EXPECT_FALSE(GenerationService::accept_llm_answer(
      R"({"title": "ab", "description": "descrição longa", "objectives": ["a"], "materials": ["b"], "instructions": ["c"]})", r));
  EXPECT_FALSE(GenerationService::accept_llm_answer(
      R"({"title": "Título", "description": "curta", "objectives": ["a"], "materials": ["b"], "instructions": ["c"]})", r));
  EXPECT_FALSE(GenerationService::accept_llm_answer(
      R"({"title": "Título", "description": "descrição longa", "objectives": ["  "], "materials": ["b"], "instructions": ["c"]})", r));
  EXPECT_FALSE(GenerationService::accept_llm_answer(
      R"({"title": "Título", "description": "descrição longa", "objectives": ["a"], "materials": [1], "instructions": ["c"]})", r));
  // Out-of-range duration → the request's duration.
  auto g = GenerationService::accept_llm_answer(
      R"({"title": "Título", "description": "descrição longa", "objectives": ["a"], "materials": ["b"], "instructions": ["c"], "duration_minutes": 500})", r);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->duration_minutes, 30);
}

TEST(GenerationService, PromptNeverContainsTheStudentName) {
  auto r = multi_request();
  std::string p = GenerationService::user_prompt(r);
  EXPECT_EQ(p.find("João"), std::string::npos);
  EXPECT_NE(p.find("10 anos"), std::string::npos);
  EXPECT_NE(p.find("TEA Nível 1"), std::string::npos);
  EXPECT_NE(p.find("dinossauros"), std::string::npos);
  EXPECT_NE(p.find("Matemática"), std::string::npos);
  EXPECT_NE(p.find("EF03MA01"), std::string::npos);
}

TEST(GenerationService, LlmAnswerIsUsedCachedAndFallsBack) {
  auto backend = cache::make_memory_cache();
  cache::CacheAside cache(*backend);
  auto llm = std::make_unique<FakeLlm>();
  FakeLlm* fake = llm.get();
  GenerationService svc(cache, std::chrono::seconds(60), std::move(llm));
  auto r = multi_request();

  fake->answer = kGoodAnswer;
  auto g = svc.multidisciplinary(r);
  EXPECT_EQ(g.title, "Contando dinossauros");
  EXPECT_EQ(g.generation_metadata.at("model"), "fake-model");
  EXPECT_EQ(g.generation_metadata.at("student_profile").at("name"), "João Silva");
  EXPECT_EQ(fake->calls, 1);
  EXPECT_EQ(fake->last_prompt.find("João"), std::string::npos);
  svc.multidisciplinary(r);
  EXPECT_EQ(fake->calls, 1);  // served from the nlp cache

  // Another input, provider failing → template, and the failure is not cached.
  r.theme = "outro tema";
  fake->answer.reset();
  auto t = svc.multidisciplinary(r);
  EXPECT_EQ(t.generation_metadata.at("model"), "template-based");
  EXPECT_EQ(t.title, "Atividade de Matemática - 3º Ano - Fundamental I - outro tema");
  EXPECT_EQ(fake->calls, 2);
  fake->answer = "{\"title\": 1}";  // rejected answer → template again
  EXPECT_EQ(svc.multidisciplinary(r).generation_metadata.at("model"), "template-based");
  EXPECT_EQ(fake->calls, 3);
  // The standard route never uses the LLM.
  EXPECT_EQ(svc.standard(r).generation_metadata.at("model"), "template-based");
  EXPECT_EQ(fake->calls, 3);
}

TEST(GenerationService, TemplateResultsAreCachedByInputHash) {
  auto backend = cache::make_memory_cache();
  cache::CacheAside cache(*backend);
  GenerationService svc(cache, std::chrono::seconds(60));
  auto r = multi_request();
  auto a = svc.multidisciplinary(r);
  auto b = svc.multidisciplinary(r);
  EXPECT_EQ(to_json_compact(to_json(a)), to_json_compact(to_json(b)));
  auto stats = cache.stats();
  EXPECT_EQ(stats["nlp"].first, 1u);   // hit
  EXPECT_EQ(stats["nlp"].second, 1u);  // miss
  r.student.name = "Maria";  // the name is not part of the cached half: hit, new header
  auto c = svc.multidisciplinary(r);
  EXPECT_NE(c.description.find("personalizada para Maria,"), std::string::npos);
  EXPECT_EQ(c.generation_metadata.at("student_profile").at("name"), "Maria");
  EXPECT_EQ(c.objectives, a.objectives);
  EXPECT_EQ(cache.stats()["nlp"].second, 1u);
  r.subject = "fisica";  // different curriculum input → different key
  svc.multidisciplinary(r);
  EXPECT_EQ(cache.stats()["nlp"].second, 2u);
  EXPECT_EQ(GenerationService::cache_key(json::object{{"a", 1}}).substr(0, 5), "nlp:{");
}

namespace {
// Records every value written to the cache.
class RecordingCache : public cache::Cache {
 public:
  std::vector<std::string> values;
  std::map<std::string, std::string> store;
  std::optional<std::string> get(const std::string& k) override {
    auto it = store.find(k);
    return it == store.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  void set(const std::string& k, const std::string& v, std::chrono::seconds) override {
    values.push_back(k + " " + v);
    store[k] = v;
  }
  void del(const std::string& k) override { store.erase(k); }
  std::string backend() const override { return "recording"; }
};
}  // namespace

TEST(GenerationService, CachedValuesHoldNoNameIdOrDiagnosis) {
  RecordingCache backend;
  cache::CacheAside cache(backend);
  auto llm = std::make_unique<FakeLlm>();
  llm->answer = kGoodAnswer;
  GenerationService svc(cache, std::chrono::seconds(60), std::move(llm));
  auto r = multi_request();
  r.student.diagnosis = "Diagnóstico Sigiloso";
  svc.standard(r);
  r.theme = "tema com LLM";
  svc.multidisciplinary(r);
  ASSERT_EQ(backend.values.size(), 2u);
  for (const auto& v : backend.values) {
    EXPECT_EQ(v.find("João"), std::string::npos) << v;
    EXPECT_EQ(v.find("Sigiloso"), std::string::npos) << v;
  }
}
