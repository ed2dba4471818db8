// Method + path routing (API.md §1.2): literal segments win over parameters whatever the
// declaration order, a single trailing slash is ignored, 404 vs 405 with a full Allow list.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace edu {

using Handler = std::function<Response(Request&, Context&)>;

enum class AuthMode { Public, Bearer };
enum class RateClass { None, Api, Auth };  // Auth = auth routes (extra per-IP limiter)
enum class CachePolicy { NoStore, PublicCatalog, Handler };

struct RouteOptions {
  AuthMode auth = AuthMode::Bearer;
  RateClass rate = RateClass::Api;
  CachePolicy cache = CachePolicy::NoStore;
  bool inline_io = false;         // cheap and non-blocking: run on the I/O thread
  bool security_exempt = false;   // health routes skip WAF/geo
  bool health = false;            // excluded from metrics, traces and access logs (INFRA.md §1.2)
  bool professional_header = false;  // reads X-Professional-ID (API.md §2.6)
  std::size_t max_body = 1 << 20;
  // OpenAPI (http/openapi.hpp): the document is generated from these at run time.
  std::string summary;
  std::string tag;
  std::string description;
  int success_status = 200;
  json::value request_schema;   // JSON Schema of the body; null = generic object (POST/PUT/PATCH)
  json::value response_schema;  // JSON Schema of the success body; null = unspecified
  bool in_openapi = true;       // false for the documentation routes themselves
};

struct Route {
  std::string method;
  std::string pattern;  // e.g. /api/v1/students/{student_id}
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::string allow;  // for 405
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  void add(std::string method, std::string pattern, Handler h, RouteOptions opts = {});
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace edu
