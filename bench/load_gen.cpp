// Open-loop HTTP/1.1 load generator for the seed-scale benchmark (bench/load.sh). It offers a
// constant request rate: request i is due at start + i / rate whatever happened before, and its
// latency is measured from that intended send time, so a stalled server shows up as latency
// instead of silently lowering the offered load (no coordinated omission, as wrk2). One thread,
// epoll, non-blocking keep-alive connections opened on demand up to --conns; requests due while
// every connection is busy wait in a FIFO (their wait counts). The workload is a teacher mix
// over virtual teachers (bench/seed.sh writes them), each logged in with its own token.
// Latencies go to log-linear histograms (HDR-style: 2^k ranges split in 64 linear buckets,
// ≤ 1.6 % relative error). Prints one JSON document (steps, per-endpoint percentiles, errors,
// server CPU/RSS from /proc, database CPU, cache hit rate from the Prometheus endpoint).
//
// Usage: bench_load_gen --port P --teachers FILE [--host 127.0.0.1] [--password benchpass123]
//   [--rates 17,170,1700] [--ramp START,FACTOR,MAX[,BISECT=2]] [--duration 10] [--conns 256]
//   [--server-pid PID] [--db-parent PID] [--metrics-port P] [--p95-limit-ms 50] [--mix name=w,...]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <dirent.h>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// Log-linear histogram of microseconds: values < 128 exact, then each power of two split in 64
// linear buckets (relative error <= 1/64).
struct Histogram {
  std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(128 + 64 * 40, 0);
  std::uint64_t total = 0;
  std::int64_t max_us = 0;
  static std::size_t index(std::int64_t v) {
    if (v < 128) return static_cast<std::size_t>(v);
    int msb = 63 - __builtin_clzll(static_cast<unsigned long long>(v));  // >= 7
    int shift = msb - 6;
    auto sub = static_cast<std::size_t>(v >> shift);  // [64, 127]
    return 128 + static_cast<std::size_t>(shift - 1) * 64 + (sub - 64);
  }
  static std::int64_t value_of(std::size_t idx) {  // highest value of the bucket
    if (idx < 128) return static_cast<std::int64_t>(idx);
    int shift = static_cast<int>((idx - 128) / 64) + 1;
    auto sub = static_cast<std::int64_t>((idx - 128) % 64 + 64);
    return ((sub + 1) << shift) - 1;
  }
  void record(std::int64_t us) {
    if (us < 0) us = 0;
    std::size_t i = std::min(index(us), counts.size() - 1);
    ++counts[i];
    ++total;
    max_us = std::max(max_us, us);
  }
  void merge(const Histogram& o) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += o.counts[i];
    total += o.total;
    max_us = std::max(max_us, o.max_us);
  }
  double percentile_ms(double p) const {
    if (total == 0) return 0;
    auto want = static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total)));
    if (want == 0) want = 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      seen += counts[i];
      if (seen >= want) return static_cast<double>(std::min(value_of(i), max_us)) / 1000.0;
    }
    return static_cast<double>(max_us) / 1000.0;
  }
};

struct Teacher {
  std::string email, professional, token;
  std::vector<std::pair<std::string, std::string>> pairs;  // student id, activity id
};

enum Endpoint {
  kLogin, kStudents, kStudent, kActivitiesSearch, kBncc, kGenerate, kAssessment, kPending, kEndpoints
};
const std::array<const char*, kEndpoints> kNames = {"login", "students_list", "student_get",
                                                    "activities_by_subject_grade", "bncc_search",
                                                    "activity_generate", "assessment_create", "pending_review"};

const char* kSubjects[] = {"matematica", "portugues", "literatura", "redacao", "ciencias", "historia", "geografia",
                           "arte", "educacao_fisica", "musica", "ingles", "espanhol", "biologia", "fisica", "quimica",
                           "filosofia", "sociologia", "informatica", "artes_visuais", "teatro", "danca",
                           "educacao_profissional", "empreendedorismo", "educacao_financeira", "educacao_ambiental"};
