// Distributed tracing (INFRA.md §1.6): X-Amzn-Trace-Id / W3C traceparent parsing and
// propagation, the per-thread "current request" context that log lines and outgoing HTTP
// calls read, and the X-Ray segment emitter (UDP to the daemon, never blocking a request).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"
#include "http/pipeline.hpp"

namespace edu::trace {

// Builds the request's trace context: X-Amzn-Trace-Id first (unknown fields kept), else
// W3C traceparent mapped to X-Ray form, else a new root. An incoming sampling decision is
// honoured; otherwise the request is sampled with probability `sample_rate`.
TraceContext from_headers(const std::string* amzn_trace_id, const std::string* traceparent,
                          double sample_rate);
// A new X-Ray root "1-<8 hex epoch seconds>-<24 random hex>".
std::string new_root();
// "Root=<root>" — the response's X-Amzn-Trace-Id value.
std::string response_header(const TraceContext& t);
// Headers for an outgoing HTTP call made on behalf of the request (a new subsegment id):
// X-Amzn-Trace-Id (Root, Parent, Sampled) and traceparent.
std::vector<std::pair<std::string, std::string>> outgoing_headers(const TraceContext& t);
// W3C trace id (32 hex) of an X-Ray root; empty when the root is malformed.
std::string w3c_trace_id(std::string_view xray_root);

// The request being handled on this thread (set by the pipeline for the handler's
// duration); nullptr outside a request.
const Context* current();
class ScopedCurrent {
 public:
  explicit ScopedCurrent(const Context* c);
  ~ScopedCurrent();
  ScopedCurrent(const ScopedCurrent&) = delete;
  ScopedCurrent& operator=(const ScopedCurrent&) = delete;

 private:
  const Context* previous_;
};

struct XRaySettings {
  std::string daemon_address = "127.0.0.1:2000";  // host:port
  std::string service_name = "eduautismo-api";
};

// Sends one segment per sampled, non-health request to the X-Ray daemon over UDP
// (`{"format": "json", "version": 1}\n<segment>`). Loss is acceptable; send never blocks.
class XRayEmitter : public RequestObserver {
 public:
  explicit XRayEmitter(XRaySettings s);
  ~XRayEmitter() override;
  void on_request(const Request& req, const Context& ctx, const Response& res,
                  double seconds) override;
  // The segment document (without the header line) — exposed for tests.
  std::string segment_json(const Request& req, const Context& ctx, const Response& res,
                           double seconds) const;
  std::size_t sent() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edu::trace
