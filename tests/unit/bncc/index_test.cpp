// The in-memory catalog index on the reference dataset (read in place): the search semantics
// and counts of API.md §4.13.4–§4.13.6 / §8.13.
#include "domain/bncc/index.hpp"

#include <gtest/gtest.h>

#include "domain/bncc/loader.hpp"
#include "shared_dir.hpp"

using namespace edu;
using namespace edu::bncc;

namespace {

const CatalogIndex& reference() {
  static const CatalogIndex idx = [] {
    ParsedCatalog pc = load_catalog_files(bncc_dir());
    return CatalogIndex(pc.skills, CatalogMeta{pc.version, "file", 0});
  }();
  return idx;
}

std::size_t count(SkillQuery q) { return reference().search(q).total; }

std::vector<std::string> codes(SkillQuery q) {
  std::vector<std::string> out;
  q.limit = 100;
  for (auto i : reference().search(q).items) out.push_back(reference().at(i).code);
  return out;
}

SkillQuery query(std::string text = "") {
  SkillQuery q;
  q.q = std::move(text);
  return q;
}

}  // namespace

TEST(BnccIndex, YearAndStageFilters) {
  auto q = query();
  EXPECT_EQ(count(q), 1580u);
  q.stage = Stage::EF;
  q.year = 6;
  EXPECT_EQ(count(q), 275u);
  q.year = 9;
  EXPECT_EQ(count(q), 282u);
  q = query();
  q.year = 1;
  EXPECT_EQ(count(q), 367u);
  q.stage = Stage::EI;
  EXPECT_EQ(count(q), 29u);
  q = query();
  q.stage = Stage::EF;
  q.year = 6;
  q.component = "Arte";
  EXPECT_EQ(count(q), 35u);
}

TEST(BnccIndex, TextSearchIsAccentAndCaseInsensitive) {
  EXPECT_EQ(codes(query("π")), (std::vector<std::string>{"EF07MA33"}));
  auto a = codes(query("fracoes"));
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(codes(query("frações")), a);
  EXPECT_EQ(codes(query("FRAÇÕES")), a);
  EXPECT_EQ(count(query("ef03ma")), 28u);
  EXPECT_EQ(codes(query("circunferencia")),
            (std::vector<std::string>{"EF07MA22", "EF07MA33", "EF09MA11"}));
  EXPECT_GT(count(query("acao")), 0u);
  EXPECT_EQ(count(query("acao")), count(query("AÇÃO")));
  // every token must occur
  EXPECT_LT(count(query("fracoes equivalentes")), a.size());
  EXPECT_EQ(count(query("   ")), 1580u);  // blank → no text filter
  EXPECT_EQ(count(query("(π)")), 1u);     // parentheses removed from q
  EXPECT_EQ(count(query("zzzqqq")), 0u);
}

TEST(BnccIndex, ExactCodeComesFirst) {
  auto c = codes(query("EF07MA33"));
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0], "EF07MA33");
  auto d = codes(query(" (ef07ma33) "));
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0], "EF07MA33");
  // A code that also matches as a substring of other codes still leads.
  auto e = codes(query("EF01LP01"));
  ASSERT_FALSE(e.empty());
  EXPECT_EQ(e[0], "EF01LP01");
}

TEST(BnccIndex, ComponentAndAreaFilters) {
  auto q = query();
  q.stage = Stage::EF;
  q.component = "matematica";
  EXPECT_EQ(count(q), 247u);
  q.component = "MA";
  EXPECT_EQ(count(q), 247u);
  q.component = "Matemática";
  EXPECT_EQ(count(q), 247u);
  q = query();
  q.component = "Arte";
  EXPECT_EQ(count(q), 61u);
  q = query();
  q.stage = Stage::EM;
  q.area = "LGG";
  EXPECT_EQ(count(q), 82u);
  q = query();
  q.area = "Linguagens";
  EXPECT_EQ(count(q), 609u);
  q = query();
  q.stage = Stage::EM;
  q.component = "LP";
  EXPECT_EQ(count(q), 54u);
  q = query();
  q.thematic_unit = "numeros";
  EXPECT_GT(count(q), 0u);
  q.thematic_unit = "NÚMEROS";
  EXPECT_GT(count(q), 0u);
}