const char* kGrades[] = {"infantil_maternal", "infantil_1", "infantil_2", "fundamental_1_1ano", "fundamental_1_2ano",
                         "fundamental_1_3ano", "fundamental_1_4ano", "fundamental_1_5ano", "fundamental_2_6ano",
                         "fundamental_2_7ano", "fundamental_2_8ano", "fundamental_2_9ano", "medio_1ano", "medio_2ano",
                         "medio_3ano", "eja_fundamental", "eja_medio_1", "eja_medio_3"};
// BNCC searches a teacher types: a few dozen distinct queries (the catalog cache sees repeats).
const char* kBnccQueries[] = {
    "q=fra%C3%A7%C3%B5es", "q=leitura", "q=texto%20argumentativo", "q=n%C3%BAmeros", "q=EF07MA33",
    "stage=EF&year=6", "stage=EF&year=3", "stage=EI", "q=corpo", "q=mapas", "q=geometria", "q=escrita",
    "q=oralidade", "q=medidas", "q=probabilidade", "stage=EM", "q=m%C3%BAsica", "q=dan%C3%A7a", "q=jogos",
    "q=hist%C3%B3ria", "q=ci%C3%AAncia", "q=energia", "q=vida", "q=%C3%A1gua", "q=sistema%20solar",
    "q=poema", "q=narrativa", "q=g%C3%AAneros", "q=equa%C3%A7%C3%B5es", "q=gr%C3%A1ficos", "q=tabelas",
    "q=cultura", "q=ingl%C3%AAs", "q=esportes", "q=brincadeiras", "q=tempo", "q=espa%C3%A7o", "q=cidade",
    "q=popula%C3%A7%C3%A3o", "q=ritmo"};
const char* kTypes[] = {"cognitive", "social", "motor", "sensory", "communication", "daily_living", "academic"};
const char* kDiffs[] = {"very_easy", "easy", "medium", "hard", "very_hard"};

struct Pending {
  int endpoint;
  int teacher;
  std::int64_t intended_ns;
  std::string wire;
};

struct Conn {
  int fd = -1;
  bool connected = false, busy = false;
  std::string out;
  std::size_t out_off = 0;
  std::string in;
  Pending req;
};

struct StepStats {
  std::array<Histogram, kEndpoints> hist;
  std::array<std::uint64_t, kEndpoints> errors{};
  std::map<std::string, std::uint64_t> error_kinds;
  std::uint64_t sent = 0, completed = 0, timeouts = 0;
};

struct ProcSnap {
  double cpu_s = 0;
  double rss_mb = 0;
};

double clk_tck() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }

// utime + stime of a process; with `reaped`, plus cutime + cstime: the CPU of its children
// that have exited and been waited for.
bool proc_cpu(int pid, double& cpu, int* ppid = nullptr, bool reaped = false) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s;
  if (!std::getline(f, s)) return false;
  auto p = s.rfind(')');
  if (p == std::string::npos) return false;
  std::istringstream is(s.substr(p + 2));
  std::string tok;
  std::vector<std::string> v;
  while (is >> tok) v.push_back(tok);
  if (v.size() < 15) return false;
  if (ppid) *ppid = std::stoi(v[1]);
  cpu = (std::stod(v[11]) + std::stod(v[12]) + (reaped ? std::stod(v[13]) + std::stod(v[14]) : 0)) /
        clk_tck();
  return true;
}
// A field of /proc/<pid>/status in MiB: "VmRSS:" (resident total) or "RssAnon:" (heap and
// stacks, without the mapped files — SQLite maps its database file).
double proc_rss_mb(int pid, const std::string& field = "VmRSS:") {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(field, 0) == 0) return std::stod(line.substr(field.size())) / 1024.0;
  return 0;
}
// CPU of a process and every direct child (PostgreSQL backends are children of the postmaster),
// live or exited: a backend that ends during a step (a client disconnecting, an autovacuum
// worker) moves its time into the parent's reaped-children counters, so the total only grows.
double tree_cpu(int parent) {
  double total = 0, c = 0;
  if (proc_cpu(parent, c, nullptr, /*reaped=*/true)) total += c;
  DIR* d = opendir("/proc");
  if (!d) return total;
  while (auto* e = readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    int pid = std::atoi(e->d_name), pp = 0;
    if (proc_cpu(pid, c, &pp) && pp == parent) total += c;
  }
  closedir(d);
  return total;
}
double machine_load1() {
  std::ifstream f("/proc/loadavg");
  double l = 0;
  f >> l;
  return l;
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    o += c;
  }
  return o;
}

