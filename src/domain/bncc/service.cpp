// BNCC catalog service (see service.hpp).
//
// Caching: what goes into the cache is the *result of the catalog query* (matching positions
// and total, existence of a code) under `bnccq:{sha256(version|route|canonical query)}`, not
// the rendered body: values stay below ~1 KB, so a flood of distinct queries cannot fill memory
// with 70 KB bodies, and the same values can later be shared through Redis. Bodies are
// assembled from the index's pre-serialised skills. The ETag is derived from the catalog
// version and the query result, which together determine the body byte for byte.
#include "domain/bncc/service.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "core/ids.hpp"
#include "domain/bncc/repository.hpp"
#include "observability/log.hpp"
#include "storage/object_store.hpp"

namespace edu::bncc {
namespace {

constexpr std::string_view kGradeLevels[] = {
    "infantil_maternal",  "infantil_1",         "infantil_2",         "fundamental_1_1ano",
    "fundamental_1_2ano", "fundamental_1_3ano", "fundamental_1_4ano", "fundamental_1_5ano",
    "fundamental_2_6ano", "fundamental_2_7ano", "fundamental_2_8ano", "fundamental_2_9ano",
    "medio_1ano",         "medio_2ano",         "medio_3ano",         "eja_fundamental",
    "eja_medio_1",        "eja_medio_3"};

bool valid_grade_level(std::string_view g) {
  return std::find(std::begin(kGradeLevels), std::end(kGradeLevels), g) != std::end(kGradeLevels);
}

std::string encode_positions(const SkillPage& page) {
  std::string v = std::to_string(page.total) + ":";
  for (std::size_t k = 0; k < page.items.size(); ++k) {
    if (k) v.push_back(',');
    v += std::to_string(page.items[k]);
  }
  return v;
}

SkillPage decode_positions(std::string_view v) {
  SkillPage page;
  auto colon = v.find(':');
  page.total = std::stoull(std::string(v.substr(0, colon)));
  std::size_t pos = colon + 1;
  while (pos < v.size()) {
    auto comma = v.find(',', pos);
    if (comma == std::string_view::npos) comma = v.size();
    page.items.push_back(std::stoull(std::string(v.substr(pos, comma - pos))));
    pos = comma + 1;
  }
  return page;
}

std::string make_etag(const std::string& key, const std::string& value) {
  return "\"" + sha256_hex(key + "\n" + value).substr(0, 32) + "\"";
}

void log_problems(const std::vector<RowProblem>& rows, bool counted) {
  // Every bad row is reported by line; a pathological file is summarised after 100 lines.
  std::size_t shown = 0;
  for (const auto& p : rows) {
    if (++shown > 100) {
      log::warn("more BNCC rows skipped",
                {{"event", "bncc_row_skipped"},
                 {"file", p.file},
                 {"not_shown", static_cast<std::int64_t>(rows.size() - 100)}});
      break;
    }
    log::warn(counted ? "BNCC row skipped" : "BNCC extra row ignored",
              {{"event", counted ? "bncc_row_skipped" : "bncc_extra_row_ignored"},
               {"file", p.file},
               {"line", static_cast<std::int64_t>(p.line)},
               {"bncc_code", p.code},
               {"reason", p.reason}});
  }
}

}  // namespace

std::string_view subject_for_component(Stage stage, std::string_view component,
                                       std::string_view area) {
  if (stage == Stage::EI) return "";
  if (component == "LP") return "portugues";
  if (stage == Stage::EF) {
    if (component == "MA") return "matematica";
    if (component == "CI") return "ciencias";
    if (component == "GE") return "geografia";
    if (component == "HI") return "historia";
    if (component == "AR") return "arte";
    if (component == "EF") return "educacao_fisica";
    if (component == "LI") return "ingles";
    return "";
  }
  if (area == "MAT") return "matematica";
  return "";
}

BnccService::BnccService(db::Database& db, cache::CacheAside& cache, int cache_ttl_seconds)
    : db_(db), cache_(cache), ttl_(std::max(1, cache_ttl_seconds)) {}

std::shared_ptr<const CatalogIndex> BnccService::current() const {
  std::lock_guard lock(mutex_);
  return index_;
}

void BnccService::install(const ParsedCatalog& pc, const std::string& source) {
  CatalogMeta meta{pc.version, source, pc.skipped.size()};
  auto idx = std::make_shared<const CatalogIndex>(pc.skills, meta);
  std::lock_guard lock(mutex_);
  index_ = std::move(idx);
  not_loaded_reason_.clear();
}

ImportReport BnccService::import_path(const std::string& path, bool install_now) {
  ParsedCatalog pc = load_catalog_files(path);  // throws LoadError
  ImportReport rep;
  rep.version = pc.version;
  rep.skills = pc.skills.size();
  rep.skipped = pc.skipped;
  rep.extra_ignored = pc.extra_ignored;
  rep.parse_ms = pc.parse_ms;
  if (install_now) install(pc, "file");
  auto t0 = std::chrono::steady_clock::now();
  BnccRepository repo(db_);
  rep.written = repo.replace(pc, "file");
  rep.store_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

BnccService::~BnccService() { stop_loading(); }

void BnccService::wait_loaded() {
  if (loader_.joinable()) loader_.join();
}

void BnccService::stop_loading() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  wait_loaded();
}

void BnccService::fail_load(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    not_loaded_reason_ = reason;
  }
  log::error("BNCC catalog not loaded: " + reason, {{"event", "bncc_catalog_load_failed"}});
}

