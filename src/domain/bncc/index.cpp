// In-memory catalog index (see index.hpp).
#include "domain/bncc/index.hpp"

#include <string.h>

#include <algorithm>
#include <map>

#include "core/text_fold.hpp"

namespace edu::bncc {
namespace {

std::string trim(std::string_view s) { return trim_unicode_space(s); }

std::uint32_t trigram_key(const char* p) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(p[0])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(p[1])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(p[2]));
}

// glibc's memmem (two-way algorithm) is several times faster than std::string::find here:
// folded Portuguese text is full of the tokens' first letters ("e", "a"...).
bool contains(const std::string& hay, const std::string& needle) {
  return memmem(hay.data(), hay.size(), needle.data(), needle.size()) != nullptr;
}

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return out;
}

json::value opt(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}
json::value code_or_null(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

}  // namespace

std::vector<std::string> search_tokens(std::string_view q) {
  std::string folded;
  for (char c : fold_text(q))
    if (c != '(' && c != ')') folded.push_back(c);
  return split_unicode_space(folded);
}

std::string SkillQuery::canonical() const {
  std::string s = "q=";
  for (const auto& t : search_tokens(q)) s += t + " ";
  // Only a well-formed code can be an exact match (and lead the results).
  if (std::string code = normalize_code(q); is_well_formed(code)) s += "|exact=" + code;
  s += "|stage=" + (stage ? std::string(stage_code(*stage)) : "");
  s += "|year=" + (year ? std::to_string(*year) : "");
  // Filter semantics depend on fold(value) and on upper(value) for code equality; upper() can
  // only equal a (pure ASCII) code when the value is ASCII, where it is upper(fold(value)).
  auto filter = [](const std::string& v) {
    std::string t = trim(v);
    bool ascii = std::all_of(t.begin(), t.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    return fold_text(t) + (ascii ? "/a" : "/u");
  };
  s += "|component=" + filter(component);
  s += "|area=" + filter(area);
  s += "|thematic_unit=" + fold_text(thematic_unit);
  s += "|skip=" + std::to_string(skip) + "|limit=" + std::to_string(limit);
  return s;
}

json::object skill_to_json(const Skill& s) {
  json::array years;
  for (int y : s.years) years.emplace_back(y);
  json::object o;
  o["code"] = s.code;
  o["stage"] = stage_code(s.stage);
  o["stage_name"] = stage_name(s.stage);
  o["years"] = std::move(years);
  o["component"] = opt(s.component);
  o["component_code"] = code_or_null(s.component_code);
  o["area"] = opt(s.area);
  o["area_code"] = code_or_null(s.area_code);
  o["thematic_unit"] = opt(s.thematic_unit);
  o["knowledge_objects"] = to_json_array(s.knowledge_objects);
  o["description"] = s.description;
  o["field_of_action"] = opt(s.field_of_action);
  o["language_practice"] = opt(s.language_practice);
  o["axis"] = opt(s.axis);
  o["specific_competencies"] = to_json_array(s.specific_competencies);
  o["pdf_page"] = s.pdf_page ? json::value(*s.pdf_page) : json::value(nullptr);
  return o;
}

CatalogIndex::CatalogIndex(std::vector<Skill> skills, CatalogMeta meta)
    : skills_(std::move(skills)), meta_(std::move(meta)) {
  std::stable_sort(skills_.begin(), skills_.end(), catalog_less);
  const std::size_t n = skills_.size();
  json_.reserve(n);
  text_.reserve(n);
  component_.reserve(n);
  area_.reserve(n);
  thematic_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Skill& s = skills_[i];
    by_code_.emplace(s.code, i);
    json_.push_back(to_json(skill_to_json(s)));
    text_.push_back(fold_text(s.code + " " + s.description));
    component_.push_back(s.component ? fold_text(*s.component) : std::string());
    area_.push_back(s.area ? fold_text(*s.area) : std::string());
    thematic_.push_back(s.thematic_unit ? fold_text(*s.thematic_unit) : std::string());
  }
  words_ = (n + 63) / 64;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& t = text_[i];
    for (std::size_t k = 0; k + 3 <= t.size(); ++k) {
      auto& bits = trigrams_[trigram_key(t.data() + k)];
      if (bits.empty()) bits.assign(words_, 0);
      bits[i / 64] |= std::uint64_t{1} << (i % 64);
    }
  }

  // GET /bncc/components: counts per stage, (stage, component) and (stage, area), sorted by
  // stage order then folded name.
  std::size_t stage_count[3] = {0, 0, 0};
  struct Group {
    std::string code, name, area;
    std::size_t count = 0;
  };
  std::map<std::pair<int, std::string>, Group> comps, areas;  // key: (stage, folded name + name)
  for (std::size_t i = 0; i < n; ++i) {
    const Skill& s = skills_[i];
    int st = static_cast<int>(s.stage);
    ++stage_count[st];
    if (s.component) {
      auto& g = comps[{st, component_[i] + '\x01' + *s.component}];
      if (g.count == 0) {
        g.code = s.component_code;
        g.name = *s.component;
        g.area = s.area.value_or("");
      }
      ++g.count;
    }
    if (s.area) {
      auto& g = areas[{st, area_[i] + '\x01' + *s.area}];
      if (g.count == 0) {
        g.code = s.area_code;
        g.name = *s.area;
      }
      ++g.count;
    }
  }
  json::array stages, components, area_list;
  for (int st = 0; st < 3; ++st)
    stages.push_back(json::object{{"code", stage_code(static_cast<Stage>(st))},
                                  {"name", stage_name(static_cast<Stage>(st))},
                                  {"count", stage_count[st]}});
  for (const auto& [key, g] : comps)
    components.push_back(
        json::object{{"stage", stage_code(static_cast<Stage>(key.first))},
                     {"code", code_or_null(g.code)},
                     {"name", g.name},
                     {"area", g.area.empty() ? json::value(nullptr) : json::value(g.area)},
                     {"count", g.count}});
  for (const auto& [key, g] : areas)
    area_list.push_back(json::object{{"stage", stage_code(static_cast<Stage>(key.first))},
                                     {"code", code_or_null(g.code)},
                                     {"name", g.name},
                                     {"count", g.count}});
  components_json_ = to_json(json::object{{"total", n},
                                          {"catalog_version", meta_.version},
                                          {"stages", std::move(stages)},
                                          {"components", std::move(components)},
                                          {"areas", std::move(area_list)}});
}

