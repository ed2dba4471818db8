// Beast/Asio transport. The only translation unit (with bench/hello) that includes Beast.
#include "http/server.hpp"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

#include "http/pipeline.hpp"
#include "observability/log.hpp"

namespace edu {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  Pipeline& pipeline;
  ServerSettings settings;
  asio::io_context ioc;
  asio::thread_pool workers;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> accepting{true};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  std::uint16_t bound_port = 0;

  Impl(Pipeline& p, ServerSettings s)
      : pipeline(p),
        settings(std::move(s)),
        ioc(settings.io_threads > 0 ? settings.io_threads : 1),
        workers(static_cast<std::size_t>(settings.worker_threads > 0 ? settings.worker_threads : 8)) {}

  // Percent-decodes the path; routing and path parameters both see the decoded form
  // (`/bncc/skills/%28EM13LGG103%29` has the parameter "(EM13LGG103)").
  static std::string decode_path(std::string_view raw_path) {
    std::string out;
    out.reserve(raw_path.size());
    for (std::size_t i = 0; i < raw_path.size(); ++i) {
      char c = raw_path[i];
      if (c == '%' && i + 2 < raw_path.size() && std::isxdigit(static_cast<unsigned char>(raw_path[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(raw_path[i + 2]))) {
        out.push_back(static_cast<char>(std::stoi(std::string(raw_path.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(c);
      }
    }
    return out;
  }

  // `path` is the decoded path already computed for the route lookup.
  static Request to_request(bhttp::request<bhttp::string_body>&& r, const std::string& peer, std::string path) {
    Request req;
    req.method = std::string(r.method_string());
    req.target = std::string(r.target());
    std::string_view t = r.target();
    auto q = t.find('?');
    if (q != std::string_view::npos) req.query = std::string(t.substr(q + 1));
    req.path = std::move(path);
    req.headers.reserve(static_cast<std::size_t>(std::distance(r.begin(), r.end())));
    for (const auto& f : r) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req.body = std::move(r.body());
    req.peer_ip = peer;
    return req;
  }

  // Serialises the status line and header block ourselves (one string, one allocation)
  // instead of building Beast fields — one node allocation per header — on the hot path.
  // CR/LF in names or values (handler-supplied data such as a file name) become spaces.
  static void append_field(std::string& out, std::string_view name, std::string_view value) {
    auto clean = [&out](std::string_view v) {
      std::size_t start = out.size();
      out.append(v);
      for (std::size_t i = start; i < out.size(); ++i)
        if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
    };
    clean(name);
    out.append(": ");
    clean(value);
    out.append("\r\n");
  }

  static std::string head_text(const Response& res, unsigned version, bool keep_alive) {
    std::string h;
    h.reserve(160 + 64 * res.headers.size());
    h.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    h.append(std::to_string(res.status));
    h.push_back(' ');
    h.append(bhttp::obsolete_reason(static_cast<bhttp::status>(res.status)));
    h.append("\r\n");
    if (!res.content_type.empty()) append_field(h, "Content-Type", res.content_type);
    for (const auto& [k, v] : res.headers) append_field(h, k, v);
    if (res.status != 204 && res.status != 304 && res.status >= 200) {
      h.append("Content-Length: ");
      h.append(std::to_string(res.body.size()));
      h.append("\r\n");
    }
    if (version >= 11 && !keep_alive) h.append("Connection: close\r\n");
    if (version == 10 && keep_alive) h.append("Connection: keep-alive\r\n");
    h.append("\r\n");
    return h;
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    std::string peer;
    {
      beast::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      if (!ec) peer = ep.address().to_string();
    }
    bool first = true;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(settings.header_limit));
      parser.body_limit(boost::none);
      stream.expires_after(first ? settings.read_timeout : settings.idle_timeout);
      first = false;
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                       asio::as_tuple(asio::use_awaitable));
      if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
          ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
        break;
      if (ec == bhttp::error::header_limit) {
        Request req;
        req.peer_ip = peer;
        auto res = pipeline.transport_error(req, 431, "Request header fields too large");
        co_await write(stream, std::move(res), false, 11, false);
        break;
      }
      if (ec) {
        Request req;
        req.peer_ip = peer;
        auto res = pipeline.transport_error(req, 400, "Bad request");
        co_await write(stream, std::move(res), false, 11, false);
        break;
      }
      const auto& hdr = parser.get();
      std::string method(hdr.method_string());
      std::string_view target = hdr.target();
      auto qpos = target.find('?');
      std::string path_for_lookup = decode_path(qpos == std::string_view::npos ? target : target.substr(0, qpos));
      RouteMatch m = pipeline.lookup(method, path_for_lookup);
      std::size_t limit = m.route ? m.route->options.max_body : (1u << 20);
      bool too_large = false;
      if (auto cl = parser.content_length(); cl && *cl > limit) too_large = true;
      if (!too_large && !parser.is_done()) {  // a body follows (GET/HEAD usually have none)
        stream.expires_after(settings.read_timeout);
        parser.body_limit(limit);
        auto [ec2, n2] = co_await bhttp::async_read(stream, buffer, parser,
                                                    asio::as_tuple(asio::use_awaitable));
        if (ec2 == bhttp::error::body_limit) {
          too_large = true;
        } else if (ec2) {
          break;
        }
      }
      bool head = method == "HEAD";
      unsigned version = parser.get().version();
      bool keep_alive = parser.get().keep_alive();
      if (too_large) {
        Request req = to_request(parser.release(), peer, std::move(path_for_lookup));
        req.body.clear();
        auto res = pipeline.transport_error(req, 413, "Request body too large");
        co_await write(stream, std::move(res), head, version, false);
        break;
      }
      Request req = to_request(parser.release(), peer, std::move(path_for_lookup));
      in_flight.fetch_add(1);
      Response res;
      if (m.route && pipeline.runs_inline(*m.route)) {
        res = pipeline.handle(req, &m);
      } else {
        res = co_await asio::co_spawn(
            workers.get_executor(),
            [this, &req, &m]() -> asio::awaitable<Response> { co_return pipeline.handle(req, &m); },
            asio::use_awaitable);
      }
      keep_alive = keep_alive && !pipeline.draining.load();
      bool ok = co_await write(stream, std::move(res), head, version, keep_alive);
      in_flight.fetch_sub(1);
      if (!ok || !keep_alive) break;
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<bool> write(beast::tcp_stream& stream, Response&& res, bool head, unsigned version,
                              bool keep_alive) {
    std::string head_block = head_text(res, version, keep_alive);
    stream.expires_after(settings.read_timeout);
    std::array<asio::const_buffer, 2> bufs{asio::buffer(head_block),
                                           head ? asio::const_buffer() : asio::buffer(res.body)};
    auto [ec, n] = co_await asio::async_write(stream, bufs, asio::as_tuple(asio::use_awaitable));
    co_return !ec;
  }

  asio::awaitable<void> accept_loop() {
    while (accepting.load()) {
      auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (!accepting.load() || ec == asio::error::operation_aborted) break;
        continue;
      }
      socket.set_option(tcp::no_delay(true));
      asio::co_spawn(ioc, session(std::move(socket)), asio::detached);
    }
  }
};

HttpServer::HttpServer(Pipeline& pipeline, ServerSettings settings)
    : impl_(std::make_unique<Impl>(pipeline, std::move(settings))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  auto& s = impl_->settings;
  auto addr = asio::ip::make_address(s.address);
  tcp::endpoint ep(addr, s.port);
  impl_->acceptor = std::make_unique<tcp::acceptor>(impl_->ioc);
  impl_->acceptor->open(ep.protocol());
  impl_->acceptor->set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor->bind(ep);
  impl_->acceptor->listen(asio::socket_base::max_listen_connections);
  impl_->bound_port = impl_->acceptor->local_endpoint().port();
  impl_->guard.emplace(impl_->ioc.get_executor());
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  int n = s.io_threads > 0 ? s.io_threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::stop_accepting() {
  impl_->accepting.store(false);
  asio::post(impl_->ioc, [this] {
    if (impl_->acceptor) {
      beast::error_code ec;
      impl_->acceptor->close(ec);
    }
  });
}

bool HttpServer::wait_idle(std::chrono::milliseconds grace) {
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->in_flight.load() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void HttpServer::stop() {
  if (!impl_) return;
  impl_->guard.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  impl_->workers.stop();
  impl_->workers.join();
}

std::size_t HttpServer::in_flight() const { return impl_->in_flight.load(); }

void HttpServer::post_work(std::function<void()> fn) { asio::post(impl_->workers, std::move(fn)); }

bool probe_http_ok(std::uint16_t port, const std::string& path, std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  bool ok = false;
  stream.expires_after(timeout);
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
  stream.async_connect(ep, [&](beast::error_code ec) {
    if (ec) return;
    auto req = std::make_shared<bhttp::request<bhttp::empty_body>>(bhttp::verb::get, path, 11);
    req->set(bhttp::field::host, "127.0.0.1");
    bhttp::async_write(stream, *req, [&, req](beast::error_code ec2, std::size_t) {
      if (ec2) return;
      auto buf = std::make_shared<beast::flat_buffer>();
      auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
      bhttp::async_read(stream, *buf, *res, [&, buf, res](beast::error_code ec3, std::size_t) {
        ok = !ec3 && res->result_int() == 200;
      });
    });
  });
  ioc.run();
  return ok;
}

}  // namespace edu
