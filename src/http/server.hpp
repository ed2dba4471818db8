// The HTTP/1.1 server: Boost.Beast sessions as C++20 coroutines on N I/O threads; handlers
// that may block (database, hashing) run on a separate worker pool so that nothing blocks an
// I/O thread. This header stays free of Beast/Asio (pimpl) to keep compile times low.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace edu {

class Pipeline;

struct ServerSettings {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8000;
  int io_threads = 0;      // 0 → hardware concurrency
  int worker_threads = 8;  // blocking handler pool
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds read_timeout{30};   // whole request (headers + body): slow-loris bound
  std::chrono::seconds idle_timeout{75};   // keep-alive wait for the next request
};

class HttpServer {
 public:
  HttpServer(Pipeline& pipeline, ServerSettings settings);
  ~HttpServer();

  // Binds and starts the I/O and worker threads. Throws on bind failure.
  void start();
  std::uint16_t port() const;
  // Stops accepting new connections (existing ones finish their current request).
  void stop_accepting();
  // Waits until no request is in flight, up to `grace`. Returns true when idle.
  bool wait_idle(std::chrono::milliseconds grace);
  // Stops all threads and closes every connection.
  void stop();
  std::size_t in_flight() const;
  // Runs `fn` on the worker pool (background jobs that may block).
  void post_work(std::function<void()> fn);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `eduautismo healthcheck`: GET http://127.0.0.1:port/path within `timeout`; true on 200.
bool probe_http_ok(std::uint16_t port, const std::string& path, std::chrono::milliseconds timeout);

}  // namespace edu
