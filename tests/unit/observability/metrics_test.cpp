// Metrics aggregation and emission (INFRA.md §1.5): EMF line shape, DogStatsD datagrams,
// Prometheus text, health routes excluded.
#include "observability/metrics.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "http/router.hpp"

using namespace edu;

namespace {

struct Fixture {
  Route api{"GET", "/api/v1/students/{student_id}", nullptr, {}};
  Route health{"GET", "/api/v1/health", nullptr, {}};
  Fixture() { health.options.health = true; }
  void hit(metrics::Metrics& m, const Route& r, int status, double seconds) {
    Request req;
    req.method = "GET";
    Context ctx;
    ctx.route = &r;
    Response res;
    res.status = status;
    m.on_request(req, ctx, res, seconds);
  }
};

json::object parse_obj(const std::string& s) {
  auto v = parse_json(s);
  EXPECT_TRUE(v) << s;
  return v ? v->as_object() : json::object{};
}

}  // namespace

TEST(Metrics, EmfApiLineMatchesTheContractShape) {
  std::vector<std::string> out;
  metrics::Settings s;
  s.environment = "production";
  s.emf_out = [&](std::string_view l) { out.emplace_back(l); };
  metrics::Metrics m(s);
  Fixture f;
  for (int i = 1; i <= 20; ++i) f.hit(m, f.api, 200, i / 1000.0);  // 1..20 ms
  f.hit(m, f.health, 200, 0.5);                                      // excluded
  m.sample_in_flight(2);
  m.sample_in_flight(4);
  auto lines = m.flush(1764936060000);
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(out, lines);
  EXPECT_EQ(lines[0].find("{\"_aws\":{\"Timestamp\":1764936060000,\"CloudWatchMetrics\":[{\"Namespace\":\"eduautismo/api\","
                          "\"Dimensions\":[[\"Environment\",\"Service\"]],\"Metrics\":[{\"Name\":\"latency\",\"Unit\":"
                          "\"Milliseconds\"},{\"Name\":\"p95_latency\",\"Unit\":\"Milliseconds\"},{\"Name\":"
                          "\"in_flight_requests\",\"Unit\":\"Count\"}]}]},\"Environment\":\"production\",\"Service\":"
                          "\"eduautismo-api\",\"latency\":["),
            0u)
      << lines[0];
  auto o = parse_obj(lines[0]);
  EXPECT_EQ(o.at("latency").as_array().size(), 20u);
  EXPECT_DOUBLE_EQ(o.at("p95_latency").to_number<double>(), 19.0);
  EXPECT_DOUBLE_EQ(o.at("in_flight_requests").to_number<double>(), 3.0);
  // next window starts empty: only in_flight (0)
  auto next = m.flush(1764936120000);
  ASSERT_EQ(next.size(), 1u);
  auto n = parse_obj(next[0]);
  EXPECT_FALSE(n.contains("latency"));
  EXPECT_DOUBLE_EQ(n.at("in_flight_requests").to_number<double>(), 0.0);
}

TEST(Metrics, LatencyArraysHoldAtMostOneHundredValues) {
  std::vector<std::string> out;
  metrics::Settings s;
  s.emf_out = [&](std::string_view l) { out.emplace_back(l); };
  metrics::Metrics m(s);
  Fixture f;
  for (int i = 0; i < 250; ++i) f.hit(m, f.api, 200, 0.001);
  auto lines = m.flush(1000);
  ASSERT_EQ(lines.size(), 3u);
  std::size_t total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto o = parse_obj(lines[i]);
    auto n = o.at("latency").as_array().size();
    EXPECT_LE(n, 100u);
    total += n;
    EXPECT_EQ(o.contains("p95_latency"), i == 0);
  }
  EXPECT_EQ(total, 250u);
}

