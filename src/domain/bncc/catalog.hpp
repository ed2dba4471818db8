// The BNCC catalog as other areas use it (stable interface; the teaching area validates and
// generates activities' `bncc_competencies` with it — API.md §4.5 "BNCC rule").
//
//   #include "domain/bncc/catalog.hpp"
//   auto codes = bncc::read_bncc_competencies(body, "bncc_competencies", Presence::Optional,
//                                              app.bncc_catalog());
//   ... v.finish();  // 422s of the BNCC rule are recorded on the validator like any other
//
// Everything here is thread-safe and cheap (in-memory; no database access).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/validation.hpp"
#include "domain/bncc/code.hpp"

namespace edu::bncc {

// A copy of the catalog fields other areas need (kept small and stable on purpose).
struct SkillInfo {
  std::string code;
  Stage stage = Stage::EF;
  std::vector<int> years;
  std::optional<std::string> component;
  std::optional<std::string> area;
  std::optional<std::string> thematic_unit;
  std::string description;
};

// Result of checking a list of codes against the grammar and (when loaded) the catalog.
struct CodeCheck {
  // Normalised well-formed codes, duplicates removed, first-occurrence order.
  std::vector<std::string> codes;
  // Input positions whose normalised value is not well-formed (with the item as sent).
  std::vector<std::pair<std::size_t, std::string>> malformed;
  // Well-formed codes absent from the loaded catalog (empty when the catalog is not loaded).
  std::vector<std::string> unknown;
  bool catalog_checked = false;  // false when the catalog was not loaded
  bool ok() const { return malformed.empty() && unknown.empty(); }
};

class Catalog {
 public:
  virtual ~Catalog() = default;

  // True once a catalog is installed (from BNCC_DATA_PATH, the bucket or the database).
  virtual bool loaded() const = 0;
  // Catalog version (12 hex digits) or "" when not loaded.
  virtual std::string version() const = 0;

  // Grammar + membership check of raw codes (each normalised first: trim, "()", upper-case).
  virtual CodeCheck check_codes(const std::vector<std::string>& raw_codes) const = 0;

  // Lookups by code (raw or normalised); nullopt when not loaded, malformed or unknown.
  virtual std::optional<SkillInfo> find(std::string_view code) const = 0;
  virtual std::optional<std::string> description(std::string_view code) const = 0;

  // Observability: counts one search by code (GET /activities/search/bncc/{code} calls this;
  // the BNCC routes do it themselves) and logs a `bncc_search` event. `grade_level` may be "".
  virtual void record_search(std::string_view code, std::string_view grade_level = {}) = 0;
};

// Applies the activities' BNCC rule (API.md §4.5) to the list at body[key]: at most 50 items,
// strings only, each normalised and well-formed (else `value_error` at [..., key, index]
// "Código BNCC inválido: <item as sent>"), then — when the catalog is loaded — membership
// (one `value_error` at [..., key] "Códigos BNCC não encontrados: A, B" with ctx.unknown_codes).
// Errors are recorded on the body's validator. Returns the normalised codes, duplicates removed,
// first-occurrence order; `Presence` as for other fields (Optional: absent → Absent state).
Field<std::vector<std::string>> read_bncc_competencies(ObjectReader& body, std::string_view key,
                                                       Presence presence, const Catalog& catalog);

}  // namespace edu::bncc
