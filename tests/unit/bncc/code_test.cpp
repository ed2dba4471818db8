// BNCC code grammar and decoding (API.md §4.13.1, ../shared/data/bncc/GRAMMAR.md): every code
// of the reference dataset decodes to the dataset's own stage and years; tricky real codes
// decode as documented; look-alikes that break the grammar are rejected.
#include "domain/bncc/code.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "shared_dir.hpp"

using namespace edu;
using namespace edu::bncc;

namespace {

std::vector<int> parse_years(const std::string& s) {
  std::vector<int> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, ';')) out.push_back(std::stoi(part));
  return out;
}

struct Expected {
  const char* code;
  const char* stage;
  std::vector<int> years;
  const char* segment;
  const char* component_code;  // "" = null
  const char* area_code;       // "" = null
  int competency;              // 0 = null
  int sequence;
};

}  // namespace

// Reads bncc.csv in place (never copied into the repository). The first three columns (code,
// stage, years) never need quoting, so a plain split keeps this test independent of the CSV
// reader under test elsewhere.
TEST(BnccGrammar, EveryDatasetCodeDecodesToItsOwnStageAndYears) {
  std::ifstream in(bncc_dir() + "/bncc.csv");
  ASSERT_TRUE(in) << "reference dataset not found under " << shared_dir();
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, "code,stage,years,component,area,thematic_unit,knowledge_object,description");
  std::size_t n = 0, ei = 0, ef = 0, em = 0;
  std::set<std::string> seen;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string code, stage, years;
    std::getline(ss, code, ',');
    std::getline(ss, stage, ',');
    std::getline(ss, years, ',');
    auto d = decode(code);
    ASSERT_TRUE(d.has_value()) << code;
    EXPECT_EQ(stage_code(d->stage), stage) << code;
    EXPECT_EQ(d->years, parse_years(years)) << code;
    EXPECT_EQ(normalize_code(code), code);
    EXPECT_TRUE(seen.insert(code).second) << "duplicate " << code;
    ++n;
    ei += stage == "EI";
    ef += stage == "EF";
    em += stage == "EM";
  }
  EXPECT_EQ(n, 1580u);
  EXPECT_EQ(ei, 93u);
  EXPECT_EQ(ef, 1304u);
  EXPECT_EQ(em, 183u);
}

TEST(BnccGrammar, TrickyRealCodesDecode) {
  const std::vector<Expected> cases = {
      // EF multi-year blocks 12/15/35/67/69/89
      {"EF12LP01", "EF", {1, 2}, "12", "LP", "", 0, 1},
      {"EF12EF01", "EF", {1, 2}, "12", "EF", "", 0, 1},
      {"EF15LP01", "EF", {1, 2, 3, 4, 5}, "15", "LP", "", 0, 1},
      {"EF15AR26", "EF", {1, 2, 3, 4, 5}, "15", "AR", "", 0, 26},
      {"EF35LP31", "EF", {3, 4, 5}, "35", "LP", "", 0, 31},
      {"EF35EF15", "EF", {3, 4, 5}, "35", "EF", "", 0, 15},
      {"EF67LP38", "EF", {6, 7}, "67", "LP", "", 0, 38},
      {"EF67EF01", "EF", {6, 7}, "67", "EF", "", 0, 1},
      {"EF69LP56", "EF", {6, 7, 8, 9}, "69", "LP", "", 0, 56},
      {"EF69AR01", "EF", {6, 7, 8, 9}, "69", "AR", "", 0, 1},
      {"EF69AR35", "EF", {6, 7, 8, 9}, "69", "AR", "", 0, 35},
      {"EF89LP37", "EF", {8, 9}, "89", "LP", "", 0, 37},
      {"EF89EF21", "EF", {8, 9}, "89", "EF", "", 0, 21},
      // EF single years, every component
      {"EF01LP01", "EF", {1}, "01", "LP", "", 0, 1},
      {"EF04MA10", "EF", {4}, "04", "MA", "", 0, 10},
      {"EF07MA33", "EF", {7}, "07", "MA", "", 0, 33},
      {"EF09CI17", "EF", {9}, "09", "CI", "", 0, 17},
      {"EF08GE24", "EF", {8}, "08", "GE", "", 0, 24},
      {"EF09HI36", "EF", {9}, "09", "HI", "", 0, 36},
      {"EF07ER08", "EF", {7}, "07", "ER", "", 0, 8},
      {"EF06LI26", "EF", {6}, "06", "LI", "", 0, 26},
      {"EF09LI19", "EF", {9}, "09", "LI", "", 0, 19},
      // EI age groups; "EF" as a campo (Escuta, fala…)
      {"EI01EO01", "EI", {1}, "01", "EO", "", 0, 1},
      {"EI02EF09", "EI", {2}, "02", "EF", "", 0, 9},
      {"EI02TS01", "EI", {2}, "02", "TS", "", 0, 1},
      {"EI03ET08", "EI", {3}, "03", "ET", "", 0, 8},
      {"EI03CG05", "EI", {3}, "03", "CG", "", 0, 5},
      // EM area codes (competência + sequence) and EM13LP
      {"EM13LGG103", "EM", {1, 2, 3}, "13", "", "LGG", 1, 3},
      {"EM13LGG704", "EM", {1, 2, 3}, "13", "", "LGG", 7, 4},
      {"EM13MAT316", "EM", {1, 2, 3}, "13", "", "MAT", 3, 16},
      {"EM13MAT511", "EM", {1, 2, 3}, "13", "", "MAT", 5, 11},
      {"EM13CNT310", "EM", {1, 2, 3}, "13", "", "CNT", 3, 10},
      {"EM13CHS606", "EM", {1, 2, 3}, "13", "", "CHS", 6, 6},
      {"EM13LP01", "EM", {1, 2, 3}, "13", "LP", "LGG", 0, 1},
      {"EM13LP54", "EM", {1, 2, 3}, "13", "LP", "LGG", 0, 54},
      // Well-formed but absent from the catalog: still decodes.
      {"EF05MA26", "EF", {5}, "05", "MA", "", 0, 26},
      {"EM13LGG504", "EM", {1, 2, 3}, "13", "", "LGG", 5, 4},
  };
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    auto d = decode(c.code);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(stage_code(d->stage), c.stage);
    EXPECT_EQ(d->years, c.years);
    EXPECT_EQ(d->year_segment, c.segment);
    EXPECT_EQ(d->component_code, c.component_code);
    EXPECT_EQ(d->area_code, c.area_code);
    EXPECT_EQ(d->competency.value_or(0), c.competency);
    EXPECT_EQ(d->sequence, c.sequence);
  }
}

