// Composition root.
#include "app/app.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "cache/redis/client.hpp"
#include "cache/redis/redis_cache.hpp"
#include "db/migrations.hpp"
#include "domain/bncc/service.hpp"
#include "domain/auth/authenticator.hpp"
#include "domain/auth/service.hpp"
#include "domain/observations/service.hpp"
#include "mail/mailer.hpp"
#include "security/rate_limit.hpp"
#include "security/redis_session_store.hpp"
#include "security/session_store.hpp"
#include "domain/professionals/service.hpp"
#include "domain/socioemotional/service.hpp"
#include "domain/exports/service.hpp"
#include "domain/intervention_plans/repository.hpp"
#include "domain/intervention_plans/service.hpp"
#include "domain/notifications/repository.hpp"
#include "domain/notifications/service.hpp"
#include "domain/notifications/sweeper.hpp"
#include "domain/teaching/module.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "observability/tracing.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"
#include "security/geo_filter.hpp"
#include "security/waf.hpp"
#include "storage/storage.hpp"

namespace edu {

App::App(Config cfg) : config_(std::move(cfg)) {
  PipelineSettings ps;
  ps.cors_origins = config_.cors_origins;
  ps.trusted_proxy_hops = config_.trusted_proxy_hops;
  ps.etag_salt = config_.app_version;
  ps.trace_sample_rate = config_.tracing_sample_rate;
  ps.catalog_max_age = config_.bncc_cache_ttl;
  pipeline_ = std::make_unique<Pipeline>(router_, ps);

  metrics::Settings ms;
  ms.sink = config_.metrics_sink;
  ms.environment = config_.environment;
  ms.service = config_.service_name;
  ms.prefix = config_.metrics_namespace_prefix;
  ms.dd_host = config_.dd_agent_host;
  ms.dd_port = config_.dd_dogstatsd_port;
  ms.dd_env = config_.dd_env;
  ms.dd_service = config_.dd_service;
  ms.dd_version = config_.dd_version;
  ms.prometheus = config_.metrics_port > 0;
  metrics_ = std::make_unique<metrics::Metrics>(ms);
  pipeline_->add_observer(metrics_.get());
  if (config_.tracing_enabled) {
    trace::XRaySettings xs;
    xs.daemon_address = config_.aws_xray_daemon_address;
    xs.service_name = config_.service_name;
    xray_ = std::make_unique<trace::XRayEmitter>(xs);
    pipeline_->add_observer(xray_.get());
  }
}

App::~App() {
  stop_background_jobs();
  // Domain services may still use the database (background jobs): stop them first.
  if (pipeline_) {
    pipeline_->set_authenticator(nullptr);
    pipeline_->set_rate_limiter(nullptr);
  }
  authenticator_.reset();
  auth_service_.reset();
  mailer_.reset();
  sessions_.reset();
  bncc.reset();
  storage_.reset();
  rate_limiter_.reset();
  cached_.reset();
  cache_.reset();
  redis_.reset();
  if (db_) db_->close();
}

void App::install_filters() {
  // API.md §1.7: request inspection first, then geo restriction.
  if (config_.waf_enabled) {
    std::string path = security::resolve_waf_rules_path(config_.waf_rules_path);
    filters_.push_back(std::make_unique<security::WafFilter>(path));
    log::info("WAF enabled", {{"event", "security_filter"}, {"filter", "waf"}, {"rules", path}});
  }
  if (config_.geo_block_enabled) {
    filters_.push_back(std::make_unique<security::GeoFilter>(config_.geoip_db_path, config_.geo_allowed_countries));
    std::string allowed;
    for (const auto& c : config_.geo_allowed_countries) allowed += (allowed.empty() ? "" : ",") + c;
    log::info("geo filter enabled", {{"event", "security_filter"}, {"filter", "geo"}, {"allowed", allowed}});
  }
  for (auto& f : filters_) pipeline_->add_security_filter(f.get());
}

bncc::Catalog& App::bncc_catalog() { return *bncc; }

void App::start_background_jobs() {
  if (notification_sweeper) notification_sweeper->start();
}

void App::stop_background_jobs() {
  if (notification_sweeper) notification_sweeper->stop();
  if (bncc) bncc->stop_loading();  // a bucket load still retrying
}

void configure_logging(const Config& c, bool quiet) {
  log::Settings s;
  s.level = quiet ? log::Level::Warn : log::parse_level(c.log_level);
  s.json = c.log_format == "json";
  s.service = c.service_name;
  s.env = c.environment;
  s.version = c.app_version;
  log::configure(s);
}

std::optional<Config> command_config(std::string_view command, bool quiet) {
  try {
    Config c = Config::from_env();
    configure_logging(c, quiet);
    return c;
  } catch (const ConfigError& e) {
    std::cerr << command << ": invalid configuration: " << e.what() << "\n";
    return std::nullopt;
  }
}

db::DatabaseOptions database_options(const Config& c) {
  db::DatabaseOptions o;
  o.url = c.database_url;
  o.host = c.db_host;
  o.port = c.db_port;
  o.name = c.db_name;
  o.user = c.db_user;
  o.password = c.db_password;
  o.read_hosts = c.db_read_hosts;
  o.sslmode = c.db_sslmode;
  o.sslrootcert = c.db_sslrootcert;
  o.pool_size = c.db_pool_size;
  o.statement_timeout_ms = c.db_statement_timeout_ms;
  o.acquire_timeout_ms = c.db_acquire_timeout_ms;
  o.connect_timeout_ms = c.db_connect_timeout_ms;
  return o;
}

void App::init(bool run_migrations) {
  install_filters();  // a bad rules file or GeoIP database fails start-up before the DB wait
  auto opts = database_options(config_);
  // The database may still be starting (containers start together): retry for a while.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int attempt = 1;; ++attempt) {
    try {
      db_ = db::open_database(opts);
      break;
    } catch (const db::Unavailable& e) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      log::warn("database not reachable, retrying",
                {{"event", "db_connect_retry"}, {"attempt", attempt}, {"error", e.reason}});
      std::this_thread::sleep_for(std::chrono::seconds(std::min(attempt, 5)));
    }
  }
  if (run_migrations) {
    auto st = db::migrate(*db_);
    log::info("schema ready", {{"event", "migrations"}, {"schema_version", st.current},
                              {"applied", static_cast<std::int64_t>(st.applied_now.size())}});
  }
  db::check_schema_not_newer(*db_);

  build_redis();
  // CACHE_ENABLED=false never reads or writes cache keys (the rollback lever); rate limiting
  // and sessions keep using Redis.
  if (!config_.cache_enabled) cache_ = cache::make_null_cache();
  else if (redis_) cache_ = cache::make_redis_cache(*redis_);
  else cache_ = cache::make_memory_cache();
  cached_ = std::make_unique<cache::CacheAside>(*cache_);
  cached_->set_observer([this](const std::string& name, bool hit) {
    if (hit)
      metrics_->cache_hit(name);
    else
      metrics_->cache_miss(name);
  });

  init_field_encryption();
  audit_ = std::make_unique<security::AuditLog>(*db_);
  build_services();
  register_routes();
}

