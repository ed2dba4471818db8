// WAF filter (API.md §1.10, X-25) with the shipped rules file deploy/waf/eduautismo.conf.
#include "security/waf.hpp"

#include <gtest/gtest.h>

#include "http/pipeline.hpp"
#include "http/router.hpp"

using namespace edu;

namespace {

const std::string kRules = std::string(EDU_SOURCE_DIR) + "/deploy/waf/eduautismo.conf";

Request make(std::string method, std::string target, std::string body = "",
             std::string content_type = "") {
  Request r;
  r.method = std::move(method);
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  r.headers = {{"Host", "127.0.0.1:8000"},
               {"User-Agent", "python-requests/2.28.1"},
               {"Accept", "*/*"},
               {"Accept-Encoding", "gzip, deflate"},
               {"Connection", "keep-alive"}};
  if (!content_type.empty()) r.headers.emplace_back("Content-Type", content_type);
  if (!body.empty()) r.headers.emplace_back("Content-Length", std::to_string(body.size()));
  r.body = std::move(body);
  r.peer_ip = r.client_ip = "203.0.113.7";
  return r;
}

class Waf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!security::waf_available()) GTEST_SKIP() << "built without libmodsecurity";
    waf_ = new security::WafFilter(kRules);
  }
  static void TearDownTestSuite() {
    delete waf_;
    waf_ = nullptr;
  }
  void SetUp() override {
    if (!waf_) GTEST_SKIP() << "built without libmodsecurity";
  }
  static security::WafFilter* waf_;
};
security::WafFilter* Waf::waf_ = nullptr;

}  // namespace

TEST_F(Waf, BlocksSqlInjectionInQueryWithDetectionRuleId) {
  auto v = waf_->verdict(make("GET", "/api/v1/activities/search?theme=1%27%20OR%20%271%27%3D%271"));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->rfind("942", 0), 0u) << *v;  // an SQLi rule, not the 949110 verdict
  auto v2 = waf_->verdict(make("GET", "/api/v1/students?q=%27%20OR%201%3D1--"));
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->rfind("942", 0), 0u) << *v2;
}

TEST_F(Waf, BlocksXssInQueryAndJsonBody) {
  auto v = waf_->verdict(make("GET", "/api/v1/students?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->rfind("941", 0), 0u) << *v;
  auto b = waf_->verdict(make("POST", "/api/v1/students/", R"({"name": "<script>alert(document.cookie)</script>"})",
                              "application/json"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->rfind("941", 0), 0u) << *b;
}

TEST_F(Waf, BlocksSqlInjectionInJsonBody) {
  auto b = waf_->verdict(make("POST", "/api/v1/auth/login",
                              R"({"email": "a@b.com' OR '1'='1' --", "password": "x' UNION SELECT password FROM users--"})",
                              "application/json"));
  ASSERT_TRUE(b);
}

TEST_F(Waf, BlocksPathTraversal) {
  auto v = waf_->verdict(make("GET", "/api/v1/students?file=../../../../etc/passwd"));
  ASSERT_TRUE(v);
}

TEST_F(Waf, NormalRequestsPass) {
  EXPECT_FALSE(waf_->verdict(make("GET", "/api/v1/students/?skip=0&limit=20")));
  EXPECT_FALSE(waf_->verdict(make("GET", "/api/v1/bncc/skills/EF01MA01")));
  EXPECT_FALSE(waf_->verdict(make("GET", "/api/v1/activities/search?theme=matem%C3%A1tica&subject=matematica")));
  EXPECT_FALSE(waf_->verdict(make("POST", "/api/v1/students/",
                                  R"({"name": "João Silva", "date_of_birth": "2015-03-01", "diagnosis": "TEA Nível 1", "interests": ["dinossauros", "lego"], "notes": "Gosta de atividades com música; evita ruídos altos."})",
                                  "application/json")));
  EXPECT_FALSE(waf_->verdict(make("PUT", "/api/v1/students/0190f0c8-7f3e-7a1b-8c2d-3e4f5a6b7c8d",
                                  R"({"name": "Maria"})", "application/json")));
  EXPECT_FALSE(waf_->verdict(make("DELETE", "/api/v1/students/0190f0c8-7f3e-7a1b-8c2d-3e4f5a6b7c8d")));
  EXPECT_FALSE(waf_->verdict(make("POST", "/api/v1/auth/login", "username=test%40example.com&password=testpass123",
                                  "application/x-www-form-urlencoded")));
  EXPECT_FALSE(waf_->verdict(make("POST", "/api/v1/students/", R"({"name": )", "text/plain")));
}

TEST_F(Waf, BlockedResponseThroughThePipelineAndHealthExempt) {
  Router router;
  RouteOptions api;
  api.auth = AuthMode::Public;
  router.add("GET", "/api/v1/things", [](Request&, Context&) { return Response::json(json::object{{"ok", true}}); },
             api);
  RouteOptions health;
  health.auth = AuthMode::Public;
  health.rate = RateClass::None;
  health.security_exempt = true;
  health.health = true;
  router.add("GET", "/api/v1/health", [](Request&, Context&) { return Response::json(json::object{{"ok", true}}); },
             health);
  Pipeline p(router, {});
  p.add_security_filter(waf_);
  auto bad = make("GET", "/api/v1/things?q=%27%20OR%201%3D1--");
  Response r = p.handle(bad);
  ASSERT_EQ(r.status, 403);
  auto body = parse_json(r.body);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->at("detail").as_string(), "Request blocked by security policy");
  EXPECT_FALSE(body->at("rule_id").as_string().empty());
  EXPECT_EQ(*r.header("Cache-Control"), "no-store");
  EXPECT_TRUE(r.header("X-Process-Time"));
  auto health_req = make("GET", "/api/v1/health?q=%27%20OR%201%3D1--");
  EXPECT_EQ(p.handle(health_req).status, 200);
  auto good = make("GET", "/api/v1/things?q=hello");
  EXPECT_EQ(p.handle(good).status, 200);
}

TEST(WafConfig, BadRulesFileFailsWithTheParserMessage) {
  if (!security::waf_available()) GTEST_SKIP();
  EXPECT_THROW(security::WafFilter("/nonexistent/rules.conf"), std::runtime_error);
}
