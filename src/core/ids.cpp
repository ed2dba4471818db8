// UUIDv7 / v4 generation and parsing, random tokens, SHA-256.
#include "core/ids.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "core/time.hpp"

namespace edu {
namespace {

void random_bytes(unsigned char* p, std::size_t n) {
  if (RAND_bytes(p, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

std::string render(const std::array<unsigned char, 16>& b) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(hex[b[i] >> 4]);
    s.push_back(hex[b[i] & 15]);
  }
  return s;
}

}  // namespace

std::string new_uuid_v7() {
  std::array<unsigned char, 16> b{};
  random_bytes(b.data(), b.size());
  std::uint64_t ms = static_cast<std::uint64_t>(now_micros() / 1000);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x70);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  return render(b);
}

std::string new_uuid_v4() {
  std::array<unsigned char, 16> b{};
  random_bytes(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  return render(b);
}

std::optional<std::string> parse_uuid(std::string_view s) {
  std::string hex;
  hex.reserve(32);
  if (s.size() == 36) {
    for (std::size_t i = 0; i < 36; ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (s[i] != '-') return std::nullopt;
      } else {
        hex.push_back(s[i]);
      }
    }
  } else if (s.size() == 32) {
    hex.assign(s);
  } else {
    return std::nullopt;
  }
  std::array<unsigned char, 16> b{};
  for (std::size_t i = 0; i < 32; ++i) {
    char c = hex[i];
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return std::nullopt;
    b[i / 2] = static_cast<unsigned char>(b[i / 2] | (i % 2 ? v : v << 4));
  }
  return render(b);
}

std::string random_hex(std::size_t n) {
  std::string raw(n, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), n);
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(2 * n);
  for (unsigned char c : raw) {
    s.push_back(hex[c >> 4]);
    s.push_back(hex[c & 15]);
  }
  return s;
}

namespace {
struct Xoshiro {
  std::uint64_t s[4];
  Xoshiro() { random_bytes(reinterpret_cast<unsigned char*>(s), sizeof s); }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};
}  // namespace

void fast_random_hex_into(char* out, std::size_t n) {
  thread_local Xoshiro rng;
  static const char* hex = "0123456789abcdef";
  std::size_t i = 0;
  while (i < n) {
    std::uint64_t r = rng.next();
    for (int k = 0; k < 8 && i < n; ++k, ++i) {
      unsigned char c = static_cast<unsigned char>(r >> (8 * k));
      out[2 * i] = hex[c >> 4];
      out[2 * i + 1] = hex[c & 15];
    }
  }
}

std::string fast_random_hex(std::size_t n) {
  std::string s(2 * n, '0');
  fast_random_hex_into(s.data(), n);
  return s;
}

std::string fast_uuid_v4() {
  char hex[32];
  fast_random_hex_into(hex, 16);
  hex[12] = '4';
  static const char* variant = "89ab";
  hex[16] = variant[(hex[16] <= '9' ? hex[16] - '0' : hex[16] - 'a' + 10) & 3];
  std::string s(36, '-');
  std::size_t j = 0;
  for (std::size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    s[i] = hex[j++];
  }
  return s;
}

std::string random_token(std::size_t n) {
  std::string raw(n, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), n);
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out.push_back(tbl[(buf >> (bits - 6)) & 63]);
      bits -= 6;
    }
  }
  if (bits > 0) out.push_back(tbl[(buf << (6 - bits)) & 63]);
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned int i = 0; i < len; ++i) {
    s.push_back(hex[md[i] >> 4]);
    s.push_back(hex[md[i] & 15]);
  }
  return s;
}

}  // namespace edu
