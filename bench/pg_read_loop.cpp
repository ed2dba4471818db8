// Bare libpq baseline for the data-layer benchmark (bench/data_layer.sh): N threads, one
// blocking connection each, issue the same prepared single-row SELECT in a loop for a fixed
// time. Prints one JSON object: requests/s and latency percentiles. No pool, no HTTP, no
// JSON — the floor that the whole stack is compared with.
// With MODE=pool the same loop goes through edu::db (the service's pool of DB_POOL_SIZE =
// THREADS connections, non-blocking libpq, prepared-statement cache, Row conversion), which
// isolates the data layer's own cost from the HTTP stack's.
//
//   bench_pg_read_loop URL SECONDS THREADS SQL PARAM [libpq|pool]
#include <libpq-fe.h>

#include "db/database.hpp"
#include "observability/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    std::fprintf(stderr, "usage: %s URL SECONDS THREADS SQL PARAM [libpq|pool]\n", argv[0]);
    return 2;
  }
  const bool via_pool = argc == 7 && std::string(argv[6]) == "pool";
  const std::string url = argv[1];
  const double seconds = std::atof(argv[2]);
  const int threads = std::max(1, std::atoi(argv[3]));
  const std::string sql = argv[4];
  const std::string param = argv[5];
  using Clock = std::chrono::steady_clock;

  std::vector<std::vector<double>> lat(threads);
  std::atomic<bool> failed{false};
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::unique_ptr<edu::db::Database> db;
  if (via_pool) {
    edu::log::Settings quiet;
    quiet.level = edu::log::Level::Warn;
    edu::log::configure(quiet);
    edu::db::DatabaseOptions o;
    o.url = url;
    o.pool_size = threads;
    db = edu::db::open_database(o);
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    if (via_pool) {
      pool.emplace_back([&, t] {
        ++ready;
        while (!go) std::this_thread::yield();
        auto& mine = lat[t];
        mine.reserve(1 << 20);
        const edu::db::Params params{param};
        const auto end = Clock::now() + std::chrono::duration<double>(seconds);
        while (!failed) {
          auto t0 = Clock::now();
          if (t0 >= end) break;
          try {
            if (db->query(sql, params).rows.size() != 1) failed = true;
          } catch (const std::exception& e) {
            std::fprintf(stderr, "query: %s\n", e.what());
            failed = true;
          }
          mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
      });
      continue;
    }
    pool.emplace_back([&, t] {
      PGconn* c = PQconnectdb(url.c_str());
      if (PQstatus(c) != CONNECTION_OK) {
        std::fprintf(stderr, "connect: %s", PQerrorMessage(c));
        failed = true;
      }
      PGresult* p = PQprepare(c, "q", sql.c_str(), 1, nullptr);
      if (PQresultStatus(p) != PGRES_COMMAND_OK) {
        std::fprintf(stderr, "prepare: %s", PQerrorMessage(c));
        failed = true;
      }
      PQclear(p);
      ++ready;
      while (!go) std::this_thread::yield();
      const char* values[1] = {param.c_str()};
      auto& mine = lat[t];
      mine.reserve(1 << 20);
      const auto end = Clock::now() + std::chrono::duration<double>(seconds);
      while (!failed) {
        auto t0 = Clock::now();
        if (t0 >= end) break;
        PGresult* r = PQexecPrepared(c, "q", 1, values, nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
          std::fprintf(stderr, "query: %s (rows %d)\n", PQerrorMessage(c), PQntuples(r));
          failed = true;
        }
        PQclear(r);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      PQfinish(c);
    });
  }
  while (ready < threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto t0 = Clock::now();
  go = true;
  for (auto& th : pool) th.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  if (failed) return 1;
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double q) { return all.empty() ? 0.0 : all[static_cast<std::size_t>(q * (all.size() - 1))]; };
  std::printf(
      "{\"mode\": \"%s\", \"threads\": %d, \"requests\": %zu, \"requests_per_sec\": %.1f, \"p50_ms\": %.3f, "
      "\"p99_ms\": %.3f}\n",
      via_pool ? "pool" : "libpq", threads, all.size(), all.size() / elapsed, pct(0.50), pct(0.99));
  return 0;
}
