// SQLite connections opening the same database at the same time: a fresh file is switched to
// WAL under an exclusive lock, and the last connection closing a WAL database takes one too.
// SQLite answers some of those collisions with an immediate SQLITE_BUSY (waiting could
// deadlock) without calling the busy handler; opening must ride them out, never fail.
#include <gtest/gtest.h>

#include <unistd.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"

using namespace edu;

namespace {
// Child process: open the database, create the table, add one row. Exit code 0 on success,
// 1 on any failure (the message goes to stderr).
[[noreturn]] void open_and_write(const std::string& url, int who, int delay_us) {
  std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
  int code = 0;
  try {
    db::DatabaseOptions o;
    o.url = url;
    o.pool_size = 2;
    auto db = db::open_sqlite(o);
    db->exec_script("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, who INTEGER NOT NULL)");
    db->query("INSERT INTO t (who) VALUES ($1)", {static_cast<std::int64_t>(who)});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "opener %d: %s\n", who, e.what());
    code = 1;
  }
  std::fflush(stderr);
  ::_exit(code);
}
}  // namespace

// Separate processes, as with several `migrate` runs or server instances on one file (within
// one process SQLite shares the file's locks between connections and the collisions vanish).
TEST(SqliteOpen, ConcurrentOpensFromProcessesNeverFailBusy) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("edu-sqlite-open-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  constexpr int kRounds = 100;
  constexpr int kOpeners = 8;
  std::mt19937 rng(20261129);
  int failures = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string url = "sqlite:///" + (dir / ("r" + std::to_string(round) + ".db")).string();
    std::vector<pid_t> children;
    for (int who = 0; who < kOpeners; ++who) {
      // Staggered starts, so that some processes open while others are closing.
      const int delay_us = static_cast<int>(rng() % 15000);
      pid_t pid = ::fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) open_and_write(url, who, delay_us);
      children.push_back(pid);
    }
    for (pid_t pid : children) {
      int status = 0;
      ASSERT_EQ(::waitpid(pid, &status, 0), pid);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
    }
    db::DatabaseOptions o;
    o.url = url;
    auto db = db::open_sqlite(o);
    if (failures == 0)
      EXPECT_EQ(db->query("SELECT COUNT(*) FROM t").one().integer(0), kOpeners) << "round " << round;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  EXPECT_EQ(failures, 0) << "openers failed; their messages are above";
}
