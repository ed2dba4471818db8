// BNCC code normalisation and strict grammar (API.md §4.13.1, checklist BN-09).
#include <gtest/gtest.h>

#include "domain/teaching/bncc.hpp"

using namespace edu::teaching;

TEST(BnccCodes, Normalisation) {
  EXPECT_EQ(normalize_bncc_code(" (em13lgg103) "), "EM13LGG103");
  EXPECT_EQ(normalize_bncc_code("ef03ma01"), "EF03MA01");
  EXPECT_EQ(normalize_bncc_code("(EF03MA02)"), "EF03MA02");
  EXPECT_EQ(normalize_bncc_code("( EF03MA02 )"), "EF03MA02");
}

TEST(BnccCodes, WellFormed) {
  for (const char* c : {"EF03MA01", "EF15LP01", "EF67EF01", "EM13LGG103", "EM13LP54", "EI02EF09",
                        "EF12EF01", "EF07MA33", "EF69AR01", "EI02TS01", "EM13MAT316", "EF05MA26",
                        "EM13LGG504", "EF06LI01", "EF09ER03", "EM13CHS606", "EM13CNT301",
                        "EF89LP10", "EF35LP01"})
    EXPECT_TRUE(bncc_well_formed(c)) << c;
}

TEST(BnccCodes, Malformed) {
  for (const char* c : {"EF99ZZ99", "EF12AR14", "EF06LI016", "EF69AR125", "EM12LGG101",
                        "EF01LI01", "EF15MA01", "EF06AR01", "EF01EF01", "EI04EO01", "EF05CO011",
                        "XX", "", "EM13LGG803", "EM13MAT601", "EM13CNT401", "EM13CHS701",
                        "EF03MA1", "EF03MAAB", "EI01XX01", "EF10MA01", "ef03ma01", "EM13LP5"})
    EXPECT_FALSE(bncc_well_formed(c)) << c;
}

// The port over the catalog of domain/bncc: membership and skill texts.
#include "domain/bncc/catalog.hpp"

namespace {
class FakeCatalog : public edu::bncc::Catalog {
 public:
  bool loaded() const override { return true; }
  std::string version() const override { return "abc"; }
  edu::bncc::CodeCheck check_codes(const std::vector<std::string>&) const override { return {}; }
  std::optional<edu::bncc::SkillInfo> find(std::string_view code) const override {
    if (code != "EF03MA01") return std::nullopt;
    edu::bncc::SkillInfo s;
    s.code = "EF03MA01";
    s.description = "Ler, escrever e comparar números naturais.";
    return s;
  }
  std::optional<std::string> description(std::string_view code) const override {
    auto s = find(code);
    return s ? std::optional<std::string>(s->description) : std::nullopt;
  }
  void record_search(std::string_view, std::string_view) override {}
};
}  // namespace

TEST(BnccCodes, CatalogPort) {
  FakeCatalog c;
  auto port = catalog_port(c);
  EXPECT_TRUE(port->loaded());
  EXPECT_TRUE(port->exists("EF03MA01"));
  EXPECT_FALSE(port->exists("EF05MA26"));
  EXPECT_EQ(port->skill_description("EF03MA01").value_or(""), "Ler, escrever e comparar números naturais.");
  EXPECT_FALSE(NullBnccCatalog().loaded());
}
