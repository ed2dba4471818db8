// Generation service: cache-aside over the template and the optional LLM with fallback.
#include "domain/generation/service.hpp"

#include "core/ids.hpp"
#include "core/validation.hpp"
#include "domain/teaching/enums.hpp"
#include "domain/teaching/text.hpp"
#include "observability/log.hpp"

namespace edu::generation {
namespace {

constexpr const char* kSystemPrompt =
    "Você é especialista em educação inclusiva, em Transtorno do Espectro Autista (TEA) e na "
    "Base Nacional Comum Curricular (BNCC). Crie atividades pedagógicas em português do Brasil, "
    "adaptadas para alunos com TEA, com instruções claras, previsíveis e divididas em pequenos "
    "passos. Responda somente com um objeto JSON válido.";

json::value opt_json(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

// Inputs that determine a cached output, in a fixed key order. Never the student's name or id;
// the diagnosis only where the output depends on it (the LLM prompt).
json::object inputs_json(const char* mode, const GenerationRequest& r, bool with_diagnosis) {
  json::object profile{{"age", r.student.age},
                       {"tea_level", opt_json(r.student.tea_level)},
                       {"interests", to_json_array(r.student.interests)}};
  if (with_diagnosis) profile["diagnosis"] = r.student.diagnosis;
  return json::object{{"mode", mode},
                      {"activity_type", r.activity_type},
                      {"difficulty", r.difficulty},
                      {"duration_minutes", r.duration_minutes},
                      {"theme", opt_json(r.theme)},
                      {"subject", opt_json(r.subject)},
                      {"grade_level", opt_json(r.grade_level)},
                      {"pedagogical_type", opt_json(r.pedagogical_type)},
                      {"bncc_codes", to_json_array(r.bncc_codes)},
                      {"bncc_descriptions", to_json_array(r.bncc_descriptions)},
                      {"student", profile}};
}

std::string label(const teaching::LabeledEnum& e, const std::optional<std::string>& v) {
  if (!v) return "";
  auto l = e.label(*v);
  return l ? std::string(*l) : *v;
}

// Cleans a list of the answer: strings only, trimmed, blanks dropped. nullopt when the value
// is not a list of strings.
std::optional<std::vector<std::string>> clean_list(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return std::vector<std::string>{};
  if (!it->value().is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : it->value().get_array()) {
    if (!item.is_string()) return std::nullopt;
    std::string t = teaching::trim_unicode(item.get_string());
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

GenerationService::GenerationService(cache::CacheAside& cache, std::chrono::seconds ttl,
                                     std::unique_ptr<LlmClient> llm, TemplateGenerator tmpl)
    : cache_(cache), ttl_(ttl), llm_(std::move(llm)), tmpl_(tmpl) {}

std::string GenerationService::cache_key(const json::object& inputs) {
  return "nlp:{" + sha256_hex(to_json_compact(inputs)) + "}";
}

GeneratedActivity GenerationService::cached_template(const char* mode, const GenerationRequest& r,
                                                     bool multi) {
  // Only the impersonal half is cached (a shared Redis must not hold names or diagnoses); the
  // header with the student's name and diagnosis is rebuilt for every request.
  std::string key = cache_key(inputs_json(mode, r, false));
  std::string text = cache_.get_or_load("nlp", key, ttl_, [&] {
    GeneratedActivity lists = tmpl_.lists(r, multi);
    lists.generation_metadata = json::object{};
    return to_json_compact(to_json(lists));
  });
  GeneratedActivity g;
  auto v = parse_json(text);
  auto cached = v ? generated_from_json(*v) : std::nullopt;
  g = cached ? *cached : tmpl_.lists(r, multi);  // a corrupt entry never fails a request
  tmpl_.header(r, multi, g);
  return g;
}

GeneratedActivity GenerationService::standard(const GenerationRequest& r) {
  return cached_template("template-standard-v2", r, false);
}

GeneratedActivity GenerationService::multidisciplinary(const GenerationRequest& r) {
  if (llm_) {
    if (auto g = from_llm(r)) return *g;
  }
  return cached_template("template-multidisciplinary-v2", r, true);
}

std::string GenerationService::user_prompt(const GenerationRequest& r) {
  std::string p = "Crie uma atividade pedagógica adaptada para um aluno com TEA.\n";
  p += "Componente curricular: " + label(teaching::kSubject, r.subject) + "\n";
  p += "Etapa: " + label(teaching::kGradeLevel, r.grade_level) + "\n";
  if (r.pedagogical_type)
    p += "Formato da atividade: " + label(teaching::kPedagogicalType, r.pedagogical_type) + "\n";
  p += "Tipo de habilidade: " + label(teaching::kActivityType, r.activity_type) + "\n";
  p += "Nível de dificuldade: " + label(teaching::kDifficulty, r.difficulty) + "\n";
  p += "Duração: " + std::to_string(r.duration_minutes) + " minutos\n";
  if (r.theme) p += "Tema: " + *r.theme + "\n";
  if (!r.bncc_codes.empty()) {
    p += "Habilidades da BNCC a trabalhar:\n";
    for (std::size_t i = 0; i < r.bncc_codes.size(); ++i) {
      p += "- " + r.bncc_codes[i];
      if (i < r.bncc_descriptions.size() && !r.bncc_descriptions[i].empty())
        p += ": " + r.bncc_descriptions[i];
      p += "\n";
    }
  }
  p += "Perfil do aluno: " + std::to_string(r.student.age) + " anos; diagnóstico: " +
       r.student.diagnosis;
  if (r.student.tea_level) p += "; nível de suporte TEA: " + label(teaching::kTeaLevel, r.student.tea_level);
  if (!r.student.interests.empty()) {
    p += "; interesses: ";
    for (std::size_t i = 0; i < r.student.interests.size(); ++i)
      p += (i ? ", " : "") + r.student.interests[i];
  }
  p += ".\n";
  p += "Responda com um objeto JSON com as chaves: \"title\" (texto), \"description\" (texto), "
       "\"objectives\" (lista de textos), \"materials\" (lista de textos), \"instructions\" (lista "
       "de passos), \"duration_minutes\" (inteiro entre 5 e 180), \"adaptations\" (lista de "
       "textos), \"visual_supports\" (lista de textos) e \"success_criteria\" (lista de textos).";
  return p;
}

std::optional<GeneratedActivity> GenerationService::accept_llm_answer(const std::string& content,
                                                                      const GenerationRequest& r) {
  std::string_view text = content;
  // Some providers wrap JSON in a Markdown fence despite response_format.
  auto open = text.find('{');
  auto close = text.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::nullopt;
  auto doc = parse_json(text.substr(open, close - open + 1));
  if (!doc || !doc->is_object()) return std::nullopt;
  const auto& o = doc->get_object();
  GeneratedActivity g;
  auto title = o.find("title");
  auto desc = o.find("description");
  if (title == o.end() || !title->value().is_string() || desc == o.end() ||
      !desc->value().is_string())
    return std::nullopt;
  g.title = std::string(title->value().get_string());
  g.description = std::string(desc->value().get_string());
  std::size_t tl = utf8_length(g.title);
  if (tl < 3 || tl > 500 || utf8_length(g.description) < 10) return std::nullopt;
  struct {
    const char* key;
    std::vector<std::string>* out;
    bool required;
  } lists[] = {{"objectives", &g.objectives, true},         {"materials", &g.materials, true},
               {"instructions", &g.instructions, true},     {"adaptations", &g.adaptations, false},
               {"visual_supports", &g.visual_supports, false},
               {"success_criteria", &g.success_criteria, false}};
  for (auto& l : lists) {
    auto v = clean_list(o, l.key);
    if (!v || (l.required && v->empty())) return std::nullopt;
    *l.out = std::move(*v);
  }
  g.duration_minutes = r.duration_minutes;
  auto d = o.find("duration_minutes");
  if (d != o.end()) {
    std::optional<std::int64_t> n;
    if (d->value().is_int64()) n = d->value().get_int64();
    else if (d->value().is_double() && d->value().get_double() == static_cast<double>(static_cast<std::int64_t>(d->value().get_double())))
      n = static_cast<std::int64_t>(d->value().get_double());
    if (n && *n >= 5 && *n <= 180) g.duration_minutes = *n;
  }
  return g;
}

std::optional<GeneratedActivity> GenerationService::from_llm(const GenerationRequest& r) {
  json::object inputs = inputs_json("llm-multidisciplinary-v1", r, true);
  inputs["model"] = llm_->model();
  std::string key = cache_key(inputs);
  std::optional<GeneratedActivity> accepted;
  try {
    std::string answer = cache_.get_or_load("nlp", key, ttl_, [&]() -> std::string {
      auto content = llm_->complete_json(kSystemPrompt, user_prompt(r));
      if (!content) throw std::runtime_error("llm unavailable");
      auto g = accept_llm_answer(*content, r);
      if (!g) {
        log::warn("LLM answer rejected, using the built-in template",
                  {{"event", "llm_fallback"}, {"error", "answer does not satisfy ActivityCreate"}});
        throw std::runtime_error("llm answer rejected");
      }
      GeneratedActivity stored = *g;
      stored.generation_metadata = json::object{};
      return to_json_compact(to_json(stored));
    });
    if (auto v = parse_json(answer)) accepted = generated_from_json(*v);
  } catch (const std::exception&) {
    return std::nullopt;  // not cached: the next request tries the LLM again
  }
  if (!accepted) return std::nullopt;
  accepted->generation_metadata = json::object{
      {"model", llm_->model()},
      {"subject", opt_json(r.subject)},
      {"grade_level", opt_json(r.grade_level)},
      {"pedagogical_type", opt_json(r.pedagogical_type)},
      {"bncc_codes", r.bncc_codes.empty() ? json::value(nullptr) : json::value(to_json_array(r.bncc_codes))},
      {"student_profile", student_profile_json(r.student)}};
  return accepted;
}

}  // namespace edu::generation
