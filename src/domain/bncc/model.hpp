// BNCC catalog data (API.md §4.13.3): one skill per code, as loaded from the dataset
// (../shared/data/bncc/README.md) or from the database copy.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/bncc/code.hpp"

namespace edu::bncc {

struct Skill {
  std::string code;
  Stage stage = Stage::EF;
  std::vector<int> years;
  std::optional<std::string> component;
  std::string component_code;  // empty → null
  std::optional<std::string> area;
  std::string area_code;  // empty → null
  std::optional<std::string> thematic_unit;
  std::vector<std::string> knowledge_objects;
  std::string description;
  std::optional<std::string> field_of_action;
  std::optional<std::string> language_practice;
  std::optional<std::string> axis;
  std::vector<std::string> specific_competencies;
  std::optional<std::int64_t> pdf_page;
};

// Catalog order (§4.13.3): stage EI, EF, EM, then code ascending (byte order).
inline bool catalog_less(const Skill& a, const Skill& b) {
  if (a.stage != b.stage) return static_cast<int>(a.stage) < static_cast<int>(b.stage);
  return a.code < b.code;
}

// A row that was skipped (bncc.csv; counted in skipped_rows) or ignored (bncc_extra.csv).
struct RowProblem {
  std::string file;  // "bncc.csv" / "bncc_extra.csv"
  std::size_t line = 0;
  std::string code;  // as found in the row (may be empty)
  std::string reason;
};

// The outcome of parsing a dataset (before it is installed or stored).
struct ParsedCatalog {
  std::vector<Skill> skills;              // catalog order
  std::vector<RowProblem> skipped;        // bncc.csv rows skipped → skipped_rows
  std::vector<RowProblem> extra_ignored;  // bncc_extra.csv rows/file ignored (warnings only)
  std::string version;                    // first 12 hex digits of sha256(bncc.csv)
  std::string sha256;                     // of bncc.csv
  std::string extra_sha256;               // of bncc_extra.csv, empty when absent
  bool has_extra = false;
  double parse_ms = 0;
};

// Where the installed catalog came from and how it looked (health report, ETag seed).
struct CatalogMeta {
  std::string version;
  std::string source;  // "file" / "s3"
  std::size_t skipped_rows = 0;
};

}  // namespace edu::bncc
