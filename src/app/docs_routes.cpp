// API documentation routes (API.md §4.1): GET /openapi.json (generated from the route table
// on first use and cached — routes are fixed after start-up), GET /docs (Swagger UI),
// GET /redoc (ReDoc) and their assets under /docs/assets/, embedded into the binary at
// build time (app/docs_assets.hpp). Public, not rate-limited; cacheable with ETags.
#include <map>
#include <mutex>

#include "app/app.hpp"
#include "app/docs_assets.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "http/openapi.hpp"
#include "observability/log.hpp"

namespace edu {
namespace {

// A response body prepared once: raw and gzip forms and a strong ETag.
struct Blob {
  std::string body;
  std::string gz;  // empty when not worth compressing
  std::string content_type;
  std::string etag;
  std::string cache_control;
};

Blob make_blob(std::string body, std::string content_type, std::string cache_control, bool compress) {
  Blob b;
  b.etag = "\"" + sha256_hex(body).substr(0, 32) + "\"";
  if (compress && body.size() >= 1000) b.gz = gzip_compress(body);
  b.body = std::move(body);
  b.content_type = std::move(content_type);
  b.cache_control = std::move(cache_control);
  return b;
}

Response serve(const Request& req, const Blob& b) {
  Response r;
  r.set_header("Cache-Control", b.cache_control);
  r.set_header("ETag", b.etag);
  if (!b.gz.empty()) r.set_header("Vary", "Accept-Encoding");
  if (auto inm = req.header("If-None-Match"); inm && (inm->find(b.etag) != std::string::npos || *inm == "*")) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = b.content_type;
  if (!b.gz.empty() && accepts_gzip(req)) {
    r.body = b.gz;
    r.set_header("Content-Encoding", "gzip");
  } else {
    r.body = b.body;
  }
  return r;
}

std::string content_type_of(std::string_view name) {
  auto ends = [&](std::string_view suf) {
    return name.size() >= suf.size() && name.compare(name.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends(".js")) return "application/javascript";
  if (ends(".css")) return "text/css";
  if (ends(".png")) return "image/png";
  if (ends(".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

bool has_asset(std::string_view name) {
  for (const auto& a : docs::embedded_assets())
    if (a.name == name) return true;
  return false;
}

std::string missing_page(const char* what) {
  return std::string(
             "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>EduAutismo IA - API "
             "documentation</title></head>\n<body><h1>API documentation assets are missing</h1>\n<p>The ") +
         what +
         " assets were not embedded in this build (" + std::string(docs::assets_status()) +
         "). Rebuild with npm available to get this page.</p>\n"
         "<p>The OpenAPI document is available at <a href=\"/openapi.json\">/openapi.json</a>.</p>\n</body></html>\n";
}

const char* kSwaggerPage = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>EduAutismo IA - Swagger UI</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
</script>
</body>
</html>
)";

const char* kRedocPage = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>EduAutismo IA - ReDoc</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="/docs/assets/redoc.standalone.js"></script>
</body>
</html>
)";

// Everything the routes serve, built lazily (first request) and then read-only.
class DocsContent {
 public:
  explicit DocsContent(App& app) : app_(app) {}

  const Blob& openapi() {
    std::call_once(openapi_once_, [this] {
      OpenApiInfo info;
      info.version = app_.config().app_version;
      info.description =
          "EduAutismo IA API v1: educational planning and follow-up for autistic (TEA) students, "
          "aligned to the BNCC. Generated from the server's route table.";
      openapi_ = make_blob(to_json(build_openapi(app_.router(), info)), "application/json", "no-cache", true);
    });
    return openapi_;
  }

  const Blob& page(bool swagger) {
    std::call_once(pages_once_, [this] {
      bool sw = has_asset("swagger-ui-bundle.js") && has_asset("swagger-ui.css");
      bool rd = has_asset("redoc.standalone.js");
      swagger_ = make_blob(sw ? kSwaggerPage : missing_page("Swagger UI"), "text/html; charset=utf-8", "no-cache", true);
      redoc_ = make_blob(rd ? kRedocPage : missing_page("ReDoc"), "text/html; charset=utf-8", "no-cache", true);
    });
    return swagger ? swagger_ : redoc_;
  }

  const Blob* asset(const std::string& name) {
    std::call_once(assets_once_, [this] {
      for (const auto& a : docs::embedded_assets()) {
        std::string ct = content_type_of(a.name);
        bool compress = ct != "image/png";
        assets_.emplace(std::string(a.name),
                        make_blob(std::string(a.data), ct, "public, max-age=86400", compress));
      }
    });
    auto it = assets_.find(name);
    return it == assets_.end() ? nullptr : &it->second;
  }

 private:
  App& app_;
  std::once_flag openapi_once_, pages_once_, assets_once_;
  Blob openapi_, swagger_, redoc_;
  std::map<std::string, Blob> assets_;
};

RouteOptions docs_opts(const char* summary, bool inline_io) {
  RouteOptions o;
  o.auth = AuthMode::Public;
  o.rate = RateClass::None;
  o.cache = CachePolicy::Handler;
  o.inline_io = inline_io;
  o.tag = "documentation";
  o.summary = summary;
  o.in_openapi = false;
  return o;
}

}  // namespace

void register_docs_routes(Router& r, App& app) {
  auto content = std::make_shared<DocsContent>(app);
  if (docs::embedded_assets().empty())
    log::warn("API documentation assets missing from this build",
              {{"event", "docs_assets_missing"}, {"reason", std::string(docs::assets_status())}});

  r.add("GET", "/openapi.json",
        [content](Request& req, Context&) { return serve(req, content->openapi()); },
        docs_opts("OpenAPI 3.1 document", false));
  r.add("GET", "/docs", [content](Request& req, Context&) { return serve(req, content->page(true)); },
        docs_opts("Swagger UI", true));
  r.add("GET", "/redoc", [content](Request& req, Context&) { return serve(req, content->page(false)); },
        docs_opts("ReDoc", true));
  r.add("GET", "/docs/assets/{asset}",
        [content](Request& req, Context& ctx) {
          const Blob* b = content->asset(ctx.param("asset"));
          if (!b) throw not_found("Not Found");
          return serve(req, *b);
        },
        docs_opts("Documentation assets", false));
}

}  // namespace edu
