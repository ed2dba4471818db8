// Identifiers: UUIDv7 for records (time-ordered, B-tree friendly), random bytes for tokens.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace edu {

std::string new_uuid_v7();
std::string new_uuid_v4();
// Accepts hyphenated (any case) or 32 hex digits; returns canonical lowercase hyphenated.
std::optional<std::string> parse_uuid(std::string_view s);
// Cryptographically random bytes rendered as lowercase hex (2*n chars) / base64url.
std::string random_hex(std::size_t n_bytes);
std::string random_token(std::size_t n_bytes);  // base64url, no padding
// Fast non-cryptographic random hex (per-thread xoshiro256**, seeded from the CSPRNG): for
// trace and request ids, never for secrets or tokens.
std::string fast_random_hex(std::size_t n_bytes);
void fast_random_hex_into(char* out, std::size_t n_bytes);
// A random (version 4 layout) UUID from the fast generator: request ids, not record ids.
std::string fast_uuid_v4();
std::string sha256_hex(std::string_view data);

}  // namespace edu
