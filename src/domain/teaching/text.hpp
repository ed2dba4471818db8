// Text helpers of the teaching area: Unicode-aware lower-casing (API.md §5.5 `lower(x)`, the
// case-insensitive student order) and Python-compatible whitespace trimming (string-list rule).
// Hand-written because the service links no ICU: the mapping covers Latin (Basic, Latin-1,
// Extended-A/B), Greek and Cyrillic, which is every script our labels and names use.
#pragma once
#include <string>
#include <string_view>

namespace edu::teaching {

// Full lower-casing of UTF-8 text for the scripts listed above; other code points unchanged.
std::string unicode_lower(std::string_view s);
// Strips leading/trailing whitespace as Python's str.strip() does (ASCII and Unicode spaces).
std::string trim_unicode(std::string_view s);

}  // namespace edu::teaching
