// Composition root.
#include "app/app.hpp"

#include <chrono>
#include <thread>

#include "db/migrations.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "observability/tracing.hpp"
#include "security/geo_filter.hpp"
#include "security/waf.hpp"

namespace edu {

App::App(Config cfg) : config_(std::move(cfg)) {
  PipelineSettings ps;
  ps.cors_origins = config_.cors_origins;
  ps.trusted_proxy_hops = config_.trusted_proxy_hops;
  ps.etag_salt = config_.app_version;
  ps.trace_sample_rate = config_.tracing_sample_rate;
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

  cache_ = config_.cache_enabled ? cache::make_memory_cache() : cache::make_null_cache();
  cached_ = std::make_unique<cache::CacheAside>(*cache_);

  build_services();
  register_routes();
}

void App::build_services() {
  // Domain services are constructed here, in dependency order.
}

void App::register_routes() {
  register_root_routes(router_, *this);
  register_health_routes(router_, *this);
  register_docs_routes(router_, *this);
  // Each domain registers its routes here.
}

}  // namespace edu