TEST(Metrics, BusinessMetricsUseBoundedDimensions) {
  std::vector<std::string> out;
  metrics::Settings s;
  s.environment = "staging";
  s.emf_out = [&](std::string_view l) { out.emplace_back(l); };
  metrics::Metrics m(s);
  m.subject_request("matematica");
  m.subject_request("matematica");
  m.subject_request("not a valid value!");  // rejected: not a bounded token
  m.bncc_search("1_ano");
  m.bncc_search();
  m.cache_hit("bncc");
  m.cache_hit("bncc");
  m.cache_hit("bncc");
  m.cache_miss("bncc");
  m.cache_miss("nlp");
  auto lines = m.flush(5000);
  // api + subject + bncc total + bncc by grade + cache bncc + cache nlp
  ASSERT_EQ(lines.size(), 6u);
  auto subj = parse_obj(lines[1]);
  EXPECT_EQ(subj.at("Subject").as_string(), "matematica");
  EXPECT_EQ(subj.at("requests_per_subject").as_int64(), 2);
  EXPECT_EQ(subj.at("_aws").at("CloudWatchMetrics").at(0).at("Namespace").as_string(), "eduautismo/disciplines");
  EXPECT_EQ(to_json_compact(subj.at("_aws").at("CloudWatchMetrics").at(0).at("Dimensions")),
            R"([["Environment","Service","Subject"]])");
  auto bncc = parse_obj(lines[2]);
  EXPECT_EQ(bncc.at("searches_per_code").as_int64(), 2);
  EXPECT_EQ(to_json_compact(bncc.at("_aws").at("CloudWatchMetrics").at(0).at("Dimensions")),
            R"([["Environment","Service"]])");
  auto grade = parse_obj(lines[3]);
  EXPECT_EQ(grade.at("GradeLevel").as_string(), "1_ano");
  EXPECT_EQ(grade.at("searches_per_code").as_int64(), 1);
  auto cache = parse_obj(lines[4]);
  EXPECT_EQ(cache.at("Cache").as_string(), "bncc");
  EXPECT_DOUBLE_EQ(cache.at("hit_rate").to_number<double>(), 75.0);
  EXPECT_EQ(cache.at("hits").as_int64(), 3);
  EXPECT_EQ(cache.at("misses").as_int64(), 1);
  EXPECT_EQ(cache.at("_aws").at("CloudWatchMetrics").at(0).at("Metrics").at(0).at("Unit").as_string(), "Percent");
  auto nlp = parse_obj(lines[5]);
  EXPECT_DOUBLE_EQ(nlp.at("hit_rate").to_number<double>(), 0.0);
}

TEST(Metrics, SinkNoneWritesNothing) {
  std::vector<std::string> out;
  metrics::Settings s;
  s.sink = "none";
  s.emf_out = [&](std::string_view l) { out.emplace_back(l); };
  metrics::Metrics m(s);
  Fixture f;
  f.hit(m, f.api, 200, 0.01);
  EXPECT_TRUE(m.flush(1000).empty());
  EXPECT_TRUE(out.empty());
}

TEST(Metrics, DogStatsdDatagramsReachTheAgent) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  metrics::Settings s;
  s.sink = "dogstatsd";
  s.environment = "production";
  s.dd_port = ntohs(addr.sin_port);
  s.dd_version = "1.2.3";
  metrics::Metrics m(s);
  Fixture f;
  f.hit(m, f.api, 200, 0.0121);
  m.subject_request("matematica");
  m.cache_hit("session");
  m.sample_in_flight(3);
  m.flush(1000);  // gauges + sends the buffer
  std::string all;
  char buf[65536];
  while (true) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<std::size_t>(n));
    all.push_back('\n');
    if (all.find("in_flight_requests") != std::string::npos) break;
  }
  ::close(fd);
  const std::string tags = "#env:production,service:eduautismo-api,version:1.2.3";
  EXPECT_NE(all.find("eduautismo.api.latency:12.1|d|" + tags), std::string::npos) << all;
  EXPECT_NE(all.find("eduautismo.disciplines.requests_per_subject:1|c|" + tags + ",subject:matematica"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("eduautismo.cache.hits:1|c|" + tags + ",cache:session"), std::string::npos) << all;
  EXPECT_NE(all.find("eduautismo.api.in_flight_requests:3|g|" + tags), std::string::npos) << all;
  EXPECT_NE(all.find("eduautismo.cache.hit_rate:100|g|" + tags + ",cache:session"), std::string::npos) << all;
}

TEST(Metrics, PrometheusText) {
  metrics::Settings s;
  s.sink = "none";
  s.prometheus = true;
  metrics::Metrics m(s);
  Fixture f;
  f.hit(m, f.api, 200, 0.003);
  f.hit(m, f.api, 404, 0.002);
  f.hit(m, f.health, 200, 0.001);
  m.bncc_search("1_ano");
  auto text = m.prometheus_text();
  EXPECT_NE(text.find("eduautismo_http_requests_total{method=\"GET\",route=\"/api/v1/students/{student_id}\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status=\"404\"} 1"), std::string::npos);
  EXPECT_EQ(text.find("/api/v1/health"), std::string::npos);
  EXPECT_NE(text.find("eduautismo_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/students/{student_id}\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("eduautismo_bncc_searches_per_code_total{grade_level=\"1_ano\"} 1"), std::string::npos);
}

TEST(Metrics, FlusherEmitsOnStop) {
  std::vector<std::string> out;
  std::mutex mu;
  metrics::Settings s;
  s.emf_out = [&](std::string_view l) {
    std::lock_guard lock(mu);
    out.emplace_back(l);
  };
  metrics::Metrics m(s);
  m.start([] { return std::size_t{1}; });
  Fixture f;
  f.hit(m, f.api, 200, 0.004);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  m.stop();
  std::lock_guard lock(mu);
  ASSERT_FALSE(out.empty());
  auto o = parse_obj(out.back());
  EXPECT_GT(o.at("in_flight_requests").to_number<double>(), 0.0);
}
