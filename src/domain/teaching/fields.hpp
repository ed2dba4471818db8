// Field rules shared by the teaching routes (API.md §4.4–§4.6): the string-list rule, the
// long-text rule and pagination — each records Pydantic-style errors on the request's
// Validator. (The BNCC rule is bncc::read_bncc_competencies, domain/bncc/catalog.hpp.)
#pragma once
#include <string>
#include <vector>

#include "core/validation.hpp"
#include "domain/teaching/enums.hpp"

namespace edu::teaching {

// objectives/materials/instructions: items trimmed, blanks dropped, empty result →
// value_error "Lista não pode estar vazia".
Field<std::vector<std::string>> non_empty_text_list(ObjectReader& body, std::string_view key,
                                                    Presence p);
// The long-text rule: > 2000 characters → "Texto não pode exceder 2000 caracteres".
StrRule long_text_rule();
// Pagination: skip ≥ 0 (default 0), limit 1..max (default def).
struct Page {
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};
Page read_page(Validator& v, std::int64_t default_limit, std::int64_t max_limit);

}  // namespace edu::teaching
