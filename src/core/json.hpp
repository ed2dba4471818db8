// JSON helpers on top of Boost.JSON: a serializer that formats numbers deliberately
// (Boost prints doubles as 9.5E0) and small accessors used by handlers and repositories.
#pragma once
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edu {
namespace json = boost::json;

// Serializes compactly with ", " / ": " separators as the legacy API did, doubles in
// shortest round-trip form ("9.5", "2.0" for integral doubles).
std::string to_json(const json::value& v);
// Compact form without spaces (used for storage and hashing).
std::string to_json_compact(const json::value& v);

// Parses text; returns nullopt and fills `error`/`offset` on malformed input.
std::optional<json::value> parse_json(std::string_view text, std::string* error = nullptr,
                                      std::size_t* offset = nullptr);

// Rounds to `digits` decimals (half away from zero) — averages/percentages use 2.
double round_to(double v, int digits);

json::array to_json_array(const std::vector<std::string>& items);
// A nullable string field: the text, or JSON null.
json::value json_or_null(const std::optional<std::string>& s);
std::vector<std::string> string_list(const json::value& v);  // non-strings skipped

}  // namespace edu
