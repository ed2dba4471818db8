// HS256 JWT signing and verification (see jwt.hpp for why it is written by hand).
#include "security/jwt.hpp"

#include <openssl/crypto.h>
#include <sodium/core.h>
#include <sodium/utils.h>

#include <cmath>
#include <stdexcept>

#include "core/json.hpp"

namespace edu::security {

const char* to_string(JwtError e) {
  switch (e) {
    case JwtError::None: return "none";
    case JwtError::Malformed: return "malformed";
    case JwtError::Algorithm: return "algorithm";
    case JwtError::Signature: return "signature";
    case JwtError::Expired: return "expired";
    case JwtError::Claims: return "claims";
  }
  return "unknown";
}

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// A JSON number that is an integer value (exp/iat may be written as 1.7e9 by other issuers).
std::optional<std::int64_t> int_claim(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (!std::isfinite(d) || std::fabs(d) > 9e15) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(d));
  }
  return std::nullopt;
}

bool str_claim(const json::object& o, std::string_view key, std::string& out, bool required) {
  auto it = o.find(key);
  if (it == o.end()) return !required;
  if (!it->value().is_string()) return false;
  out = std::string(it->value().get_string());
  return !(required && out.empty());
}

}  // namespace

std::string base64url_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  while (i + 3 <= data.size()) {
    std::uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                      (static_cast<unsigned char>(data[i + 1]) << 8) |
                      static_cast<unsigned char>(data[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
    i += 3;
  }
  std::size_t rest = data.size() - i;
  if (rest == 1) {
    std::uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
  } else if (rest == 2) {
    std::uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                      (static_cast<unsigned char>(data[i + 1]) << 8);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  // Unpadded only; a length of 1 mod 4 cannot occur.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = decode_char(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero (canonical encoding), otherwise two texts decode alike.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

namespace {
std::string finish(crypto_auth_hmacsha256_state& st, std::string_view data) {
  unsigned char md[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&st, md);
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}
}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return finish(st, data);
}

JwtCodec::JwtCodec(std::string secret) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  crypto_auth_hmacsha256_init(&keyed_, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  sodium_memzero(secret.data(), secret.size());  // this copy; the configuration keeps its own
}

JwtCodec::~JwtCodec() { sodium_memzero(&keyed_, sizeof keyed_); }

std::string JwtCodec::mac(std::string_view data) const {
  crypto_auth_hmacsha256_state st = keyed_;
  return finish(st, data);
}

std::string JwtCodec::sign(const TokenClaims& c) const {
  static const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  json::object p;
  p["sub"] = c.sub;
  p["user_id"] = c.user_id;
  p["role"] = c.role;
  p["type"] = c.type;
  p["sid"] = c.sid;
  p["jti"] = c.jti;
  p["iat"] = c.iat;
  p["exp"] = c.exp;
  std::string signing_input = header + "." + base64url_encode(to_json_compact(p));
  std::string sig = base64url_encode(mac(signing_input));
  return signing_input + "." + sig;
}

std::optional<TokenClaims> JwtCodec::verify(std::string_view token, std::int64_t now_s,
                                            JwtError* error) const {
  auto fail = [&](JwtError e) -> std::optional<TokenClaims> {
    if (error) *error = e;
    return std::nullopt;
  };
  if (error) *error = JwtError::None;
  if (token.size() > 8192) return fail(JwtError::Malformed);
  auto d1 = token.find('.');
  if (d1 == std::string_view::npos) return fail(JwtError::Malformed);
  auto d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
    return fail(JwtError::Malformed);
  auto header_raw = base64url_decode(token.substr(0, d1));
  if (!header_raw) return fail(JwtError::Malformed);
  auto header = parse_json(*header_raw);
  if (!header || !header->is_object()) return fail(JwtError::Malformed);
  const auto& h = header->get_object();
  auto alg = h.find("alg");
  // Only HS256: "none", "HS512", "RS256"... are refused before looking at the signature.
  if (alg == h.end() || !alg->value().is_string() || alg->value().get_string() != "HS256")
    return fail(JwtError::Algorithm);
  if (h.contains("crit")) return fail(JwtError::Malformed);  // no extensions understood

  auto sig = base64url_decode(token.substr(d2 + 1));
  if (!sig || sig->size() != 32) return fail(JwtError::Signature);
  std::string expected = mac(token.substr(0, d2));
  if (CRYPTO_memcmp(expected.data(), sig->data(), 32) != 0) return fail(JwtError::Signature);

  auto payload_raw = base64url_decode(token.substr(d1 + 1, d2 - d1 - 1));
  if (!payload_raw) return fail(JwtError::Malformed);
  auto payload = parse_json(*payload_raw);
  if (!payload || !payload->is_object()) return fail(JwtError::Malformed);
  const auto& p = payload->get_object();

  TokenClaims c;
  auto exp = p.find("exp");
  if (exp == p.end()) return fail(JwtError::Claims);
  auto exp_v = int_claim(exp->value());
  if (!exp_v) return fail(JwtError::Claims);
  c.exp = *exp_v;
  if (now_s >= c.exp) return fail(JwtError::Expired);  // zero leeway
  if (auto nbf = p.find("nbf"); nbf != p.end()) {
    auto v = int_claim(nbf->value());
    if (!v || *v > now_s) return fail(JwtError::Claims);
  }
  if (auto iat = p.find("iat"); iat != p.end()) {
    auto v = int_claim(iat->value());
    if (!v) return fail(JwtError::Claims);
    c.iat = *v;
  }
  if (!str_claim(p, "sub", c.sub, true) || !str_claim(p, "user_id", c.user_id, true) ||
      !str_claim(p, "type", c.type, true) || !str_claim(p, "sid", c.sid, true) ||
      !str_claim(p, "jti", c.jti, true) || !str_claim(p, "role", c.role, false))
    return fail(JwtError::Claims);
  return c;
}

}  // namespace edu::security
