// What the teaching area needs from the BNCC catalog (API.md §4.5 BNCC rule, §4.13.1): code
// normalisation and the strict grammar (no catalog needed; implemented once in domain/bncc),
// plus a small port to the loaded catalog for membership and skill texts. The port keeps
// activities and generation independent of how the catalog is loaded (and testable with a
// fake); app.cpp wires the real catalog (domain/bncc) behind it with catalog_port().
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edu::bncc {
class Catalog;
}

namespace edu::teaching {

// trim, remove "(" and ")", upper-case (API.md §4.13.1).
std::string normalize_bncc_code(std::string_view raw);
// The normalised code matches the strict grammar (year × component combinations enforced).
bool bncc_well_formed(std::string_view normalized);

class BnccCatalogPort {
 public:
  virtual ~BnccCatalogPort() = default;
  // Whether a catalog is loaded (otherwise only the grammar is checked).
  virtual bool loaded() const = 0;
  virtual bool exists(std::string_view code) const = 0;
  // Official skill text (the catalog's `description`), when loaded and present.
  virtual std::optional<std::string> skill_description(std::string_view code) const = 0;
};

// No catalog: grammar-only validation, no skill texts.
class NullBnccCatalog : public BnccCatalogPort {
 public:
  bool loaded() const override { return false; }
  bool exists(std::string_view) const override { return false; }
  std::optional<std::string> skill_description(std::string_view) const override {
    return std::nullopt;
  }
};

// The loaded catalog of domain/bncc behind the port (it must outlive the port).
std::unique_ptr<BnccCatalogPort> catalog_port(const bncc::Catalog& catalog);

}  // namespace edu::teaching