namespace {

// Installs and stores a parsed catalog (the durable copy is best effort: a database error
// does not unload the catalog).
template <class Install>
void install_and_store(const ParsedCatalog& pc, const std::string& source, const std::string& where,
                       db::Database& db, Install&& install) {
  log_problems(pc.skipped, true);
  log_problems(pc.extra_ignored, false);
  install();
  log::info("BNCC catalog loaded",
            {{"event", "bncc_catalog_loaded"},
             {"source", source},
             {"location", where},
             {"count", static_cast<std::int64_t>(pc.skills.size())},
             {"skipped_rows", static_cast<std::int64_t>(pc.skipped.size())},
             {"version", pc.version},
             {"parse_ms", round_to(pc.parse_ms, 2)}});
  try {
    auto t0 = std::chrono::steady_clock::now();
    bool written = BnccRepository(db).replace(pc, source);
    log::info("BNCC catalog stored",
              {{"event", "bncc_catalog_stored"},
               {"written", written},
               {"store_ms",
                round_to(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(),
                         2)}});
  } catch (const std::exception& e) {
    log::error(std::string("BNCC catalog not stored in the database: ") + e.what(),
               {{"event", "bncc_catalog_store_failed"}});
  }
}

}  // namespace

void BnccService::load_at_start(const std::string& data_path, const BucketSource& bucket) {
  if (!data_path.empty()) {
    // The file is installed as soon as it is parsed; storing the durable copy comes after.
    try {
      ParsedCatalog pc = load_catalog_files(data_path);
      install_and_store(pc, "file", data_path, db_, [&] { install(pc, "file"); });
    } catch (const LoadError& e) {
      fail_load(e.what());
    } catch (const std::exception& e) {
      fail_load(std::string("unexpected error: ") + e.what());
    }
    return;
  }
  if (bucket.store && !bucket.bucket.empty()) {
    {
      std::lock_guard lock(mutex_);
      not_loaded_reason_ = "loading from " + bucket.store->describe(bucket.bucket, bucket.prefix + "bncc.csv");
    }
    loader_ = std::thread([this, bucket] { load_from_bucket(bucket); });
    return;
  }
  try {
    BnccRepository repo(db_);
    auto stored = repo.stored();
    if (!stored) {
      std::lock_guard lock(mutex_);
      not_loaded_reason_ = "not_configured";
      return;
    }
    CatalogMeta meta{stored->version, stored->source,
                     static_cast<std::size_t>(stored->skipped_rows)};
    auto idx = std::make_shared<const CatalogIndex>(repo.load_skills(), meta);
    {
      std::lock_guard lock(mutex_);
      index_ = std::move(idx);
      not_loaded_reason_.clear();
    }
    log::info("BNCC catalog loaded", {{"event", "bncc_catalog_loaded"},
                                      {"source", "database"},
                                      {"count", stored->skill_count},
                                      {"version", stored->version}});
  } catch (const std::exception& e) {
    fail_load(std::string("cannot read the stored catalog: ") + e.what());
  }
}

