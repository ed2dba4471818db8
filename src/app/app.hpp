// The composition root: the one place that knows every piece. It builds clients from the
// Config, services from clients, and registers every domain's routes.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cache/cache.hpp"
#include "core/config.hpp"
#include "core/json.hpp"
#include "db/database.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"

namespace edu {

class HttpServer;
namespace metrics {
class Metrics;
}
namespace trace {
class XRayEmitter;
}

// Shared state handlers reach through `App&`. Domain services are added as members here
// (in the "domain services" section) by the composition root.
class App {
 public:
  explicit App(Config cfg);
  ~App();

  const Config& config() const { return config_; }
  db::Database& db() { return *db_; }
  cache::Cache& cache() { return *cache_; }
  cache::CacheAside& cached() { return *cached_; }
  Router& router() { return router_; }
  Pipeline& pipeline() { return *pipeline_; }
  // Request and business metrics (INFRA.md §1.5): domain code reports subjects, BNCC
  // searches and cache hits/misses here (observability/metrics.hpp).
  metrics::Metrics& metrics() { return *metrics_; }

  // Opens the database (retrying while it is unreachable) and applies migrations when
  // configured; builds services and routes. Throws on fatal errors.
  void init(bool run_migrations);

  // Lifecycle flags for health routes.
  std::atomic<bool> started{false};
  std::atomic<bool> draining{false};

  // Components add a section to /health/detailed (name → JSON, and whether it degrades).
  struct HealthPart {
    std::string name;
    std::function<json::value(bool& degraded)> report;
  };
  void add_health_part(HealthPart p) { health_parts_.push_back(std::move(p)); }
  const std::vector<HealthPart>& health_parts() const { return health_parts_; }

  // Background work that may block (runs on the server's worker pool once it exists).
  HttpServer* server = nullptr;

  // ---- domain services (constructed in init) ----
  // (each domain adds its members below)

 private:
  void build_services();
  void register_routes();
  void install_filters();

  Config config_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<cache::Cache> cache_;
  std::unique_ptr<cache::CacheAside> cached_;
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<metrics::Metrics> metrics_;
  std::unique_ptr<trace::XRayEmitter> xray_;
  std::vector<std::unique_ptr<SecurityFilter>> filters_;
  std::vector<HealthPart> health_parts_;
};

// Route registration per area (each defined in its domain's routes.cpp).
void register_health_routes(Router& r, App& app);
void register_root_routes(Router& r, App& app);
void register_docs_routes(Router& r, App& app);

// Prometheus text at GET /metrics on METRICS_PORT: a second, minimal server (its own
// router and pipeline) so that it is never reachable through the API port / the ALB.
class MetricsEndpoint {
 public:
  MetricsEndpoint(App& app, const std::string& address, int port);
  ~MetricsEndpoint();
  void start();  // throws on bind failure
  void stop();
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Subcommands (app/commands.cpp).
int cmd_serve(int argc, char** argv);
int cmd_migrate(int argc, char** argv);
int cmd_healthcheck(int argc, char** argv);

// Converts App-level db options from Config.
db::DatabaseOptions database_options(const Config& c);

}  // namespace edu