// The master key comes from FIELD_ENCRYPTION_KEY (required outside local/test, checked by
// Config). In local/test without it, a key is generated once per data directory and kept in
// <EDU_DATA_DIR>/field_encryption.key (0600), so that data written by one run stays readable by
// the next; every process sharing a database must use the same key.
std::unique_ptr<security::FieldCipher> make_field_cipher(const Config& config, bool may_generate) {
  std::string text = config.field_encryption_key;
  if (text.empty()) {
    namespace fs = std::filesystem;
    fs::path dir(config.data_dir);
    fs::path file = dir / "field_encryption.key";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (std::ifstream in(file); in) std::getline(in, text);
    if (!security::parse_master_key(text)) {
      if (!may_generate)
        throw std::runtime_error("no FIELD_ENCRYPTION_KEY and no usable " + file.string() +
                                 ": set the service's key (or its EDU_DATA_DIR); refusing to "
                                 "generate one");
      text = security::generate_master_key_text();
      {
        std::ofstream out(file, std::ios::trunc);
        out << text << "\n";
        if (!out) throw std::runtime_error("cannot write " + file.string());
      }
      fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::replace, ec);
    }
    log::warn("FIELD_ENCRYPTION_KEY not set: using the generated local key of the data directory",
              {{"event", "field_encryption_key_generated"}, {"path", file.string()}});
  }
  std::vector<security::MasterKey> previous;
  for (const auto& k : config.field_encryption_previous_keys)
    previous.push_back(*security::parse_master_key(k));
  auto cipher = std::make_unique<security::FieldCipher>(*security::parse_master_key(text), previous);
  log::info("field encryption ready", {{"event", "field_encryption"},
                                       {"key_id", cipher->current_key_id()},
                                       {"previous_keys", static_cast<std::int64_t>(previous.size())}});
  return cipher;
}

void App::init_field_encryption() { field_cipher_ = make_field_cipher(config_); }

void App::build_redis() {
  add_health_part({"redis", [this](bool& degraded) -> json::value {
                     // API.md §4.2: a configured Redis that is down degrades (never 5xx, and
                     // never readiness: INFRA.md §1.2).
                     if (!redis_) return json::object{{"status", "not_configured"}};
                     auto h = redis_->ping();
                     json::object o;
                     o["status"] = h.up ? "up" : "down";
                     if (h.up) o["latency_ms"] = round_to(h.latency_ms, 2);
                     else o["error"] = h.error.substr(0, 120);
                     o["cluster_mode"] = redis_->cluster_mode();
                     o["cache_enabled"] = config_.cache_enabled;
                     degraded = !h.up;
                     return o;
                   }});
  if (config_.redis_url.empty()) return;
  redis::Options o;
  try {
    o = redis::Options::from_url(config_.redis_url);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("REDIS_URL is invalid: ") + e.what());
  }
  if (!config_.redis_auth_token.empty()) o.password = config_.redis_auth_token;
  o.cluster = config_.redis_cluster_mode;
  if (o.cluster && o.db != 0)
    throw ConfigError("REDIS_URL is invalid: cluster mode has database 0 only");
  o.ca_file = config_.redis_tls_ca_file;
  o.connect_timeout = o.command_timeout = std::chrono::milliseconds(config_.redis_timeout_ms);
  o.pool_size = config_.redis_pool_size;
  try {
    redis_ = redis::make_client(o);  // connects lazily: a Redis that is down never blocks start
  } catch (const redis::Error& e) {
    throw ConfigError(std::string("Redis TLS settings are invalid: ") + e.what());
  }
  log::info("redis configured", {{"event", "redis_configured"},
                                 {"tls", o.tls},
                                 {"cluster_mode", o.cluster},
                                 {"cache_enabled", config_.cache_enabled},
                                 {"auth", !o.password.empty()}});
}

