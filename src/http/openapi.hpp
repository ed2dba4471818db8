// OpenAPI 3.1 document generated from the Router's route table (API.md §4.1), so that the
// published contract grows with every registered route and never drifts from it.
#pragma once
#include <string>

#include "core/json.hpp"
#include "http/router.hpp"

namespace edu {

struct OpenApiInfo {
  std::string title = "EduAutismo IA";
  std::string version;
  std::string description;
};

// One operation per registered route (HEAD is implicit on GET and not listed), with its
// path parameters (`*_id` → string/uuid), tag, summary, Bearer security requirement,
// X-Professional-ID header where the route reads it, request body for POST/PUT/PATCH and
// the declared success status plus the error responses the pipeline may produce.
json::object build_openapi(const Router& router, const OpenApiInfo& info);

// operationId used for a route: "<method>_<path with non-alphanumerics as _>".
std::string openapi_operation_id(const Route& r);

}  // namespace edu
