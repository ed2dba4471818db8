// Fire-and-forget UDP datagrams (DogStatsD, X-Ray daemon): a non-blocking socket connected
// once; a send that would block or fails is dropped and counted, never retried or waited on.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace edu::obs {

class UdpSender {
 public:
  // `host` may be a name or an address; resolution happens once here. On failure the
  // sender is inert (ok() is false) and every send is dropped.
  UdpSender(const std::string& host, std::uint16_t port);
  ~UdpSender();
  UdpSender(const UdpSender&) = delete;
  UdpSender& operator=(const UdpSender&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool send(std::string_view datagram);
  std::uint64_t sent() const { return sent_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  int fd_ = -1;
  std::atomic<std::uint64_t> sent_{0}, dropped_{0};
};

// Splits "host:port" ("[v6]:port" too). Returns false when malformed.
bool split_host_port(const std::string& s, std::string& host, std::uint16_t& port);

}  // namespace edu::obs
