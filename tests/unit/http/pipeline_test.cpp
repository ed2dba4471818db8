// The request pipeline without sockets (API.md §1.7, §1.8): CORS, gzip, body limit, order of
// checks, security filters, standard headers, trace propagation, observers.
#include "http/pipeline.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "core/errors.hpp"
#include "http/router.hpp"

using namespace edu;

namespace {

std::string gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

Request make(std::string method, std::string path, HeaderList headers = {}, std::string body = "") {
  Request r;
  r.method = std::move(method);
  r.path = path;
  r.target = path;
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.peer_ip = "127.0.0.1";
  return r;
}

RouteOptions pub() {
  RouteOptions o;
  o.auth = AuthMode::Public;
  o.rate = RateClass::None;
  return o;
}

struct Env {
  Router router;
  std::unique_ptr<Pipeline> p;
  Env() {
    router.add("GET", "/big", [](Request&, Context&) { return Response::text(200, std::string(5000, 'a'), "text/plain"); }, pub());
    router.add("GET", "/small", [](Request&, Context&) { return Response::json(json::object{{"ok", true}}); }, pub());
    router.add("GET", "/xlsx", [](Request&, Context&) {
      Response r = Response::text(200, std::string(5000, 'x'), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      r.compressible = false;
      return r;
    }, pub());
    router.add("DELETE", "/thing", [](Request&, Context&) { return Response::no_content(); }, pub());
    RouteOptions small_body = pub();
    small_body.max_body = 10;
    router.add("POST", "/upload", [](Request&, Context&) { return Response::json(201, json::object{}); }, small_body);
    router.add("GET", "/private", [](Request&, Context&) { return Response::json(json::object{}); });  // Bearer
    router.add("GET", "/boom", [](Request&, Context&) -> Response { throw std::runtime_error("db exploded"); }, pub());
    PipelineSettings s;
    s.cors_origins = {"http://localhost:3000", "http://localhost:5173"};
    s.trusted_proxy_hops = 1;
    s.trace_sample_rate = 0;
    p = std::make_unique<Pipeline>(router, s);
  }
  Response run(Request r) { return p->handle(r); }
};

void expect_standard_headers(const Response& r) {
  EXPECT_TRUE(r.header("X-Request-ID"));
  ASSERT_TRUE(r.header("X-Process-Time"));
  EXPECT_EQ(r.header("X-Process-Time")->find('.'), r.header("X-Process-Time")->size() - 5);
  EXPECT_EQ(*r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(*r.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(*r.header("X-XSS-Protection"), "1; mode=block");
  EXPECT_EQ(*r.header("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
  EXPECT_EQ(*r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
  ASSERT_TRUE(r.header("X-Amzn-Trace-Id"));
  EXPECT_EQ(r.header("X-Amzn-Trace-Id")->rfind("Root=1-", 0), 0u);
}

}  // namespace

TEST(PipelineCors, PreflightAllowedOriginForAnyPath) {
  Env e;
  auto r = e.run(make("OPTIONS", "/does/not/exist",
                      {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "authorization,content-type"}}));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.content_type, "text/plain");
  EXPECT_EQ(*r.header("Access-Control-Allow-Origin"), "http://localhost:5173");
  EXPECT_EQ(*r.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(*r.header("Access-Control-Allow-Methods"), "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
  EXPECT_EQ(*r.header("Access-Control-Allow-Headers"), "authorization,content-type");
  EXPECT_EQ(*r.header("Access-Control-Max-Age"), "600");
  EXPECT_EQ(*r.header("Vary"), "Origin");
  expect_standard_headers(r);
}

TEST(PipelineCors, PreflightDisallowedOriginOrMethod) {
  Env e;
  auto r = e.run(make("OPTIONS", "/private", {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "GET"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Disallowed CORS origin");
  EXPECT_FALSE(r.header("Access-Control-Allow-Origin"));
  auto m = e.run(make("OPTIONS", "/private", {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "TRACE"}}));
  EXPECT_EQ(m.status, 400);
  expect_standard_headers(m);
}

TEST(PipelineCors, NonPreflightOptionsIsRouted) {
  Env e;
  auto r = e.run(make("OPTIONS", "/small", {{"Origin", "http://localhost:3000"}}));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*r.header("Allow"), "GET, HEAD");
}

TEST(PipelineCors, ActualRequestsFromAllowedOriginsOnly) {
  Env e;
  auto r = e.run(make("GET", "/small", {{"Origin", "http://localhost:3000"}}));
  EXPECT_EQ(*r.header("Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_EQ(*r.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(*r.header("Access-Control-Expose-Headers"),
            "X-Process-Time, X-Request-ID, Content-Disposition, Retry-After, RateLimit-Limit, "
            "RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy");
  EXPECT_EQ(*r.header("Vary"), "Origin");
  auto bad = e.run(make("GET", "/small", {{"Origin", "http://evil.example"}}));
  EXPECT_EQ(bad.status, 200);
  EXPECT_FALSE(bad.header("Access-Control-Allow-Origin"));
  // errors from an allowed origin carry CORS headers too (the browser must read them)
  auto err = e.run(make("GET", "/private", {{"Origin", "http://localhost:3000"}}));
  EXPECT_EQ(err.status, 401);
  EXPECT_EQ(*err.header("Access-Control-Allow-Origin"), "http://localhost:3000");
}

TEST(PipelineGzip, LargeBodiesCompressedWhenAccepted) {
  Env e;
  auto r = e.run(make("GET", "/big", {{"Accept-Encoding", "gzip, deflate, br"}, {"Origin", "http://localhost:3000"}}));
  ASSERT_TRUE(r.header("Content-Encoding"));
  EXPECT_EQ(*r.header("Content-Encoding"), "gzip");
  EXPECT_EQ(*r.header("Vary"), "Origin, Accept-Encoding");
  EXPECT_TRUE(gunzip(r.body) == std::string(5000, 'a'));
  EXPECT_LT(r.body.size(), 200u);
}

TEST(PipelineGzip, NotCompressed) {
  Env e;
  EXPECT_FALSE(e.run(make("GET", "/big")).header("Content-Encoding"));                               // not accepted
  EXPECT_FALSE(e.run(make("GET", "/big", {{"Accept-Encoding", "identity"}})).header("Content-Encoding"));
  EXPECT_FALSE(e.run(make("GET", "/big", {{"Accept-Encoding", "gzip;q=0"}})).header("Content-Encoding"));
  EXPECT_FALSE(e.run(make("GET", "/small", {{"Accept-Encoding", "gzip"}})).header("Content-Encoding"));  // < 1000
  EXPECT_FALSE(e.run(make("GET", "/xlsx", {{"Accept-Encoding", "gzip"}})).header("Content-Encoding"));   // XLSX
  auto d = e.run(make("DELETE", "/thing", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(d.status, 204);
  EXPECT_FALSE(d.header("Content-Encoding"));
  EXPECT_TRUE(e.run(make("GET", "/big", {{"Accept-Encoding", "GZIP;q=0.5"}})).header("Content-Encoding"));
}

TEST(PipelineGzip, RoundTripOfEmptyAndBinaryData) {
  std::string bin;
  for (int i = 0; i < 70000; ++i) bin.push_back(static_cast<char>((i * 7919) & 0xff));
  EXPECT_TRUE(gunzip(gzip_compress(bin)) == bin);
  EXPECT_EQ(gunzip(gzip_compress("")), "");
}

TEST(PipelineLimits, PerRouteBodyLimitGives413BeforeAuthentication) {
  Env e;
  auto r = e.run(make("POST", "/upload", {}, std::string(11, 'x')));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, R"({"detail": "Request body too large"})");
  EXPECT_EQ(*r.header("Cache-Control"), "no-store");
  expect_standard_headers(r);
  EXPECT_EQ(e.run(make("POST", "/upload", {}, std::string(10, 'x'))).status, 201);
}

TEST(PipelineLimits, TransportErrorsGetStandardHeaders) {
  Env e;
  Request r = make("GET", "/x");
  auto res = e.p->transport_error(r, 431, "Request header fields too large");
  EXPECT_EQ(res.status, 431);
  EXPECT_EQ(res.body, R"({"detail": "Request header fields too large"})");
  expect_standard_headers(res);
}

TEST(Pipeline, RoutingBeforeAuthenticationAnd500Shape) {
  Env e;
  auto nf = e.run(make("GET", "/nope"));
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.body, R"({"detail": "Not Found"})");
  auto un = e.run(make("GET", "/private"));
  EXPECT_EQ(un.status, 401);
  EXPECT_EQ(*un.header("WWW-Authenticate"), "Bearer");
  auto boom = e.run(make("GET", "/boom", {{"X-Request-ID", "req-1"}}));
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.body,
            R"({"detail": "Internal server error", "type": "internal_server_error", "path": "/boom", "request_id": "req-1"})");
  EXPECT_EQ(boom.body.find("exploded"), std::string::npos);
}

namespace {
struct Recorder : SecurityFilter {
  std::vector<std::string>* order;
  std::string name;
  bool block;
  Recorder(std::vector<std::string>* o, std::string n, bool b) : order(o), name(std::move(n)), block(b) {}
  std::optional<Response> inspect(const Request&) override {
    order->push_back(name);
    if (block) return Response::json(403, json::object{{"detail", "Access not available in your region"}});
    return std::nullopt;
  }
};
struct Observer : RequestObserver {
  int calls = 0;
  int last_status = 0;
  std::string trace;
  void on_request(const Request&, const Context& ctx, const Response& res, double) override {
    ++calls;
    last_status = res.status;
    trace = ctx.trace_id;
  }
};
}  // namespace

TEST(Pipeline, SecurityFiltersRunInOrderAfterBodyLimitAndBeforeAuth) {
  Env e;
  std::vector<std::string> order;
  Recorder waf(&order, "waf", false), geo(&order, "geo", true);
  e.p->add_security_filter(&waf);
  e.p->add_security_filter(&geo);
  auto r = e.run(make("GET", "/private"));
  EXPECT_EQ(r.status, 403);  // not 401: filters come before authentication
  EXPECT_EQ(order, (std::vector<std::string>{"waf", "geo"}));
  expect_standard_headers(r);
  order.clear();
  EXPECT_EQ(e.run(make("POST", "/upload", {}, std::string(50, 'x'))).status, 413);
  EXPECT_TRUE(order.empty());
  EXPECT_EQ(e.run(make("GET", "/nope")).status, 404);
  EXPECT_TRUE(order.empty());
}

TEST(Pipeline, TraceContextPropagatesAndObserversSeeEveryRequest) {
  Env e;
  Observer obs;
  e.p->add_observer(&obs);
  auto r = e.run(make("GET", "/small", {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}));
  EXPECT_EQ(*r.header("X-Amzn-Trace-Id"), "Root=1-4bf92f35-77b34da6a3ce929d0e0e4736");
  EXPECT_EQ(obs.trace, "1-4bf92f35-77b34da6a3ce929d0e0e4736");
  e.run(make("GET", "/nope"));
  EXPECT_EQ(obs.calls, 2);
  EXPECT_EQ(obs.last_status, 404);
}

TEST(Pipeline, ClientIpFromForwardedForHops) {
  Env e;  // TRUSTED_PROXY_HOPS=1
  std::string seen;
  e.router.add("GET", "/ip", [&seen](Request& req, Context&) {
    seen = req.client_ip;
    return Response::json(json::object{});
  }, pub());
  e.run(make("GET", "/ip", {{"X-Forwarded-For", "200.160.0.8, 10.0.0.1"}}));
  EXPECT_EQ(seen, "10.0.0.1");
  e.run(make("GET", "/ip"));
  EXPECT_EQ(seen, "127.0.0.1");
}
