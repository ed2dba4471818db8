// The Prometheus scrape endpoint on METRICS_PORT (INFRA.md §1.1, §1.5).
#include "app/app.hpp"
#include "http/server.hpp"
#include "observability/metrics.hpp"

namespace edu {

struct MetricsEndpoint::Impl {
  Router router;
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<HttpServer> server;
};

MetricsEndpoint::MetricsEndpoint(App& app, const std::string& address, int port)
    : impl_(std::make_unique<Impl>()) {
  RouteOptions o;
  o.auth = AuthMode::Public;
  o.rate = RateClass::None;
  o.security_exempt = true;
  o.health = true;  // scrapes are not API traffic
  o.summary = "Prometheus metrics";
  o.tag = "metrics";
  auto& m = app.metrics();
  impl_->router.add("GET", "/metrics", [&m](Request&, Context&) {
    Response r = Response::text(200, m.prometheus_text(), "text/plain; version=0.0.4; charset=utf-8");
    return r;
  }, o);
  impl_->pipeline = std::make_unique<Pipeline>(impl_->router, PipelineSettings{});
  ServerSettings ss;
  ss.address = address;
  ss.port = static_cast<std::uint16_t>(port);
  ss.io_threads = 1;
  ss.worker_threads = 1;
  impl_->server = std::make_unique<HttpServer>(*impl_->pipeline, ss);
}

MetricsEndpoint::~MetricsEndpoint() { stop(); }

void MetricsEndpoint::start() { impl_->server->start(); }

void MetricsEndpoint::stop() {
  if (impl_ && impl_->server) impl_->server->stop();
}

std::uint16_t MetricsEndpoint::port() const { return impl_->server->port(); }

}  // namespace edu
