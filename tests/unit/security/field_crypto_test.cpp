// Field encryption: round trip, associated data binding, tampering, rotation, legacy plaintext.
#include "security/field_crypto.hpp"

#include <gtest/gtest.h>

namespace edu::security {
namespace {

MasterKey key_of(char fill) {
  MasterKey k;
  k.fill(static_cast<std::uint8_t>(fill));
  return k;
}

const FieldAad kAad{"students", "diagnosis", "0190a5b2-0000-7000-8000-000000000001"};

TEST(FieldCrypto, RoundTripAndFormat) {
  FieldCipher c(key_of(1));
  std::string enc = c.encrypt("TEA nível 2, TDAH", kAad);
  EXPECT_EQ(enc.rfind("enc:v1:" + c.current_key_id() + ":", 0), 0u) << enc;
  EXPECT_EQ(enc.find("TEA"), std::string::npos);
  EXPECT_EQ(c.decrypt(enc, kAad), "TEA nível 2, TDAH");
  EXPECT_EQ(c.current_key_id().size(), 8u);
  EXPECT_FALSE(c.needs_reencryption(enc));
}

TEST(FieldCrypto, FreshNoncePerValue) {
  FieldCipher c(key_of(1));
  EXPECT_NE(c.encrypt("same", kAad), c.encrypt("same", kAad));
}

TEST(FieldCrypto, UnicodeAndEmptyAndLarge) {
  FieldCipher c(key_of(2));
  for (std::string s : {std::string(""), std::string("ação — 自閉症 🧩 \xE2\x80\x8B"),
                        std::string(100000, 'x')})
    EXPECT_EQ(c.decrypt(c.encrypt(s, kAad), kAad), s);
}

TEST(FieldCrypto, WrongAadFails) {
  FieldCipher c(key_of(3));
  std::string enc = c.encrypt("segredo", kAad);
  EXPECT_THROW(c.decrypt(enc, {"students", "diagnosis", "another-row"}), FieldCryptoError);
  EXPECT_THROW(c.decrypt(enc, {"students", "learning_profile", kAad.row_id}), FieldCryptoError);
  EXPECT_THROW(c.decrypt(enc, {"observations", "diagnosis", kAad.row_id}), FieldCryptoError);
}

TEST(FieldCrypto, TamperDetected) {
  FieldCipher c(key_of(4));
  std::string enc = c.encrypt("segredo de saúde", kAad);
  auto colon = enc.rfind(':');
  auto blob = *base64_decode(enc.substr(colon + 1));
  for (std::size_t pos : {std::size_t{5}, std::size_t{65}, blob.size() - 20, blob.size() - 1}) {
    std::string b = blob;
    b[pos] = static_cast<char>(b[pos] ^ 1);
    std::string bad = enc.substr(0, colon + 1) + base64_encode(b);
    EXPECT_THROW(c.decrypt(bad, kAad), FieldCryptoError) << pos;
  }
  // Truncated, malformed, unknown version, unknown key id.
  EXPECT_THROW(c.decrypt(enc.substr(0, enc.size() - 8), kAad), FieldCryptoError);
  EXPECT_THROW(c.decrypt("enc:v1:abc", kAad), FieldCryptoError);
  EXPECT_THROW(c.decrypt("enc:v9:x:y", kAad), FieldCryptoError);
  std::string other = "enc:v1:00000000" + enc.substr(enc.find(':', 7));
  EXPECT_THROW(c.decrypt(other, kAad), FieldCryptoError);
}

TEST(FieldCrypto, WrongMasterKeyFails) {
  FieldCipher a(key_of(5));
  FieldCipher b(key_of(6));
  EXPECT_THROW(b.decrypt(a.encrypt("x", kAad), kAad), FieldCryptoError);
}

TEST(FieldCrypto, OtherProcessSameKeyDecrypts) {
  // Each process has its own data key; the wrapped key travels in the value.
  FieldCipher a(key_of(7));
  FieldCipher b(key_of(7));
  EXPECT_EQ(b.decrypt(a.encrypt("compartilhado", kAad), kAad), "compartilhado");
}

TEST(FieldCrypto, RotationOldKeyStillDecrypts) {
  FieldCipher old_cipher(key_of(8));
  std::string old_enc = old_cipher.encrypt("antigo", kAad);
  FieldCipher rotated(key_of(9), {key_of(8)});
  EXPECT_NE(rotated.current_key_id(), old_cipher.current_key_id());
  EXPECT_EQ(rotated.decrypt(old_enc, kAad), "antigo");
  EXPECT_TRUE(rotated.needs_reencryption(old_enc));
  std::string re = rotated.encrypt("antigo", kAad);
  EXPECT_FALSE(rotated.needs_reencryption(re));
  EXPECT_EQ(re.substr(7, 8), rotated.current_key_id());
  // Without the previous key, the old value is refused.
  FieldCipher only_new(key_of(9));
  EXPECT_THROW(only_new.decrypt(old_enc, kAad), FieldCryptoError);
}

TEST(FieldCrypto, LegacyPlaintextPassesThrough) {
  FieldCipher c(key_of(10));
  EXPECT_EQ(c.decrypt("Autismo leve", kAad), "Autismo leve");
  EXPECT_EQ(c.decrypt("", kAad), "");
  EXPECT_TRUE(c.needs_reencryption("Autismo leve"));
}

TEST(FieldCrypto, ParseMasterKey) {
  std::string hex(64, 'a');
  auto k = parse_master_key(hex);
  ASSERT_TRUE(k);
  EXPECT_EQ((*k)[0], 0xaa);
  std::string b64 = generate_master_key_text();
  EXPECT_EQ(b64.size(), 44u);
  ASSERT_TRUE(parse_master_key(b64));
  EXPECT_NE(generate_master_key_text(), b64);
  EXPECT_FALSE(parse_master_key("short"));
  EXPECT_FALSE(parse_master_key(std::string(63, 'a')));
  EXPECT_FALSE(parse_master_key(std::string(64, 'g')));
  EXPECT_FALSE(parse_master_key(base64_encode(std::string(31, 'x'))));
  EXPECT_EQ(master_key_id(*k), master_key_id(*k));
}

TEST(FieldCrypto, Base64) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"})
    EXPECT_EQ(*base64_decode(base64_encode(s)), s);
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(base64_decode("abc"));
  EXPECT_FALSE(base64_decode("ab$="));
}

}  // namespace
}  // namespace edu::security
