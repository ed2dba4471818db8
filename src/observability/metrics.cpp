// Metrics aggregator, EMF/DogStatsD emission and the Prometheus registry.
#include "observability/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "http/router.hpp"
#include "observability/log.hpp"
#include "observability/udp.hpp"

namespace edu::metrics {
namespace {

constexpr std::size_t kMaxLatencySamples = 6000;  // per window; ≤ 60 EMF lines of 100 values
constexpr std::size_t kMaxDistinct = 64;
constexpr std::size_t kDogstatsdBatch = 1200;  // bytes: stays under a 1500-byte MTU

bool bounded_value(std::string_view v) {
  if (v.empty() || v.size() > 48) return false;
  for (char c : v)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '.'))
      return false;
  return true;
}

std::string fmt_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

bool is_health(const Context& ctx) { return ctx.route && ctx.route->options.health; }

struct CacheCounts {
  std::uint64_t hits = 0, misses = 0;
};

struct Window {
  std::vector<double> latency_ms;
  std::uint64_t requests = 0;
  double in_flight_sum = 0;
  std::uint64_t in_flight_samples = 0;
  std::map<std::string, std::uint64_t, std::less<>> subjects;
  std::uint64_t bncc_total = 0;
  std::map<std::string, std::uint64_t, std::less<>> bncc_by_grade;
  std::map<std::string, CacheCounts, std::less<>> caches;
};

template <class Map>
typename Map::mapped_type* slot(Map& m, std::string_view key) {
  auto it = m.find(key);
  if (it != m.end()) return &it->second;
  if (m.size() >= kMaxDistinct || !bounded_value(key)) return nullptr;
  return &m.emplace(std::string(key), typename Map::mapped_type{}).first->second;
}

}  // namespace

struct Metrics::Impl {
  Settings s;
  bool emf = false, dogstatsd = false;
  std::mutex mu;
  Window w;
  std::mt19937_64 rng{std::random_device{}()};

  // DogStatsD
  std::unique_ptr<obs::UdpSender> udp;
  std::string dd_tags;  // "#env:x,service:y[,version:z]"
  std::mutex dd_mu;
  std::string dd_buf;

  // Prometheus
  std::shared_ptr<prometheus::Registry> registry;
  prometheus::Family<prometheus::Counter>* http_requests = nullptr;
  prometheus::Family<prometheus::Histogram>* http_duration = nullptr;
  prometheus::Family<prometheus::Counter>* subjects = nullptr;
  prometheus::Family<prometheus::Counter>* bncc = nullptr;
  prometheus::Family<prometheus::Counter>* cache_hits = nullptr;
  prometheus::Family<prometheus::Counter>* cache_misses = nullptr;
  prometheus::Gauge* in_flight_gauge = nullptr;
  std::mutex prom_mu;
  std::unordered_map<std::string, prometheus::Counter*> counter_cache;
  std::unordered_map<std::string, prometheus::Histogram*> histogram_cache;

  // Flusher
  std::function<std::size_t()> in_flight_probe;
  std::thread flusher;
  std::mutex run_mu;
  std::condition_variable run_cv;
  bool running = false, stopped = false;

  std::string ns(std::string_view area) const { return s.prefix + "/" + std::string(area); }
  std::string dd_name(std::string_view area, std::string_view metric) const {
    return s.prefix + "." + std::string(area) + "." + std::string(metric);
  }

  void dd_line(std::string line) {
    if (!dogstatsd) return;
    std::string out;
    {
      std::lock_guard lock(dd_mu);
      if (!dd_buf.empty()) dd_buf.push_back('\n');
      dd_buf += line;
      if (dd_buf.size() < kDogstatsdBatch) return;
      out.swap(dd_buf);
    }
    udp->send(out);
  }

  void dd_count(std::string_view area, std::string_view metric, std::string_view extra_tag = {}) {
    if (!dogstatsd) return;
    std::string l = dd_name(area, metric) + ":1|c|" + dd_tags;
    if (!extra_tag.empty()) {
      l.push_back(',');
      l.append(extra_tag);
    }
    dd_line(std::move(l));
  }

  prometheus::Counter* prom_counter(prometheus::Family<prometheus::Counter>* fam,
                                    const std::string& key, const prometheus::Labels& labels) {
    std::lock_guard lock(prom_mu);
    auto it = counter_cache.find(key);
    if (it != counter_cache.end()) return it->second;
    if (counter_cache.size() >= 4096) return nullptr;
    auto* c = &fam->Add(labels);
    counter_cache.emplace(key, c);
    return c;
  }
};

