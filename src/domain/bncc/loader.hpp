// Dataset loading (API.md §4.13.2): resolves BNCC_DATA_PATH (a directory holding bncc.csv and
// optionally bncc_extra.csv, or the path of bncc.csv with its sibling extra file), checks the
// headers, validates every row against the code grammar and the row's own stage/years, and
// reports bad rows by line number. File-level problems throw LoadError (catalog not loaded).
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/bncc/model.hpp"

namespace edu::bncc {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::string_view kMainHeader =
    "code,stage,years,component,area,thematic_unit,knowledge_object,description";
inline constexpr std::string_view kExtraHeader =
    "code,field_of_action,language_practice,axis,specific_competencies,pdf_page";

struct SourceFiles {
  std::string main_path;                  // bncc.csv
  std::optional<std::string> extra_path;  // bncc_extra.csv when it exists
};

// Resolves a directory or a bncc.csv path. Throws LoadError when nothing usable is there.
SourceFiles resolve_source(const std::string& path);

// Parses the dataset texts. Throws LoadError for a wrong header of bncc.csv or when no row is
// usable; bad rows are skipped and listed. A bad bncc_extra.csv header only drops the extras.
ParsedCatalog parse_catalog(std::string_view main_csv, std::optional<std::string_view> extra_csv);

// resolve_source + read + parse_catalog.
ParsedCatalog load_catalog_files(const std::string& path);

std::string read_file(const std::string& path);  // throws LoadError

}  // namespace edu::bncc