class Generator {
 public:
  std::string host = "127.0.0.1";
  int port = 0, max_conns = 256, server_pid = 0, db_parent = 0, metrics_port = 0;
  std::string password = "benchpass123";
  std::vector<Teacher> teachers;
  std::array<int, kEndpoints> weights = {1, 15, 20, 20, 20, 4, 10, 10};
  std::mt19937_64 rng{42};

  Generator() { ep_ = epoll_create1(0); }

  std::string build(int e, Teacher& t, int ti) {
    std::string path, body, extra, method = "GET", ctype;
    auto& pr = t.pairs[rng() % t.pairs.size()];
    switch (e) {
      case kLogin:
        method = "POST";
        path = "/api/v1/auth/login";
        body = "username=" + t.email + "&password=" + password;
        ctype = "application/x-www-form-urlencoded";
        break;
      case kStudents: path = "/api/v1/students/"; break;
      case kStudent: path = "/api/v1/students/" + pr.first; break;
      case kActivitiesSearch:
        path = std::string("/api/v1/activities/search?subject=") + kSubjects[rng() % 25] +
               "&grade_level=" + kGrades[rng() % 18];
        break;
      case kBncc:
        path = std::string("/api/v1/bncc/skills?") + kBnccQueries[rng() % std::size(kBnccQueries)];
        break;
      case kGenerate:
        method = "POST";
        path = "/api/v1/activities/generate";
        ctype = "application/json";
        body = std::string("{\"student_id\":\"") + pr.first + "\",\"activity_type\":\"" + kTypes[rng() % 7] +
               "\",\"difficulty\":\"" + kDiffs[rng() % 5] + "\",\"duration_minutes\":30,\"subject\":\"" +
               kSubjects[rng() % 25] + "\",\"grade_level\":\"" + kGrades[rng() % 18] + "\"}";
        break;
      case kAssessment:
        method = "POST";
        path = "/api/v1/assessments/";
        ctype = "application/json";
        body = "{\"activity_id\":\"" + pr.second + "\",\"student_id\":\"" + pr.first +
               "\",\"completion_status\":\"completed\",\"engagement_level\":\"high\","
               "\"difficulty_rating\":\"appropriate\",\"actual_duration_minutes\":30,"
               "\"notes\":\"Registro do benchmark\"}";
        break;
      case kPending:
        path = "/api/v1/intervention-plans/pending-review?limit=20";
        extra = "X-Professional-ID: " + t.professional + "\r\n";
        break;
    }
    (void)ti;
    std::string w = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
    if (e != kLogin) w += "Authorization: Bearer " + t.token + "\r\n";
    w += extra;
    if (!body.empty()) w += "Content-Type: " + ctype + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    w += "\r\n" + body;
    return w;
  }

  int pick_endpoint() {
    int sum = 0;
    for (int w : weights) sum += w;
    int r = static_cast<int>(rng() % static_cast<unsigned>(sum));
    for (int i = 0; i < kEndpoints; ++i) {
      if (r < weights[static_cast<std::size_t>(i)]) return i;
      r -= weights[static_cast<std::size_t>(i)];
    }
    return kStudent;
  }

