// BNCC code grammar and decoder. Written as a small hand-rolled matcher over fixed positions
// rather than std::regex: the grammar is tiny, and this is called for every CSV row, every
// activity write and every lookup (std::regex is slow and allocates).
#include "domain/bncc/code.hpp"

#include <cctype>

#include "core/text_fold.hpp"

namespace edu::bncc {
namespace {

struct Named {
  std::string_view code;
  std::string_view name;
};

constexpr Named kEfComponents[] = {
    {"LP", "Língua Portuguesa"}, {"AR", "Arte"},       {"EF", "Educação Física"},
    {"LI", "Língua Inglesa"},    {"MA", "Matemática"}, {"CI", "Ciências"},
    {"GE", "Geografia"},         {"HI", "História"},   {"ER", "Ensino Religioso"}};

constexpr Named kEfAreas[] = {
    {"LP", "Linguagens"},       {"AR", "Linguagens"},       {"EF", "Linguagens"},
    {"LI", "Linguagens"},       {"MA", "Matemática"},       {"CI", "Ciências da Natureza"},
    {"GE", "Ciências Humanas"}, {"HI", "Ciências Humanas"}, {"ER", "Ensino Religioso"}};

constexpr Named kEiCampos[] = {{"EO", "O eu, o outro e o nós"},
                               {"CG", "Corpo, gestos e movimentos"},
                               {"TS", "Traços, sons, cores e formas"},
                               {"EF", "Escuta, fala, pensamento e imaginação"},
                               {"ET", "Espaços, tempos, quantidades, relações e transformações"}};

constexpr Named kEiAgeGroups[] = {
    {"01", "Bebês (zero a 1 ano e 6 meses)"},
    {"02", "Crianças bem pequenas (1 ano e 7 meses a 3 anos e 11 meses)"},
    {"03", "Crianças pequenas (4 anos a 5 anos e 11 meses)"}};

constexpr Named kEmAreas[] = {{"LGG", "Linguagens e suas Tecnologias"},
                              {"MAT", "Matemática e suas Tecnologias"},
                              {"CNT", "Ciências da Natureza e suas Tecnologias"},
                              {"CHS", "Ciências Humanas e Sociais Aplicadas"}};

// Highest competência digit per EM area.
struct EmArea {
  std::string_view code;
  char max_competency;
};
constexpr EmArea kEmCompetencies[] = {{"LGG", '7'}, {"MAT", '5'}, {"CNT", '3'}, {"CHS", '6'}};

template <std::size_t N>
std::string_view lookup(const Named (&table)[N], std::string_view code) {
  for (const auto& e : table)
    if (e.code == code) return e.name;
  return {};
}

bool digit(char c) { return c >= '0' && c <= '9'; }
int two(std::string_view s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

// Which EF year segments each component uses (GRAMMAR.md §2 / the strict regex).
bool ef_combination_ok(std::string_view seg, std::string_view comp) {
  bool single = seg[0] == '0' && seg[1] >= '1' && seg[1] <= '9';
  if (comp == "LP")
    return single || seg == "12" || seg == "15" || seg == "35" || seg == "67" || seg == "69" ||
           seg == "89";
  if (comp == "AR") return seg == "15" || seg == "69";
  if (comp == "EF") return seg == "12" || seg == "35" || seg == "67" || seg == "89";
  if (comp == "MA" || comp == "CI" || comp == "GE" || comp == "HI" || comp == "ER") return single;
  if (comp == "LI") return seg[0] == '0' && seg[1] >= '6' && seg[1] <= '9';
  return false;
}

}  // namespace

std::string_view stage_code(Stage s) {
  switch (s) {
    case Stage::EI:
      return "EI";
    case Stage::EF:
      return "EF";
    case Stage::EM:
      return "EM";
  }
  return "";
}

std::string_view stage_name(Stage s) {
  switch (s) {
    case Stage::EI:
      return "Educação Infantil";
    case Stage::EF:
      return "Ensino Fundamental";
    case Stage::EM:
      return "Ensino Médio";
  }
  return "";
}

std::optional<Stage> parse_stage(std::string_view s) {
  if (s == "EI") return Stage::EI;
  if (s == "EF") return Stage::EF;
  if (s == "EM") return Stage::EM;
  return std::nullopt;
}

std::string_view ef_component_name(std::string_view code) { return lookup(kEfComponents, code); }
std::string_view ef_area_name(std::string_view code) { return lookup(kEfAreas, code); }
std::string_view ei_campo_name(std::string_view code) { return lookup(kEiCampos, code); }
std::string_view em_area_name(std::string_view code) { return lookup(kEmAreas, code); }

std::vector<int> ef_segment_years(std::string_view seg) {
  if (seg.size() != 2 || !digit(seg[0]) || !digit(seg[1])) return {};
  if (seg[0] == '0' && seg[1] >= '1') return {seg[1] - '0'};
  if (seg == "12") return {1, 2};
  if (seg == "15") return {1, 2, 3, 4, 5};
  if (seg == "35") return {3, 4, 5};
  if (seg == "67") return {6, 7};
  if (seg == "69") return {6, 7, 8, 9};
  if (seg == "89") return {8, 9};
  return {};
}

std::string normalize_code(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    if (c == '(' || c == ')') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  }
  // Trimmed after removing parentheses: " ( EF01MA01 ) " is accepted too.
  return trim_unicode_space(out);
}

std::optional<DecodedCode> decode(std::string_view c) {
  if (c.size() < 8 || c.size() > 10) return std::nullopt;
  DecodedCode d;
  std::string_view stage = c.substr(0, 2);
  if (stage == "EI") {
    // EI + 0[1-3] + campo + 2 digits
    if (c.size() != 8) return std::nullopt;
    std::string_view group = c.substr(2, 2), campo = c.substr(4, 2), seq = c.substr(6, 2);
    if (group[0] != '0' || group[1] < '1' || group[1] > '3') return std::nullopt;
    if (ei_campo_name(campo).empty()) return std::nullopt;
    if (!digit(seq[0]) || !digit(seq[1])) return std::nullopt;
    d.stage = Stage::EI;
    d.year_segment = std::string(group);
    d.years = {group[1] - '0'};
    d.age_group = std::string(group);
    d.component_code = std::string(campo);
    d.sequence = two(seq);
  } else if (stage == "EF") {
    if (c.size() != 8) return std::nullopt;
    std::string_view seg = c.substr(2, 2), comp = c.substr(4, 2), seq = c.substr(6, 2);
    if (!digit(seg[0]) || !digit(seg[1]) || !digit(seq[0]) || !digit(seq[1])) return std::nullopt;
    if (!ef_combination_ok(seg, comp)) return std::nullopt;
    d.stage = Stage::EF;
    d.year_segment = std::string(seg);
    d.years = ef_segment_years(seg);
    d.component_code = std::string(comp);
    d.sequence = two(seq);
  } else if (stage == "EM") {
    if (c.substr(2, 2) != "13") return std::nullopt;
    d.stage = Stage::EM;
    d.year_segment = "13";
    d.years = {1, 2, 3};
    if (c.size() == 8) {
      // EM13LP + 2 digits
      if (c.substr(4, 2) != "LP" || !digit(c[6]) || !digit(c[7])) return std::nullopt;
      d.component_code = "LP";
      d.area_code = "LGG";
      d.sequence = two(c.substr(6, 2));
    } else if (c.size() == 10) {
      // EM13 + area (3 letters) + competência (1 digit, bounded per area) + 2 digits
      std::string_view area = c.substr(4, 3);
      char comp = c[7];
      bool ok = false;
      for (const auto& a : kEmCompetencies)
        if (a.code == area && comp >= '1' && comp <= a.max_competency) ok = true;
      if (!ok || !digit(c[8]) || !digit(c[9])) return std::nullopt;
      d.area_code = std::string(area);
      d.competency = comp - '0';
      d.sequence = two(c.substr(8, 2));
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  d.code = std::string(c);
  return d;
}

bool is_well_formed(std::string_view code) { return decode(code).has_value(); }

std::string_view DecodedCode::component_name() const {
  switch (stage) {
    case Stage::EI:
      return ei_campo_name(component_code);
    case Stage::EF:
      return ef_component_name(component_code);
    case Stage::EM:
      return component_code == "LP" ? "Língua Portuguesa" : "";
  }
  return "";
}

std::string_view DecodedCode::area_name() const {
  switch (stage) {
    case Stage::EI:
      return "";
    case Stage::EF:
      return ef_area_name(component_code);
    case Stage::EM:
      return em_area_name(area_code);
  }
  return "";
}

std::string_view DecodedCode::age_group_name() const {
  return stage == Stage::EI ? lookup(kEiAgeGroups, age_group) : std::string_view{};
}

json::object DecodedCode::to_json() const {
  auto str_or_null = [](std::string_view s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
  };
  json::array ys;
  for (int y : years) ys.emplace_back(y);
  json::object o;
  o["stage"] = stage_code(stage);
  o["stage_name"] = stage_name(stage);
  o["year_segment"] = year_segment;
  o["years"] = std::move(ys);
  if (stage == Stage::EI)
    o["age_group"] = json::object{{"code", age_group}, {"name", age_group_name()}};
  else
    o["age_group"] = nullptr;
  o["component_code"] = str_or_null(component_code);
  o["component"] = str_or_null(component_name());
  o["area_code"] = str_or_null(area_code);
  o["area"] = str_or_null(area_name());
  o["competency"] = competency ? json::value(*competency) : json::value(nullptr);
  o["sequence"] = sequence;
  return o;
}

}  // namespace edu::bncc