Metrics::Metrics(Settings s) : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  m.s = std::move(s);
  if (m.s.window_seconds <= 0) m.s.window_seconds = 60;
  m.emf = m.s.sink == "emf" || m.s.sink == "both";
  m.dogstatsd = m.s.sink == "dogstatsd" || m.s.sink == "both";
  if (!m.s.emf_out) m.s.emf_out = [](std::string_view l) { log::write_line(l); };
  if (m.dogstatsd) {
    m.udp = std::make_unique<obs::UdpSender>(m.s.dd_host, static_cast<std::uint16_t>(m.s.dd_port));
    m.dd_tags = "#env:" + (m.s.dd_env.empty() ? m.s.environment : m.s.dd_env) +
                ",service:" + (m.s.dd_service.empty() ? m.s.service : m.s.dd_service);
    if (!m.s.dd_version.empty()) m.dd_tags += ",version:" + m.s.dd_version;
  }
  if (m.s.prometheus) {
    using namespace prometheus;
    m.registry = std::make_shared<Registry>();
    std::string p = m.s.prefix;
    for (auto& c : p)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    m.http_requests = &BuildCounter().Name(p + "_http_requests_total")
                           .Help("HTTP requests by method, route template and status")
                           .Register(*m.registry);
    m.http_duration = &BuildHistogram().Name(p + "_http_request_duration_seconds")
                           .Help("HTTP request duration by method and route template")
                           .Register(*m.registry);
    m.subjects = &BuildCounter().Name(p + "_requests_per_subject_total")
                      .Help("Activities requests per subject").Register(*m.registry);
    m.bncc = &BuildCounter().Name(p + "_bncc_searches_per_code_total")
                  .Help("BNCC code look-ups (grade_level empty when absent)").Register(*m.registry);
    m.cache_hits = &BuildCounter().Name(p + "_cache_hits_total").Help("Cache hits")
                        .Register(*m.registry);
    m.cache_misses = &BuildCounter().Name(p + "_cache_misses_total").Help("Cache misses")
                          .Register(*m.registry);
    m.in_flight_gauge = &BuildGauge().Name(p + "_http_requests_in_flight")
                             .Help("Requests in flight").Register(*m.registry).Add({});
  }
}

Metrics::~Metrics() { stop(); }

void Metrics::start(std::function<std::size_t()> in_flight) {
  auto& m = *impl_;
  {
    std::lock_guard lock(m.run_mu);
    if (m.running || m.stopped) return;
    m.running = true;
  }
  m.in_flight_probe = std::move(in_flight);
  m.flusher = std::thread([this] {
    auto& m = *impl_;
    const std::int64_t window_ms = static_cast<std::int64_t>(m.s.window_seconds) * 1000;
    std::int64_t now_ms = now_micros() / 1000;
    std::int64_t window_end = (now_ms / window_ms + 1) * window_ms;
    std::unique_lock lock(m.run_mu);
    while (m.running) {
      m.run_cv.wait_for(lock, std::chrono::seconds(1), [&] { return !m.running; });
      if (!m.running) break;
      lock.unlock();
      if (m.in_flight_probe) sample_in_flight(m.in_flight_probe());
      flush_dogstatsd();
      now_ms = now_micros() / 1000;
      if (now_ms >= window_end) {
        flush(window_end);
        while (window_end <= now_ms) window_end += window_ms;
      }
      lock.lock();
    }
  });
}

void Metrics::stop() {
  auto& m = *impl_;
  bool was_running;
  {
    std::lock_guard lock(m.run_mu);
    if (m.stopped) return;
    m.stopped = true;
    was_running = m.running;
    m.running = false;
  }
  m.run_cv.notify_all();
  if (m.flusher.joinable()) m.flusher.join();
  if (was_running) {
    flush(now_micros() / 1000);
    flush_dogstatsd();
  }
}

void Metrics::subject_request(std::string_view subject) {
  auto& m = *impl_;
  {
    std::lock_guard lock(m.mu);
    if (auto* c = slot(m.w.subjects, subject)) ++*c;
    else return;
  }
  m.dd_count("disciplines", "requests_per_subject", "subject:" + std::string(subject));
  if (m.subjects)
    if (auto* c = m.prom_counter(m.subjects, "s|" + std::string(subject), {{"subject", std::string(subject)}}))
      c->Increment();
}

