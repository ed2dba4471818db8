// Dataset loading rules (API.md §4.13.2): header check, bad rows skipped with their line
// number and counted, duplicates, stage/years consistency, extras, truncated files, and the
// full reference dataset (read in place) well under a second.
#include "domain/bncc/loader.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "shared_dir.hpp"

using namespace edu::bncc;

namespace {

// Hand-written fixture rows (not taken from the dataset).
const std::string kHeader = std::string(kMainHeader) + "\n";
const std::string kGood =
    kHeader +
    "EF01MA01,EF,1,Matemática,Matemática,Números,Contagem | Leitura de números,\"Contar objetos, "
    "de um em um.\"\n"
    "EI02TS01,EI,2,\"Traços, sons, cores e formas\",,,,Explorar sons com o corpo.\n"
    "EM13MAT316,EM,1;2;3,,Matemática e suas Tecnologias,,,\"Resolver um \"\"problema\"\" "
    "simples.\"\n"
    "EF69AR01,EF,6;7;8;9,Arte,Linguagens,Artes visuais,Contextos,Pesquisar obras de arte.\n";

}  // namespace

TEST(BnccLoader, ParsesGoodRowsInCatalogOrder) {
  auto pc = parse_catalog(kGood, std::nullopt);
  ASSERT_EQ(pc.skills.size(), 4u);
  EXPECT_TRUE(pc.skipped.empty());
  // Catalog order: EI, EF (by code), EM.
  EXPECT_EQ(pc.skills[0].code, "EI02TS01");
  EXPECT_EQ(pc.skills[1].code, "EF01MA01");
  EXPECT_EQ(pc.skills[2].code, "EF69AR01");
  EXPECT_EQ(pc.skills[3].code, "EM13MAT316");
  const Skill& ma = pc.skills[1];
  EXPECT_EQ(ma.knowledge_objects, (std::vector<std::string>{"Contagem", "Leitura de números"}));
  EXPECT_EQ(ma.description, "Contar objetos, de um em um.");
  EXPECT_EQ(ma.component_code, "MA");
  EXPECT_EQ(ma.area_code, "");
  const Skill& em = pc.skills[3];
  EXPECT_FALSE(em.component.has_value());
  EXPECT_EQ(em.area_code, "MAT");
  EXPECT_EQ(em.years, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(em.description, "Resolver um \"problema\" simples.");
  EXPECT_FALSE(pc.skills[0].area.has_value());
  EXPECT_EQ(pc.version.size(), 12u);
  EXPECT_EQ(pc.version, pc.sha256.substr(0, 12));
  EXPECT_FALSE(pc.has_extra);
}

TEST(BnccLoader, WrongHeaderOrEmptyFileIsAFileError) {
  EXPECT_THROW(parse_catalog("", std::nullopt), LoadError);
  EXPECT_THROW(parse_catalog("code,stage,years\nEF01MA01,EF,1\n", std::nullopt), LoadError);
  EXPECT_THROW(
      parse_catalog("code;stage;years;component;area;thematic_unit;knowledge_object;description\n",
                    std::nullopt),
      LoadError);
  // Header only, or nothing usable: not loaded rather than an empty catalog.
  EXPECT_THROW(parse_catalog(kHeader, std::nullopt), LoadError);
  EXPECT_THROW(parse_catalog(kHeader + "EF99ZZ99,EF,1,,,,,x\n", std::nullopt), LoadError);
}

TEST(BnccLoader, BadRowsAreSkippedWithLineNumbers) {
  std::string data = kGood +
                     "EF99ZZ99,EF,9,Matemática,Matemática,,,Código malformado.\n"        // line 6
                     "EF01MA01,EF,1,Matemática,Matemática,,,Duplicado.\n"                // line 7
                     "EF02MA01,EI,2,Matemática,Matemática,,,Etapa errada.\n"             // line 8
                     "EF15LP01,EF,1;2;3,Língua Portuguesa,Linguagens,,,Anos errados.\n"  // line 9
                     "EF02MA02,EF,2,Matemática\n"                                        // line 10
                     "EF02MA03,EF,2,Matemática,Matemática,,,\n"                          // line 11
                     "(ef02ma04),EF,2,Matemática,Matemática,,,Normalizado.\n";           // line 12
  auto pc = parse_catalog(data, std::nullopt);
  ASSERT_EQ(pc.skipped.size(), 6u);
  std::vector<std::size_t> lines;
  for (const auto& p : pc.skipped) lines.push_back(p.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{6, 7, 8, 9, 10, 11}));
  EXPECT_NE(pc.skipped[0].reason.find("not well-formed"), std::string::npos);
  EXPECT_NE(pc.skipped[1].reason.find("duplicate code (first on line 2)"), std::string::npos);
  EXPECT_NE(pc.skipped[2].reason.find("stage"), std::string::npos);
  EXPECT_NE(pc.skipped[3].reason.find("years"), std::string::npos);
  EXPECT_NE(pc.skipped[4].reason.find("expected 8 fields"), std::string::npos);
  EXPECT_NE(pc.skipped[5].reason.find("empty description"), std::string::npos);
  ASSERT_EQ(pc.skills.size(), 5u);  // the 4 good rows + the normalised one
  EXPECT_EQ(pc.skills[2].code, "EF02MA04");
}

