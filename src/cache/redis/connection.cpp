// Redis connection: sockets + OpenSSL + hiredis' reply reader (see connection.hpp).
#include "cache/redis/connection.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace edu::redis {
namespace {

int remaining_ms(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(left);
}

bool is_ip_literal(const std::string& host) {
  in6_addr a6;
  in_addr a4;
  return inet_pton(AF_INET, host.c_str(), &a4) == 1 || inet_pton(AF_INET6, host.c_str(), &a6) == 1;
}

// strerror() is not thread-safe; the GNU strerror_r returns the message pointer.
std::string errno_text(int e) {
  char buf[128];
  return ::strerror_r(e, buf, sizeof buf);
}

std::string ssl_error_text() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

Reply convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::String;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::Status;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::Error;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::Integer;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::Array;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default:
      out.type = Reply::Type::Nil;
  }
  return out;
}

}  // namespace

TlsContext::TlsContext(const std::string& ca_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) throw Error("redis TLS: cannot create context: " + ssl_error_text());
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  int ok = ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx)
                           : SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr);
  if (ok != 1) {
    std::string err = ssl_error_text();
    SSL_CTX_free(ctx);
    throw Error("redis TLS: cannot load trust anchors" +
                (ca_file.empty() ? std::string() : " from " + ca_file) + ": " + err);
  }
  ctx_ = ctx;
}

TlsContext::~TlsContext() { SSL_CTX_free(static_cast<SSL_CTX*>(ctx_)); }

Connection::Connection(Endpoint ep, int fd) : ep_(std::move(ep)), fd_(fd) {
  reader_ = redisReaderCreate();
}

Connection::~Connection() {
  if (ssl_) {
    // No close_notify round trip: we are dropping the connection either way.
    SSL_free(static_cast<SSL*>(ssl_));
  }
  if (fd_ >= 0) ::close(fd_);
  if (reader_) redisReaderFree(static_cast<redisReader*>(reader_));
}

void Connection::fail(const std::string& what) {
  broken_ = true;
  throw Error("redis " + ep_.str() + ": " + what);
}

void Connection::wait(short events, Clock::time_point deadline) {
  for (;;) {
    int ms = remaining_ms(deadline);
    if (ms == 0) fail("timeout");
    pollfd p{fd_, events, 0};
    int n = ::poll(&p, 1, ms);
    if (n > 0) {
      if (p.revents & (POLLERR | POLLNVAL)) fail("socket error");
      return;  // POLLHUP: let the read report EOF
    }
    if (n == 0) fail("timeout");
    if (errno != EINTR) fail(std::string("poll: ") + errno_text(errno));
  }
}

std::unique_ptr<Connection> Connection::open(const Endpoint& ep, const ConnectionSettings& s) {
  auto deadline = Clock::now() + s.connect_timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = is_ip_literal(ep.host) ? AI_NUMERICHOST : 0;
  addrinfo* res = nullptr;
  std::string port = std::to_string(ep.port);
  int rc = ::getaddrinfo(ep.host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0 || !res)
    throw Error("redis " + ep.str() + ": cannot resolve host: " + gai_strerror(rc));
  std::string last_error = "connect failed";
  std::unique_ptr<Connection> conn;
  for (addrinfo* ai = res; ai && !conn; ai = ai->ai_next) {
    int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int r = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r != 0 && errno != EINPROGRESS) {
      last_error = errno_text(errno);
      ::close(fd);
      continue;
    }
    if (r != 0) {
      pollfd p{fd, POLLOUT, 0};
      int n;
      do {
        n = ::poll(&p, 1, remaining_ms(deadline));
      } while (n < 0 && errno == EINTR);
      int err = 0;
      socklen_t len = sizeof err;
      if (n <= 0) {
        last_error = "connect timeout";
        ::close(fd);
        continue;
      }
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        last_error = errno_text(err);
        ::close(fd);
        continue;
      }
    }
    conn.reset(new Connection(ep, fd));
  }
  ::freeaddrinfo(res);
  if (!conn) throw Error("redis " + ep.str() + ": " + last_error);
  if (s.tls) conn->tls_handshake(*s.tls, deadline);
  // AUTH and SELECT share the connect deadline budget plus one command timeout.
  auto cmd_deadline = std::max(deadline, Clock::now()) + s.command_timeout;
  std::vector<Command> hello;
  if (!s.password.empty()) {
    if (s.username.empty())
      hello.push_back({"AUTH", s.password});
    else
      hello.push_back({"AUTH", s.username, s.password});
  }
  if (s.db != 0) hello.push_back({"SELECT", std::to_string(s.db)});
  if (!hello.empty()) {
    auto replies = conn->exchange(hello, cmd_deadline);
    for (std::size_t i = 0; i < replies.size(); ++i)
      if (replies[i].is_error())  // the reply never echoes the secret
        throw Error("redis " + ep.str() + ": " + hello[i][0] +
                    " rejected: " + replies[i].str.substr(0, 80));
  }
  return conn;
}

