// The BNCC catalog service: loads the dataset (API.md §4.13.2), keeps the installed in-memory
// index, answers the catalog reads through the cache (cache-aside, single-flight, key family
// `bnccq:{sha256}` of INFRA.md §1.9, TTL BNCC_CACHE_TTL), implements the Catalog interface
// other areas use, reports its health and counts searches for observability.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "cache/cache.hpp"
#include "db/database.hpp"
#include "domain/bncc/catalog.hpp"
#include "domain/bncc/index.hpp"
#include "domain/bncc/loader.hpp"

namespace edu::storage {
class ObjectStore;
}

namespace edu::bncc {

// The bucket source of API.md §4.13.2: <prefix>bncc.csv and <prefix>bncc_extra.csv of
// S3_BUCKET_BNCC_DATA (prefix BNCC_DATA_PREFIX) in the object store.
struct BucketSource {
  storage::ObjectStore* store = nullptr;
  std::string bucket;
  std::string prefix;
};

// A cached catalog response: status (200 or 404), strong ETag and JSON body.
struct CachedResponse {
  int status = 200;
  std::string etag;
  std::string body;
};

// Counters an observability exporter can read (INFRA.md §1.5: eduautismo/bncc
// searches_per_code, eduautismo/disciplines requests_per_subject). Codes are bounded to
// well-formed ones and the map to kMaxTrackedCodes entries (the rest go to "_other").
struct BnccStats {
  std::uint64_t searches = 0;
  std::map<std::string, std::uint64_t> searches_per_code;
  std::map<std::string, std::uint64_t> searches_per_grade_level;
  std::map<std::string, std::uint64_t> requests_per_subject;
};

// What an import did (CLI output, logs).
struct ImportReport {
  std::string version;
  std::size_t skills = 0;
  std::vector<RowProblem> skipped;
  std::vector<RowProblem> extra_ignored;
  bool written = false;  // false: the same dataset was already stored
  double parse_ms = 0;
  double store_ms = 0;
};

class BnccService : public Catalog {
 public:
  static constexpr std::size_t kMaxTrackedCodes = 5000;

  BnccService(db::Database& db, cache::CacheAside& cache, int cache_ttl_seconds);
  ~BnccService() override;

  // Start-up load (API.md §4.13.2): BNCC_DATA_PATH, else the bucket, else the copy last
  // imported into the database. Never throws. The bucket is read on a background thread
  // (start-up does not wait for the network; transient errors are retried a few times);
  // until it is installed the catalog reports not_loaded ("loading from s3://…").
  void load_at_start(const std::string& data_path, const BucketSource& bucket = {});
  // Waits for a background bucket load to end (tests, shutdown).
  void wait_loaded();
  // Abandons retries of a background load and joins it (shutdown).
  void stop_loading();

  // Parses `path`, stores it in the database (idempotent, one transaction) and installs it.
  // Throws LoadError for a bad file (previous catalog untouched in memory and database).
  ImportReport import_path(const std::string& path, bool install = true);

  // Installs a parsed catalog in memory (no database access).
  void install(const ParsedCatalog& pc, const std::string& source);

  std::shared_ptr<const CatalogIndex> current() const;
  json::object health() const;
  BnccStats stats() const;
  // Per-subject request counter (subject = API Subject value derived from a component).
  void record_subject(std::string_view subject);
  // Called on every counted search with the request's valid grade_level or "" — the hook for
  // the metrics exporter (eduautismo/bncc searches_per_code). Set once at start-up.
  void set_search_observer(std::function<void(std::string_view grade_level)> fn) {
    search_observer_ = std::move(fn);
  }

  // ---- cached reads (GET /bncc/*) ----
  CachedResponse skills(const SkillQuery& q, const CatalogIndex& idx);
  CachedResponse skill(const std::string& code, const CatalogIndex& idx);
  CachedResponse components(const CatalogIndex& idx);
  // `input` as received; works without a catalog (idx may be null).
  CachedResponse validate(const std::string& input, const CatalogIndex* idx);

  // ---- Catalog ----
  bool loaded() const override;
  std::string version() const override;
  CodeCheck check_codes(const std::vector<std::string>& raw_codes) const override;
  std::optional<SkillInfo> find(std::string_view code) const override;
  std::optional<std::string> description(std::string_view code) const override;
  void record_search(std::string_view code, std::string_view grade_level = {}) override;

 private:
  db::Database& db_;
  cache::CacheAside& cache_;
  std::chrono::seconds ttl_;

  mutable std::mutex mutex_;
  std::shared_ptr<const CatalogIndex> index_;
  std::string not_loaded_reason_ = "not_configured";

  mutable std::mutex stats_mutex_;
  BnccStats stats_;
  std::function<void(std::string_view)> search_observer_;

  void load_from_bucket(BucketSource src);
  void fail_load(const std::string& reason);
  std::thread loader_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

// The API Subject value (§3.5) a BNCC component/campo/area code maps to, or "" (e.g. ER, EI
// campos, CNT/CHS/LGG areas that span several subjects).
std::string_view subject_for_component(Stage stage, std::string_view component_code,
                                       std::string_view area_code);

}  // namespace edu::bncc
