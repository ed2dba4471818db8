// Composition root.
#include "app/app.hpp"

#include <chrono>
#include <thread>

#include "db/migrations.hpp"
#include "observability/log.hpp"

namespace edu {

App::App(Config cfg) : config_(std::move(cfg)) {
  PipelineSettings ps;
  ps.cors_origins = config_.cors_origins;
  ps.trusted_proxy_hops = config_.trusted_proxy_hops;
  ps.etag_salt = config_.app_version;
  pipeline_ = std::make_unique<Pipeline>(router_, ps);
}

App::~App() {
  if (db_) db_->close();
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
  // Each domain registers its routes here.
}

}  // namespace edu
