// The Catalog interface other areas use (activities' BNCC rule, API.md §4.5) and the service's
// cache keys and counters.
#include "domain/bncc/catalog.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "cache/cache.hpp"
#include "core/ids.hpp"
#include "domain/bncc/service.hpp"
#include "http/message.hpp"

using namespace edu;
using namespace edu::bncc;

namespace {

const std::string kFixture = std::string(kMainHeader) +
                             "\n"
                             "EF01MA01,EF,1,Matemática,Matemática,,,Contar objetos.\n"
                             "EF15LP01,EF,1;2;3;4;5,Língua Portuguesa,Linguagens,,,Ler textos.\n"
                             "EM13LGG103,EM,1;2;3,,Linguagens e suas Tecnologias,,,Analisar.\n";

struct Env {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("edu-bncc-" + random_hex(6));
  std::unique_ptr<db::Database> db;
  std::unique_ptr<cache::Cache> backend = cache::make_memory_cache();
  cache::CacheAside cached{*backend};
  std::unique_ptr<BnccService> svc;
  Env() {
    db::DatabaseOptions o;
    o.url = "sqlite:///" + (dir / "t.db").string();
    db = db::open_database(o);
    svc = std::make_unique<BnccService>(*db, cached, 60);
  }
  ~Env() {
    svc.reset();
    db->close();
    std::filesystem::remove_all(dir);
  }
  void load() { svc->install(parse_catalog(kFixture, std::nullopt), "file"); }
};

std::vector<FieldError> run(const std::string& body, const Catalog& cat,
                            Field<std::vector<std::string>>* out = nullptr) {
  Request req;
  Context ctx;
  req.body = body;
  Validator v(req, ctx);
  auto b = v.body();
  auto f = read_bncc_competencies(b, "bncc_competencies", Presence::Optional, cat);
  if (out) *out = f;
  try {
    v.finish();
  } catch (const ValidationError& e) {
    return e.errors();
  }
  return {};
}

}  // namespace

TEST(BnccCatalog, NormalisesDeduplicatesAndKeepsOrder) {
  Env env;
  env.load();
  Field<std::vector<std::string>> f;
  auto errs =
      run(R"({"bncc_competencies": [" (ef15lp01) ", "EF01MA01", "ef15lp01"]})", *env.svc, &f);
  EXPECT_TRUE(errs.empty());
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(*f, (std::vector<std::string>{"EF15LP01", "EF01MA01"}));
}

TEST(BnccCatalog, MalformedItemsAreReportedAtTheirIndex) {
  Env env;
  env.load();
  auto errs = run(R"({"bncc_competencies": ["EF01MA01", "EF99ZZ99", 5]})", *env.svc);
  ASSERT_EQ(errs.size(), 1u);  // the type error stops the list before the grammar check
  EXPECT_EQ(errs[0].type, "string_type");
  errs = run(R"({"bncc_competencies": ["EF01MA01", "ef99zz99", "EF06LI016"]})", *env.svc);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].type, "value_error");
  EXPECT_EQ(to_json(errs[0].loc), R"(["body", "bncc_competencies", 1])");
  EXPECT_EQ(errs[0].msg, "Value error, Código BNCC inválido: ef99zz99");
  EXPECT_EQ(errs[0].input, "ef99zz99");
  EXPECT_EQ(errs[0].ctx.at("error"), "Código BNCC inválido: ef99zz99");
  EXPECT_EQ(to_json(errs[1].loc), R"(["body", "bncc_competencies", 2])");
}

TEST(BnccCatalog, UnknownCodesAreOneErrorWithTheList) {
  Env env;
  env.load();
  auto errs =
      run(R"({"bncc_competencies": ["EF05MA26", "EF01MA01", "em13lgg504", "EF05MA26"]})", *env.svc);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(to_json(errs[0].loc), R"(["body", "bncc_competencies"])");
  EXPECT_EQ(errs[0].msg, "Value error, Códigos BNCC não encontrados: EF05MA26, EM13LGG504");
  EXPECT_EQ(to_json(errs[0].ctx.at("unknown_codes")), R"(["EF05MA26", "EM13LGG504"])");
  EXPECT_EQ(errs[0].ctx.at("error"), "Códigos BNCC não encontrados: EF05MA26, EM13LGG504");
}

