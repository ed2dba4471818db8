// Storage retention (DESIGN.md §1 `eduautismo lifecycle`, INFRA.md §2.8). The rules per
// bucket are data here, equal to deploy/terraform/modules/storage/lifecycle.tf:
//   uploads   day 7 → INTELLIGENT_TIERING, day 30 → GLACIER; abort multipart after 7 days
//   exports   day 30 → GLACIER; expire day 90; abort multipart after 7 days
//   ml-models noncurrent versions expire after 90 days, keep the 3 newest
//   bncc-data none
// On S3 the bucket lifecycle configuration is read and compared with them (and replaced
// when asked). On the local store the rules that make sense for a directory are enforced:
// expirations (by modification time) and the removal of writes left behind by a crash (the
// analogue of incomplete multipart uploads); storage-class transitions and noncurrent
// versions do not exist there and are reported as such.
#pragma once
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "storage/storage.hpp"

namespace edu::storage {
class LocalObjectStore;
class S3ObjectStore;
}  // namespace edu::storage

namespace edu::storage::lifecycle {

struct Transition {
  int days = 0;
  std::string storage_class;
  bool operator==(const Transition&) const = default;
};

struct Rule {
  std::string id;
  bool enabled = true;
  bool whole_bucket = true;  // empty filter; false for prefix/tag/size filters
  std::vector<Transition> transitions;
  int expiration_days = 0;
  int abort_multipart_days = 0;
  int noncurrent_expiration_days = 0;
  int newer_noncurrent_versions = 0;
  bool other_actions = false;  // actions this tool does not model (dates, delete markers…)
};

// Same actions (ids and order ignored).
bool equivalent(const Rule& a, const Rule& b);
// "transition 7 d → INTELLIGENT_TIERING, 30 d → GLACIER; abort multipart after 7 d"
std::string summary(const Rule& r);

// INFRA.md §2.8 rules of a purpose ("uploads", "exports", "ml-models", "bncc-data").
std::vector<Rule> expected_rules(std::string_view purpose);

// <LifecycleConfiguration> document for PutBucketLifecycleConfiguration.
std::string to_xml(const std::vector<Rule>& rules);
// Parses a GetBucketLifecycleConfiguration answer. Throws StorageError when malformed.
std::vector<Rule> parse_xml(std::string_view document);

struct Comparison {
  std::vector<Rule> missing;     // expected, no equivalent enabled rule present
  std::vector<Rule> unexpected;  // present and enabled, not expected
  bool ok() const { return missing.empty() && unexpected.empty(); }
};
Comparison compare(const std::vector<Rule>& expected, const std::vector<Rule>& actual);

struct Options {
  bool apply = false;  // act (delete / put configuration); otherwise report only
  Micros now = 0;      // 0: the current time
};

// Local store: reports (and with apply, performs) expirations and stale temp removal.
// Returns the process exit code (0 ok, 1 an error occurred).
int run_local(LocalObjectStore& store, const Buckets& buckets, const Options& o, std::ostream& out);
// S3: compares each configured bucket's lifecycle configuration with the rules; with apply,
// replaces differing ones. Returns 0 when every bucket matches (after applying), else 1.
int run_s3(S3ObjectStore& store, const Buckets& buckets, const Options& o, std::ostream& out);

}  // namespace edu::storage::lifecycle
