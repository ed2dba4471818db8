// Request pipeline implementation.
#include "http/pipeline.hpp"

#include <zlib.h>

#include <cstdio>
#include <exception>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "observability/log.hpp"
#include "observability/tracing.hpp"

namespace edu {

Pipeline::Pipeline(Router& router, PipelineSettings settings)
    : router_(router), settings_(std::move(settings)) {}

namespace {

bool valid_request_id(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return false;
  return true;
}

Response error_response(const HttpError& e) {
  json::object body;
  body["detail"] = e.detail();
  for (const auto& kv : e.extra) body[kv.key()] = kv.value();
  Response r = Response::json(e.status(), body);
  for (const auto& [k, v] : e.headers) r.set_header(k, v);
  return r;
}

bool is_health(const Route* r) { return r && r->options.health; }

}  // namespace

bool accepts_gzip(const Request& req) {
  auto ae = req.header("Accept-Encoding");
  if (!ae) return false;
  std::string l;
  for (char c : *ae) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto pos = l.find("gzip");
  if (pos == std::string::npos) return false;
  auto rest = l.substr(pos + 4);
  // "gzip;q=0" refuses it
  auto semi = rest.find_first_not_of(' ');
  if (semi != std::string::npos && rest[semi] == ';') {
    auto q = rest.find("q=");
    if (q != std::string::npos) {
      double v = std::atof(rest.c_str() + q + 2);
      if (v <= 0) return false;
    }
  }
  return true;
}

std::string gzip_compress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::string(data);
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

void Pipeline::derive_client_ip(Request& req) const {
  req.client_ip = req.peer_ip;
  if (settings_.trusted_proxy_hops <= 0) return;
  auto xff = req.header("X-Forwarded-For");
  if (!xff) return;
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (pos <= xff->size()) {
    auto comma = xff->find(',', pos);
    if (comma == std::string::npos) comma = xff->size();
    std::string p = xff->substr(pos, comma - pos);
    auto b = p.find_first_not_of(' ');
    auto e = p.find_last_not_of(' ');
    if (b != std::string::npos) parts.push_back(p.substr(b, e - b + 1));
    pos = comma + 1;
  }
  if (parts.empty()) return;
  // Each trusted proxy appended the address it saw; the client is `hops` from the right.
  std::size_t hops = static_cast<std::size_t>(settings_.trusted_proxy_hops);
  req.client_ip = parts.size() >= hops ? parts[parts.size() - hops] : parts.front();
}

std::optional<Response> Pipeline::cors_preflight(const Request& req) const {
  if (req.method != "OPTIONS") return std::nullopt;
  auto origin = req.header("Origin");
  auto method = req.header("Access-Control-Request-Method");
  if (!origin || !method) return std::nullopt;
  bool allowed = false;
  for (const auto& o : settings_.cors_origins)
    if (o == *origin) allowed = true;
  static const char* kMethods[] = {"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"};
  bool method_ok = false;
  for (auto m : kMethods)
    if (*method == m) method_ok = true;
  if (!allowed || !method_ok) return Response::text(400, "Disallowed CORS origin", "text/plain");
  Response r = Response::text(200, "", "text/plain");
  r.set_header("Access-Control-Allow-Origin", *origin);
  r.set_header("Access-Control-Allow-Credentials", "true");
  r.set_header("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
  if (auto h = req.header("Access-Control-Request-Headers"))
    r.set_header("Access-Control-Allow-Headers", *h);
  r.set_header("Access-Control-Max-Age", "600");
  r.set_header("Vary", "Origin");
  return r;
}

void Pipeline::begin(Request& req, Context& ctx) const {
  ctx.started = now_micros();
  derive_client_ip(req);
  auto rid = req.header("X-Request-ID");
  ctx.request_id = rid && valid_request_id(*rid) ? *rid : fast_uuid_v4();
  ctx.trace = trace::from_headers(req.header("X-Amzn-Trace-Id"), req.header("traceparent"),
                                  settings_.trace_sample_rate);
  ctx.trace_id = ctx.trace.root;
}

Response Pipeline::transport_error(Request& req, int status, const std::string& detail) {
  Context ctx;
  begin(req, ctx);
  trace::ScopedCurrent current(&ctx);
  Response res = Response::json(status, json::object{{"detail", detail}});
  finish(req, ctx, res, true);
  return res;
}

Response Pipeline::handle(Request& req, const RouteMatch* pre_matched) {
  Context ctx;
  begin(req, ctx);
  trace::ScopedCurrent current(&ctx);

  Response res;
  try {
    if (auto pf = cors_preflight(req)) {
      res = std::move(*pf);
      finish(req, ctx, res, false);
      return res;
    }
    RouteMatch m = pre_matched ? *pre_matched : router_.match(req.method, req.path);
    if (m.kind == RouteMatch::Kind::NotFound) {
      res = Response::json(404, json::object{{"detail", "Not Found"}});
    } else if (m.kind == RouteMatch::Kind::MethodNotAllowed) {
      res = Response::json(405, json::object{{"detail", "Method Not Allowed"}});
      res.set_header("Allow", m.allow);
    } else {
      const Route& route = *m.route;
      ctx.route = &route;
      ctx.path_params = std::move(m.params);
      if (req.body.size() > route.options.max_body) throw HttpError(413, "Request body too large");
      if (!route.options.security_exempt) {
        for (auto* f : filters_)
          if (auto blocked = f->inspect(req)) {
            res = std::move(*blocked);
            finish(req, ctx, res, true);
            return res;
          }
      }
      AuthResult auth;
      if (route.options.auth == AuthMode::Bearer) {
        if (auth_) auth = auth_->authenticate(req);
        else auth.failure = "Not authenticated";
      }
      RateDecision rd;
      if (rate_ && route.options.rate != RateClass::None)
        rd = rate_->check(req, route, auth.principal ? &*auth.principal : nullptr);
      auto add_rate_headers = [&](Response& r) {
        if (!rd.applied) return;
        r.set_header("RateLimit-Limit", std::to_string(rd.limit));
        r.set_header("RateLimit-Remaining", std::to_string(rd.remaining < 0 ? 0 : rd.remaining));
        r.set_header("RateLimit-Reset", std::to_string(rd.reset));
        r.set_header("RateLimit-Policy", std::to_string(rd.limit) + ";w=60");
      };
      if (rd.unavailable) {
        res = error_response(service_unavailable("Rate limiter unavailable", 1));
      } else if (!rd.allowed) {
        HttpError e(429, "Rate limit exceeded");
        e.extra["retry_after"] = rd.reset;
        e.headers.emplace_back("Retry-After", std::to_string(rd.reset));
        res = error_response(e);
        add_rate_headers(res);
        log::info("rate limited", {{"event", "rate_limited"}, {"request_id", ctx.request_id},
                                   {"path", req.path}, {"client_ip", req.client_ip}});
      } else {
        try {
          if (route.options.auth == AuthMode::Bearer) {
            if (!auth.principal) throw unauthorized(auth.failure.empty() ? "Not authenticated" : auth.failure);
            ctx.principal = std::move(auth.principal);
          }
          if (route.options.professional_header) {
            if (auto h = req.header("X-Professional-ID")) {
              auto u = parse_uuid(*h);
              if (!u) throw bad_request("Invalid Professional ID format in X-Professional-ID header");
              ctx.acting_professional_id = *u;
            } else if (ctx.principal) {
              ctx.acting_professional_id = ctx.principal->user_id;
            }
          }
          // Read-your-writes: this user's reads stay on the primary right after a write.
          db::ReadAffinity affinity(ctx.principal ? ctx.principal->user_id : std::string());
          res = route.handler(req, ctx);
        } catch (const HttpError& e) {
          res = error_response(e);
        } catch (const ValidationError& e) {
          res = Response::json(422, e.body());
        }
        add_rate_headers(res);
      }
    }
  } catch (const HttpError& e) {
    res = error_response(e);
  } catch (const ValidationError& e) {
    res = Response::json(422, e.body());
  } catch (const std::exception& e) {
    log::error("unhandled error", {{"event", "unhandled_exception"}, {"request_id", ctx.request_id},
                                  {"path", req.path}, {"error", e.what()}});
    json::object body{{"detail", "Internal server error"},
                      {"type", "internal_server_error"},
                      {"path", req.path},
                      {"request_id", ctx.request_id}};
    res = Response::json(500, body);
  }
  finish(req, ctx, res, !is_health(ctx.route));
  return res;
}

void Pipeline::finish(Request& req, Context& ctx, Response& res, bool log_line) {
  res.headers.reserve(res.headers.size() + 12);
  const Route* route = ctx.route;
  // Caching (API.md §1.8.2)
  if (!res.header("Cache-Control")) {
    if (res.status >= 400 || !route || route->options.cache == CachePolicy::NoStore) {
      res.set_header("Cache-Control", "no-store");
    }
  }
  if (route && route->options.cache == CachePolicy::PublicCatalog && res.status == 200 &&
      (req.method == "GET" || req.method == "HEAD")) {
    if (!res.header("Cache-Control")) {
      const std::string age = std::to_string(settings_.catalog_max_age);
      res.set_header("Cache-Control", "public, max-age=" + age + ", s-maxage=" + age +
                                          ", stale-while-revalidate=86400");
    }
    // A handler may supply its own strong ETag (e.g. derived from a dataset version).
    std::string etag;
    if (const std::string* own = res.header("ETag")) {
      etag = *own;
    } else {
      etag = "\"" + sha256_hex(settings_.etag_salt + res.body).substr(0, 32) + "\"";
      res.set_header("ETag", etag);
    }
    if (auto inm = req.header("If-None-Match")) {
      if (inm->find(etag) != std::string::npos || *inm == "*") {
        res.status = 304;
        res.body.clear();
        res.content_type.clear();
      }
    }
  }
  // CORS for actual requests
  if (auto origin = req.header("Origin")) {
    for (const auto& o : settings_.cors_origins)
      if (o == *origin) {
        res.set_header("Access-Control-Allow-Origin", *origin);
        res.set_header("Access-Control-Allow-Credentials", "true");
        res.set_header("Access-Control-Expose-Headers",
                       "X-Process-Time, X-Request-ID, Content-Disposition, Retry-After, "
                       "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy");
        if (auto v = res.header("Vary")) {
          if (v->find("Origin") == std::string::npos) res.set_header("Vary", *v + ", Origin");
        } else {
          res.set_header("Vary", "Origin");
        }
        break;
      }
  }
  // Compression
  if (res.compressible && res.status != 204 && res.status != 304 && res.body.size() >= 1000 &&
      !res.header("Content-Encoding") && accepts_gzip(req)) {
    res.body = gzip_compress(res.body);
    res.set_header("Content-Encoding", "gzip");
    if (auto v = res.header("Vary")) {
      if (v->find("Accept-Encoding") == std::string::npos) res.set_header("Vary", *v + ", Accept-Encoding");
    } else
      res.set_header("Vary", "Accept-Encoding");
  }
  res.set_header("X-Request-ID", ctx.request_id);
  res.set_header("X-Amzn-Trace-Id", trace::response_header(ctx.trace));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("X-XSS-Protection", "1; mode=block");
  res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  Micros end = now_micros();
  Micros elapsed = end > ctx.started ? end - ctx.started : 0;
  double secs = static_cast<double>(elapsed) / 1e6;
  {  // seconds with 4 decimals, rounded (no printf on the hot path)
    long long tenths_ms = (elapsed + 50) / 100;
    std::string v = std::to_string(tenths_ms / 10000);
    char frac[6] = {'.', 0, 0, 0, 0, 0};
    long long f = tenths_ms % 10000;
    for (int i = 4; i >= 1; --i, f /= 10) frac[i] = static_cast<char>('0' + f % 10);
    v.append(frac, 5);
    res.set_header("X-Process-Time", std::move(v));
  }

  for (auto* o : observers_) o->on_request(req, ctx, res, secs);
  if (log_line && log::enabled(log::Level::Info)) {
    json::object f{{"event", "http_request"}, {"request_id", ctx.request_id},
                   {"trace_id", ctx.trace_id},   {"method", req.method},
                   {"path", req.path},           {"route", route ? route->pattern : ""},
                   {"status", res.status},       {"duration_ms", round_to(secs * 1000.0, 3)},
                   {"client_ip", req.client_ip}};
    if (ctx.principal) f["user_id"] = ctx.principal->user_id;
    for (const auto& [k, v] : ctx.log_fields) f[k] = v;
    log::info("request", f);
  }
}

}  // namespace edu