const Skill* CatalogIndex::find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &skills_[it->second];
}

bool CatalogIndex::matches(std::size_t i, const Prepared& p) const {
  const Skill& s = skills_[i];
  if (p.stage && s.stage != *p.stage) return false;
  if (p.year && std::find(s.years.begin(), s.years.end(), *p.year) == s.years.end()) return false;
  if (!p.component.empty()) {
    bool ok = (s.component && component_[i] == p.component) ||
              (!s.component_code.empty() && s.component_code == p.component_upper);
    if (!ok) return false;
  }
  if (!p.area.empty()) {
    bool ok =
        (s.area && area_[i] == p.area) || (!s.area_code.empty() && s.area_code == p.area_upper);
    if (!ok) return false;
  }
  if (!p.thematic.empty() && (!s.thematic_unit || !contains(thematic_[i], p.thematic)))
    return false;
  for (const auto& t : p.tokens)
    if (!contains(text_[i], t)) return false;
  return true;
}

SkillPage CatalogIndex::search(const SkillQuery& q) const {
  Prepared p;
  p.stage = q.stage;
  p.year = q.year;
  p.tokens = search_tokens(q.q);
  p.component = fold_text(trim(q.component));
  p.component_upper = upper_ascii(trim(q.component));
  p.area = fold_text(trim(q.area));
  p.area_upper = upper_ascii(trim(q.area));
  p.thematic = fold_text(q.thematic_unit);
  const auto& tokens = p.tokens;

  std::vector<std::size_t> hits;
  std::optional<std::size_t> exact;
  if (!tokens.empty()) {
    auto it = by_code_.find(normalize_code(q.q));
    if (it != by_code_.end()) exact = it->second;
  }
  bool exact_hit = false;
  auto consider = [&](std::size_t i) {
    if (!matches(i, p)) return;
    if (exact && *exact == i) {
      exact_hit = true;
      return;
    }
    hits.push_back(i);
  };
  // Candidates from the trigram index when some token has ≥ 3 bytes; otherwise every row.
  std::vector<std::uint64_t> cand;
  bool indexed = false;
  for (const auto& t : tokens) {
    for (std::size_t k = 0; k + 3 <= t.size(); ++k) {
      auto it = trigrams_.find(trigram_key(t.data() + k));
      if (it == trigrams_.end()) {
        cand.assign(words_, 0);
      } else if (!indexed) {
        cand = it->second;
      } else {
        for (std::size_t w = 0; w < words_; ++w) cand[w] &= it->second[w];
      }
      indexed = true;
    }
  }
  if (indexed) {
    for (std::size_t w = 0; w < words_; ++w)
      for (std::uint64_t bits = cand[w]; bits; bits &= bits - 1)
        consider(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
  } else {
    for (std::size_t i = 0; i < skills_.size(); ++i) consider(i);
  }
  if (exact_hit) hits.insert(hits.begin(), *exact);

  SkillPage page;
  page.total = hits.size();
  auto begin = std::min<std::size_t>(static_cast<std::size_t>(q.skip), hits.size());
  auto end = std::min<std::size_t>(begin + static_cast<std::size_t>(q.limit), hits.size());
  page.items.assign(hits.begin() + static_cast<std::ptrdiff_t>(begin),
                    hits.begin() + static_cast<std::ptrdiff_t>(end));
  return page;
}

std::string CatalogIndex::page_json(const SkillPage& page, const SkillQuery& q) const {
  std::string out;
  std::size_t cap = 96;
  for (auto i : page.items) cap += json_[i].size() + 2;
  out.reserve(cap);
  out += "{\"items\": [";
  for (std::size_t k = 0; k < page.items.size(); ++k) {
    if (k) out += ", ";
    out += json_[page.items[k]];
  }
  bool has_more = static_cast<std::size_t>(q.skip) + page.items.size() < page.total;
  out += "], \"total\": " + std::to_string(page.total) + ", \"skip\": " + std::to_string(q.skip) +
         ", \"limit\": " + std::to_string(q.limit) +
         ", \"has_more\": " + (has_more ? "true" : "false") + "}";
  return out;
}

}  // namespace edu::bncc
