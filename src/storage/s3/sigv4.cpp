// AWS Signature Version 4 (see sigv4.hpp).
#include "storage/s3/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <map>

#include "core/ids.hpp"

namespace edu::storage::sigv4 {
namespace {

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string lower(std::string_view s) {
  std::string o(s);
  std::transform(o.begin(), o.end(), o.begin(), [](unsigned char c) { return std::tolower(c); });
  return o;
}

// Trims and collapses runs of spaces (the canonical header value).
std::string canonical_value(std::string_view v) {
  std::string o;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !o.empty();
      continue;
    }
    if (space) o.push_back(' ');
    space = false;
    o.push_back(c);
  }
  return o;
}

}  // namespace

std::string hex(std::string_view bytes) {
  static const char* d = "0123456789abcdef";
  std::string o;
  o.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    o.push_back(d[c >> 4]);
    o.push_back(d[c & 15]);
  }
  return o;
}

std::string uri_encode(std::string_view s, bool keep_slash) {
  static const char* d = "0123456789ABCDEF";
  std::string o;
  o.reserve(s.size() * 3 / 2);
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      o.push_back(static_cast<char>(c));
    } else {
      o.push_back('%');
      o.push_back(d[c >> 4]);
      o.push_back(d[c & 15]);
    }
  }
  return o;
}

std::string canonical_query(Params params) {
  for (auto& [k, v] : params) {
    k = uri_encode(k, false);
    v = uri_encode(v, false);
  }
  std::sort(params.begin(), params.end());
  std::string o;
  for (const auto& [k, v] : params) {
    if (!o.empty()) o.push_back('&');
    o += k;
    o.push_back('=');
    o += v;
  }
  return o;
}

std::string amz_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string signing_key(std::string_view secret, std::string_view date8, std::string_view region,
                        std::string_view service) {
  std::string k = hmac("AWS4" + std::string(secret), date8);
  k = hmac(k, region);
  k = hmac(k, service);
  return hmac(k, "aws4_request");
}

Signature sign(const Request& r, std::string_view access_key_id, std::string_view secret,
               std::string_view region, std::string_view service, std::string_view date) {
  // Header names lower-cased and sorted; repeated names joined with ','.
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : r.headers) {
    auto [it, fresh] = headers.emplace(lower(name), canonical_value(value));
    if (!fresh) it->second += "," + canonical_value(value);
  }
  Signature s;
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    if (!s.signed_headers.empty()) s.signed_headers.push_back(';');
    s.signed_headers += name;
  }
  s.canonical_request = r.method + "\n" + r.path + "\n" + r.query + "\n" + canonical_headers + "\n" +
                        s.signed_headers + "\n" + r.payload_hash;
  const std::string date8(date.substr(0, 8));
  const std::string scope =
      date8 + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  s.string_to_sign = "AWS4-HMAC-SHA256\n" + std::string(date) + "\n" + scope + "\n" +
                     sha256_hex(s.canonical_request);
  s.signature = hex(hmac(signing_key(secret, date8, region, service), s.string_to_sign));
  s.authorization = "AWS4-HMAC-SHA256 Credential=" + std::string(access_key_id) + "/" + scope +
                    ", SignedHeaders=" + s.signed_headers + ", Signature=" + s.signature;
  return s;
}

}  // namespace edu::storage::sigv4
