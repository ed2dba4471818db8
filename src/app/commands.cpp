// Subcommands: serve, migrate, healthcheck, import-bncc.
#include <signal.h>

#include <cstring>
#include <iostream>
#include <thread>

#include "app/app.hpp"
#include "db/migrations.hpp"
#include "domain/bncc/service.hpp"
#include "domain/auth/service.hpp"
#include "http/server.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"

namespace edu {
namespace {

// Loads the config or prints one clear line and returns nullopt.
std::optional<Config> load_config() {
  try {
    return Config::from_env();
  } catch (const ConfigError& e) {
    log::Settings s;
    log::configure(s);
    log::error(std::string("invalid configuration: ") + e.what(), {{"event", "config_invalid"}});
    return std::nullopt;
  }
}

}  // namespace

int cmd_serve(int argc, char** argv) {
  for (int i = 2; i < argc; ++i)
    if (std::strcmp(argv[i], "--print-env-contract") == 0) {
      for (const auto& n : Config::variable_names()) std::cout << n << "\n";
      return 0;
    }
  // Block termination signals in every thread; the main thread waits for them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto cfg = load_config();
  if (!cfg) return 2;
  configure_logging(*cfg);
  if (cfg->jwt_secret_generated)
    log::warn("JWT_SECRET not set: using a random secret for this process (tokens die with it)",
              {{"event", "config_warning"}});

  App app(*cfg);
  try {
    app.init(cfg->migrate_on_start);
  } catch (const std::exception& e) {
    log::error(std::string("start-up failed: ") + e.what(), {{"event", "startup_failed"}});
    return 1;
  }

  ServerSettings ss;
  ss.address = cfg->bind_address;
  ss.port = static_cast<std::uint16_t>(cfg->port);
  ss.io_threads = cfg->io_threads;
  ss.read_timeout = std::chrono::seconds(cfg->read_timeout_seconds);
  ss.idle_timeout = std::chrono::seconds(cfg->idle_timeout_seconds);
  ss.worker_threads = cfg->worker_threads > 0 ? cfg->worker_threads : std::max(8, 2 * cfg->db_pool_size);
  HttpServer server(app.pipeline(), ss);
  try {
    server.start();
  } catch (const std::exception& e) {
    log::error(std::string("cannot listen on port ") + std::to_string(cfg->port) + ": " + e.what(),
               {{"event", "startup_failed"}});
    return 1;
  }
  app.server = &server;
  app.metrics().start([&server] { return server.in_flight(); });
  std::unique_ptr<MetricsEndpoint> metrics_endpoint;
  if (cfg->metrics_port > 0) {
    try {
      metrics_endpoint = std::make_unique<MetricsEndpoint>(app, cfg->bind_address, cfg->metrics_port);
      metrics_endpoint->start();
    } catch (const std::exception& e) {
      log::error(std::string("cannot listen on METRICS_PORT ") + std::to_string(cfg->metrics_port) + ": " +
                     e.what(),
                 {{"event", "startup_failed"}});
      server.stop();
      return 1;
    }
  }
  app.started.store(true);
  app.start_background_jobs();
  json::object startup{{"event", "startup"}, {"port", server.port()},
                       {"database", app.db().type_name()}, {"environment", cfg->environment}};
  if (metrics_endpoint) startup["metrics_port"] = metrics_endpoint->port();
  log::info("server listening", startup);

  int sig = 0;
  sigwait(&set, &sig);
  log::info("shutdown requested", {{"event", "shutdown"}, {"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  // 1. draining: readiness answers 503 while the load balancer still routes to us.
  app.draining.store(true);
  app.pipeline().draining.store(true);
  std::this_thread::sleep_for(std::chrono::seconds(cfg->shutdown_settle_seconds));
  // 2. stop accepting; 3. let in-flight requests finish within the grace period.
  server.stop_accepting();
  bool idle = server.wait_idle(std::chrono::seconds(cfg->shutdown_grace_seconds));
  if (!idle)
    log::warn("grace period over with requests in flight",
              {{"event", "shutdown"}, {"in_flight", static_cast<std::int64_t>(server.in_flight())}});
  server.stop();
  // 5. flush the metrics aggregator (the current partial window), then close pools.
  if (metrics_endpoint) metrics_endpoint->stop();
  app.metrics().stop();
  app.server = nullptr;
  // 5. release the sweep lock (the sweep thread finishes its round and exits), close pools.
  app.stop_background_jobs();
  app.auth_service().drain(std::chrono::seconds(5));  // queued reset e-mails
  app.db().close();
  log::info("shutdown complete", {{"event", "shutdown"}});
  return 0;
}

int cmd_migrate(int argc, char** argv) {
  auto cfg = load_config();
  if (!cfg) return 2;
  configure_logging(*cfg);
  try {
    auto db = db::open_database(database_options(*cfg));
    bool status_only = argc > 2 && std::strcmp(argv[2], "--status") == 0;
    auto st = status_only ? db::migration_status(*db) : db::migrate(*db);
    std::cout << "schema version " << st.current << " (latest known " << st.latest << "), applied now: "
              << st.applied_now.size() << "\n";
    return 0;
  } catch (const std::exception& e) {
    log::error(std::string("migration failed: ") + e.what(), {{"event", "migration_failed"}});
    return 1;
  }
}

int cmd_healthcheck(int, char**) {
  int port = 8000;
  if (const char* p = std::getenv("PORT")) port = std::atoi(p);
  bool ok = probe_http_ok(static_cast<std::uint16_t>(port), "/api/v1/health/live", std::chrono::seconds(3));
  return ok ? 0 : 1;
}

int cmd_import_bncc(int argc, char** argv) {
  if (argc < 3 || argv[2][0] == '-') {
    std::cerr << "usage: eduautismo import-bncc PATH   (a directory holding bncc.csv, or bncc.csv)\n";
    return 2;
  }
  const std::string path = argv[2];
  auto cfg = load_config();
  if (!cfg) return 2;
  configure_logging(*cfg);
  try {
    auto db = db::open_database(database_options(*cfg));
    if (cfg->migrate_on_start) db::migrate(*db);
    db::check_schema_not_newer(*db);
    auto null_cache = cache::make_null_cache();
    cache::CacheAside cached(*null_cache);
    bncc::BnccService svc(*db, cached, cfg->bncc_cache_ttl);
    bncc::ImportReport rep;
    try {
      rep = svc.import_path(path, /*install=*/false);
    } catch (const bncc::LoadError& e) {
      std::cerr << "import-bncc: catalog not imported: " << e.what()
                << " (the previous catalog is unchanged)\n";
      log::error(std::string("BNCC catalog not imported: ") + e.what(),
                 {{"event", "bncc_catalog_load_failed"}, {"path", path}});
      return 1;
    }
    for (const auto& p : rep.skipped)
      std::cout << p.file << " line " << p.line << ": skipped" << (p.code.empty() ? "" : " " + p.code)
                << ": " << p.reason << "\n";
    for (const auto& p : rep.extra_ignored)
      std::cout << p.file << " line " << p.line << ": ignored" << (p.code.empty() ? "" : " " + p.code)
                << ": " << p.reason << "\n";
    char timing[96];
    std::snprintf(timing, sizeof timing, "parse %.1f ms, store %.1f ms", rep.parse_ms, rep.store_ms);
    std::cout << "BNCC catalog " << rep.version << ": " << rep.skills << " skills, "
              << rep.skipped.size() << " rows skipped; "
              << (rep.written ? "stored" : "already stored (same dataset), nothing written") << " ("
              << timing << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "import-bncc: " << e.what() << "\n";
    log::error(std::string("BNCC import failed: ") + e.what(), {{"event", "bncc_catalog_load_failed"}});
    return 1;
  }
}

}  // namespace edu
