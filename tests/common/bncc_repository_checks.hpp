// Checks of the BNCC durable copy shared by the SQLite unit test (tests/unit/bncc) and the
// PostgreSQL integration test (tests/integration): idempotent and transactional replace, round
// trip, and the SQL search giving exactly the in-memory index's results — so both backends are
// held to the same answers.
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/bncc/index.hpp"
#include "domain/bncc/loader.hpp"
#include "domain/bncc/repository.hpp"

namespace bncc_checks {

using namespace edu;
using namespace edu::bncc;

// $EDU_SHARED_DIR when set (a worktree whose ../shared is elsewhere), else <source>/../shared.
inline std::string bncc_dir() {
  const char* env = std::getenv("EDU_SHARED_DIR");
  return (env && *env ? std::string(env) : std::string(EDU_SHARED_DIR)) + "/data/bncc";
}

inline const ParsedCatalog& reference() {
  static const ParsedCatalog pc = load_catalog_files(bncc_dir());
  return pc;
}

inline std::vector<SkillQuery> sample_queries() {
  std::vector<SkillQuery> qs;
  auto add = [&](std::string q, std::optional<Stage> st = std::nullopt,
                 std::optional<int> y = std::nullopt, std::string comp = "", std::string area = "",
                 std::string theme = "", std::int64_t skip = 0, std::int64_t limit = 20) {
    SkillQuery s;
    s.q = std::move(q);
    s.stage = st;
    s.year = y;
    s.component = std::move(comp);
    s.area = std::move(area);
    s.thematic_unit = std::move(theme);
    s.skip = skip;
    s.limit = limit;
    qs.push_back(s);
  };
  add("");
  add("", Stage::EF, 6);
  add("", std::nullopt, 1, "", "", "", 40, 100);
  add("fracoes");
  add("FRAÇÕES");
  add("acao");
  add("π");
  add("ef03ma");
  add("EF07MA33");
  add("circunferencia");
  add("de", Stage::EF);  // short token: not through the trigram index
  add("ler e escrever");
  add("", Stage::EF, std::nullopt, "matematica");
  add("", Stage::EF, std::nullopt, "MA");
  add("", Stage::EM, std::nullopt, "", "LGG");
  add("", std::nullopt, std::nullopt, "", "Linguagens", "", 600, 20);
  add("", std::nullopt, std::nullopt, "", "", "números");
  add("100%_\\'\"", std::nullopt);  // LIKE/FTS metacharacters are literal
  add("texto", Stage::EM, 2);
  return qs;
}

inline void replace_is_idempotent_and_round_trips(db::Database& db) {
  BnccRepository repo(db);
  EXPECT_FALSE(repo.stored().has_value());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(repo.replace(reference(), "file"));
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // Timing is recorded, not asserted: speed targets live in bench/ (bench/bncc.sh).
  ::testing::Test::RecordProperty("store_ms", std::to_string(ms));
  EXPECT_FALSE(repo.replace(reference(), "file"));  // same dataset: nothing written
  auto st = repo.stored();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->version, reference().version);
  EXPECT_EQ(st->skill_count, 1580);
  EXPECT_EQ(st->source, "file");
  auto skills = repo.load_skills();
  ASSERT_EQ(skills.size(), reference().skills.size());
  for (std::size_t i = 0; i < skills.size(); ++i) {
    ASSERT_EQ(skills[i].code, reference().skills[i].code);
    EXPECT_EQ(skill_to_json(skills[i]), skill_to_json(reference().skills[i])) << skills[i].code;
  }
}

inline void failed_replace_leaves_the_previous_catalog(db::Database& db) {
  BnccRepository repo(db);
  ASSERT_TRUE(repo.replace(reference(), "file"));
  // A catalog whose insert fails half-way (duplicate primary key) must roll back entirely.
  ParsedCatalog broken = reference();
  broken.sha256 = std::string(64, 'a');
  broken.version = "aaaaaaaaaaaa";
  broken.skills.push_back(broken.skills.front());
  EXPECT_ANY_THROW(repo.replace(broken, "file"));
  auto st = repo.stored();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->version, reference().version);
  EXPECT_EQ(repo.load_skills().size(), 1580u);
  // A different dataset replaces it.
  ParsedCatalog small = reference();
  small.skills.resize(10);
  small.sha256 = std::string(64, 'b');
  small.version = "bbbbbbbbbbbb";
  EXPECT_TRUE(repo.replace(small, "file"));
  EXPECT_EQ(repo.load_skills().size(), 10u);
  EXPECT_EQ(repo.stored()->version, "bbbbbbbbbbbb");
}

inline void sql_search_matches_the_in_memory_index(db::Database& db) {
  BnccRepository repo(db);
  ASSERT_TRUE(repo.replace(reference(), "file"));
  CatalogIndex idx(reference().skills, CatalogMeta{reference().version, "file", 0});
  for (const auto& q : sample_queries()) {
    SCOPED_TRACE(q.canonical());
    auto page = idx.search(q);
    std::vector<std::string> expected;
    for (auto i : page.items) expected.push_back(idx.at(i).code);
    auto [got, total] = repo.search(q);
    EXPECT_EQ(static_cast<std::size_t>(total), page.total);
    EXPECT_EQ(got, expected);
  }
}

}  // namespace bncc_checks