void App::build_services() {
  // Domain services are constructed here, in dependency order.
  bncc = std::make_unique<bncc::BnccService>(*db_, *cached_, config_.bncc_cache_ttl);
  bncc->set_search_observer([this](std::string_view grade) { metrics_->bncc_search(grade); });
  storage_ = storage::make_object_store(config_);
  log::info("object store ready", {{"event", "storage"}, {"store", storage::describe_store(config_)}});
  bncc->load_at_start(config_.bncc_data_path,
                      {storage_.get(), config_.s3_bucket_bncc_data, config_.bncc_data_prefix});
  add_health_part({"bncc", [this](bool&) { return json::value(bncc->health()); }});
  sessions_ = security::make_database_session_store(*db_);
  if (redis_)
    sessions_ = security::make_redis_session_store(*db_, std::move(sessions_), *redis_, cached_.get());
  security::RateLimitSettings rl;
  rl.per_ip = config_.rate_limit_per_minute;
  rl.per_user = config_.rate_limit_user_per_minute;
  rl.auth_per_ip = config_.rate_limit_auth_per_minute;
  rl.fail_open = config_.rate_limit_fail_open;
  rate_limiter_ = std::make_unique<security::RateLimiter>(
      rl, redis_ ? security::make_redis_counters(*redis_) : nullptr);
  pipeline_->set_rate_limiter(rate_limiter_.get());
  mailer_ = mail::make_mailer(config_);
  add_health_part({"mailer", [this](bool&) -> json::value {
                     // Mail never degrades health (INFRA.md §1.2): report the transport only.
                     std::string t = mailer_->transport();
                     return json::object{{"status", t == "dropped" ? "disabled" : "configured"},
                                         {"transport", t}};
                   }});
  auth::AuthSettings as;
  as.jwt_secret = config_.jwt_secret;
  as.access_token_minutes = config_.access_token_expire_minutes;
  as.refresh_token_days = config_.refresh_token_expire_days;
  as.user_cache_seconds = config_.auth_user_cache_seconds;
  as.max_failures_per_account = config_.login_max_failures_per_account;
  as.max_failures_per_ip = config_.login_max_failures_per_ip;
  as.failure_window_seconds = config_.login_failure_window_seconds;
  as.password_reset_url = config_.password_reset_url;
  auth_service_ = std::make_unique<auth::AuthService>(*db_, *sessions_, *mailer_, as);
  authenticator_ = std::make_unique<auth::BearerAuthenticator>(*auth_service_);
  pipeline_->set_authenticator(authenticator_.get());
  professionals = std::make_unique<professionals::Service>(*db_);
  observations = std::make_unique<observations::Service>(*db_, *professionals, *field_cipher_);
  indicators = std::make_unique<socioemotional::Service>(*db_, *professionals, *field_cipher_);
  notification_repo = std::make_unique<notifications::Repository>();
  notification_service = std::make_unique<notifications::Service>(*db_, *notification_repo);
  plan_repo = std::make_unique<plans::Repository>(*field_cipher_);
  plan_service = std::make_unique<plans::Service>(*db_, *plan_repo, *notification_service);
  export_service = std::make_unique<exports::Service>(*plan_service);
  notification_sweeper = std::make_unique<notifications::Sweeper>(
      *db_, *notification_service,
      [this](db::Executor& ex, Micros now) {
        auto st = plan_service->sweep_reviews(ex, now);
        return std::make_pair(st.plans, st.notifications);
      },
      config_.notification_sweep_interval_seconds);
  teaching_ = std::make_unique<teaching::Module>(*this, teaching::catalog_port(*bncc));
}

void App::register_routes() {
  register_root_routes(router_, *this);
  register_health_routes(router_, *this);
  register_docs_routes(router_, *this);
  register_auth_routes(router_, *this);
  // Each domain registers its routes here.
  register_bncc_routes(router_, *this);
  register_professional_routes(router_, *this);
  register_observation_routes(router_, *this);
  register_socioemotional_routes(router_, *this);
  register_intervention_plan_routes(router_, *this);
  register_notification_routes(router_, *this);
  register_export_routes(router_, *this);
  register_teaching_routes(router_, *this);
}

}  // namespace edu