void BnccService::load_from_bucket(BucketSource src) {
  const std::string main_key = src.prefix + "bncc.csv";
  const std::string extra_key = src.prefix + "bncc_extra.csv";
  const std::string where = src.store->describe(src.bucket, main_key);
  constexpr int kAttempts = 4;  // transient errors: retried after 1, 2 and 4 seconds
  for (int attempt = 1;; ++attempt) {
    try {
      auto main = src.store->get(src.bucket, main_key);
      if (!main) return fail_load("bncc.csv not found at " + where);
      std::optional<std::string> extra;
      try {
        extra = src.store->get(src.bucket, extra_key);  // optional file
      } catch (const storage::StorageError& e) {
        log::warn(std::string("bncc_extra.csv not read; the extra fields are not loaded: ") + e.what(),
                  {{"event", "bncc_extra_not_loaded"}});
      }
      auto t0 = std::chrono::steady_clock::now();
      ParsedCatalog pc =
          parse_catalog(*main, extra ? std::optional<std::string_view>(*extra) : std::nullopt);
      pc.parse_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      install_and_store(pc, "s3", where, db_, [&] { install(pc, "s3"); });
      return;
    } catch (const LoadError& e) {
      return fail_load(e.what());
    } catch (const storage::StorageError& e) {
      const bool transient = e.status() == 0 || e.status() >= 500;
      if (!transient || attempt == kAttempts)
        return fail_load("cannot read " + where + ": " + e.what());
      log::warn(std::string("BNCC bucket read failed, retrying: ") + e.what(),
                {{"event", "bncc_catalog_retry"}, {"attempt", attempt}});
      std::unique_lock lock(stop_mutex_);
      if (stop_cv_.wait_for(lock, std::chrono::seconds(1 << (attempt - 1)), [this] { return stopping_; }))
        return fail_load("loading abandoned at shutdown");
    } catch (const std::exception& e) {
      return fail_load(std::string("unexpected error: ") + e.what());
    }
  }
}

json::object BnccService::health() const {
  std::lock_guard lock(mutex_);
  if (!index_) return json::object{{"status", "not_loaded"}, {"reason", not_loaded_reason_}};
  const auto& m = index_->meta();
  return json::object{{"status", "loaded"},
                      {"count", index_->size()},
                      {"skipped_rows", m.skipped_rows},
                      {"source", m.source},
                      {"version", m.version}};
}

BnccStats BnccService::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void BnccService::record_subject(std::string_view subject) {
  if (subject.empty()) return;
  std::lock_guard lock(stats_mutex_);
  ++stats_.requests_per_subject[std::string(subject)];
}

void BnccService::record_search(std::string_view raw_code, std::string_view grade_level) {
  std::string code = normalize_code(raw_code);
  bool well_formed = is_well_formed(code);
  bool grade = !grade_level.empty() && valid_grade_level(grade_level);
  {
    std::lock_guard lock(stats_mutex_);
    ++stats_.searches;
    // Only well-formed codes are tracked by name (bounded), the rest under "_other".
    std::string key = well_formed ? code : "_other";
    auto it = stats_.searches_per_code.find(key);
    if (it != stats_.searches_per_code.end())
      ++it->second;
    else if (stats_.searches_per_code.size() < kMaxTrackedCodes)
      stats_.searches_per_code.emplace(key, 1);
    else
      ++stats_.searches_per_code["_other"];
    if (grade) ++stats_.searches_per_grade_level[std::string(grade_level)];
  }
  json::object f{{"event", "bncc_search"},
                 {"bncc_code", well_formed ? code : std::string("_malformed")}};
  if (grade) f["grade_level"] = grade_level;
  if (search_observer_) search_observer_(grade ? grade_level : std::string_view{});
  log::info("bncc search", f);
}

bool BnccService::loaded() const { return current() != nullptr; }

