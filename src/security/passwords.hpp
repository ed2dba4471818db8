// Password hashing (API.md §2.4): argon2id through libsodium for every new hash, legacy
// bcrypt ($2a$/$2b$/$2y$) verified through libxcrypt's crypt_r so that users migrated from
// the Python service still log in (and are re-hashed to argon2id on success).
//
// Parameters: argon2id v=19, m=19456 KiB, t=2, p=1 (OWASP's minimum recommendation), 16-byte
// salt, 32-byte tag — about 20–60 ms per hash on one core. Every hash and verification runs
// on a pool of its own (one thread per core, nice +10; the caller waits): logins cannot starve
// the short requests of other users, and concurrent hashes hold at most cores × 19 MiB.
#pragma once
#include <string>
#include <string_view>

namespace edu::security {

inline constexpr unsigned long long kArgonOpsLimit = 2;
inline constexpr std::size_t kArgonMemLimitBytes = 19456u * 1024u;
inline constexpr std::string_view kArgonPrefix = "$argon2id$v=19$m=19456,t=2,p=1$";

// A new argon2id PHC string. Throws std::runtime_error when memory cannot be allocated.
std::string hash_password(std::string_view password);

struct PasswordCheck {
  bool ok = false;            // the password matches
  bool needs_rehash = false;  // matched, but the stored hash is legacy or weaker
};

// Verifies against argon2id/argon2i PHC strings or bcrypt. A malformed stored hash or an
// empty password never verifies (and never throws).
PasswordCheck verify_password(std::string_view password, std::string_view stored);

// Spends the time of one verification without a stored hash, so that "unknown e-mail" and
// "wrong password" cost the same (no user enumeration by timing).
void burn_verification_time(std::string_view password);

// The nice value of the hashing threads: 10, or the process's own when it is already higher.
int password_hashing_priority();

}  // namespace edu::security
