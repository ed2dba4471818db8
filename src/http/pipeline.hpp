// The request pipeline (DESIGN.md §3, API.md §1.7): everything between the transport and the
// handler, in a fixed order — CORS preflight, routing, body size, security filters, rate
// limiting, authentication, X-Professional-ID, handler, then response headers (cache,
// CORS, security, request id, gzip, X-Process-Time) and the access log line.
// It knows nothing of Beast; http/server.cpp feeds it.
#pragma once
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "http/router.hpp"

namespace edu {

struct AuthResult {
  std::optional<Principal> principal;
  std::string failure;  // "Not authenticated" / "Could not validate credentials"
};

// Validates bearer credentials (implemented by domain/auth).
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual AuthResult authenticate(const Request& req) = 0;
};

struct RateDecision {
  bool applied = false;  // whether the route was limited at all (headers are added then)
  bool allowed = true;
  bool unavailable = false;  // backend down and fail-closed → 503
  int limit = 0;
  int remaining = 0;
  int reset = 0;  // seconds until the window ends
};

// Rate limiting (API.md §1.9). `principal` is the valid caller or null.
class RateLimitHook {
 public:
  virtual ~RateLimitHook() = default;
  virtual RateDecision check(const Request& req, const Route& route, const Principal* principal) = 0;
  // Whether check() may block (network counters): such routes never run on an I/O thread.
  virtual bool may_block() const { return false; }
};

// WAF / geo filters (API.md §1.10). Returns a response when the request is blocked.
class SecurityFilter {
 public:
  virtual ~SecurityFilter() = default;
  virtual std::optional<Response> inspect(const Request& req) = 0;
};

// Observes each finished request (metrics).
class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void on_request(const Request& req, const Context& ctx, const Response& res,
                          double seconds) = 0;
};

struct PipelineSettings {
  std::vector<std::string> cors_origins;
  int trusted_proxy_hops = 0;
  std::string etag_salt;  // e.g. app version
  double trace_sample_rate = 0.05;  // TRACING_SAMPLE_RATE when no incoming decision
  int catalog_max_age = 3600;  // BNCC_CACHE_TTL: public catalog Cache-Control (API.md §1.8.2)
};

class Pipeline {
 public:
  Pipeline(Router& router, PipelineSettings settings);

  void set_authenticator(Authenticator* a) { auth_ = a; }
  void set_rate_limiter(RateLimitHook* r) { rate_ = r; }
  void add_security_filter(SecurityFilter* f) { filters_.push_back(f); }
  void add_observer(RequestObserver* o) { observers_.push_back(o); }

  // Route lookup for the transport (body limit, whether to run on the I/O thread).
  RouteMatch lookup(std::string_view method, std::string_view path) const {
    return router_.match(method, path);
  }
  // Whether the transport may run this route on its I/O thread (cheap, never blocking).
  bool runs_inline(const Route& r) const {
    return r.options.inline_io && !(r.options.rate != RateClass::None && rate_ && rate_->may_block());
  }
  // Handles a complete request. Never throws.
  Response handle(Request& req, const RouteMatch* pre_matched = nullptr);
  // An early error produced by the transport (413/431/400) with the standard headers.
  Response transport_error(Request& req, int status, const std::string& detail);

  Router& router() { return router_; }

  // Set while draining: keep-alive responses carry Connection: close.
  std::atomic<bool> draining{false};

 private:
  std::optional<Response> cors_preflight(const Request& req) const;
  void begin(Request& req, Context& ctx) const;
  void finish(Request& req, Context& ctx, Response& res, bool log_line);
  void derive_client_ip(Request& req) const;

  Router& router_;
  PipelineSettings settings_;
  Authenticator* auth_ = nullptr;
  RateLimitHook* rate_ = nullptr;
  std::vector<SecurityFilter*> filters_;
  std::vector<RequestObserver*> observers_;
};

// gzip (RFC 1952) of `data`.
std::string gzip_compress(std::string_view data);
// Whether the request's Accept-Encoding admits gzip (absent or q=0 → false).
bool accepts_gzip(const Request& req);

}  // namespace edu