  // Runs `rate` req/s for `seconds` (rate 0: closed loop over `fixed` requests, used for the
  // initial logins), then waits up to `drain_s` for the responses still in flight.
  StepStats run(double rate, double seconds, std::vector<Pending>* fixed = nullptr, int closed_concurrency = 0) {
    StepStats st;
    stats_ = &st;
    std::int64_t start = now_ns() + 1'000'000;
    std::int64_t interval = rate > 0 ? static_cast<std::int64_t>(1e9 / rate) : 0;
    std::int64_t end = start + static_cast<std::int64_t>(seconds * 1e9);
    std::uint64_t i = 0;
    std::size_t fixed_next = 0;
    bool sending = true;
    std::int64_t drain_deadline = 0;
    while (true) {
      std::int64_t t = now_ns();
      if (sending) {
        if (fixed) {
          while (fixed_next < fixed->size() && in_flight_ + queue_.size() < static_cast<std::size_t>(closed_concurrency)) {
            Pending p = (*fixed)[fixed_next++];
            p.intended_ns = t;
            dispatch(std::move(p));
          }
          if (fixed_next >= fixed->size()) sending = false;
        } else {
          while (start + static_cast<std::int64_t>(i) * interval <= t) {
            std::int64_t due = start + static_cast<std::int64_t>(i) * interval;
            if (due >= end) { sending = false; break; }
            int ti = static_cast<int>(rng() % teachers.size());
            int e = pick_endpoint();
            dispatch(Pending{e, ti, due, build(e, teachers[static_cast<std::size_t>(ti)], ti)});
            ++i;
          }
        }
        if (!sending) drain_deadline = now_ns() + 10'000'000'000LL;
      }
      if (!sending && in_flight_ == 0 && queue_.empty()) break;
      if (!sending && now_ns() > drain_deadline) {
        st.timeouts += in_flight_ + queue_.size();
        st.error_kinds["timeout"] += in_flight_ + queue_.size();
        for (auto& c : conns_) if (c.busy) close_conn(c);
        queue_.clear();
        in_flight_ = 0;
        break;
      }
      // Sleep until the next request is due (nanosecond timeout: a millisecond one rounds
      // sub-millisecond intervals down to 0 and turns the loop into a busy spin that steals a
      // core from the server being measured).
      std::int64_t timeout_ns = 1'000'000;
      if (sending && !fixed) {
        std::int64_t next = start + static_cast<std::int64_t>(i) * interval;
        timeout_ns = std::max<std::int64_t>(0, next - now_ns());
      } else if (!sending) {
        timeout_ns = 50'000'000;
      }
      poll(timeout_ns);
    }
    stats_ = nullptr;
    return st;
  }

  void close_all() {
    for (auto& c : conns_) if (c.fd >= 0) { ::close(c.fd); c.fd = -1; }
  }

 private:
  int ep_;
  std::deque<Conn> conns_;  // stable addresses
  std::vector<Conn*> idle_;
  std::deque<Pending> queue_;
  std::size_t in_flight_ = 0, open_ = 0;
  StepStats* stats_ = nullptr;

  void dispatch(Pending p) {
    ++stats_->sent;
    ++in_flight_;
    Conn* c = nullptr;
    while (!idle_.empty() && !c) {
      c = idle_.back();
      idle_.pop_back();
      if (c->fd < 0 || c->busy) c = nullptr;
    }
    if (!c && open_ < static_cast<std::size_t>(max_conns)) c = open_conn();
    if (!c) { queue_.push_back(std::move(p)); return; }
    start_on(*c, std::move(p));
  }

