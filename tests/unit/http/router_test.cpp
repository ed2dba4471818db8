// Router precedence, trailing slash, 404/405 (API.md §1.2).
#include "http/router.hpp"

#include <gtest/gtest.h>

using namespace edu;

namespace {
Handler h(const char* name) {
  return [name](Request&, Context&) { return Response::text(200, name, "text/plain"); };
}
std::string call(const RouteMatch& m) {
  Request r;
  Context c;
  return m.route->handler(r, c).body;
}
}  // namespace

TEST(Router, LiteralWinsOverParameterRegardlessOfOrder) {
  Router r;
  r.add("GET", "/api/v1/intervention-plans/{plan_id}", h("by_id"));
  r.add("GET", "/api/v1/intervention-plans/pending-review", h("pending"));
  auto m = r.match("GET", "/api/v1/intervention-plans/pending-review");
  ASSERT_EQ(m.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(call(m), "pending");
  auto m2 = r.match("GET", "/api/v1/intervention-plans/abc");
  ASSERT_EQ(m2.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(call(m2), "by_id");
  ASSERT_EQ(m2.params.size(), 1u);
  EXPECT_EQ(m2.params[0].second, "abc");
}

TEST(Router, BacktracksWhenLiteralBranchDeadEnds) {
  Router r;
  r.add("GET", "/a/{id}/list", h("param_list"));
  r.add("GET", "/a/literal", h("literal"));
  auto m = r.match("GET", "/a/literal/list");
  ASSERT_EQ(m.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(call(m), "param_list");
}

TEST(Router, TrailingSlashIgnoredButEmptySegmentsDoNotMatch) {
  Router r;
  r.add("GET", "/api/v1/students", h("list"));
  EXPECT_EQ(r.match("GET", "/api/v1/students/").kind, RouteMatch::Kind::Found);
  EXPECT_EQ(r.match("GET", "/api/v1//students").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(r.match("GET", "/api/v1/students//").kind, RouteMatch::Kind::NotFound);
}

TEST(Router, MethodNotAllowedListsSortedMethodsWithHead) {
  Router r;
  r.add("PUT", "/x/{id}", h("put"));
  r.add("GET", "/x/{id}", h("get"));
  r.add("DELETE", "/x/{id}", h("del"));
  auto m = r.match("POST", "/x/1");
  ASSERT_EQ(m.kind, RouteMatch::Kind::MethodNotAllowed);
  EXPECT_EQ(m.allow, "DELETE, GET, HEAD, PUT");
  EXPECT_EQ(r.match("HEAD", "/x/1").kind, RouteMatch::Kind::Found);
}

TEST(Router, UnknownPathIsNotFound) {
  Router r;
  r.add("GET", "/", h("root"));
  EXPECT_EQ(r.match("GET", "/").kind, RouteMatch::Kind::Found);
  EXPECT_EQ(r.match("GET", "/nope").kind, RouteMatch::Kind::NotFound);
}
