// OpenAPI generation from the route table (API.md §4.1).
#include "http/openapi.hpp"

#include <gtest/gtest.h>

using namespace edu;

namespace {
Handler ok() {
  return [](Request&, Context&) { return Response::json(json::object{}); };
}
}  // namespace

TEST(OpenApi, EveryRouteIsAnOperation) {
  Router r;
  RouteOptions pub;
  pub.auth = AuthMode::Public;
  pub.rate = RateClass::None;
  pub.tag = "health";
  pub.summary = "Liveness";
  r.add("GET", "/api/v1/health", ok(), pub);
  RouteOptions bearer;
  bearer.tag = "students";
  bearer.summary = "Create a student";
  bearer.success_status = 201;
  r.add("POST", "/api/v1/students", ok(), bearer);
  RouteOptions get_one;
  get_one.tag = "students";
  get_one.professional_header = true;
  r.add("GET", "/api/v1/students/{student_id}", ok(), get_one);
  RouteOptions del;
  del.success_status = 204;
  r.add("DELETE", "/api/v1/students/{student_id}", ok(), del);
  RouteOptions catalog = pub;
  catalog.tag = "bncc";
  catalog.cache = CachePolicy::PublicCatalog;
  r.add("GET", "/api/v1/bncc/skills/{code}", ok(), catalog);
  RouteOptions hidden = pub;
  hidden.in_openapi = false;
  r.add("GET", "/openapi.json", ok(), hidden);

  auto doc = build_openapi(r, {"EduAutismo IA", "9.9.9", ""});
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  EXPECT_EQ(doc.at("info").at("version").as_string(), "9.9.9");
  auto& paths = doc.at("paths").as_object();
  EXPECT_EQ(paths.size(), 4u);
  EXPECT_FALSE(paths.contains("/openapi.json"));

  auto& health = paths.at("/api/v1/health").at("get").as_object();
  EXPECT_EQ(health.at("summary").as_string(), "Liveness");
  EXPECT_EQ(health.at("tags").at(0).as_string(), "health");
  EXPECT_FALSE(health.contains("security"));
  EXPECT_FALSE(health.at("responses").as_object().contains("429"));
  EXPECT_EQ(health.at("operationId").as_string(), "get_api_v1_health");

  auto& create = paths.at("/api/v1/students").at("post").as_object();
  EXPECT_TRUE(create.at("responses").as_object().contains("201"));
  EXPECT_TRUE(create.at("responses").as_object().contains("401"));
  EXPECT_TRUE(create.at("responses").as_object().contains("422"));
  EXPECT_TRUE(create.at("responses").as_object().contains("429"));
  EXPECT_EQ(to_json_compact(create.at("security")), R"([{"HTTPBearer":[]}])");
  EXPECT_TRUE(create.contains("requestBody"));

  auto& item = paths.at("/api/v1/students/{student_id}").as_object();
  EXPECT_TRUE(item.contains("get"));
  EXPECT_TRUE(item.contains("delete"));
  auto& params = item.at("get").at("parameters").as_array();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(to_json_compact(params[0]),
            R"({"name":"student_id","in":"path","required":true,"schema":{"type":"string","format":"uuid"}})");
  EXPECT_EQ(params[1].at("name").as_string(), "X-Professional-ID");
  EXPECT_EQ(params[1].at("in").as_string(), "header");
  auto& del_resp = item.at("delete").at("responses").at("204").as_object();
  EXPECT_FALSE(del_resp.contains("content"));

  auto& code = paths.at("/api/v1/bncc/skills/{code}").at("get").as_object();
  EXPECT_EQ(code.at("parameters").at(0).at("schema").as_object().size(), 1u);  // not a uuid
  EXPECT_TRUE(code.at("responses").as_object().contains("304"));

  EXPECT_EQ(doc.at("components").at("securitySchemes").at("HTTPBearer").at("scheme").as_string(), "bearer");
  EXPECT_EQ(doc.at("tags").as_array().size(), 3u);  // bncc, health, students
}

TEST(OpenApi, HeadIsImplicitAndRootHasAnId) {
  Router r;
  r.add("GET", "/", ok());
  auto doc = build_openapi(r, {"t", "1", ""});
  EXPECT_EQ(doc.at("paths").at("/").at("get").at("operationId").as_string(), "get_root");
  EXPECT_FALSE(doc.at("paths").at("/").as_object().contains("head"));
}
