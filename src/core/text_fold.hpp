// Unicode helpers for accent- and case-insensitive matching of Portuguese text (BNCC search,
// API.md §4.13.4) and for keeping invalid UTF-8 from user input out of JSON responses.
// Folding is done in the application, not by the database, so that SQLite and PostgreSQL
// (whose unaccent() rules differ from NFD) give byte-identical results.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace edu {

// fold(s) = Unicode NFD, combining marks removed, lower-cased (Latin, Greek, Cyrillic; other
// symbols such as "π" or "º" are kept). Invalid UTF-8 bytes become U+FFFD.
// "Ação" → "acao", "FRAÇÕES" → "fracoes", "a\u0301" → "a".
std::string fold_text(std::string_view utf8);

// Whitespace as Python's str.split()/strip() see it (ASCII, U+001C..U+001F, U+0085, U+00A0,
// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
bool is_unicode_space(char32_t c);
// Splits on that whitespace, dropping empty parts.
std::vector<std::string> split_unicode_space(std::string_view utf8);
// Removes leading/trailing whitespace of that kind.
std::string trim_unicode_space(std::string_view utf8);

bool is_valid_utf8(std::string_view s);
// Replaces every invalid UTF-8 sequence by U+FFFD (one per maximal invalid subpart).
std::string sanitize_utf8(std::string_view s);

// Decodes one code point at `i` (advancing it); returns 0xFFFD for an invalid sequence
// (consuming one byte).
char32_t next_code_point(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);

}  // namespace edu
