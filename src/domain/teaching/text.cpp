// Unicode lower-casing and trimming without ICU (see text.hpp for the covered scripts).
#include "domain/teaching/text.hpp"

#include <cstdint>

#include "core/text_fold.hpp"

namespace edu::teaching {
namespace {

// Decodes one UTF-8 code point at s[i]; advances i. Invalid bytes decode as themselves.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {  // malformed: pass the lead byte through
      cp = b;
      len = 1;
      break;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

char32_t lower_cp(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if (c <= 0xDE) return c == 0xD7 ? c : c + 32;  // À..Þ except ×
  if (c >= 0x100 && c <= 0x137) return c | 1;   // Ā..ķ pairs (even = upper)
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;
  if (c >= 0x14A && c <= 0x177) return c | 1;
  if (c == 0x178) return 0xFF;                                     // Ÿ
  if (c == 0x179 || c == 0x17B || c == 0x17D) return c + 1;        // Ź Ż Ž
  if (c >= 0x1CD && c <= 0x1DC) return (c & 1) ? c + 1 : c;        // Ǎ..Ǜ
  if (c >= 0x1DE && c <= 0x1EF) return c | 1;
  if (c >= 0x1F8 && c <= 0x21F) return c | 1;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
  if (c >= 0x400 && c <= 0x40F) return c + 80;                 // Cyrillic Ѐ..Џ
  if (c >= 0x410 && c <= 0x42F) return c + 32;                 // А..Я
  if (c >= 0x460 && c <= 0x481) return c | 1;
  if (c >= 0x48A && c <= 0x4BF) return c | 1;
  if (c >= 0x1E00 && c <= 0x1E95) return c | 1;  // Latin Extended Additional
  if (c >= 0x1EA0 && c <= 0x1EFF) return c | 1;
  return c;
}

bool is_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F) || c == 0x85 ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

}  // namespace

std::string unicode_lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
      ++i;
      continue;
    }
    std::size_t start = i;
    char32_t cp = decode(s, i);
    char32_t lc = lower_cp(cp);
    if (lc == cp)
      out.append(s.substr(start, i - start));  // keep the original bytes (also malformed ones)
    else
      append_utf8(out, lc);
  }
  return out;
}

std::string trim_unicode(std::string_view s) {
  std::size_t begin = 0, end = s.size();
  // leading
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    if (!is_space(decode(s, i))) {
      begin = at;
      break;
    }
    begin = i;
  }
  if (begin >= s.size()) return {};
  // trailing: walk forward remembering the end of the last non-space code point
  end = begin;
  for (std::size_t i = begin; i < s.size();) {
    char32_t cp = decode(s, i);
    if (!is_space(cp)) end = i;
  }
  return std::string(s.substr(begin, end - begin));
}

}  // namespace edu::teaching
