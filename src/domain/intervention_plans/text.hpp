// Case-insensitive search support for plan titles/objectives (API.md §5.5: lower() is full
// Unicode lower-casing). SQLite's lower() only folds ASCII, so the repository stores a
// lower-cased copy computed here and compares it with the lower-cased search term — the same
// on both backends. Covers Latin-1, Latin Extended-A, Greek and Cyrillic capitals.
#pragma once
#include <string>
#include <string_view>

namespace edu::plans {

std::string lower_utf8(std::string_view s);

}  // namespace edu::plans
