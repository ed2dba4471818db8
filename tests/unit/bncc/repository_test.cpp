// The durable catalog copy on SQLite: idempotent and transactional replace, round trip, and the
// SQL search giving the same results as the in-memory index. The same checks run on
// PostgreSQL when EDU_TEST_DATABASE_URL points at one (e.g. a local test cluster).
#include "domain/bncc/repository.hpp"

#include <gtest/gtest.h>

#include "shared_dir.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "core/ids.hpp"
#include "db/migrations.hpp"
#include "domain/bncc/loader.hpp"

using namespace edu;
using namespace edu::bncc;

namespace {

const ParsedCatalog& reference() {
  static const ParsedCatalog pc = load_catalog_files(bncc_dir());
  return pc;
}

class BnccRepositoryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db::DatabaseOptions o;
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("edu-bncc-" + random_hex(6));
      o.url = "sqlite:///" + (dir_ / "t.db").string();
    } else {
      const char* url = std::getenv("EDU_TEST_DATABASE_URL");
      if (!url || !*url) GTEST_SKIP() << "EDU_TEST_DATABASE_URL not set";
      o.url = url;
    }
    db_ = db::open_database(o);
    db::migrate(*db_);
    if (GetParam() != "sqlite") {
      // A shared server: start from an empty catalog.
      db_->query("DELETE FROM bncc_skills");
      db_->query("UPDATE bncc_catalog SET version = NULL, sha256 = NULL, extra_sha256 = NULL");
    }
  }
  void TearDown() override {
    if (db_) db_->close();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<db::Database> db_;
};

std::vector<SkillQuery> sample_queries() {
  std::vector<SkillQuery> qs;
  auto add = [&](std::string q, std::optional<Stage> st = std::nullopt, std::optional<int> y = std::nullopt,
                 std::string comp = "", std::string area = "", std::string theme = "",
                 std::int64_t skip = 0, std::int64_t limit = 20) {
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

}  // namespace

TEST_P(BnccRepositoryTest, ReplaceIsIdempotentAndRoundTrips) {
  BnccRepository repo(*db_);
  EXPECT_FALSE(repo.stored().has_value());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(repo.replace(reference(), "file"));
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(ms, 1000.0);
  RecordProperty("store_ms", std::to_string(ms));
  EXPECT_FALSE(repo.replace(reference(), "file"));  // same dataset: nothing written
  auto st = repo.stored();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->version, reference().version);
  EXPECT_EQ(st->skill_count, 1580);
  EXPECT_EQ(st->source, "file");
  auto skills = repo.load_skills();
  ASSERT_EQ(skills.size(), reference().skills.size());
  for (std::size_t i = 0; i < skills.size(); ++i) {
    const Skill& a = skills[i];
    const Skill& b = reference().skills[i];
    ASSERT_EQ(a.code, b.code);
    EXPECT_EQ(skill_to_json(a), skill_to_json(b)) << a.code;
  }
}

TEST_P(BnccRepositoryTest, FailedReplaceLeavesThePreviousCatalog) {
  BnccRepository repo(*db_);
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

TEST_P(BnccRepositoryTest, SqlSearchMatchesTheInMemoryIndex) {
  BnccRepository repo(*db_);
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

INSTANTIATE_TEST_SUITE_P(Backends, BnccRepositoryTest, ::testing::Values("sqlite", "postgres"));
