// The activities' BNCC rule on top of the Catalog interface (see catalog.hpp).
#include "domain/bncc/catalog.hpp"

namespace edu::bncc {

Field<std::vector<std::string>> read_bncc_competencies(ObjectReader& body, std::string_view key,
                                                       Presence presence, const Catalog& catalog) {
  ListRule rule;
  rule.max_items = 50;
  auto f = body.string_list(key, presence, rule);
  if (!f.has_value()) return f;
  CodeCheck check = catalog.check_codes(f.value);
  Validator& v = body.validator();
  for (const auto& [index, item] : check.malformed) {
    json::array loc = body.location(key);
    loc.emplace_back(index);
    std::string msg = "Código BNCC inválido: " + item;
    v.add("value_error", loc, "Value error, " + msg, json::value(item),
          json::object{{"error", msg}});
  }
  if (!check.unknown.empty()) {
    std::string msg = "Códigos BNCC não encontrados: ";
    json::array unknown;
    for (std::size_t i = 0; i < check.unknown.size(); ++i) {
      if (i) msg += ", ";
      msg += check.unknown[i];
      unknown.emplace_back(check.unknown[i]);
    }
    json::value input = body.object() && body.object()->contains(key) ? body.object()->at(key)
                                                                      : json::value(nullptr);
    v.add("value_error", body.location(key), "Value error, " + msg, input,
          json::object{{"error", msg}, {"unknown_codes", std::move(unknown)}});
  }
  if (!check.ok()) {
    f.state = Field<std::vector<std::string>>::State::Invalid;
    f.value.clear();
    return f;
  }
  f.value = std::move(check.codes);
  return f;
}

}  // namespace edu::bncc