  Conn* open_conn() {
    Conn* slot = nullptr;
    for (auto& c : conns_) if (c.fd < 0 && !c.busy) { slot = &c; break; }
    if (!slot) { conns_.emplace_back(); slot = &conns_.back(); }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &a.sin_addr);
    ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    slot->fd = fd;
    slot->connected = false;
    slot->in.clear();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    ev.data.ptr = slot;
    epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev);
    ++open_;
    return slot;
  }

  void start_on(Conn& c, Pending p) {
    c.busy = true;
    c.req = std::move(p);
    c.out = c.req.wire;
    c.out_off = 0;
    c.in.clear();
    if (c.connected) flush(c);
  }

  void flush(Conn& c) {
    while (c.out_off < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN) return;
        fail(c, "send");
        return;
      }
      c.out_off += static_cast<std::size_t>(n);
    }
  }

  void close_conn(Conn& c) {
    if (c.fd >= 0) {
      epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
      ::close(c.fd);
      c.fd = -1;
      --open_;
    }
    c.connected = false;
    c.busy = false;
  }

  void fail(Conn& c, const char* why) {
    bool had = c.busy;
    Pending p = c.req;
    close_conn(c);
    if (had && stats_) {
      --in_flight_;
      ++stats_->errors[static_cast<std::size_t>(p.endpoint)];
      ++stats_->error_kinds[why];
      stats_->hist[static_cast<std::size_t>(p.endpoint)].record((now_ns() - p.intended_ns) / 1000);
      ++stats_->completed;
    }
    next_from_queue();
  }

  void next_from_queue() {
    while (!queue_.empty()) {
      Conn* c = nullptr;
      while (!idle_.empty() && !c) {
        c = idle_.back();
        idle_.pop_back();
        if (c->fd < 0 || c->busy) c = nullptr;
      }
      if (!c && open_ < static_cast<std::size_t>(max_conns)) c = open_conn();
      if (!c) return;
      Pending p = std::move(queue_.front());
      queue_.pop_front();
      start_on(*c, std::move(p));
    }
  }

  // A complete response in c.in? Returns consumed bytes (0: need more), sets status/body.
  static std::size_t parse(const std::string& in, int& status, std::string& body, bool& close) {
    auto he = in.find("\r\n\r\n");
    if (he == std::string::npos) return 0;
    status = std::atoi(in.c_str() + 9);
    std::string head = in.substr(0, he);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    close = lower.find("\r\nconnection: close") != std::string::npos;
    auto cl = lower.find("\r\ncontent-length:");
    if (cl != std::string::npos) {
      std::size_t len = std::strtoul(lower.c_str() + cl + 17, nullptr, 10);
      if (in.size() < he + 4 + len) return 0;
      body = in.substr(he + 4, len);
      return he + 4 + len;
    }
    if (lower.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
      std::size_t pos = he + 4;
      body.clear();
      while (true) {
        auto le = in.find("\r\n", pos);
        if (le == std::string::npos) return 0;
        std::size_t n = std::strtoul(in.c_str() + pos, nullptr, 16);
        if (n == 0) {
          auto fin = in.find("\r\n\r\n", le);
          if (fin == std::string::npos) return in.size() >= le + 4 && in.compare(le, 4, "\r\n\r\n") == 0 ? le + 4 : 0;
          return fin + 4;
        }
        if (in.size() < le + 2 + n + 2) return 0;
        body.append(in, le + 2, n);
        pos = le + 2 + n + 2;
      }
    }
    return he + 4;  // no body (204/304)
  }

  void on_readable(Conn& c) {
    char buf[65536];
    while (true) {
      ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n > 0) { c.in.append(buf, static_cast<std::size_t>(n)); continue; }
      if (n == 0) { fail(c, "closed"); return; }
      if (errno == EAGAIN) break;
      fail(c, "recv");
      return;
    }
    if (!c.busy) return;
    int status = 0;
    std::string body;
    bool close = false;
    std::size_t used = parse(c.in, status, body, close);
    if (used == 0) return;
    std::int64_t lat_us = (now_ns() - c.req.intended_ns) / 1000;
    auto e = static_cast<std::size_t>(c.req.endpoint);
    stats_->hist[e].record(lat_us);
    ++stats_->completed;
    --in_flight_;
    bool ok = status >= 200 && status < 300;
    if (!ok) {
      ++stats_->errors[e];
      ++stats_->error_kinds[std::string(kNames[e]) + " " + std::to_string(status)];
      if (stats_->error_kinds.size() < 20 && body.size() < 400)
        std::fprintf(stderr, "error %s %d %s\n", kNames[e], status, body.c_str());
    }
    if (ok && c.req.endpoint == kLogin) {
      auto p = body.find("\"access_token\"");  // "access_token": "..." (any spacing)
      if (p != std::string::npos) p = body.find('"', body.find(':', p + 14));
      if (p != std::string::npos) {
        p += 1;
        auto q = body.find('"', p);
        teachers[static_cast<std::size_t>(c.req.teacher)].token = body.substr(p, q - p);
      }
    }
    c.in.erase(0, used);
    c.busy = false;
    if (close) { close_conn(c); } else { idle_.push_back(&c); }
    next_from_queue();
  }

  void poll(std::int64_t timeout_ns) {
    epoll_event evs[256];
    timespec ts{static_cast<time_t>(timeout_ns / 1'000'000'000), static_cast<long>(timeout_ns % 1'000'000'000)};
    static bool pwait2 = true;  // off after its first failure other than EINTR (old kernel,
                                // or a seccomp profile that refuses it): whole milliseconds then
    int n = -1;
    if (pwait2) {
      n = epoll_pwait2(ep_, evs, 256, &ts, nullptr);
      if (n < 0 && errno != EINTR) pwait2 = false;
    }
    if (!pwait2) n = epoll_wait(ep_, evs, 256, static_cast<int>((timeout_ns + 999'999) / 1'000'000));
    for (int k = 0; k < n; ++k) {
      auto& c = *static_cast<Conn*>(evs[k].data.ptr);
      if (c.fd < 0) continue;
      if (!c.connected && (evs[k].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) { fail(c, "connect"); continue; }
        c.connected = true;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.ptr = &c;
        epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
        if (c.busy) flush(c); else idle_.push_back(&c);
      }
      if (evs[k].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) on_readable(c);
      if (c.fd >= 0 && c.busy && c.out_off < c.out.size()) flush(c);
    }
  }
};

std::string http_get(const std::string& host, int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) { ::close(fd); return {}; }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  (void)::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

// Sum of every *_cache_{hits,misses}_total series per cache label.
std::map<std::string, std::pair<double, double>> cache_counters(const std::string& host, int port) {
  std::map<std::string, std::pair<double, double>> m;
  if (port <= 0) return m;
  std::istringstream is(http_get(host, port, "/metrics"));
  std::string line;
  while (std::getline(is, line)) {
    if (line.empty() || line[0] == '#') continue;
    bool hit = line.find("_cache_hits_total") != std::string::npos;
    bool miss = line.find("_cache_misses_total") != std::string::npos;
    if (!hit && !miss) continue;
    std::string cache = "all";
    auto p = line.find("cache=\"");
    if (p != std::string::npos) cache = line.substr(p + 7, line.find('"', p + 7) - p - 7);
    double v = std::atof(line.c_str() + line.rfind(' ') + 1);
    (hit ? m[cache].first : m[cache].second) += v;
  }
  return m;
}

std::string fmt(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.3f", v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  Generator g;
  std::string teachers_file, rates_s = "17,170,1700", ramp_s;
  double duration = 10, p95_limit = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--host") g.host = v;
    else if (k == "--port") g.port = std::stoi(v);
    else if (k == "--teachers") teachers_file = v;
    else if (k == "--password") g.password = v;
    else if (k == "--rates") rates_s = v;
    else if (k == "--ramp") ramp_s = v;
    else if (k == "--duration") duration = std::stod(v);
    else if (k == "--conns") g.max_conns = std::stoi(v);
    else if (k == "--server-pid") g.server_pid = std::stoi(v);
    else if (k == "--db-parent") g.db_parent = std::stoi(v);
    else if (k == "--metrics-port") g.metrics_port = std::stoi(v);
    else if (k == "--p95-limit-ms") p95_limit = std::stod(v);
    else if (k == "--mix") {
      std::istringstream is(v);
      std::string item;
      while (std::getline(is, item, ',')) {
        auto eq = item.find('=');
        for (int e = 0; e < kEndpoints; ++e)
          if (item.substr(0, eq) == kNames[static_cast<std::size_t>(e)])
            g.weights[static_cast<std::size_t>(e)] = std::stoi(item.substr(eq + 1));
      }
    } else { std::fprintf(stderr, "unknown option %s\n", k.c_str()); return 2; }
  }
  std::ifstream tf(teachers_file);
  std::string line;
  while (std::getline(tf, line)) {
    std::istringstream is(line);
    Teacher t;
    std::string pairs;
    std::getline(is, t.email, '\t');
    std::getline(is, t.professional, '\t');
    std::getline(is, pairs, '\t');
    std::istringstream ps(pairs);
    std::string pr;
    while (std::getline(ps, pr, ',')) {
      auto c = pr.find(':');
      t.pairs.emplace_back(pr.substr(0, c), pr.substr(c + 1));
    }
    if (!t.pairs.empty()) g.teachers.push_back(std::move(t));
  }
  if (g.teachers.empty() || g.port == 0) { std::fprintf(stderr, "need --port and a non-empty --teachers file\n"); return 2; }

  // Every virtual teacher logs in once (closed loop, 4 at a time: argon2id is ~55 ms of CPU).
  std::vector<Pending> logins;
  for (std::size_t t = 0; t < g.teachers.size(); ++t)
    logins.push_back(Pending{kLogin, static_cast<int>(t), 0, g.build(kLogin, g.teachers[t], static_cast<int>(t))});
  auto t0 = now_ns();
  auto setup = g.run(0, 0, &logins, 4);
  double setup_s = static_cast<double>(now_ns() - t0) / 1e9;
  std::uint64_t setup_errors = 0;
  for (auto e : setup.errors) setup_errors += e;
  for (auto& t : g.teachers)
    if (t.token.empty()) { std::fprintf(stderr, "no token for %s\n", t.email.c_str()); return 1; }
  if (setup_errors) { std::fprintf(stderr, "%llu logins failed\n", static_cast<unsigned long long>(setup_errors)); return 1; }

  std::vector<double> rates;
  bool ramp = !ramp_s.empty();
  double ramp_factor = 1.5, ramp_max = 0, ramp_good = 0, ramp_bad = 0;
  int ramp_refine = 2;
  if (ramp) {
    double start = 17;
    std::sscanf(ramp_s.c_str(), "%lf,%lf,%lf,%d", &start, &ramp_factor, &ramp_max, &ramp_refine);
    rates.push_back(start);
  } else {
    std::istringstream is(rates_s);
    std::string r;
    while (std::getline(is, r, ',')) rates.push_back(std::stod(r));
  }

  std::ostringstream out;
  out << "{\n  \"mode\": \"" << (ramp ? "ramp" : "fixed") << "\", \"duration_seconds\": " << duration
      << ", \"virtual_teachers\": " << g.teachers.size() << ", \"max_connections\": " << g.max_conns
      << ", \"p95_limit_ms\": " << p95_limit << ",\n  \"mix\": {";
  for (int e = 0; e < kEndpoints; ++e) out << (e ? ", " : "") << "\"" << kNames[static_cast<std::size_t>(e)] << "\": " << g.weights[static_cast<std::size_t>(e)];
  out << "},\n  \"setup\": {\"logins\": " << logins.size() << ", \"seconds\": " << fmt(setup_s) << "},\n  \"steps\": [";
  double best_ok = 0;
  for (std::size_t si = 0; si < rates.size(); ++si) {
    double rate = rates[si];
    double srv0 = 0, db0 = 0;
    if (g.server_pid) proc_cpu(g.server_pid, srv0);
    if (g.db_parent) db0 = tree_cpu(g.db_parent);
    auto c0 = cache_counters(g.host, g.metrics_port);
    auto w0 = now_ns();
    StepStats st = g.run(rate, duration);
    double wall = static_cast<double>(now_ns() - w0) / 1e9;
    double srv1 = 0, db1 = 0;
    if (g.server_pid) proc_cpu(g.server_pid, srv1);
    if (g.db_parent) db1 = tree_cpu(g.db_parent);
    auto c1 = cache_counters(g.host, g.metrics_port);
    Histogram all;
    std::uint64_t errors = 0;
    for (int e = 0; e < kEndpoints; ++e) { all.merge(st.hist[static_cast<std::size_t>(e)]); errors += st.errors[static_cast<std::size_t>(e)]; }
    double p95 = all.percentile_ms(95);
    bool ok = errors == 0 && p95 < p95_limit;
    if (ok) best_ok = std::max(best_ok, rate);
    out << (si ? "," : "") << "\n    {\"offered_rate\": " << fmt(rate) << ", \"sent\": " << st.sent
        << ", \"completed\": " << st.completed << ", \"achieved_rate\": " << fmt(static_cast<double>(st.completed) / wall)
        << ", \"wall_seconds\": " << fmt(wall) << ", \"errors\": " << errors << ", \"timeouts\": " << st.timeouts
        << ", \"error_kinds\": {";
    bool first = true;
    for (auto& [k, v] : st.error_kinds) { out << (first ? "" : ", ") << "\"" << json_escape(k) << "\": " << v; first = false; }
    out << "}, \"ok\": " << (ok ? "true" : "false") << ",\n     \"all\": {\"count\": " << all.total
        << ", \"p50_ms\": " << fmt(all.percentile_ms(50)) << ", \"p95_ms\": " << fmt(p95)
        << ", \"p99_ms\": " << fmt(all.percentile_ms(99)) << ", \"max_ms\": " << fmt(static_cast<double>(all.max_us) / 1000) << "},\n     \"endpoints\": {";
    for (int e = 0; e < kEndpoints; ++e) {
      auto& h = st.hist[static_cast<std::size_t>(e)];
      out << (e ? ", " : "") << "\n       \"" << kNames[static_cast<std::size_t>(e)] << "\": {\"count\": " << h.total
          << ", \"errors\": " << st.errors[static_cast<std::size_t>(e)] << ", \"p50_ms\": " << fmt(h.percentile_ms(50))
          << ", \"p95_ms\": " << fmt(h.percentile_ms(95)) << ", \"p99_ms\": " << fmt(h.percentile_ms(99))
          << ", \"max_ms\": " << fmt(static_cast<double>(h.max_us) / 1000) << "}";
    }
    out << "},\n     \"server\": {\"cpu_percent\": " << fmt(100 * (srv1 - srv0) / wall) << ", \"rss_mb\": "
        << fmt(g.server_pid ? proc_rss_mb(g.server_pid) : 0) << ", \"rss_anon_mb\": "
        << fmt(g.server_pid ? proc_rss_mb(g.server_pid, "RssAnon:") : 0) << "}, \"database_cpu_percent\": "
        << (g.db_parent ? fmt(100 * (db1 - db0) / wall) : std::string("null")) << ", \"load_average_1m\": " << fmt(machine_load1())
        << ", \"cache\": {";
    first = true;
    double th = 0, tm = 0;
    for (auto& [k, v] : c1) {
      double h = v.first - c0[k].first, m = v.second - c0[k].second;
      th += h;
      tm += m;
      out << (first ? "" : ", ") << "\"" << json_escape(k) << "\": {\"hits\": " << h << ", \"misses\": " << m
          << ", \"hit_rate\": " << (h + m > 0 ? fmt(h / (h + m)) : std::string("null")) << "}";
      first = false;
    }
    out << (first ? "" : ", ") << "\"hit_rate\": " << (th + tm > 0 ? fmt(th / (th + tm)) : std::string("null")) << "}}";
    std::fprintf(stderr, "rate %.0f: p50 %.2f p95 %.2f p99 %.2f ms, errors %llu, achieved %.0f/s\n", rate,
                 all.percentile_ms(50), p95, all.percentile_ms(99), static_cast<unsigned long long>(errors),
                 static_cast<double>(st.completed) / wall);
    if (ramp) {
      // Geometric steps up to the first failing rate, then `ramp_refine` bisection steps
      // between the highest passing and the lowest failing rate.
      if (ok) ramp_good = std::max(ramp_good, rate);
      else ramp_bad = ramp_bad > 0 ? std::min(ramp_bad, rate) : rate;
      if (ramp_bad == 0) {
        double next = rate * ramp_factor;
        if (next <= ramp_max) rates.push_back(next);
      } else if (ramp_refine-- > 0 && ramp_good > 0 && ramp_bad - ramp_good > 0.02 * ramp_good) {
        rates.push_back(std::round((ramp_good + ramp_bad) / 2));
      }
    }
  }
  out << "\n  ],\n  \"max_rate_meeting_target\": " << fmt(best_ok) << "\n}\n";
  g.close_all();
  std::fputs(out.str().c_str(), stdout);
  return 0;
}
