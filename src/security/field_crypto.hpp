// Field-level encryption of sensitive student data (LGPD art. 11 health data, DESIGN.md §6):
// AES-256-GCM (OpenSSL 3) with envelope keys.
//
// * A master key (FIELD_ENCRYPTION_KEY, 32 bytes) never encrypts data itself: each process
//   draws a random data key (DEK) at start and wraps it with the master key (AES-256-GCM).
// * Every value gets a fresh random 96-bit nonce; the associated data binds the ciphertext to
//   its table, column and row id, so a ciphertext copied into another row or column fails.
// * Stored text is self-describing and versioned:
//     enc:v1:<key-id>:<base64( wrapped DEK (60) | nonce (12) | ciphertext | tag (16) )>
//   <key-id> names the master key (8 hex digits of SHA-256 over it). Carrying the wrapped DEK
//   in each value keeps the format stateless (no key table, same on SQLite and PostgreSQL);
//   unwrapped DEKs are cached, so a read costs one AES-GCM operation.
// * Rotation: the current master key encrypts; previous master keys still decrypt. Writes
//   always use the current key (re-encrypt on write).
// * Values without the `enc:` prefix (written before encryption was enabled) are returned
//   unchanged: the migration path.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace edu::security {

using MasterKey = std::array<std::uint8_t, 32>;

// A stored value that cannot be decrypted (unknown key id, tampering, wrong row/column,
// malformed text). The message never contains the value.
class FieldCryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a value lives: the associated data of its ciphertext.
struct FieldAad {
  std::string_view table;
  std::string_view column;
  std::string_view row_id;
};

// 32 bytes given as standard base64 (44 characters) or 64 hex digits; nullopt otherwise.
std::optional<MasterKey> parse_master_key(std::string_view text);
// A fresh random master key as base64 (for the local key file).
std::string generate_master_key_text();
// 8 hex digits identifying a master key (not secret: a truncated hash).
std::string master_key_id(const MasterKey& key);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

class FieldCipher {
 public:
  // `current` encrypts and decrypts; `previous` only decrypt (rotation).
  explicit FieldCipher(const MasterKey& current, const std::vector<MasterKey>& previous = {});
  ~FieldCipher();
  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;

  std::string encrypt(std::string_view plaintext, const FieldAad& aad) const;
  // Plaintext of an `enc:` value; any other text is returned unchanged (legacy rows).
  // Throws FieldCryptoError when an `enc:` value does not decrypt.
  std::string decrypt(std::string_view stored, const FieldAad& aad) const;

  static bool is_encrypted(std::string_view stored) { return stored.rfind("enc:", 0) == 0; }
  // True when `stored` is plaintext or encrypted under another key than the current one.
  bool needs_reencryption(std::string_view stored) const;
  const std::string& current_key_id() const { return current_id_; }

 private:
  struct Dek {
    std::array<std::uint8_t, 32> key;
  };
  Dek unwrap(const std::string& key_id, std::string_view wrapped) const;

  std::map<std::string, MasterKey> masters_;  // key id -> master key
  std::string current_id_;
  Dek dek_;                   // this process's data key
  std::string wrapped_dek_;   // dek_ wrapped by the current master key (60 bytes)
  mutable std::shared_mutex mu_;
  mutable std::map<std::string, Dek> unwrapped_;  // wrapped bytes -> data key
};

}  // namespace edu::security
