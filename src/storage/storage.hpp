// Object store wiring from the Config (INFRA.md §1.1, §1.13): which implementation runs and
// which bucket serves which purpose.
//   STORAGE_URL=file://<dir> (default EDU_DATA_DIR/objects)  → LocalObjectStore
//   STORAGE_URL unset + any S3_BUCKET_* (AWS), or s3://     → S3ObjectStore (AWS_REGION,
//                                                             S3_ENDPOINT_URL → path-style)
// On the local store an unset S3_BUCKET_<PURPOSE> defaults to the purpose name, so the
// embedded default has the four buckets as directories; on S3 only the configured ones exist.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "storage/object_store.hpp"

namespace edu::storage {

// The four purposes of INFRA.md §2.8, in that order.
inline constexpr const char* kPurposes[] = {"uploads", "exports", "ml-models", "bncc-data"};

struct Buckets {
  std::string uploads, exports, ml_models, bncc_data;
  // Bucket name of a purpose ("" when not configured).
  std::string of(const std::string& purpose) const;
  // (purpose, bucket) for every configured bucket, in kPurposes order.
  std::vector<std::pair<std::string, std::string>> configured() const;
};

Buckets bucket_names(const Config& c);

// Builds the configured store. Throws StorageError on an unusable configuration.
std::unique_ptr<ObjectStore> make_object_store(const Config& c);

// "file <dir>" or "s3 (region …, endpoint …, credentials: container)" — for logs and the CLI;
// never contains secrets.
std::string describe_store(const Config& c);

}  // namespace edu::storage
