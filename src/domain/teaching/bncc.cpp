// BNCC for the teaching area: the grammar lives in domain/bncc (one implementation for the
// catalog routes and activity validation); this file adapts the catalog to BnccCatalogPort.
#include "domain/teaching/bncc.hpp"

#include "domain/bncc/catalog.hpp"
#include "domain/bncc/code.hpp"

namespace edu::teaching {

std::string normalize_bncc_code(std::string_view raw) { return bncc::normalize_code(raw); }

bool bncc_well_formed(std::string_view normalized) { return bncc::is_well_formed(normalized); }

namespace {

class CatalogAdapter : public BnccCatalogPort {
 public:
  explicit CatalogAdapter(const bncc::Catalog& c) : c_(c) {}
  bool loaded() const override { return c_.loaded(); }
  bool exists(std::string_view code) const override { return c_.find(code).has_value(); }
  std::optional<std::string> skill_description(std::string_view code) const override {
    return c_.description(code);
  }

 private:
  const bncc::Catalog& c_;
};

}  // namespace

std::unique_ptr<BnccCatalogPort> catalog_port(const bncc::Catalog& catalog) {
  return std::make_unique<CatalogAdapter>(catalog);
}

}  // namespace edu::teaching
