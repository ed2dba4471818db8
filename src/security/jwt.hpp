// JWT HS256 access and refresh tokens (API.md §2.1).
//
// Implemented directly on HMAC-SHA256 (libsodium; the keyed state is computed once per codec)
// and Boost.JSON rather than with cpp-jwt: the format we accept is tiny and fixed (HS256 only),
// and writing the verifier ourselves lets us state every rule in one place and test it — `alg`
// must be exactly "HS256" (so `none` and every other algorithm are refused before any
// signature work), the signature is compared in constant time (CRYPTO_memcmp), `exp` is
// checked with zero leeway, and the claims we rely on must be present with the right JSON
// types. It also keeps the heavy cpp-jwt/nlohmann headers out of the build.
#pragma once
#include <sodium/crypto_auth_hmacsha256.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edu::security {

struct TokenClaims {
  std::string sub;      // user e-mail
  std::string user_id;  // user UUID
  std::string role;     // informational: the database role is authoritative
  std::string type;     // "access" / "refresh"
  std::string sid;      // login-session UUID
  std::string jti;      // random UUID, unique per token
  std::int64_t iat = 0;
  std::int64_t exp = 0;
};

enum class JwtError { None, Malformed, Algorithm, Signature, Expired, Claims };
const char* to_string(JwtError e);

class JwtCodec {
 public:
  explicit JwtCodec(std::string secret);
  ~JwtCodec();  // wipes the keyed state (it signs as well as the secret does)
  JwtCodec(const JwtCodec&) = default;
  JwtCodec& operator=(const JwtCodec&) = default;

  // Header {"alg":"HS256","typ":"JWT"}; claims in the order of TokenClaims.
  std::string sign(const TokenClaims& c) const;
  // Verifies structure, algorithm, signature, expiry (now_s < exp) and the presence/types of
  // sub, user_id, role?, type, sid, jti, iat?, exp. `error` tells why when nullopt.
  std::optional<TokenClaims> verify(std::string_view token, std::int64_t now_s,
                                    JwtError* error = nullptr) const;

 private:
  // The HMAC state after absorbing the key (inner and outer pads), computed once: each
  // signature copies it and hashes only the token — no key schedule, no allocation.
  crypto_auth_hmacsha256_state keyed_{};
  std::string mac(std::string_view data) const;
};

// base64url without padding (RFC 7515 §2) — exposed for tests.
std::string base64url_encode(std::string_view data);
std::optional<std::string> base64url_decode(std::string_view text);
// HMAC-SHA256 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace edu::security
