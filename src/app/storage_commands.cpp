// `eduautismo lifecycle [--apply]`: storage retention (DESIGN.md §1, INFRA.md §2.8; see
// storage/lifecycle.hpp). Reads the same configuration as `serve`; never touches the database.
#include <cstring>
#include <iostream>

#include "app/app.hpp"
#include "storage/lifecycle.hpp"
#include "storage/local/local_store.hpp"
#include "storage/s3/s3_store.hpp"

namespace edu {

int cmd_lifecycle(int argc, char** argv) {
  storage::lifecycle::Options o;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--apply") == 0) {
      o.apply = true;
    } else if (std::strcmp(argv[i], "--dry-run") == 0) {
      o.apply = false;
    } else {
      std::cerr << "usage: eduautismo lifecycle [--apply]\n"
                   "  local store: report (with --apply: delete) exports older than 90 days and\n"
                   "               writes left behind for more than 7 days\n"
                   "  S3: compare each bucket's lifecycle configuration with INFRA.md §2.8\n"
                   "      (with --apply: replace the differing ones)\n";
      return 2;
    }
  }
  auto loaded = command_config("lifecycle", /*quiet=*/false);
  if (!loaded) return 2;
  const Config& cfg = *loaded;
  try {
    auto store = storage::make_object_store(cfg);
    auto buckets = storage::bucket_names(cfg);
    if (auto* local = dynamic_cast<storage::LocalObjectStore*>(store.get()))
      return storage::lifecycle::run_local(*local, buckets, o, std::cout);
    if (auto* s3 = dynamic_cast<storage::S3ObjectStore*>(store.get()))
      return storage::lifecycle::run_s3(*s3, buckets, o, std::cout);
    std::cerr << "lifecycle: unsupported object store\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "lifecycle: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace edu