TEST(BnccLoader, TruncatedFileKeepsTheCompleteRows) {
  std::string cut = kGood + "EF01MA02,EF,1,Matemática,Matemática,,,\"Texto cortado no me";
  auto pc = parse_catalog(cut, std::nullopt);
  EXPECT_EQ(pc.skills.size(), 4u);
  ASSERT_EQ(pc.skipped.size(), 1u);
  EXPECT_EQ(pc.skipped[0].line, 6u);
  EXPECT_NE(pc.skipped[0].reason.find("unterminated"), std::string::npos);

  std::string cut2 = kGood + "EF01MA02,EF,1,Matem";
  auto pc2 = parse_catalog(cut2, std::nullopt);
  ASSERT_EQ(pc2.skipped.size(), 1u);
  EXPECT_NE(pc2.skipped[0].reason.find("expected 8 fields, found 4"), std::string::npos);
}

TEST(BnccLoader, ExtraFileFillsTheExtraFields) {
  std::string extra = std::string(kExtraHeader) +
                      "\n"
                      "EF01MA01,Campo da vida,Leitura,Eixo X,,12\n"
                      "EM13MAT316,,,,MAT-3;MAT-5,531\n"
                      "EF99ZZ99,,,,,1\n"  // unknown code: ignored, not counted
                      "EF69AR01,,,,,não-é-número\n";
  auto pc = parse_catalog(kGood, std::string_view(extra));
  EXPECT_TRUE(pc.has_extra);
  EXPECT_TRUE(pc.skipped.empty());
  EXPECT_EQ(pc.extra_ignored.size(), 2u);
  const Skill& ma = pc.skills[1];
  EXPECT_EQ(ma.field_of_action.value_or(""), "Campo da vida");
  EXPECT_EQ(ma.language_practice.value_or(""), "Leitura");
  EXPECT_EQ(ma.axis.value_or(""), "Eixo X");
  EXPECT_EQ(ma.pdf_page.value_or(0), 12);
  EXPECT_EQ(pc.skills[3].specific_competencies, (std::vector<std::string>{"MAT-3", "MAT-5"}));
  EXPECT_FALSE(pc.skills[2].pdf_page.has_value());
  EXPECT_FALSE(pc.skills[0].field_of_action.has_value());

  // A wrong extra header drops the extras only.
  auto pc2 = parse_catalog(kGood, std::string_view("code,page\nEF01MA01,3\n"));
  EXPECT_EQ(pc2.skills.size(), 4u);
  EXPECT_FALSE(pc2.skills[1].pdf_page.has_value());
  ASSERT_EQ(pc2.extra_ignored.size(), 1u);
}

TEST(BnccLoader, ReferenceDatasetLoadsCompletely) {
  const std::string dir = bncc_dir();
  auto t0 = std::chrono::steady_clock::now();
  ParsedCatalog pc = load_catalog_files(dir);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // Timing is recorded, not asserted: speed targets live in bench/ (bench/bncc.sh).
  RecordProperty("load_ms", std::to_string(ms));
  EXPECT_EQ(pc.skills.size(), 1580u);
  EXPECT_TRUE(pc.skipped.empty());
  EXPECT_TRUE(pc.extra_ignored.empty());
  EXPECT_EQ(pc.version, "f42864698b8a");
  EXPECT_TRUE(pc.has_extra);
  // Same result through the bncc.csv path (sibling extra file used).
  ParsedCatalog pc2 = load_catalog_files(dir + "/bncc.csv");
  EXPECT_EQ(pc2.skills.size(), 1580u);
  EXPECT_TRUE(pc2.has_extra);
  std::size_t with_page = 0;
  for (const auto& s : pc2.skills) with_page += s.pdf_page.has_value();
  EXPECT_EQ(with_page, 1580u);
}

TEST(BnccLoader, MissingSourceIsAFileError) {
  EXPECT_THROW(resolve_source("/nonexistent/bncc"), LoadError);
  EXPECT_THROW(load_catalog_files("/nonexistent/bncc.csv"), LoadError);
}
