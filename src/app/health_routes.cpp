// Root and health routes (API.md §4.1, §4.2; INFRA.md §1.2).
#include <chrono>
#include <mutex>
#include <thread>

#include "app/app.hpp"
#include "core/time.hpp"

namespace edu {
namespace {

RouteOptions health_opts(bool inline_io) {
  RouteOptions o;
  o.auth = AuthMode::Public;
  o.rate = RateClass::None;
  o.security_exempt = true;
  o.health = true;
  o.inline_io = inline_io;
  o.tag = "health";
  return o;
}

// Readiness pings the primary at most every 5 s (API.md §4.2 allows caching ≤ 5 s).
class ReadyProbe {
 public:
  bool db_ok(App& app) {
    std::lock_guard lock(m_);
    auto now = std::chrono::steady_clock::now();
    if (now - checked_ < std::chrono::seconds(5) && checked_.time_since_epoch().count() != 0) return ok_;
    ok_ = app.db().ping().up;
    checked_ = now;
    return ok_;
  }

 private:
  std::mutex m_;
  bool ok_ = false;
  std::chrono::steady_clock::time_point checked_{};
};

}  // namespace

void register_root_routes(Router& r, App& app) {
  RouteOptions root = health_opts(true);
  root.health = false;  // service information: metered and logged like any request
  root.tag = "root";
  root.summary = "Service information";
  r.add("GET", "/", [&app](Request&, Context&) {
    json::object links{{"docs", "/docs"}, {"redoc", "/redoc"}, {"openapi", "/openapi.json"},
                       {"health", "/health"}, {"api_v1", "/api/v1"}};
    return Response::json(json::object{{"app", "EduAutismo IA"},
                                       {"version", app.config().app_version},
                                       {"status", "online"},
                                       {"environment", app.config().environment},
                                       {"links", links}});
  }, root);
}

void register_health_routes(Router& r, App& app) {
  auto basic = [&app](Request&, Context&) {
    return Response::json(json::object{{"status", "healthy"},
                                       {"timestamp", format_timestamp(now_micros())},
                                       {"version", app.config().app_version}});
  };
  auto o = health_opts(true);
  o.summary = "Liveness and version";
  r.add("GET", "/health", basic, o);
  r.add("GET", "/api/v1/health", basic, o);

  o.summary = "Liveness probe (no dependency access)";
  r.add("GET", "/api/v1/health/live", [](Request&, Context&) {
    return Response::json(json::object{{"status", "alive"}, {"timestamp", format_timestamp(now_micros())}});
  }, o);

  auto probe = std::make_shared<ReadyProbe>();
  auto ro = health_opts(false);
  ro.summary = "Readiness: started, not draining, primary database reachable";
  r.add("GET", "/api/v1/health/ready", [&app, probe](Request&, Context&) {
    if (!app.started.load())
      return Response::json(503, json::object{{"detail", "Service not ready: starting"}});
    if (app.draining.load())
      return Response::json(503, json::object{{"detail", "Service not ready: draining"}});
    if (!probe->db_ok(app))
      return Response::json(503, json::object{{"detail", "Service not ready: database unavailable"}});
    return Response::json(json::object{{"status", "ready"}, {"timestamp", format_timestamp(now_micros())}});
  }, ro);

  o.summary = "Start-up probe";
  r.add("GET", "/api/v1/health/startup", [&app](Request&, Context&) {
    if (!app.started.load())
      return Response::json(503, json::object{{"detail", "Service not started: starting"}});
    return Response::json(json::object{{"status", "started"}, {"timestamp", format_timestamp(now_micros())}});
  }, o);

  if (app.config().test_slow_route) {
    // Test-only (ENVIRONMENT=test): a request that takes ?ms= milliseconds, for shutdown tests.
    // ?db= also touches the database, for the data-layer tests: `read` runs SELECT 1 on the
    // primary first; `hold` sleeps inside a transaction (holding a pool connection / the
    // SQLite writer); `replica` reads through query_read and says whether a standby answered.
    auto so = health_opts(false);
    so.summary = "Test-only slow request";
    r.add("GET", "/api/v1/health/test-slow", [&app](Request& req, Context&) {
      int ms = 1000;
      if (auto v = req.query_param("ms")) ms = std::min(30000, std::max(0, std::atoi(v->c_str())));
      json::object out{{"status", "done"}, {"slept_ms", ms}};
      const std::string* mp = req.query_param("db");
      std::string mode = mp ? *mp : "";
      auto& db = app.db();
      if (mode == "hold") {
        db.transaction([&](db::Executor& ex) {
          ex.query("SELECT 1");
          std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        });
        return Response::json(out);
      }
      if (mode == "read") {
        out["db"] = db.query("SELECT 1").one().integer(0);
      } else if (mode == "replica") {
        const bool pg = db.dialect() == db::Dialect::Postgres;
        out["in_recovery"] = db.query_read(pg ? "SELECT pg_is_in_recovery()" : "SELECT 0").one().boolean(0);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return Response::json(out);
    }, so);
  }

  ro.summary = "Dependency report (never 5xx)";
  r.add("GET", "/api/v1/health/detailed", [&app](Request&, Context&) {
    bool degraded = false;
    json::object components;
    components["api"] = json::object{{"status", "up"}, {"version", app.config().app_version}};
    auto h = app.db().ping();
    if (h.up) {
      components["database"] = json::object{{"status", "up"}, {"type", app.db().type_name()},
                                            {"latency_ms", round_to(h.latency_ms, 2)}};
    } else {
      degraded = true;
      components["database"] = json::object{{"status", "down"}, {"type", app.db().type_name()},
                                            {"error", h.error.substr(0, 120)}};
    }
    json::array replicas;
    for (const auto& rep : app.db().ping_replicas()) {
      if (!rep.up) degraded = true;
      replicas.push_back(json::object{{"host", rep.host}, {"status", rep.up ? "up" : "down"},
                                      {"latency_ms", rep.up ? json::value(round_to(rep.latency_ms, 2)) : json::value(nullptr)}});
    }
    components["read_replicas"] = replicas;
    components["redis"] = json::object{{"status", "not_configured"}};
    for (const auto& part : app.health_parts()) {
      bool d = false;
      components[part.name] = part.report(d);
      degraded = degraded || d;
    }
    if (!components.contains("bncc"))
      components["bncc"] = json::object{{"status", "not_loaded"}, {"reason", "not_configured"}};
    if (!components.contains("mailer")) components["mailer"] = json::object{{"status", "disabled"}};
    if (!components.contains("llm"))
      components["llm"] = json::object{
          {"status", app.config().openai_api_key.empty() ? "not_configured" : "configured"}};
    return Response::json(json::object{{"status", degraded ? "degraded" : "healthy"},
                                       {"timestamp", format_timestamp(now_micros())},
                                       {"version", app.config().app_version},
                                       {"components", components}});
  }, ro);
}

}  // namespace edu
