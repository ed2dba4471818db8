// BNCC code grammar (API.md §4.13.1, ../shared/data/bncc/GRAMMAR.md): normalisation, the
// strict well-formedness check (year × component combinations enforced) and decoding into
// stage, years, component/campo/area, competência and sequence. Needs no catalog.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"

namespace edu::bncc {

enum class Stage { EI = 0, EF = 1, EM = 2 };  // also the catalog order

std::string_view stage_code(Stage s);  // "EI" / "EF" / "EM"
std::string_view stage_name(Stage s);  // "Educação Infantil" / ...
std::optional<Stage> parse_stage(std::string_view s);

struct DecodedCode {
  std::string code;  // normalised
  Stage stage = Stage::EF;
  std::string year_segment;       // "02", "15", "13"...
  std::vector<int> years;         // EF blocks expanded; EI age group; EM 1,2,3
  std::string age_group;          // EI only: "01".."03"
  std::string component_code;     // EF component, EI campo, "LP" for EM13LP; empty otherwise
  std::string area_code;          // EM only: LGG/MAT/CNT/CHS (LGG for EM13LP); empty otherwise
  std::optional<int> competency;  // EM area codes only
  int sequence = 0;

  // Names implied by the code (§4.13.1 table); null-able ones are empty when not applicable.
  std::string_view component_name() const;
  std::string_view area_name() const;       // EF area or EM area; empty for EI
  std::string_view age_group_name() const;  // EI only

  // The `decoded` object of GET /bncc/validate/{code} (§4.13.7).
  json::object to_json() const;
};

// Trim whitespace, remove "(" and ")", upper-case (ASCII). " (em13lgg103) " → "EM13LGG103".
std::string normalize_code(std::string_view input);

// True when the (already normalised) code matches the strict grammar.
bool is_well_formed(std::string_view code);

// Decodes a normalised code; nullopt when it is not well-formed.
std::optional<DecodedCode> decode(std::string_view code);

// Years of an EF year segment ("15" → 1..5); empty for an unknown segment.
std::vector<int> ef_segment_years(std::string_view segment);

// Name of an EF component / EI campo / EM area code.
std::string_view ef_component_name(std::string_view code);
std::string_view ef_area_name(std::string_view component_code);
std::string_view ei_campo_name(std::string_view code);
std::string_view em_area_name(std::string_view code);

}  // namespace edu::bncc
