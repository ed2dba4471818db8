// OpenAPI generation from the route table.
#include "http/openapi.hpp"

#include <algorithm>
#include <map>

namespace edu {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> path_params(const std::string& pattern) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    auto end = pattern.find('}', pos);
    if (end == std::string::npos) break;
    out.push_back(pattern.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

const char* reason(int status) {
  switch (status) {
    case 200: return "Successful Response";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    default: return "Response";
  }
}

json::object error_ref(const char* description, const char* schema) {
  return json::object{
      {"description", description},
      {"content", json::object{{"application/json",
                                json::object{{"schema", json::object{{"$ref", std::string("#/components/schemas/") + schema}}}}}}}};
}

json::object components() {
  json::object error_detail{
      {"title", "ErrorDetail"},
      {"type", "object"},
      {"properties", json::object{{"detail", json::object{{"type", "string"}}}}},
      {"required", json::array{"detail"}}};
  json::object loc_item{{"anyOf", json::array{json::object{{"type", "string"}}, json::object{{"type", "integer"}}}}};
  json::object ve_props;
  ve_props["type"] = json::object{{"type", "string"}};
  ve_props["loc"] = json::object{{"type", "array"}, {"items", loc_item}};
  ve_props["msg"] = json::object{{"type", "string"}};
  ve_props["input"] = json::object{};
  ve_props["ctx"] = json::object{{"type", "object"}};
  json::object validation_error{{"title", "ValidationError"},
                                {"type", "object"},
                                {"properties", ve_props},
                                {"required", json::array{"type", "loc", "msg"}}};
  json::object http_validation_error{
      {"title", "HTTPValidationError"},
      {"type", "object"},
      {"properties", json::object{{"detail", json::object{{"type", "array"},
                                                          {"items", json::object{{"$ref", "#/components/schemas/ValidationError"}}}}}}}};
  json::object rate_limited{
      {"title", "RateLimited"},
      {"type", "object"},
      {"properties", json::object{{"detail", json::object{{"type", "string"}}},
                                  {"retry_after", json::object{{"type", "integer"}}}}},
      {"required", json::array{"detail", "retry_after"}}};
  return json::object{
      {"schemas", json::object{{"ErrorDetail", error_detail},
                               {"ValidationError", validation_error},
                               {"HTTPValidationError", http_validation_error},
                               {"RateLimited", rate_limited}}},
      {"securitySchemes",
       json::object{{"HTTPBearer", json::object{{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}};
}

}  // namespace

std::string openapi_operation_id(const Route& r) {
  std::string id = lower(r.method) + "_";
  bool last_us = true;
  for (char c : r.pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id.push_back(c);
      last_us = false;
    } else if (!last_us) {
      id.push_back('_');
      last_us = true;
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id == lower(r.method)) id += "_root";
  return id;
}

json::object build_openapi(const Router& router, const OpenApiInfo& info) {
  // Stable order: by path, then by method.
  std::vector<const Route*> routes;
  for (const auto& r : router.routes())
    if (r->options.in_openapi && r->method != "HEAD" && r->method != "OPTIONS") routes.push_back(r.get());
  std::stable_sort(routes.begin(), routes.end(), [](const Route* a, const Route* b) {
    return a->pattern != b->pattern ? a->pattern < b->pattern : a->method < b->method;
  });

  json::object paths;
  std::map<std::string, bool> tags;
  for (const Route* r : routes) {
    const auto& o = r->options;
    json::object op;
    if (!o.tag.empty()) {
      op["tags"] = json::array{json::string(o.tag)};
      tags[o.tag] = true;
    }
    op["summary"] = o.summary.empty() ? r->method + " " + r->pattern : o.summary;
    if (!o.description.empty()) op["description"] = o.description;
    op["operationId"] = openapi_operation_id(*r);

    json::array params;
    auto names = path_params(r->pattern);
    for (const auto& n : names) {
      json::object schema{{"type", "string"}};
      if (n.size() > 3 && n.compare(n.size() - 3, 3, "_id") == 0) schema["format"] = "uuid";
      params.push_back(json::object{{"name", n}, {"in", "path"}, {"required", true}, {"schema", schema}});
    }
    if (o.professional_header)
      params.push_back(json::object{
          {"name", "X-Professional-ID"},
          {"in", "header"},
          {"required", false},
          {"description", "Acting professional (defaults to the caller)"},
          {"schema", json::object{{"type", "string"}, {"format", "uuid"}}}});
    if (!params.empty()) op["parameters"] = params;

    bool has_body = r->method == "POST" || r->method == "PUT" || r->method == "PATCH";
    if (has_body) {
      json::value schema = o.request_schema.is_null() ? json::value(json::object{{"type", "object"}}) : o.request_schema;
      op["requestBody"] = json::object{
          {"required", !o.request_schema.is_null()},
          {"content", json::object{{"application/json", json::object{{"schema", schema}}}}}};
    }

    json::object responses;
    json::object ok{{"description", reason(o.success_status)}};
    if (o.success_status != 204) {
      json::value schema = o.response_schema.is_null() ? json::value(json::object{}) : o.response_schema;
      ok["content"] = json::object{{"application/json", json::object{{"schema", schema}}}};
    }
    responses[std::to_string(o.success_status)] = ok;
    if (o.cache == CachePolicy::PublicCatalog) responses["304"] = json::object{{"description", "Not Modified"}};
    if (o.auth == AuthMode::Bearer) responses["401"] = error_ref("Not authenticated", "ErrorDetail");
    if (!o.security_exempt)
      responses["403"] = error_ref("Blocked by a security filter", "ErrorDetail");
    if (has_body) responses["413"] = error_ref("Request body too large", "ErrorDetail");
    if (!names.empty() || has_body || o.professional_header)
      responses["422"] = error_ref("Validation Error", "HTTPValidationError");
    if (o.rate != RateClass::None) responses["429"] = error_ref("Rate limit exceeded", "RateLimited");
    op["responses"] = responses;
    if (o.auth == AuthMode::Bearer) op["security"] = json::array{json::object{{"HTTPBearer", json::array{}}}};

    auto it = paths.find(r->pattern);
    if (it == paths.end()) it = paths.emplace(r->pattern, json::object{}).first;
    it->value().as_object()[lower(r->method)] = std::move(op);
  }

  json::object doc;
  doc["openapi"] = "3.1.0";
  json::object inf{{"title", info.title}, {"version", info.version}};
  if (!info.description.empty()) inf["description"] = info.description;
  doc["info"] = inf;
  doc["paths"] = paths;
  doc["components"] = components();
  json::array tag_list;
  for (const auto& [t, _] : tags) tag_list.push_back(json::object{{"name", t}});
  doc["tags"] = tag_list;
  return doc;
}

}  // namespace edu
