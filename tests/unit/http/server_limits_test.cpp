// Transport limits of the Beast server (issue 2): 16 KiB headers → 431, 1 MiB default body
// with per-route override → 413, chunked bodies counted too, read timeout against slow
// clients, keep-alive and idle timeout. An in-process server on a loopback port.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

using namespace edu;
using namespace std::chrono_literals;

namespace {

class Server {
 public:
  Server() {
    RouteOptions o;
    o.auth = AuthMode::Public;
    o.rate = RateClass::None;
    o.inline_io = true;
    router_.add("GET", "/hello", [](Request&, Context&) { return Response::json(json::object{{"ok", true}}); }, o);
    router_.add("POST", "/echo-size", [](Request& r, Context&) {
      return Response::json(json::object{{"size", static_cast<std::int64_t>(r.body.size())}});
    }, o);
    RouteOptions big = o;
    big.max_body = 4 << 20;
    router_.add("POST", "/upload", [](Request& r, Context&) {
      return Response::json(json::object{{"size", static_cast<std::int64_t>(r.body.size())}});
    }, big);
    pipeline_ = std::make_unique<Pipeline>(router_, PipelineSettings{});
    ServerSettings s;
    s.address = "127.0.0.1";
    s.port = 0;
    s.io_threads = 1;
    s.worker_threads = 2;
    s.read_timeout = 1s;
    s.idle_timeout = 1s;
    server_ = std::make_unique<HttpServer>(*pipeline_, s);
    server_->start();
  }
  ~Server() { server_->stop(); }
  std::uint16_t port() const { return server_->port(); }

 private:
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<HttpServer> server_;
};

int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

void send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early (413): that is fine
    off += static_cast<std::size_t>(n);
  }
}

// Reads one response (headers + Content-Length body) or until close/timeout.
std::string read_response(int fd, std::chrono::milliseconds timeout = 5000ms) {
  std::string data;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto he = data.find("\r\n\r\n");
    if (he != std::string::npos) {
      auto cl = data.find("Content-Length: ");
      if (cl != std::string::npos && cl < he) {
        std::size_t len = std::stoul(data.substr(cl + 16));
        if (data.size() >= he + 4 + len) return data.substr(0, he + 4 + len);
      }
    }
    pollfd p{fd, POLLIN, 0};
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (::poll(&p, 1, std::max(left, 1)) <= 0) break;
    char buf[65536];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

bool closed_within(int fd, std::chrono::milliseconds t) {
  auto deadline = std::chrono::steady_clock::now() + t;
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return true;
    }
  }
  return false;
}

int status_of(const std::string& resp) { return resp.size() > 12 ? std::stoi(resp.substr(9, 3)) : 0; }

}  // namespace

TEST(ServerLimits, HeadersOver16KiBGive431) {
  Server s;
  int fd = connect_to(s.port());
  send_all(fd, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') + "\r\n\r\n");
  auto r = read_response(fd);
  EXPECT_EQ(status_of(r), 431) << r.substr(0, 200);
  EXPECT_NE(r.find(R"({"detail": "Request header fields too large"})"), std::string::npos);
  ::close(fd);
  int ok = connect_to(s.port());
  send_all(ok, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(15 * 1024, 'a') + "\r\n\r\n");
  EXPECT_EQ(status_of(read_response(ok)), 200);
  ::close(ok);
}

TEST(ServerLimits, DeclaredBodyOverTheRouteLimitGives413WithoutReadingIt) {
  Server s;
  int fd = connect_to(s.port());
  send_all(fd, "POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string((1 << 20) + 1) + "\r\n\r\n");
  auto r = read_response(fd);
  EXPECT_EQ(status_of(r), 413) << r.substr(0, 200);
  EXPECT_NE(r.find(R"({"detail": "Request body too large"})"), std::string::npos);
  EXPECT_NE(r.find("X-Process-Time: "), std::string::npos);
  ::close(fd);
}

TEST(ServerLimits, ExactlyOneMiBIsAcceptedAndRoutesMayRaiseTheLimit) {
  Server s;
  int fd = connect_to(s.port());
  send_all(fd, "POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n" + std::string(1 << 20, 'x'));
  auto r = read_response(fd);
  EXPECT_EQ(status_of(r), 200);
  EXPECT_NE(r.find(R"({"size": 1048576})"), std::string::npos);
  ::close(fd);
  int up = connect_to(s.port());
  send_all(up, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n" + std::string(2 << 20, 'x'));
  auto r2 = read_response(up);
  EXPECT_EQ(status_of(r2), 200);
  EXPECT_NE(r2.find(R"({"size": 2097152})"), std::string::npos);
  ::close(up);
}

TEST(ServerLimits, ChunkedBodyOverTheLimitGives413) {
  Server s;
  int fd = connect_to(s.port());
  std::string chunk(256 * 1024, 'x');
  std::string req = "POST /echo-size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) req += "40000\r\n" + chunk + "\r\n";
  req += "0\r\n\r\n";
  send_all(fd, req);
  auto r = read_response(fd);
  EXPECT_EQ(status_of(r), 413) << r.substr(0, 200);
  ::close(fd);
}

TEST(ServerLimits, SlowClientIsCutAtTheReadTimeout) {
  Server s;
  int fd = connect_to(s.port());
  send_all(fd, "GET /hello HTTP/1.1\r\nHost: x\r\n");  // never finishes the headers
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(closed_within(fd, 4000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 4000ms);
  ::close(fd);
  int body = connect_to(s.port());  // headers complete, body trickles
  send_all(body, "POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
  EXPECT_TRUE(closed_within(body, 4000ms));
  ::close(body);
}

TEST(ServerLimits, KeepAliveThenIdleTimeout) {
  Server s;
  int fd = connect_to(s.port());
  for (int i = 0; i < 3; ++i) {
    send_all(fd, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(status_of(read_response(fd)), 200) << i;
  }
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(closed_within(fd, 4000ms));
  EXPECT_GT(std::chrono::steady_clock::now() - t0, 500ms);
  ::close(fd);
}
