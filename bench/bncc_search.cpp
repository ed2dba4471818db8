// BNCC search micro-benchmark (not a test): the in-memory index that serves GET /bncc/skills
// versus the same query evaluated in SQL by the durable copy (SQLite FTS5 trigram / PostgreSQL
// pg_trgm over application-folded text), plus dataset parse and store times. Prints JSON.
//
//   build/bench/bench_bncc_search [iterations=200]
//   env: BNCC_DATA_PATH (default ../shared/data/bncc), DATABASE_URL (default: a temp SQLite file)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "domain/bncc/index.hpp"
#include "domain/bncc/loader.hpp"
#include "domain/bncc/repository.hpp"
#include "observability/log.hpp"

using namespace edu;
using namespace edu::bncc;
using Clock = std::chrono::steady_clock;

namespace {

struct Named {
  std::string name;
  SkillQuery q;
};

std::vector<Named> queries() {
  std::vector<Named> out;
  auto add = [&](std::string name, auto fill) {
    SkillQuery q;
    fill(q);
    out.push_back({std::move(name), q});
  };
  add("list_first_page", [](SkillQuery&) {});
  add("text_fracoes", [](SkillQuery& q) { q.q = "frações"; });
  add("text_two_tokens", [](SkillQuery& q) {
    q.q = "texto argumentativo";
    q.limit = 100;
  });
  add("text_short_token", [](SkillQuery& q) { q.q = "de"; });
  add("exact_code", [](SkillQuery& q) { q.q = "EF07MA33"; });
  add("stage_year", [](SkillQuery& q) {
    q.stage = Stage::EF;
    q.year = 6;
  });
  add("component_area", [](SkillQuery& q) {
    q.component = "Matemática";
    q.stage = Stage::EF;
    q.skip = 100;
  });
  add("theme_year", [](SkillQuery& q) {
    q.thematic_unit = "números";
    q.year = 3;
  });
  return out;
}

struct Stats {
  double p50 = 0, p99 = 0, mean = 0;
};

template <class F>
Stats measure(int n, F&& fn) {
  std::vector<double> us;
  us.reserve(n);
  for (int i = 0; i < n; ++i) {
    auto t0 = Clock::now();
    fn();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  Stats s;
  s.p50 = us[us.size() / 2];
  s.p99 = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  double sum = 0;
  for (double v : us) sum += v;
  s.mean = sum / static_cast<double>(us.size());
  return s;
}

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200;
  log::Settings ls;
  ls.level = log::Level::Warn;
  log::configure(ls);
  const char* data = std::getenv("BNCC_DATA_PATH");
  std::string path = data && *data ? data : "../shared/data/bncc";
  const char* url = std::getenv("DATABASE_URL");
  std::filesystem::path tmp;
  db::DatabaseOptions o;
  if (url && *url) {
    o.url = url;
  } else {
    tmp = std::filesystem::temp_directory_path() / ("edu-bench-bncc-" + random_hex(6));
    o.url = "sqlite:///" + (tmp / "bench.db").string();
  }
  auto t0 = Clock::now();
  ParsedCatalog pc = load_catalog_files(path);
  double parse_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  auto db = db::open_database(o);
  db::migrate(*db);
  db->query("UPDATE bncc_catalog SET sha256 = NULL");  // force a full write
  BnccRepository repo(*db);
  t0 = Clock::now();
  repo.replace(pc, "file");
  double store_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  t0 = Clock::now();
  CatalogIndex idx(pc.skills, CatalogMeta{pc.version, "file", 0});
  double index_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();

  std::cout << "{\n  \"database\": \"" << db->type_name() << "\", \"skills\": " << idx.size()
            << ", \"iterations\": " << n << ",\n  \"parse_ms\": " << fmt(parse_ms)
            << ", \"store_ms\": " << fmt(store_ms) << ", \"index_build_ms\": " << fmt(index_ms)
            << ",\n  \"queries_us\": {\n";
  auto qs = queries();
  for (std::size_t k = 0; k < qs.size(); ++k) {
    const auto& q = qs[k].q;
    std::size_t total = 0;
    Stats mem = measure(n, [&] {
      auto page = idx.search(q);
      total = page.total;
      volatile auto len = idx.page_json(page, q).size();
      (void)len;
    });
    std::int64_t sql_total = 0;
    Stats sql = measure(n, [&] { sql_total = repo.search(q).second; });
    if (static_cast<std::size_t>(sql_total) != total) {
      std::cerr << "mismatch on " << qs[k].name << ": index " << total << ", sql " << sql_total
                << "\n";
      return 1;
    }
    std::cout << "    \"" << qs[k].name << "\": {\"total\": " << total
              << ", \"memory_p50\": " << fmt(mem.p50) << ", \"memory_p99\": " << fmt(mem.p99)
              << ", \"sql_p50\": " << fmt(sql.p50) << ", \"sql_p99\": " << fmt(sql.p99) << "}"
              << (k + 1 < qs.size() ? "," : "") << "\n";
  }
  std::cout << "  }\n}\n";
  db->close();
  if (!tmp.empty()) std::filesystem::remove_all(tmp);
  return 0;
}
