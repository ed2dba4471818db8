// The composition root: the one place that knows every piece. It builds clients from the
// Config, services from clients, and registers every domain's routes.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
namespace bncc {
class BnccService;
class Catalog;
}  // namespace bncc
namespace teaching {
struct Module;
}
namespace security {
class SessionStore;
class FieldCipher;
class AuditLog;
class RateLimiter;
}  // namespace security
namespace redis {
class Client;
}
namespace mail {
class Mailer;
}
namespace auth {
class AuthService;
class BearerAuthenticator;
}  // namespace auth
namespace professionals { class Service; }
namespace observations { class Service; }
namespace socioemotional { class Service; }
namespace notifications {
class Repository;
class Service;
class Sweeper;
}  // namespace notifications
namespace plans {
class Repository;
class Service;
}  // namespace plans
namespace exports {
class Service;
}  // namespace exports
namespace storage {
class ObjectStore;
}  // namespace storage

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

  // LGPD: field encryption of sensitive student data and the access audit
  // (security/field_crypto.hpp, security/audit.hpp). Built in init before the services.
  security::FieldCipher& field_cipher() { return *field_cipher_; }
  security::AuditLog& audit() { return *audit_; }

  // ---- domain services (constructed in init) ----
  // (each domain adds its members below)
  // The object store (storage/storage.hpp): local directory by default, S3 in AWS.
  storage::ObjectStore& storage() { return *storage_; }
  std::unique_ptr<storage::ObjectStore> storage_;
  std::unique_ptr<bncc::BnccService> bncc;  // BNCC catalog (domain/bncc/service.hpp)
  // The BNCC catalog as other areas use it (domain/bncc/catalog.hpp).
  bncc::Catalog& bncc_catalog();
  // auth: login sessions/revocations (database; a Redis front comes later), the mailer, and
  // the account service whose BearerAuthenticator is installed on the pipeline.
  security::SessionStore& sessions() { return *sessions_; }
  mail::Mailer& mailer() { return *mailer_; }
  auth::AuthService& auth_service() { return *auth_service_; }
  std::unique_ptr<security::SessionStore> sessions_;
  std::unique_ptr<mail::Mailer> mailer_;
  std::unique_ptr<auth::AuthService> auth_service_;
  std::unique_ptr<auth::BearerAuthenticator> authenticator_;
  std::unique_ptr<professionals::Service> professionals;    // API.md §4.7
  std::unique_ptr<observations::Service> observations;      // API.md §4.8
  std::unique_ptr<socioemotional::Service> indicators;      // API.md §4.10
  std::unique_ptr<notifications::Repository> notification_repo;
  std::unique_ptr<notifications::Service> notification_service;
  std::unique_ptr<plans::Repository> plan_repo;
  std::unique_ptr<plans::Service> plan_service;
  std::unique_ptr<exports::Service> export_service;
  std::unique_ptr<notifications::Sweeper> notification_sweeper;

  // Redis (INFRA.md §1.9–§1.12): null unless REDIS_URL is set. When set it backs the cache
  // (unless CACHE_ENABLED=false), the rate-limit counters and the session/revocation lookups.
  redis::Client* redis() { return redis_.get(); }
  std::unique_ptr<security::RateLimiter> rate_limiter_;  // API.md §1.9, installed on the pipeline

  // Background jobs (notification sweep): started by `serve` once listening, stopped on
  // shutdown before the database closes.
  void start_background_jobs();
  void stop_background_jobs();
  // Teaching area: students, activities (generation), assessments (API.md §4.4–§4.6).
  teaching::Module& teaching() { return *teaching_; }

 private:
  void build_services();
  void register_routes();
  void install_filters();
  void init_field_encryption();

  void build_redis();

  Config config_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<redis::Client> redis_;  // declared before its users: destroyed after them
  std::unique_ptr<cache::Cache> cache_;
  std::unique_ptr<cache::CacheAside> cached_;
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<metrics::Metrics> metrics_;
  std::unique_ptr<trace::XRayEmitter> xray_;
  std::vector<std::unique_ptr<SecurityFilter>> filters_;
  std::vector<HealthPart> health_parts_;
  std::unique_ptr<teaching::Module> teaching_;
  std::unique_ptr<security::FieldCipher> field_cipher_;
  std::unique_ptr<security::AuditLog> audit_;
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
void register_bncc_routes(Router& r, App& app);
void register_teaching_routes(Router& r, App& app);  // domain/teaching/module.cpp
void register_auth_routes(Router& r, App& app);
void register_professional_routes(Router& r, App& app);
void register_observation_routes(Router& r, App& app);
void register_socioemotional_routes(Router& r, App& app);
void register_intervention_plan_routes(Router& r, App& app);
void register_notification_routes(Router& r, App& app);
void register_export_routes(Router& r, App& app);

// Subcommands (app/commands.cpp).
int cmd_serve(int argc, char** argv);
int cmd_migrate(int argc, char** argv);
int cmd_healthcheck(int argc, char** argv);
int cmd_import_bncc(int argc, char** argv);
int cmd_create_admin(int argc, char** argv);
int cmd_set_user_active(int argc, char** argv);
int cmd_seed_demo(int argc, char** argv);  // app/seed_demo.cpp
int cmd_lifecycle(int argc, char** argv);  // app/storage_commands.cpp
int cmd_reencrypt(int argc, char** argv);  // app/reencrypt_command.cpp

// The LGPD field cipher the configuration names (FIELD_ENCRYPTION_KEY and previous keys; in
// local/test without a key, the data directory's key, generated on first use when
// `may_generate`, else an error).
std::unique_ptr<security::FieldCipher> make_field_cipher(const Config& c, bool may_generate = true);

// Logging as the configuration asks (LOG_LEVEL, LOG_FORMAT, service/env/version fields);
// `quiet`: warnings and errors only, for commands whose own output must stay readable.
void configure_logging(const Config& c, bool quiet = false);

// The configuration of a one-shot command (`command` names it in the error line), with logging
// configured (`quiet`: warnings and errors only); nullopt after printing why it is invalid.
std::optional<Config> command_config(std::string_view command, bool quiet);

// Converts App-level db options from Config.
db::DatabaseOptions database_options(const Config& c);

}  // namespace edu
