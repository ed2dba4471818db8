// AES-256-GCM field encryption with envelope keys (see field_crypto.hpp for the format).
#include "security/field_crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>
#include <mutex>

namespace edu::security {
namespace {

constexpr std::size_t kNonce = 12;
constexpr std::size_t kTag = 16;
constexpr std::size_t kWrapped = kNonce + 32 + kTag;  // wrapped data key
constexpr std::string_view kPrefix = "enc:v1:";

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

void random_bytes(std::uint8_t* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

// nonce | ciphertext | tag
std::string gcm_seal(const std::uint8_t* key, std::string_view plain, std::string_view aad) {
  std::string out(kNonce + plain.size() + kTag, '\0');
  auto* o = reinterpret_cast<std::uint8_t*>(out.data());
  random_bytes(o, kNonce);
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, o) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), o + kNonce, &len,
                        reinterpret_cast<const std::uint8_t*>(plain.data()),
                        static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), o + kNonce + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, o + kNonce + plain.size()) != 1)
    throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

std::optional<std::string> gcm_open(const std::uint8_t* key, std::string_view sealed,
                                    std::string_view aad) {
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  const auto* s = reinterpret_cast<const std::uint8_t*>(sealed.data());
  std::size_t n = sealed.size() - kNonce - kTag;
  std::string out(n, '\0');
  auto* o = reinterpret_cast<std::uint8_t*>(out.data());
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  std::uint8_t tag[kTag];
  std::memcpy(tag, s + kNonce + n, kTag);
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, s) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const std::uint8_t*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), o, &len, s + kNonce, static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), o + len, &len) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

std::string dek_aad(const std::string& key_id) { return "eduautismo:dek:v1:" + key_id; }

std::string value_aad(const std::string& key_id, const FieldAad& a) {
  std::string s = "eduautismo:field:v1:";
  s += key_id;
  s += ':';
  s += a.table;
  s += '.';
  s += a.column;
  s += ':';
  s += a.row_id;
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
      return std::nullopt;
  std::string out(3 * (text.size() / 4), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes.
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::optional<MasterKey> parse_master_key(std::string_view text) {
  MasterKey k{};
  if (text.size() == 64) {
    for (std::size_t i = 0; i < 32; ++i) {
      int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      k[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return k;
  }
  auto raw = base64_decode(text);
  if (!raw || raw->size() != 32) return std::nullopt;
  std::memcpy(k.data(), raw->data(), 32);
  OPENSSL_cleanse(raw->data(), raw->size());
  return k;
}

std::string generate_master_key_text() {
  MasterKey k;
  random_bytes(k.data(), k.size());
  std::string out = base64_encode(std::string_view(reinterpret_cast<const char*>(k.data()), 32));
  OPENSSL_cleanse(k.data(), k.size());
  return out;
}

std::string master_key_id(const MasterKey& key) {
  std::string in = "eduautismo field master key ";
  in.append(reinterpret_cast<const char*>(key.data()), key.size());
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(in.data()), in.size(), md);
  OPENSSL_cleanse(in.data(), in.size());
  static const char* kHex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 4; ++i) {
    id += kHex[md[i] >> 4];
    id += kHex[md[i] & 15];
  }
  return id;
}

FieldCipher::FieldCipher(const MasterKey& current, const std::vector<MasterKey>& previous) {
  current_id_ = master_key_id(current);
  masters_[current_id_] = current;
  for (const auto& k : previous) masters_.emplace(master_key_id(k), k);
  random_bytes(dek_.key.data(), dek_.key.size());
  wrapped_dek_ = gcm_seal(current.data(),
                          std::string_view(reinterpret_cast<const char*>(dek_.key.data()), 32),
                          dek_aad(current_id_));
  unwrapped_[wrapped_dek_] = dek_;
}

FieldCipher::~FieldCipher() {
  OPENSSL_cleanse(dek_.key.data(), dek_.key.size());
  for (auto& [id, k] : masters_) OPENSSL_cleanse(k.data(), k.size());
  for (auto& [w, d] : unwrapped_) OPENSSL_cleanse(d.key.data(), d.key.size());
}

std::string FieldCipher::encrypt(std::string_view plaintext, const FieldAad& aad) const {
  std::string blob = wrapped_dek_;
  blob += gcm_seal(dek_.key.data(), plaintext, value_aad(current_id_, aad));
  std::string out(kPrefix);
  out += current_id_;
  out += ':';
  out += base64_encode(blob);
  return out;
}

FieldCipher::Dek FieldCipher::unwrap(const std::string& key_id, std::string_view wrapped) const {
  std::string w(wrapped);
  {
    std::shared_lock lock(mu_);
    if (auto it = unwrapped_.find(w); it != unwrapped_.end()) return it->second;
  }
  auto m = masters_.find(key_id);
  if (m == masters_.end())
    throw FieldCryptoError("encrypted field: unknown master key id " + key_id);
  auto raw = gcm_open(m->second.data(), wrapped, dek_aad(key_id));
  if (!raw || raw->size() != 32) throw FieldCryptoError("encrypted field: data key does not unwrap");
  Dek d;
  std::memcpy(d.key.data(), raw->data(), 32);
  OPENSSL_cleanse(raw->data(), raw->size());
  std::unique_lock lock(mu_);
  if (unwrapped_.size() < 4096) unwrapped_.emplace(std::move(w), d);
  return d;
}

std::string FieldCipher::decrypt(std::string_view stored, const FieldAad& aad) const {
  if (!is_encrypted(stored)) return std::string(stored);
  if (stored.rfind(kPrefix, 0) != 0) throw FieldCryptoError("encrypted field: unknown version");
  std::string_view rest = stored.substr(kPrefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) throw FieldCryptoError("encrypted field: malformed");
  std::string key_id(rest.substr(0, colon));
  auto blob = base64_decode(rest.substr(colon + 1));
  if (!blob || blob->size() < kWrapped + kNonce + kTag)
    throw FieldCryptoError("encrypted field: malformed");
  Dek d = unwrap(key_id, std::string_view(*blob).substr(0, kWrapped));
  auto plain = gcm_open(d.key.data(), std::string_view(*blob).substr(kWrapped),
                        value_aad(key_id, aad));
  OPENSSL_cleanse(d.key.data(), d.key.size());
  if (!plain)
    throw FieldCryptoError("encrypted field: authentication failed (tampered, or another row)");
  return std::move(*plain);
}

bool FieldCipher::needs_reencryption(std::string_view stored) const {
  if (!is_encrypted(stored)) return true;
  std::string_view rest = stored.substr(std::min(stored.size(), kPrefix.size()));
  return rest.substr(0, rest.find(':')) != current_id_;
}

}  // namespace edu::security
