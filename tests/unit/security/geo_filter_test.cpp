// Geo filter address classification (API.md §1.10: private/loopback/reserved pass).
// Country look-ups against a real .mmdb are covered by tests/functional/test_security_filters.py,
// which writes a small MaxMind DB.
#include "security/geo_filter.hpp"

#include <gtest/gtest.h>

using edu::security::is_non_public_ip;

TEST(GeoFilter, PrivateLoopbackAndReservedAddressesAreNonPublic) {
  for (const char* ip : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10", "127.0.0.1", "169.254.1.1",
                         "100.64.0.1", "0.0.0.0", "192.0.2.1", "198.51.100.7", "203.0.113.9", "224.0.0.1",
                         "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc12::3", "ff02::1",
                         "2001:db8::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "not-an-ip", ""})
    EXPECT_TRUE(is_non_public_ip(ip)) << ip;
}

TEST(GeoFilter, PublicAddressesArePublic) {
  for (const char* ip : {"8.8.8.8", "200.160.0.8", "172.32.0.1", "100.128.0.1", "1.1.1.1",
                         "2800:3f0:4001::1", "2a00:1450::1", "::ffff:8.8.8.8"})
    EXPECT_FALSE(is_non_public_ip(ip)) << ip;
}

TEST(GeoFilter, MissingDatabaseFailsStartUp) {
  if (!edu::security::geoip_available()) GTEST_SKIP();
  EXPECT_THROW(edu::security::GeoFilter("/nonexistent/GeoLite2-Country.mmdb", {"BR"}), std::runtime_error);
}
