// Where the shared reference data lives for unit tests: $EDU_SHARED_DIR when set (a worktree
// whose ../shared is elsewhere), otherwise the compile definition (<source>/../shared).
#pragma once
#include <cstdlib>
#include <string>

inline std::string shared_dir() {
  const char* env = std::getenv("EDU_SHARED_DIR");
  return env && *env ? std::string(env) : std::string(EDU_SHARED_DIR);
}
inline std::string bncc_dir() { return shared_dir() + "/data/bncc"; }