std::string BnccService::version() const {
  auto idx = current();
  return idx ? idx->meta().version : std::string();
}

CodeCheck BnccService::check_codes(const std::vector<std::string>& raw) const {
  auto idx = current();
  CodeCheck out;
  out.catalog_checked = idx != nullptr;
  std::unordered_set<std::string> seen, unknown_seen;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string code = normalize_code(raw[i]);
    if (!is_well_formed(code)) {
      out.malformed.emplace_back(i, raw[i]);
      continue;
    }
    if (!seen.insert(code).second) continue;
    out.codes.push_back(code);
    if (idx && !idx->find(code) && unknown_seen.insert(code).second) out.unknown.push_back(code);
  }
  return out;
}

std::optional<SkillInfo> BnccService::find(std::string_view raw) const {
  auto idx = current();
  if (!idx) return std::nullopt;
  const Skill* s = idx->find(normalize_code(raw));
  if (!s) return std::nullopt;
  return SkillInfo{s->code, s->stage,         s->years,      s->component,
                   s->area, s->thematic_unit, s->description};
}

std::optional<std::string> BnccService::description(std::string_view code) const {
  auto s = find(code);
  if (!s) return std::nullopt;
  return s->description;
}

CachedResponse BnccService::skills(const SkillQuery& q, const CatalogIndex& idx) {
  const std::string key =
      "bnccq:{" + sha256_hex(idx.meta().version + "|skills|" + q.canonical()) + "}";
  std::string value =
      cache_.get_or_load("bncc", key, ttl_, [&] { return encode_positions(idx.search(q)); });
  CachedResponse r;
  r.body = idx.page_json(decode_positions(value), q);
  r.etag = make_etag(key, value);
  return r;
}

CachedResponse BnccService::skill(const std::string& code, const CatalogIndex& idx) {
  const std::string key = "bnccq:{" + sha256_hex(idx.meta().version + "|skill|" + code) + "}";
  std::string value = cache_.get_or_load("bncc", key, ttl_, [&]() -> std::string {
    const Skill* s = idx.find(code);
    return s ? std::to_string(s - &idx.at(0)) : std::string("-");
  });
  CachedResponse r;
  if (value == "-") {
    r.status = 404;
    return r;
  }
  r.body = idx.skill_json(std::stoull(value));
  r.etag = make_etag(key, value);
  return r;
}

CachedResponse BnccService::components(const CatalogIndex& idx) {
  const std::string key = "bnccq:{" + sha256_hex(idx.meta().version + "|components") + "}";
  std::string value =
      cache_.get_or_load("bncc", key, ttl_, [&] { return std::to_string(idx.size()); });
  CachedResponse r;
  r.body = idx.components_json();
  r.etag = make_etag(key, value);
  return r;
}

CachedResponse BnccService::validate(const std::string& input, const CatalogIndex* idx) {
  const std::string code = normalize_code(input);
  const std::string version = idx ? idx->meta().version : std::string("none");
  const std::string key = "bnccq:{" + sha256_hex(version + "|validate|" + code) + "}";
  // Value: "m" malformed, "1"/"0" exists or not, "n" well-formed without a catalog.
  std::string value = cache_.get_or_load("bncc", key, ttl_, [&]() -> std::string {
    if (!is_well_formed(code)) return "m";
    if (!idx) return "n";
    return idx->find(code) ? "1" : "0";
  });
  json::object o;
  o["input"] = input;
  o["code"] = code;
  if (value == "m") {
    o["well_formed"] = false;
    o["exists"] = false;
    o["catalog_loaded"] = idx != nullptr;
    o["error"] = "Código BNCC inválido";
    o["decoded"] = nullptr;
  } else {
    o["well_formed"] = true;
    o["exists"] = value == "n" ? json::value(nullptr) : json::value(value == "1");
    o["catalog_loaded"] = idx != nullptr;
    o["error"] = nullptr;
    o["decoded"] = decode(code)->to_json();
  }
  CachedResponse r;
  r.body = to_json(o);
  // The body echoes the input as received, so the ETag covers it.
  r.etag = make_etag(key, value + "\n" + input);
  return r;
}

}  // namespace edu::bncc
