// Shared field rules of the teaching area.
#include "domain/teaching/fields.hpp"

#include <algorithm>

#include "domain/teaching/text.hpp"

namespace edu::teaching {

Field<std::vector<std::string>> non_empty_text_list(ObjectReader& body, std::string_view key,
                                                    Presence p) {
  auto f = body.string_list(key, p);
  if (!f.has_value()) return f;
  std::vector<std::string> cleaned;
  for (const auto& item : f.value) {
    std::string t = trim_unicode(item);
    if (!t.empty()) cleaned.push_back(std::move(t));
  }
  if (cleaned.empty()) {
    body.fail(key, "Lista não pode estar vazia");
    f.state = Field<std::vector<std::string>>::State::Invalid;
    return f;
  }
  f.value = std::move(cleaned);
  return f;
}

Field<std::vector<std::string>> bncc_list(ObjectReader& body, std::string_view key, Presence p,
                                          const BnccCatalogPort& catalog) {
  ListRule rule;
  rule.max_items = 50;
  auto f = body.string_list(key, p, rule);
  if (!f.has_value()) return f;
  std::vector<std::string> normalized;
  bool ok = true;
  for (std::size_t i = 0; i < f.value.size(); ++i) {
    std::string code = normalize_bncc_code(f.value[i]);
    if (!bncc_well_formed(code)) {
      body.fail_item(key, i, "Código BNCC inválido: " + f.value[i], json::value(f.value[i]));
      ok = false;
      continue;
    }
    if (std::find(normalized.begin(), normalized.end(), code) == normalized.end())
      normalized.push_back(std::move(code));
  }
  if (catalog.loaded()) {
    std::vector<std::string> unknown;
    for (const auto& c : normalized)
      if (!catalog.exists(c)) unknown.push_back(c);
    if (!unknown.empty()) {
      std::string joined;
      for (std::size_t i = 0; i < unknown.size(); ++i) joined += (i ? ", " : "") + unknown[i];
      body.fail(key, "Códigos BNCC não encontrados: " + joined,
                json::object{{"unknown_codes", to_json_array(unknown)}});
      ok = false;
    }
  }
  if (!ok) {
    f.state = Field<std::vector<std::string>>::State::Invalid;
    return f;
  }
  f.value = std::move(normalized);
  return f;
}

StrRule long_text_rule() {
  StrRule r;
  r.check = [](const std::string& s) -> std::string {
    return utf8_length(s) > 2000 ? "Texto não pode exceder 2000 caracteres" : "";
  };
  return r;
}

Page read_page(Validator& v, std::int64_t default_limit, std::int64_t max_limit) {
  Page p;
  auto skip = v.query_int("skip", 0, IntRule{.ge = 0, .le = std::nullopt});
  auto limit = v.query_int("limit", default_limit, IntRule{.ge = 1, .le = max_limit});
  p.skip = skip.value_or(0);
  p.limit = limit.value_or(default_limit);
  return p;
}

}  // namespace edu::teaching
