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