void Connection::tls_handshake(const TlsContext& tls, Clock::time_point deadline) {
  SSL* ssl = SSL_new(static_cast<SSL_CTX*>(tls.native()));
  if (!ssl) fail("TLS: " + ssl_error_text());
  ssl_ = ssl;
  SSL_set_fd(ssl, fd_);
  if (is_ip_literal(ep_.host)) {
    // No SNI for IP literals (RFC 6066); verify the IP address SAN instead.
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), ep_.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, ep_.host.c_str());
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, ep_.host.c_str()) != 1) fail("TLS: cannot set host name");
  }
  for (;;) {
    ERR_clear_error();
    int r = SSL_connect(ssl);
    if (r == 1) return;
    int e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ) {
      wait(POLLIN, deadline);
    } else if (e == SSL_ERROR_WANT_WRITE) {
      wait(POLLOUT, deadline);
    } else {
      long v = SSL_get_verify_result(ssl);
      if (v != X509_V_OK)
        fail(std::string("TLS certificate verification failed: ") +
             X509_verify_cert_error_string(v));
      fail("TLS handshake failed: " + ssl_error_text());
    }
  }
}

void Connection::write_all(const std::string& data, Clock::time_point deadline) {
  std::size_t off = 0;
  while (off < data.size()) {
    if (ssl_) {
      SSL* ssl = static_cast<SSL*>(ssl_);
      ERR_clear_error();
      int n = SSL_write(ssl, data.data() + off, static_cast<int>(data.size() - off));
      if (n > 0) {
        off += static_cast<std::size_t>(n);
        continue;
      }
      int e = SSL_get_error(ssl, n);
      if (e == SSL_ERROR_WANT_WRITE)
        wait(POLLOUT, deadline);
      else if (e == SSL_ERROR_WANT_READ)
        wait(POLLIN, deadline);
      else
        fail("TLS write failed: " + ssl_error_text());
    } else {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n > 0) {
        off += static_cast<std::size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        wait(POLLOUT, deadline);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        fail(std::string("write failed: ") + errno_text(errno));
      }
    }
  }
}

void Connection::read_some(Clock::time_point deadline) {
  char buf[16384];
  for (;;) {
    if (ssl_) {
      SSL* ssl = static_cast<SSL*>(ssl_);
      ERR_clear_error();
      int n = SSL_read(ssl, buf, sizeof buf);
      if (n > 0) {
        redisReaderFeed(static_cast<redisReader*>(reader_), buf, static_cast<std::size_t>(n));
        return;
      }
      int e = SSL_get_error(ssl, n);
      if (e == SSL_ERROR_WANT_READ)
        wait(POLLIN, deadline);
      else if (e == SSL_ERROR_WANT_WRITE)
        wait(POLLOUT, deadline);
      else if (e == SSL_ERROR_ZERO_RETURN)
        fail("connection closed by server");
      else
        fail("TLS read failed: " + ssl_error_text());
    } else {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        redisReaderFeed(static_cast<redisReader*>(reader_), buf, static_cast<std::size_t>(n));
        return;
      }
      if (n == 0) fail("connection closed by server");
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        wait(POLLIN, deadline);
      else if (errno != EINTR)
        fail(std::string("read failed: ") + errno_text(errno));
    }
  }
}

std::vector<Reply> Connection::exchange(const std::vector<Command>& cmds,
                                        Clock::time_point deadline) {
  if (broken_) fail("connection is broken");
  std::string out;
  for (const auto& c : cmds) out += encode_command(c);
  write_all(out, deadline);
  std::vector<Reply> replies;
  replies.reserve(cmds.size());
  auto* reader = static_cast<redisReader*>(reader_);
  while (replies.size() < cmds.size()) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader, &raw) != REDIS_OK)
      fail(std::string("protocol error: ") + reader->errstr);
    if (raw) {
      replies.push_back(convert(static_cast<redisReply*>(raw)));
      freeReplyObject(raw);
      continue;
    }
    read_some(deadline);
  }
  return replies;
}

bool Connection::usable() const {
  if (broken_ || fd_ < 0) return false;
  if (ssl_ && SSL_pending(static_cast<SSL*>(ssl_)) > 0) return false;
  pollfd p{fd_, POLLIN, 0};
  int n = ::poll(&p, 1, 0);
  // Readable while idle = EOF, an error, or data nobody asked for: not usable.
  return n == 0;
}

}  // namespace edu::redis
