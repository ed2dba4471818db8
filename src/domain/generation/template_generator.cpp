// The built-in templates (API.md §5.6.1, §5.6.2) plus the curriculum block (generator.hpp).
#include "domain/generation/generator.hpp"

#include "domain/teaching/enums.hpp"
#include "domain/teaching/text.hpp"

namespace edu::generation {
namespace {

using teaching::unicode_lower;

std::string label_or(const teaching::LabeledEnum& e, std::string_view v) {
  auto l = e.label(v);
  return l ? std::string(*l) : std::string(v);
}

json::value opt_json(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

// "a", "a e b", "a, b e c"
std::string join_pt(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " e " : ", ";
    out += items[i];
  }
  return out;
}

// The lists shared by both templates (§5.6.1).
void common_lists(GeneratedActivity& g) {
  g.materials = {"Material visual de apoio", "Recursos adaptados para TEA",
                 "Ambiente estruturado e previsível"};
  g.instructions = {"1. Prepare o ambiente garantindo que esteja calmo e organizado",
                    "2. Apresente a atividade de forma clara e visual",
                    "3. Divida a tarefa em pequenos passos",
                    "4. Ofereça suporte quando necessário",
                    "5. Reforce positivamente cada conquista",
                    "6. Permita pausas sensoriais se o aluno demonstrar necessidade"};
  g.adaptations = {"Use apoios visuais (imagens, pictogramas)", "Mantenha instruções curtas e diretas",
                   "Permita tempo extra para processamento",
                   "Reduza estímulos sensoriais desnecessários"};
  g.visual_supports = {"Sequência visual dos passos", "Timer visual para duração",
                       "Imagens de apoio relacionadas ao tema"};
  g.success_criteria = {"Aluno consegue iniciar a atividade com suporte mínimo",
                        "Demonstra compreensão das instruções",
                        "Completa pelo menos 70% da atividade proposta",
                        "Mantém engajamento durante a maior parte do tempo"};
}

std::string profile_sentence(const GenerationRequest& r) {
  return ", com nível de dificuldade " + unicode_lower(label_or(teaching::kDifficulty, r.difficulty)) +
         ". Esta atividade foi criada considerando o perfil de aprendizagem do aluno: " +
         r.student.diagnosis + ".";
}

}  // namespace

json::object student_profile_json(const StudentProfile& p) {
  return json::object{{"name", p.name},
                      {"age", p.age},
                      {"diagnosis", p.diagnosis},
                      {"tea_level", opt_json(p.tea_level)},
                      {"interests", to_json_array(p.interests)}};
}

void TemplateGenerator::header(const GenerationRequest& r, bool multi, GeneratedActivity& g) const {
  std::string L = label_or(teaching::kActivityType, r.activity_type);
  if (!multi) {
    g.title = "Atividade " + L + (r.theme ? " - " + *r.theme : "");
    g.description = "Atividade " + unicode_lower(L) + " personalizada para " + r.student.name +
                    profile_sentence(r);
    g.generation_metadata = json::object{
        {"student_profile", student_profile_json(r.student)},
        {"generation_params", json::object{{"activity_type", r.activity_type},
                                           {"difficulty", r.difficulty},
                                           {"duration_minutes", r.duration_minutes},
                                           {"theme", opt_json(r.theme)}}},
        {"model", "template-based"},
        {"note", "Generated using built-in template"}};
    return;
  }
  std::string S = label_or(teaching::kSubject, r.subject.value_or(""));
  std::string G = label_or(teaching::kGradeLevel, r.grade_level.value_or(""));
  g.title = "Atividade de " + S + " - " + G + (r.theme ? " - " + *r.theme : "");
  g.description = "Atividade de " + S + " para " + G;
  if (r.pedagogical_type)
    g.description +=
        ", no formato " + unicode_lower(label_or(teaching::kPedagogicalType, *r.pedagogical_type));
  g.description += ", personalizada para " + r.student.name + profile_sentence(r);
  g.generation_metadata = json::object{
      {"model", "template-based"},
      {"subject", opt_json(r.subject)},
      {"grade_level", opt_json(r.grade_level)},
      {"pedagogical_type", opt_json(r.pedagogical_type)},
      {"bncc_codes", r.bncc_codes.empty() ? json::value(nullptr)
                                          : json::value(to_json_array(r.bncc_codes))},
      {"student_profile", student_profile_json(r.student)}};
}

GeneratedActivity TemplateGenerator::lists(const GenerationRequest& r, bool multi) const {
  GeneratedActivity g;
  std::string L = label_or(teaching::kActivityType, r.activity_type);
  if (!multi) {
    g.objectives = {"Desenvolver habilidades de " + unicode_lower(L) + " adequadas ao nível do aluno",
                    "Promover engajamento através de atividades adaptadas",
                    "Respeitar o perfil sensorial e ritmo de aprendizagem"};
  } else {
    std::string S = label_or(teaching::kSubject, r.subject.value_or(""));
    std::string G = label_or(teaching::kGradeLevel, r.grade_level.value_or(""));
    g.objectives = {"Desenvolver habilidades de " + S + " adequadas à etapa " + G,
                    "Desenvolver habilidades de " + unicode_lower(L) + " adequadas ao nível do aluno",
                    "Promover engajamento através de atividades adaptadas",
                    "Respeitar o perfil sensorial e ritmo de aprendizagem"};
    for (const auto& code : r.bncc_codes) g.objectives.push_back("Trabalhar a habilidade BNCC " + code);
  }
  common_lists(g);
  g.duration_minutes = r.duration_minutes;
  if (enrich_ && (multi || r.subject || r.grade_level || r.pedagogical_type)) add_curriculum_block(r, g);
  return g;
}

GeneratedActivity TemplateGenerator::standard(const GenerationRequest& r) const {
  GeneratedActivity g = lists(r, false);
  header(r, false, g);
  return g;
}

GeneratedActivity TemplateGenerator::multidisciplinary(const GenerationRequest& r) const {
  GeneratedActivity g = lists(r, true);
  header(r, true, g);
  return g;
}

void TemplateGenerator::add_curriculum_block(const GenerationRequest& r, GeneratedActivity& g) const {
  const SubjectGuide* sg = r.subject ? subject_guide(*r.subject) : nullptr;
  const FormatGuide* fg = r.pedagogical_type ? format_guide(*r.pedagogical_type) : nullptr;
  std::vector<std::string> steps;

  if (sg) {
    g.objectives.emplace_back(sg->objective);
    for (auto m : sg->materials) g.materials.emplace_back(m);
    for (auto s : sg->steps) steps.emplace_back(s);
    for (auto a : sg->strategies) g.adaptations.emplace_back(a);
    for (auto v : sg->visual_supports) g.visual_supports.emplace_back(v);
    g.success_criteria.emplace_back(sg->success);
  }
  // Official BNCC texts (catalog loaded): the skill itself as an objective.
  for (std::size_t i = 0; i < r.bncc_codes.size() && i < r.bncc_descriptions.size(); ++i)
    if (!r.bncc_descriptions[i].empty())
      g.objectives.push_back("(" + r.bncc_codes[i] + ") " + r.bncc_descriptions[i]);
  if (fg) {
    g.materials.emplace_back(fg->material);
    steps.emplace_back(fg->step);
    g.success_criteria.emplace_back(fg->success);
  }
  if (!r.student.interests.empty()) {
    std::vector<std::string> top(r.student.interests.begin(),
                                 r.student.interests.begin() +
                                     std::min<std::size_t>(3, r.student.interests.size()));
    std::string list = join_pt(top);
    g.materials.push_back("Imagens ou objetos relacionados aos interesses do aluno (" + list + ")");
    steps.push_back("Use os interesses do aluno (" + list +
                    ") como tema dos exemplos e como recompensa ao final de cada etapa");
  }
  if (r.grade_level) {
    auto a = grade_band_adaptation(*r.grade_level);
    if (!a.empty()) g.adaptations.emplace_back(a);
  }
  if (r.student.tea_level) {
    auto a = tea_level_adaptation(*r.student.tea_level);
    if (!a.empty()) g.adaptations.emplace_back(a);
  }
  // Steps continue the numbering of the six template instructions.
  std::size_t n = g.instructions.size();
  for (const auto& s : steps) g.instructions.push_back(std::to_string(++n) + ". " + s);
}

json::value to_json(const GeneratedActivity& g) {
  return json::object{{"title", g.title},
                      {"description", g.description},
                      {"objectives", to_json_array(g.objectives)},
                      {"materials", to_json_array(g.materials)},
                      {"instructions", to_json_array(g.instructions)},
                      {"adaptations", to_json_array(g.adaptations)},
                      {"visual_supports", to_json_array(g.visual_supports)},
                      {"success_criteria", to_json_array(g.success_criteria)},
                      {"duration_minutes", g.duration_minutes},
                      {"generation_metadata", g.generation_metadata}};
}

std::optional<GeneratedActivity> generated_from_json(const json::value& v) {
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  GeneratedActivity g;
  auto str = [&](const char* k, std::string& out) {
    auto it = o.find(k);
    if (it == o.end() || !it->value().is_string()) return false;
    out = std::string(it->value().get_string());
    return true;
  };
  auto list = [&](const char* k, std::vector<std::string>& out) {
    auto it = o.find(k);
    if (it == o.end() || !it->value().is_array()) return false;
    out = string_list(it->value());
    return true;
  };
  if (!str("title", g.title) || !str("description", g.description) ||
      !list("objectives", g.objectives) || !list("materials", g.materials) ||
      !list("instructions", g.instructions) || !list("adaptations", g.adaptations) ||
      !list("visual_supports", g.visual_supports) || !list("success_criteria", g.success_criteria))
    return std::nullopt;
  auto d = o.find("duration_minutes");
  if (d == o.end() || !d->value().is_int64()) return std::nullopt;
  g.duration_minutes = d->value().get_int64();
  auto m = o.find("generation_metadata");
  if (m == o.end() || !m->value().is_object()) return std::nullopt;
  g.generation_metadata = m->value().get_object();
  return g;
}

}  // namespace edu::generation