void Metrics::bncc_search(std::string_view grade) {
  auto& m = *impl_;
  bool with_grade = false;
  {
    std::lock_guard lock(m.mu);
    ++m.w.bncc_total;
    if (!grade.empty())
      if (auto* c = slot(m.w.bncc_by_grade, grade)) {
        ++*c;
        with_grade = true;
      }
  }
  m.dd_count("bncc", "searches_per_code", with_grade ? "grade_level:" + std::string(grade) : "");
  if (m.bncc) {
    std::string g = with_grade ? std::string(grade) : "";
    if (auto* c = m.prom_counter(m.bncc, "b|" + g, {{"grade_level", g}})) c->Increment();
  }
}

void Metrics::cache_hit(std::string_view cache) {
  auto& m = *impl_;
  {
    std::lock_guard lock(m.mu);
    if (auto* c = slot(m.w.caches, cache)) ++c->hits;
    else return;
  }
  m.dd_count("cache", "hits", "cache:" + std::string(cache));
  if (m.cache_hits)
    if (auto* c = m.prom_counter(m.cache_hits, "h|" + std::string(cache), {{"cache", std::string(cache)}}))
      c->Increment();
}

void Metrics::cache_miss(std::string_view cache) {
  auto& m = *impl_;
  {
    std::lock_guard lock(m.mu);
    if (auto* c = slot(m.w.caches, cache)) ++c->misses;
    else return;
  }
  m.dd_count("cache", "misses", "cache:" + std::string(cache));
  if (m.cache_misses)
    if (auto* c = m.prom_counter(m.cache_misses, "m|" + std::string(cache), {{"cache", std::string(cache)}}))
      c->Increment();
}

void Metrics::sample_in_flight(std::size_t n) {
  auto& m = *impl_;
  {
    std::lock_guard lock(m.mu);
    m.w.in_flight_sum += static_cast<double>(n);
    ++m.w.in_flight_samples;
  }
  if (m.in_flight_gauge) m.in_flight_gauge->Set(static_cast<double>(n));
}

