// argon2id (libsodium) and legacy bcrypt (libxcrypt) password hashes.
#include "security/passwords.hpp"

#include <crypt.h>
#include <sodium.h>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace edu::security {
namespace {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  });
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_bcrypt(std::string_view h) {
  return starts_with(h, "$2a$") || starts_with(h, "$2b$") || starts_with(h, "$2y$");
}

bool verify_bcrypt(std::string_view password, std::string_view stored) {
  // bcrypt strings are exactly 60 characters: $2b$NN$ + 53 characters of salt and hash.
  if (stored.size() != 60) return false;
  // crypt() takes C strings: a password with NUL bytes cannot match a legacy hash honestly.
  if (password.find('\0') != std::string_view::npos) return false;
  std::string pw(password), setting(stored);
  auto data = std::make_unique<crypt_data>();  // ~32 KiB: not on the stack
  const char* out = crypt_r(pw.c_str(), setting.c_str(), data.get());
  if (!out || out[0] != '$') return false;  // "*0"/"*1" on failure
  std::string_view got(out);
  if (got.size() != stored.size()) return false;
  return sodium_memcmp(got.data(), stored.data(), got.size()) == 0;
}

const std::string& dummy_hash() {
  static const std::string h = hash_password("not-a-real-password-only-for-timing");
  return h;
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kArgonOpsLimit,
                            kArgonMemLimitBytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  return std::string(out);
}

PasswordCheck verify_password(std::string_view password, std::string_view stored) {
  PasswordCheck r;
  if (password.empty() || stored.empty()) return r;
  ensure_sodium();
  if (starts_with(stored, "$argon2id$") || starts_with(stored, "$argon2i$")) {
    if (stored.size() >= crypto_pwhash_STRBYTES) return r;
    std::string s(stored);  // NUL-terminated copy for libsodium
    if (crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) != 0) return r;
    r.ok = true;
    // 1 = different parameters or algorithm (argon2i), -1 = unparsable: upgrade either way.
    r.needs_rehash = !starts_with(stored, kArgonPrefix) ||
                     crypto_pwhash_str_needs_rehash(s.c_str(), kArgonOpsLimit,
                                                    kArgonMemLimitBytes) != 0;
    return r;
  }
  if (is_bcrypt(stored)) {
    r.ok = verify_bcrypt(password, stored);
    r.needs_rehash = r.ok;
    return r;
  }
  return r;  // unknown scheme: never verifies
}

void burn_verification_time(std::string_view password) {
  (void)verify_password(password.empty() ? std::string_view("x") : password, dummy_hash());
}

}  // namespace edu::security