TEST(BnccGrammar, NamesFollowThePositionOfTheSegment) {
  EXPECT_EQ(decode("EF12EF01")->component_name(), "Educação Física");
  EXPECT_EQ(decode("EF12EF01")->area_name(), "Linguagens");
  EXPECT_EQ(decode("EI02EF01")->component_name(), "Escuta, fala, pensamento e imaginação");
  EXPECT_EQ(decode("EI02EF01")->area_name(), "");
  EXPECT_EQ(decode("EI01EO01")->age_group_name(), "Bebês (zero a 1 ano e 6 meses)");
  EXPECT_EQ(decode("EM13LP54")->component_name(), "Língua Portuguesa");
  EXPECT_EQ(decode("EM13LP54")->area_name(), "Linguagens e suas Tecnologias");
  EXPECT_EQ(decode("EM13CHS101")->area_name(), "Ciências Humanas e Sociais Aplicadas");
  EXPECT_EQ(decode("EF05CI01")->area_name(), "Ciências da Natureza");
  EXPECT_EQ(decode("EF05ER01")->area_name(), "Ensino Religioso");
}

TEST(BnccGrammar, LookAlikesAreRejected) {
  for (const char* bad :
       {// BN-09 of the contract
        "EF99ZZ99", "EF12AR14", "EF06LI016", "EF69AR125", "EM12LGG101", "EF01LI01", "EF15MA01",
        "EF06AR01", "EF01EF01", "EI04EO01", "EF05CO011",
        // wrong year × component combinations
        "EF05LI01", "EF67AR01", "EF15EF01", "EF69EF01", "EF12MA01", "EF35CI01", "EF00LP01",
        "EF10LP01", "EF13LP01",
        // EI: age group, campo, length
        "EI00EO01", "EI1EO01", "EI01XX01", "EI01EO1", "EI01EO001", "EI01MA01",
        // EM: competência bounds and shapes
        "EM13LGG801", "EM13MAT601", "EM13CNT401", "EM13CHS701", "EM13LGG001", "EM13LP1",
        "EM13LP001", "EM13MAT31", "EM13ABC101", "EM13LGG10A", "EM14LGG101",
        // other noise
        "", "EF", "EF01MA", "EF01MA0", "EF01MA001", "EF0IMA01", "EF01MAO1", "XX01MA01", "EF01CO01",
        "EF01 MA01", "EF01MA01;", "EF01MA01'--", "ef01ma01",  // not normalised
        "ÉF01MA01", "EF01MA\u00B9\u00B2"}) {
    EXPECT_FALSE(is_well_formed(bad)) << bad;
  }
}

TEST(BnccGrammar, Normalisation) {
  EXPECT_EQ(normalize_code(" (em13lgg103) "), "EM13LGG103");
  EXPECT_EQ(normalize_code("(EF67LP08)"), "EF67LP08");
  EXPECT_EQ(normalize_code("\tef01ma01\n"), "EF01MA01");
  EXPECT_EQ(normalize_code("( EF01MA01 )"), "EF01MA01");
  EXPECT_EQ(normalize_code("EF01 MA01"), "EF01 MA01");  // inner spaces are not removed
  EXPECT_TRUE(is_well_formed(normalize_code(" (em13lgg103) ")));
  EXPECT_FALSE(is_well_formed(normalize_code("EF01 MA01")));
}

TEST(BnccGrammar, DecodedJsonShape) {
  auto j = to_json(decode("EM13MAT316")->to_json());
  EXPECT_EQ(
      j,
      R"({"stage": "EM", "stage_name": "Ensino Médio", "year_segment": "13", "years": [1, 2, 3], )"
      R"("age_group": null, "component_code": null, "component": null, "area_code": "MAT", )"
      R"("area": "Matemática e suas Tecnologias", "competency": 3, "sequence": 16})");
  auto ei = decode("EI02TS01")->to_json();
  EXPECT_EQ(
      to_json(ei["age_group"]),
      R"j({"code": "02", "name": "Crianças bem pequenas (1 ano e 7 meses a 3 anos e 11 meses)"})j");
  EXPECT_EQ(ei["competency"], nullptr);
  auto ef = decode("EF69AR01")->to_json();
  EXPECT_EQ(to_json(ef["years"]), "[6, 7, 8, 9]");
  EXPECT_EQ(ef["year_segment"], "69");
  EXPECT_EQ(ef["area"], "Linguagens");
  EXPECT_EQ(ef["area_code"], nullptr);
}
