// MaxMind DB country lookups.
#include "security/geo_filter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "core/json.hpp"
#include "observability/log.hpp"

#ifdef EDU_HAVE_LIBMAXMINDDB
#include <maxminddb.h>
#endif

namespace edu::security {
namespace {

bool v4_non_public(const unsigned char b[4]) {
  std::uint32_t a = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  auto in = [a](std::uint32_t net, int len) {
    std::uint32_t mask = len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
    return (a & mask) == net;
  };
  return in(0x00000000, 8) ||   // "this" network
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 CGNAT
         in(0x7F000000, 8) ||   // loopback
         in(0xA9FE0000, 16) ||  // link-local
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // IETF protocol assignments
         in(0xC0000200, 24) ||  // TEST-NET-1
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // benchmarking
         in(0xC6336400, 24) ||  // TEST-NET-2
         in(0xCB007100, 24) ||  // TEST-NET-3
         in(0xE0000000, 3);     // multicast, reserved, broadcast
}

}  // namespace

bool is_non_public_ip(std::string_view ip_text) {
  std::string ip(ip_text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, ip.c_str(), buf) == 1) return v4_non_public(buf);
  if (inet_pton(AF_INET6, ip.c_str(), buf) != 1) return true;  // not an address: unknown
  static const unsigned char zero[16] = {};
  if (std::memcmp(buf, zero, 15) == 0 && (buf[15] == 0 || buf[15] == 1)) return true;  // :: and ::1
  // IPv4-mapped ::ffff:a.b.c.d
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(buf, mapped, 12) == 0) return v4_non_public(buf + 12);
  if ((buf[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 unique local
  if (buf[0] == 0xfe && (buf[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (buf[0] == 0xff) return true;                           // multicast
  if (buf[0] == 0x20 && buf[1] == 0x01 && buf[2] == 0x0d && buf[3] == 0xb8) return true;  // 2001:db8::/32
  if ((buf[0] & 0xe0) != 0x20) return true;  // outside 2000::/3 (global unicast): reserved
  return false;
}

#ifdef EDU_HAVE_LIBMAXMINDDB

bool geoip_available() { return true; }

struct GeoFilter::Impl {
  MMDB_s db{};
  std::vector<std::string> allowed;
  bool open = false;
};

GeoFilter::GeoFilter(const std::string& path, std::vector<std::string> allowed) : impl_(std::make_unique<Impl>()) {
  int rc = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &impl_->db);
  if (rc != MMDB_SUCCESS)
    throw std::runtime_error("cannot open GEOIP_DB_PATH " + path + ": " + MMDB_strerror(rc));
  impl_->open = true;
  for (auto& c : allowed) {
    std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) { return std::toupper(ch); });
    impl_->allowed.push_back(c);
  }
}

GeoFilter::~GeoFilter() {
  if (impl_ && impl_->open) MMDB_close(&impl_->db);
}

std::string GeoFilter::country_of(const std::string& ip) const {
  int gai_error = 0, mmdb_error = 0;
  MMDB_lookup_result_s r = MMDB_lookup_string(&impl_->db, ip.c_str(), &gai_error, &mmdb_error);
  if (gai_error != 0 || mmdb_error != MMDB_SUCCESS || !r.found_entry) return {};
  for (const char* top : {"country", "registered_country"}) {
    MMDB_entry_data_s d{};
    if (MMDB_get_value(&r.entry, &d, top, "iso_code", nullptr) == MMDB_SUCCESS && d.has_data &&
        d.type == MMDB_DATA_TYPE_UTF8_STRING)
      return std::string(d.utf8_string, d.data_size);
  }
  return {};
}

std::optional<Response> GeoFilter::inspect(const Request& req) {
  std::string ip = req.client_ip.empty() ? req.peer_ip : req.client_ip;
  if (is_non_public_ip(ip)) return std::nullopt;
  // IPv4-mapped IPv6 (a dual-stack socket): look the IPv4 address up.
  if (ip.size() > 7 && (ip.rfind("::ffff:", 0) == 0 || ip.rfind("::FFFF:", 0) == 0) &&
      ip.find('.') != std::string::npos)
    ip = ip.substr(7);
  std::string country = country_of(ip);
  if (country.empty()) return std::nullopt;
  for (const auto& a : impl_->allowed)
    if (a == country) return std::nullopt;
  log::warn("request blocked", {{"event", "security_block"}, {"filter", "geo"}, {"country", country},
                                {"method", req.method}, {"path", req.path}, {"client_ip", ip}});
  return Response::json(403, json::object{{"detail", "Access not available in your region"}});
}

#else

bool geoip_available() { return false; }
struct GeoFilter::Impl {};
GeoFilter::GeoFilter(const std::string&, std::vector<std::string>) {
  throw std::runtime_error("GEO_BLOCK_ENABLED=true but this build has no libmaxminddb (install libmaxminddb-dev)");
}
GeoFilter::~GeoFilter() = default;
std::string GeoFilter::country_of(const std::string&) const { return {}; }
std::optional<Response> GeoFilter::inspect(const Request&) { return std::nullopt; }

#endif

}  // namespace edu::security
