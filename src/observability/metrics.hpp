// Metrics (INFRA.md §1.5): an in-process aggregator fed by the request pipeline (it is a
// RequestObserver) and by domain code (subjects, BNCC searches, cache hits), emitted as
// CloudWatch EMF lines on stdout once per 60-second window and/or as DogStatsD datagrams,
// and exposed as Prometheus text for `GET /metrics` on METRICS_PORT. Emission never blocks
// or fails a request: the request path only takes a short lock; I/O happens on the flusher
// thread (EMF, gauges) or as non-blocking UDP sends.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "http/pipeline.hpp"

namespace edu::metrics {

struct Settings {
  std::string sink = "emf";  // emf | dogstatsd | both | none
  std::string environment = "local";
  std::string service = "eduautismo-api";
  std::string prefix = "eduautismo";  // METRICS_NAMESPACE_PREFIX
  std::string dd_host = "127.0.0.1";
  int dd_port = 8125;
  std::string dd_env, dd_service, dd_version;  // DogStatsD tag overrides
  int window_seconds = 60;
  bool prometheus = false;  // keep Prometheus series (METRICS_PORT set)
  // Where EMF lines go (default: stdout through the logger's lock). Tests replace it.
  std::function<void(std::string_view)> emf_out;
};

class Metrics : public RequestObserver {
 public:
  explicit Metrics(Settings s);
  ~Metrics() override;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Starts the flusher thread; `in_flight` is sampled every second (autoscaling input).
  void start(std::function<std::size_t()> in_flight);
  // Stops the flusher and emits the current partial window (shutdown step 5). Idempotent.
  void stop();

  // Business metrics. Callers pass validated enum values (API.md §3.5/§3.6); at most 64
  // distinct values per dimension and window are kept, so a bug cannot explode cardinality.
  void subject_request(std::string_view subject);
  void bncc_search(std::string_view grade_level = {});  // empty: no valid grade_level
  void cache_hit(std::string_view cache);                 // bncc | nlp | session
  void cache_miss(std::string_view cache);

  // Request metrics for every non-health request.
  void on_request(const Request& req, const Context& ctx, const Response& res,
                  double seconds) override;

  // Emits the current window with `_aws.Timestamp = window_end_ms` and starts a new one.
  // Returns the EMF lines (also written to the EMF output when the sink includes emf).
  std::vector<std::string> flush(std::int64_t window_end_ms);
  // Samples the in-flight gauge once (the flusher does it every second).
  void sample_in_flight(std::size_t n);
  // Prometheus text exposition (format 0.0.4) of every series.
  std::string prometheus_text();
  // Sends buffered DogStatsD lines now.
  void flush_dogstatsd();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edu::metrics