void Metrics::on_request(const Request& req, const Context& ctx, const Response& res, double seconds) {
  if (is_health(ctx)) return;
  auto& m = *impl_;
  double ms = seconds * 1000.0;
  {
    std::lock_guard lock(m.mu);
    ++m.w.requests;
    if (m.w.latency_ms.size() < kMaxLatencySamples) {
      m.w.latency_ms.push_back(ms);
    } else {  // reservoir sampling keeps a uniform sample of the window
      std::uint64_t j = m.rng() % m.w.requests;
      if (j < kMaxLatencySamples) m.w.latency_ms[j] = ms;
    }
  }
  if (m.dogstatsd) m.dd_line(m.dd_name("api", "latency") + ":" + fmt_number(ms) + "|d|" + m.dd_tags);
  if (m.registry) {
    std::string route = ctx.route ? ctx.route->pattern : "unmatched";
    std::string status = std::to_string(res.status);
    if (auto* c = m.prom_counter(m.http_requests, req.method + " " + route + " " + status,
                                 {{"method", req.method}, {"route", route}, {"status", status}}))
      c->Increment();
    prometheus::Histogram* h = nullptr;
    {
      std::lock_guard lock(m.prom_mu);
      std::string key = req.method + " " + route;
      auto it = m.histogram_cache.find(key);
      if (it != m.histogram_cache.end()) {
        h = it->second;
      } else if (m.histogram_cache.size() < 1024) {
        h = &m.http_duration->Add({{"method", req.method}, {"route", route}},
                                  prometheus::Histogram::BucketBoundaries{
                                      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
        m.histogram_cache.emplace(key, h);
      }
    }
    if (h) h->Observe(seconds);
  }
}

std::vector<std::string> Metrics::flush(std::int64_t window_end_ms) {
  auto& m = *impl_;
  Window w;
  {
    std::lock_guard lock(m.mu);
    std::swap(w, m.w);
  }
  double in_flight = w.in_flight_samples ? w.in_flight_sum / static_cast<double>(w.in_flight_samples) : 0.0;
  if (m.dogstatsd) {
    m.dd_line(m.dd_name("api", "in_flight_requests") + ":" + fmt_number(in_flight) + "|g|" + m.dd_tags);
    for (const auto& [name, c] : w.caches)
      if (c.hits + c.misses > 0)
        m.dd_line(m.dd_name("cache", "hit_rate") + ":" +
                  fmt_number(100.0 * static_cast<double>(c.hits) / static_cast<double>(c.hits + c.misses)) +
                  "|g|" + m.dd_tags + ",cache:" + name);
    flush_dogstatsd();
  }
  std::vector<std::string> lines;
  if (!m.emf) return lines;

  auto metric_defs = [](std::initializer_list<std::pair<const char*, const char*>> defs) {
    json::array a;
    for (const auto& [n, u] : defs) a.push_back(json::object{{"Name", n}, {"Unit", u}});
    return a;
  };
  auto header = [&](const std::string& ns, json::array dims, json::array metrics) {
    json::object o;
    o["_aws"] = json::object{
        {"Timestamp", window_end_ms},
        {"CloudWatchMetrics",
         json::array{json::object{{"Namespace", ns}, {"Dimensions", std::move(dims)}, {"Metrics", std::move(metrics)}}}}};
    o["Environment"] = m.s.environment;
    o["Service"] = m.s.service;
    return o;
  };
  auto dimset = [](std::initializer_list<const char*> names) {
    json::array inner;
    for (auto n : names) inner.push_back(json::string(n));
    return json::array{inner};
  };

  // eduautismo/api: latency (≤ 100 raw values per line), p95 and in-flight on the first line.
  {
    std::vector<double> sorted = w.latency_ms;
    std::sort(sorted.begin(), sorted.end());
    double p95 = 0;
    if (!sorted.empty()) {
      std::size_t rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(sorted.size())));
      p95 = sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
    }
    std::size_t i = 0;
    bool first = true;
    do {
      json::array defs;
      if (i < w.latency_ms.size()) defs.push_back(json::object{{"Name", "latency"}, {"Unit", "Milliseconds"}});
      if (first) {
        if (!w.latency_ms.empty()) defs.push_back(json::object{{"Name", "p95_latency"}, {"Unit", "Milliseconds"}});
        defs.push_back(json::object{{"Name", "in_flight_requests"}, {"Unit", "Count"}});
      }
      auto o = header(m.ns("api"), dimset({"Environment", "Service"}), std::move(defs));
      if (i < w.latency_ms.size()) {
        json::array vals;
        for (std::size_t k = 0; k < 100 && i < w.latency_ms.size(); ++k, ++i)
          vals.push_back(round_to(w.latency_ms[i], 3));
        o["latency"] = std::move(vals);
      }
      if (first) {
        if (!w.latency_ms.empty()) o["p95_latency"] = round_to(p95, 3);
        o["in_flight_requests"] = round_to(in_flight, 2);
      }
      first = false;
      lines.push_back(to_json_compact(o));
    } while (i < w.latency_ms.size());
  }
  for (const auto& [subject, n] : w.subjects) {
    auto o = header(m.ns("disciplines"), dimset({"Environment", "Service", "Subject"}),
                    metric_defs({{"requests_per_subject", "Count"}}));
    o["Subject"] = subject;
    o["requests_per_subject"] = n;
    lines.push_back(to_json_compact(o));
  }
  if (w.bncc_total > 0) {
    auto o = header(m.ns("bncc"), dimset({"Environment", "Service"}), metric_defs({{"searches_per_code", "Count"}}));
    o["searches_per_code"] = w.bncc_total;
    lines.push_back(to_json_compact(o));
    for (const auto& [grade, n] : w.bncc_by_grade) {
      auto g = header(m.ns("bncc"), dimset({"Environment", "Service", "GradeLevel"}),
                      metric_defs({{"searches_per_code", "Count"}}));
      g["GradeLevel"] = grade;
      g["searches_per_code"] = n;
      lines.push_back(to_json_compact(g));
    }
  }
  for (const auto& [cache, c] : w.caches) {
    if (c.hits + c.misses == 0) continue;
    auto o = header(m.ns("cache"), dimset({"Environment", "Service", "Cache"}),
                    metric_defs({{"hit_rate", "Percent"}, {"hits", "Count"}, {"misses", "Count"}}));
    o["Cache"] = cache;
    o["hit_rate"] = round_to(100.0 * static_cast<double>(c.hits) / static_cast<double>(c.hits + c.misses), 2);
    o["hits"] = c.hits;
    o["misses"] = c.misses;
    lines.push_back(to_json_compact(o));
  }
  for (const auto& l : lines) m.s.emf_out(l);
  return lines;
}

void Metrics::flush_dogstatsd() {
  auto& m = *impl_;
  if (!m.dogstatsd) return;
  std::string out;
  {
    std::lock_guard lock(m.dd_mu);
    out.swap(m.dd_buf);
  }
  if (!out.empty()) m.udp->send(out);
}

std::string Metrics::prometheus_text() {
  auto& m = *impl_;
  if (!m.registry) return "";
  if (m.in_flight_probe) m.in_flight_gauge->Set(static_cast<double>(m.in_flight_probe()));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, m.registry->Collect());
  return out.str();
}

}  // namespace edu::metrics
