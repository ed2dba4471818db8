// Trace context (INFRA.md §1.6): X-Amzn-Trace-Id, W3C traceparent mapping, sampling,
// outgoing headers, X-Ray segment document.
#include "observability/tracing.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "http/router.hpp"

using namespace edu;

TEST(Tracing, XRayHeaderIsKeptWithUnknownFields) {
  std::string h = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0";
  auto t = trace::from_headers(&h, nullptr, 0.0);
  EXPECT_EQ(t.root, "1-5759e988-bd862e3fe1be46a994272793");
  EXPECT_EQ(t.parent, "53995c3f42cd8ad8");
  EXPECT_TRUE(t.sampled);
  EXPECT_EQ(t.extra, "Lineage=a87bd80c:0");
  EXPECT_EQ(t.segment_id.size(), 16u);
  EXPECT_EQ(trace::response_header(t), "Root=1-5759e988-bd862e3fe1be46a994272793");
  std::string off = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0";
  EXPECT_FALSE(trace::from_headers(&off, nullptr, 1.0).sampled);
}

TEST(Tracing, W3CTraceparentIsMappedToXRayForm) {
  std::string tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  auto t = trace::from_headers(nullptr, &tp, 0.0);
  EXPECT_EQ(t.root, "1-4bf92f35-77b34da6a3ce929d0e0e4736");
  EXPECT_EQ(t.parent, "00f067aa0ba902b7");
  EXPECT_TRUE(t.sampled);
  EXPECT_EQ(trace::w3c_trace_id(t.root), "4bf92f3577b34da6a3ce929d0e0e4736");
  std::string unsampled = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
  EXPECT_FALSE(trace::from_headers(nullptr, &unsampled, 1.0).sampled);
  // X-Amzn-Trace-Id wins over traceparent
  std::string amzn = "Root=1-5759e988-bd862e3fe1be46a994272793";
  EXPECT_EQ(trace::from_headers(&amzn, &tp, 0.0).root, "1-5759e988-bd862e3fe1be46a994272793");
}

TEST(Tracing, MalformedHeadersGiveANewRootAndLocalSampling) {
  std::regex root(R"(1-[0-9a-f]{8}-[0-9a-f]{24})");
  for (std::string bad : {"Root=garbage", "Root=1-xyz-abc;Parent=1", ""}) {
    auto t = trace::from_headers(&bad, nullptr, 0.0);
    EXPECT_TRUE(std::regex_match(t.root, root)) << t.root;
    EXPECT_FALSE(t.sampled);
    EXPECT_TRUE(t.parent.empty());
  }
  std::string badtp = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
  auto t = trace::from_headers(nullptr, &badtp, 1.0);
  EXPECT_TRUE(std::regex_match(t.root, root));
  EXPECT_TRUE(t.sampled);  // no incoming decision: sample rate 1.0
  // the epoch part of a new root is the current time
  long epoch = std::stol(t.root.substr(2, 8), nullptr, 16);
  EXPECT_NEAR(static_cast<double>(epoch), static_cast<double>(now_micros() / 1000000), 5.0);
}

TEST(Tracing, OutgoingHeadersCarryANewParent) {
  std::string h = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
  auto t = trace::from_headers(&h, nullptr, 0.0);
  auto out = trace::outgoing_headers(t);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(std::regex_match(out[0].second,
                               std::regex(R"(Root=1-5759e988-bd862e3fe1be46a994272793;Parent=[0-9a-f]{16};Sampled=1)")));
  EXPECT_TRUE(std::regex_match(out[1].second,
                               std::regex(R"(00-5759e988bd862e3fe1be46a994272793-[0-9a-f]{16}-01)")));
}

TEST(Tracing, SegmentDocument) {
  trace::XRaySettings s;
  s.daemon_address = "127.0.0.1:9";  // discard
  trace::XRayEmitter x(s);
  Route route{"GET", "/api/v1/students/{student_id}", nullptr, {}};
  Request req;
  req.method = "GET";
  req.target = "/api/v1/students/abc";
  req.path = "/api/v1/students/abc";
  req.headers = {{"Host", "api.example"}};
  req.peer_ip = "10.0.0.2";
  req.client_ip = "200.160.0.8";
  Context ctx;
  ctx.route = &route;
  std::string h = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
  ctx.trace = trace::from_headers(&h, nullptr, 0);
  ctx.started = 1764936060000000;
  ctx.log_field("subject", "matematica");
  Response res = Response::json(429, json::object{{"detail", "Rate limit exceeded"}});
  auto doc = parse_json(x.segment_json(req, ctx, res, 0.25));
  ASSERT_TRUE(doc);
  auto& o = doc->as_object();
  EXPECT_EQ(o.at("name").as_string(), "eduautismo-api");
  EXPECT_EQ(o.at("trace_id").as_string(), "1-5759e988-bd862e3fe1be46a994272793");
  EXPECT_EQ(o.at("parent_id").as_string(), "53995c3f42cd8ad8");
  EXPECT_EQ(o.at("id").as_string().size(), 16u);
  EXPECT_DOUBLE_EQ(o.at("start_time").to_number<double>(), 1764936060.0);
  EXPECT_DOUBLE_EQ(o.at("end_time").to_number<double>(), 1764936060.25);
  EXPECT_EQ(o.at("origin").as_string(), "AWS::ECS::Container");
  auto& http = o.at("http").as_object();
  EXPECT_EQ(http.at("request").at("url").as_string(), "http://api.example/api/v1/students/abc");
  EXPECT_EQ(http.at("request").at("client_ip").as_string(), "200.160.0.8");
  EXPECT_TRUE(http.at("request").at("x_forwarded_for").as_bool());
  EXPECT_EQ(http.at("response").at("status").as_int64(), 429);
  EXPECT_TRUE(o.at("throttle").as_bool());
  EXPECT_TRUE(o.at("error").as_bool());
  EXPECT_FALSE(o.contains("fault"));
  EXPECT_EQ(o.at("annotations").at("subject").as_string(), "matematica");
}