TEST(BnccIndex, PaginationAndEnvelope) {
  auto q = query();
  q.skip = 1570;
  q.limit = 20;
  auto page = reference().search(q);
  EXPECT_EQ(page.total, 1580u);
  EXPECT_EQ(page.items.size(), 10u);
  auto body = parse_json(reference().page_json(page, q));
  ASSERT_TRUE(body);
  EXPECT_EQ(body->at("has_more"), false);
  EXPECT_EQ(body->at("skip"), 1570);
  q.skip = 5000;
  page = reference().search(q);
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.total, 1580u);
  q.skip = 0;
  q.limit = 20;
  body = parse_json(reference().page_json(reference().search(q), q));
  EXPECT_EQ(body->at("items").as_array().size(), 20u);
  EXPECT_EQ(body->at("items").as_array()[0].at("code"), "EI01CG01");
  EXPECT_EQ(body->at("has_more"), true);
}

TEST(BnccIndex, SkillObject) {
  const Skill* s = reference().find("EM13LP54");
  ASSERT_NE(s, nullptr);
  auto j = skill_to_json(*s);
  EXPECT_EQ(j["component"], "Língua Portuguesa");
  EXPECT_EQ(j["component_code"], "LP");
  EXPECT_EQ(j["area_code"], "LGG");
  EXPECT_EQ(to_json(j["specific_competencies"]), R"(["LGG-1", "LGG-3"])");
  auto ef = skill_to_json(*reference().find("EF15LP01"));
  EXPECT_EQ(ef["pdf_page"], 97);
  EXPECT_EQ(ef["field_of_action"], "Todos os campos de atuação");
  EXPECT_EQ(ef["area_code"], nullptr);
  // key order of §4.13.3
  std::vector<std::string> keys;
  for (const auto& kv : ef) keys.emplace_back(kv.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "code", "stage", "stage_name", "years", "component", "component_code", "area",
                "area_code", "thematic_unit", "knowledge_objects", "description", "field_of_action",
                "language_practice", "axis", "specific_competencies", "pdf_page"}));
}

TEST(BnccIndex, ComponentsCounts) {
  auto body = parse_json(reference().components_json());
  ASSERT_TRUE(body);
  EXPECT_EQ(body->at("total"), 1580);
  auto stage_count = [&](const char* st) {
    for (const auto& s : body->at("stages").as_array())
      if (s.at("code") == st) return s.at("count").as_int64();
    return std::int64_t{-1};
  };
  EXPECT_EQ(stage_count("EI"), 93);
  EXPECT_EQ(stage_count("EF"), 1304);
  EXPECT_EQ(stage_count("EM"), 183);
  auto comp = [&](const char* st, const char* code) {
    for (const auto& s : body->at("components").as_array())
      if (s.at("stage") == st && s.at("code") == code) return s.at("count").as_int64();
    return std::int64_t{-1};
  };
  EXPECT_EQ(comp("EF", "LP"), 391);
  EXPECT_EQ(comp("EF", "MA"), 247);
  EXPECT_EQ(comp("EI", "EF"), 27);
  EXPECT_EQ(comp("EM", "LP"), 54);
  auto area = [&](const char* st, const char* name) {
    for (const auto& s : body->at("areas").as_array())
      if (s.at("stage") == st && (s.at("name") == name || s.at("code") == name))
        return s.at("count").as_int64();
    return std::int64_t{-1};
  };
  EXPECT_EQ(area("EM", "LGG"), 82);
  EXPECT_EQ(area("EM", "MAT"), 43);
  EXPECT_EQ(area("EM", "CHS"), 32);
  EXPECT_EQ(area("EM", "CNT"), 26);
  EXPECT_EQ(area("EF", "Linguagens"), 609);
  // EF areas carry no code; lists are sorted by stage order then folded name.
  const auto& areas = body->at("areas").as_array();
  EXPECT_EQ(areas[0].at("stage"), "EF");
  EXPECT_EQ(areas[0].at("code"), nullptr);
  EXPECT_EQ(body->at("components").as_array()[0].at("stage"), "EI");
}

TEST(BnccIndex, CanonicalQueryIgnoresAccentsAndCase) {
  EXPECT_EQ(query("Frações").canonical(), query("fracoes").canonical());
  EXPECT_NE(query("fracoes").canonical(), query("fracao").canonical());
  auto a = query();
  a.component = "Matemática";
  auto b = query();
  b.component = "MATEMÁTICA";
  EXPECT_EQ(a.canonical(), b.canonical());
  a.component = "ma";
  b.component = " MA ";
  EXPECT_EQ(a.canonical(), b.canonical());
  // "Má" folds like "ma" but cannot equal the code MA: different results, different keys.
  b.component = "Má";
  EXPECT_NE(a.canonical(), b.canonical());
  EXPECT_EQ(count(b), 0u);
  EXPECT_EQ(count(a), 247u);
}