TEST(BnccCatalog, WithoutACatalogOnlyTheGrammarIsChecked) {
  Env env;  // nothing loaded
  EXPECT_FALSE(env.svc->loaded());
  Field<std::vector<std::string>> f;
  EXPECT_TRUE(run(R"({"bncc_competencies": ["EF05MA26"]})", *env.svc, &f).empty());
  EXPECT_EQ(*f, (std::vector<std::string>{"EF05MA26"}));
  EXPECT_EQ(run(R"({"bncc_competencies": ["EF05MA2"]})", *env.svc).size(), 1u);
  auto check = env.svc->check_codes({"EF05MA26"});
  EXPECT_FALSE(check.catalog_checked);
  EXPECT_TRUE(check.ok());
}

TEST(BnccCatalog, AtMostFiftyItemsAndAbsentIsFine) {
  Env env;
  env.load();
  std::string many = R"({"bncc_competencies": [)";
  for (int i = 0; i < 51; ++i) many += std::string(i ? "," : "") + "\"EF01MA01\"";
  many += "]}";
  auto errs = run(many, *env.svc);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].type, "too_long");
  Field<std::vector<std::string>> f;
  EXPECT_TRUE(run(R"({"title": "x"})", *env.svc, &f).empty());
  EXPECT_FALSE(f.present());
}

TEST(BnccCatalog, LookupsAndDescription) {
  Env env;
  EXPECT_FALSE(env.svc->description("EF01MA01").has_value());
  env.load();
  EXPECT_EQ(env.svc->description(" (ef01ma01)").value_or(""), "Contar objetos.");
  auto s = env.svc->find("EM13LGG103");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->stage, Stage::EM);
  EXPECT_EQ(s->years, (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(env.svc->find("EF05MA26").has_value());
  EXPECT_FALSE(env.svc->find("junk").has_value());
  EXPECT_EQ(env.svc->version().size(), 12u);
}

TEST(BnccService, CountsSearchesPerCodeAndSubject) {
  Env env;
  env.load();
  std::vector<std::string> observed;
  env.svc->set_search_observer([&](std::string_view g) { observed.emplace_back(g); });
  env.svc->record_search("ef01ma01", "fundamental_1_1ano");
  env.svc->record_search("EF01MA01");
  env.svc->record_search("junk'; DROP TABLE x", "not_a_grade");
  env.svc->record_subject("matematica");
  auto st = env.svc->stats();
  EXPECT_EQ(st.searches, 3u);
  EXPECT_EQ(st.searches_per_code["EF01MA01"], 2u);
  EXPECT_EQ(st.searches_per_code["_other"], 1u);
  EXPECT_EQ(st.searches_per_grade_level.size(), 1u);
  EXPECT_EQ(st.searches_per_grade_level["fundamental_1_1ano"], 1u);
  EXPECT_EQ(st.requests_per_subject["matematica"], 1u);
  // The exporter hook sees every search, with the grade level only when it is valid.
  EXPECT_EQ(observed, (std::vector<std::string>{"fundamental_1_1ano", "", ""}));
  EXPECT_EQ(subject_for_component(Stage::EF, "EF", ""), "educacao_fisica");
  EXPECT_EQ(subject_for_component(Stage::EI, "EF", ""), "");
  EXPECT_EQ(subject_for_component(Stage::EM, "", "MAT"), "matematica");
  EXPECT_EQ(subject_for_component(Stage::EM, "LP", "LGG"), "portugues");
}

TEST(BnccService, ReadsGoThroughTheCacheWithVersionedKeys) {
  Env env;
  env.load();
  auto idx = env.svc->current();
  SkillQuery q;
  q.q = "Contar";
  auto a = env.svc->skills(q, *idx);
  q.q = "contar";
  auto b = env.svc->skills(q, *idx);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.etag, b.etag);
  auto st = env.cached.stats().at("bncc");
  EXPECT_EQ(st.first, 1u);   // hits
  EXPECT_EQ(st.second, 1u);  // misses
  EXPECT_EQ(env.svc->skill("EF05MA26", *idx).status, 404);
  EXPECT_EQ(env.svc->skill("EF01MA01", *idx).status, 200);
  auto v = parse_json(env.svc->validate(" (ef01ma01) ", idx.get()).body);
  EXPECT_EQ(v->at("code"), "EF01MA01");
  EXPECT_EQ(v->at("exists"), true);
  auto n = parse_json(env.svc->validate("EF01MA01", nullptr).body);
  EXPECT_EQ(n->at("exists"), nullptr);
  EXPECT_EQ(n->at("catalog_loaded"), false);
  auto m = parse_json(env.svc->validate("EF99ZZ99", nullptr).body);
  EXPECT_EQ(m->at("exists"), false);
  EXPECT_EQ(m->at("decoded"), nullptr);
  EXPECT_EQ(m->at("error"), "Código BNCC inválido");
}
