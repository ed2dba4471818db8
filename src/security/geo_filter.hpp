// Geo restriction (API.md §1.10) on a MaxMind-format database (libmaxminddb): a client IP
// whose country is known and not in GEO_ALLOWED_COUNTRIES gets
// 403 {"detail": "Access not available in your region"}. Private, loopback, link-local,
// reserved and unparsable addresses, and addresses with no country in the database, pass.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/pipeline.hpp"

namespace edu::security {

bool geoip_available();

// True for addresses that never get a country: private, loopback, link-local, CGNAT,
// documentation, multicast/reserved ranges (IPv4 and IPv6, IPv4-mapped included), and
// strings that are not IP addresses.
bool is_non_public_ip(std::string_view ip);

class GeoFilter : public SecurityFilter {
 public:
  // Opens the database (memory-mapped); throws std::runtime_error when it cannot.
  GeoFilter(const std::string& db_path, std::vector<std::string> allowed_countries);
  ~GeoFilter() override;
  std::optional<Response> inspect(const Request& req) override;
  // ISO country code of `ip` from the database, or empty when unknown (tests).
  std::string country_of(const std::string& ip) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edu::security
