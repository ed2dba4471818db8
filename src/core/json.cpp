// JSON serialization with deliberate number formatting.
#include "core/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/stream_parser.hpp>
#include <charconv>
#include <cmath>

#include "core/text_fold.hpp"

namespace edu {
namespace {

void escape_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // Invalid UTF-8 (e.g. percent-encoded junk echoed in a 422 `input`) would make the whole
      // document unreadable for clients: such bytes become U+FFFD.
      std::size_t j = i;
      char32_t cp = next_code_point(s, j);
      if (cp == 0xFFFD && j - i == 1) out += "\\ufffd";
      else out.append(s.substr(i, j - i));
      i = j - 1;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void format_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view sv(buf, p - buf);
  out.append(sv);
  // Keep a float recognisable as such ("2.0"), as Python's json does.
  if (sv.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

void write(std::string& out, const json::value& v, bool spaced) {
  switch (v.kind()) {
    case json::kind::null: out += "null"; break;
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case json::kind::int64: out += std::to_string(v.get_int64()); break;
    case json::kind::uint64: out += std::to_string(v.get_uint64()); break;
    case json::kind::double_: format_double(out, v.get_double()); break;
    case json::kind::string: escape_string(out, v.get_string()); break;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += spaced ? ", " : ",";
        first = false;
        write(out, e, spaced);
      }
      out.push_back(']');
      break;
    }
    case json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += spaced ? ", " : ",";
        first = false;
        escape_string(out, kv.key());
        out += spaced ? ": " : ":";
        write(out, kv.value(), spaced);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

std::string to_json(const json::value& v) {
  std::string out;
  out.reserve(256);
  write(out, v, true);
  return out;
}

std::string to_json_compact(const json::value& v) {
  std::string out;
  out.reserve(256);
  write(out, v, false);
  return out;
}

std::optional<json::value> parse_json(std::string_view text, std::string* error,
                                      std::size_t* offset) {
  json::stream_parser p;
  boost::system::error_code ec;
  std::size_t n = p.write_some(text.data(), text.size(), ec);
  if (!ec) p.finish(ec);
  if (ec) {
    if (error) *error = ec.message();
    if (offset) *offset = n;
    return std::nullopt;
  }
  return p.release();
}

double round_to(double v, int digits) {
  double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

json::array to_json_array(const std::vector<std::string>& items) {
  json::array a;
  a.reserve(items.size());
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

json::value json_or_null(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

std::vector<std::string> string_list(const json::value& v) {
  std::vector<std::string> out;
  if (!v.is_array()) return out;
  for (const auto& e : v.get_array())
    if (e.is_string()) out.emplace_back(e.get_string());
  return out;
}

}  // namespace edu
