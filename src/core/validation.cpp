// Pydantic-v2 compatible validation (API.md §1.3, §1.6).
#include "core/validation.hpp"

#include <cmath>
#include <regex>

#include "core/ids.hpp"
#include "http/message.hpp"

namespace edu {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string enum_expected(std::span<const std::string_view> values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += (i + 1 == values.size()) ? " or " : ", ";
    out += "'";
    out += values[i];
    out += "'";
  }
  return out;
}

std::optional<bool> parse_bool_text(std::string_view s) {
  std::string l;
  for (char c : s) l.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  if (l == "true" || l == "1" || l == "yes" || l == "on" || l == "t" || l == "y") return true;
  if (l == "false" || l == "0" || l == "no" || l == "off" || l == "f" || l == "n") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int_text(std::string_view s) {
  std::size_t i = 0;
  // Pydantic strips surrounding whitespace from numeric strings.
  while (i < s.size() && s[i] == ' ') ++i;
  std::size_t end = s.size();
  while (end > i && s[end - 1] == ' ') --end;
  s = s.substr(i, end - i);
  if (s.empty()) return std::nullopt;
  bool neg = false;
  std::size_t p = 0;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    p = 1;
  }
  if (p == s.size() || s.size() - p > 18) return std::nullopt;
  std::int64_t v = 0;
  for (; p < s.size(); ++p) {
    if (s[p] == '_') continue;
    if (s[p] < '0' || s[p] > '9') return std::nullopt;
    v = v * 10 + (s[p] - '0');
  }
  return neg ? -v : v;
}

namespace {

json::array extend(const json::array& base, std::string_view key) {
  json::array a = base;
  a.emplace_back(key);
  return a;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// JSON documents (objects/arrays) holding U+0000 anywhere, keys included.
bool has_nul_impl(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: return std::string_view(v.get_string()).find('\0') != std::string_view::npos;
    case json::kind::array:
      for (const auto& e : v.get_array())
        if (has_nul_impl(e)) return true;
      return false;
    case json::kind::object:
      for (const auto& kv : v.get_object())
        if (kv.key().find('\0') != std::string_view::npos || has_nul_impl(kv.value())) return true;
      return false;
    default: return false;
  }
}

void nul_error(Validator& v, const json::array& loc, const json::value& input) {
  json::object ctx;
  ctx["error"] = kNulCharacterMessage;
  v.add("value_error", loc, std::string("Value error, ") + kNulCharacterMessage, input, ctx);
}

// Validates string rules; returns false when an error was recorded.
bool check_str(Validator& v, const json::array& loc, const std::string& s, const json::value& input,
               const StrRule& r, bool body_value = false) {
  // Body strings that are stored: PostgreSQL text (and jsonb) cannot hold U+0000, so refuse it
  // in every dialect rather than truncate or fail on write (handlers opt in with refuse_nul()).
  if (body_value && v.refuses_nul() && s.find('\0') != std::string::npos) {
    json::object ctx;
    ctx["error"] = kNulCharacterMessage;
    v.add("value_error", loc, std::string("Value error, ") + kNulCharacterMessage, input, ctx);
    return false;
  }
  std::size_t len = utf8_length(s);
  if (r.min_len && len < *r.min_len) {
    json::object ctx;
    ctx["min_length"] = *r.min_len;
    v.add("string_too_short", loc,
          "String should have at least " + plural(*r.min_len, "character"), input, ctx);
    return false;
  }
  if (r.max_len && len > *r.max_len) {
    json::object ctx;
    ctx["max_length"] = *r.max_len;
    v.add("string_too_long", loc, "String should have at most " + plural(*r.max_len, "character"),
          input, ctx);
    return false;
  }
  if (r.check) {
    std::string msg = r.check(s);
    if (!msg.empty()) {
      json::object ctx;
      ctx["error"] = msg;
      v.add("value_error", loc, "Value error, " + msg, input, ctx);
      return false;
    }
  }
  return true;
}

bool check_int(Validator& v, const json::array& loc, std::int64_t n, const json::value& input,
               const IntRule& r) {
  if (r.ge && n < *r.ge) {
    json::object ctx;
    ctx["ge"] = *r.ge;
    v.add("greater_than_equal", loc, "Input should be greater than or equal to " + std::to_string(*r.ge),
          input, ctx);
    return false;
  }
  if (r.le && n > *r.le) {
    json::object ctx;
    ctx["le"] = *r.le;
    v.add("less_than_equal", loc, "Input should be less than or equal to " + std::to_string(*r.le),
          input, ctx);
    return false;
  }
  return true;
}

std::string num_text(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  return to_json(json::value(d));
}

}  // namespace

bool contains_nul(const json::value& v) { return has_nul_impl(v); }
void add_nul_error(Validator& v, const json::array& loc, const json::value& input) {
  nul_error(v, loc, input);
}

// ---------------------------------------------------------------- ObjectReader

ObjectReader::ObjectReader(Validator& v, const json::object* obj, json::array loc)
    : v_(v), obj_(obj), loc_(std::move(loc)) {}

json::array ObjectReader::loc_of(std::string_view key) const { return extend(loc_, key); }

const json::value* ObjectReader::lookup(std::string_view key, Presence p, bool& null_ok,
                                        bool& absent) {
  null_ok = p == Presence::Nullable;
  absent = false;
  if (!obj_) {
    absent = true;
    return nullptr;
  }
  auto it = obj_->find(key);
  if (it == obj_->end()) {
    absent = true;
    if (p == Presence::Required)
      v_.add("missing", loc_of(key), "Field required", json::value(*obj_));
    return nullptr;
  }
  return &it->value();
}

#define EDU_LOOKUP(T)                                   \
  Field<T> f;                                           \
  bool null_ok, absent;                                 \
  const json::value* jv = lookup(key, p, null_ok, absent); \
  if (absent) return f;                                 \
  if (jv->is_null() && null_ok) {                       \
    f.state = Field<T>::State::Null;                    \
    return f;                                           \
  }                                                     \
  f.state = Field<T>::State::Invalid;

Field<std::string> ObjectReader::str(std::string_view key, Presence p, const StrRule& r) {
  EDU_LOOKUP(std::string)
  if (!jv->is_string()) {
    v_.add("string_type", loc_of(key), "Input should be a valid string", *jv);
    return f;
  }
  std::string s(jv->get_string());
  if (!check_str(v_, loc_of(key), s, *jv, r, true)) return f;
  f.state = Field<std::string>::State::Value;
  f.value = std::move(s);
  return f;
}

Field<std::int64_t> ObjectReader::integer(std::string_view key, Presence p, const IntRule& r) {
  EDU_LOOKUP(std::int64_t)
  std::int64_t n = 0;
  if (jv->is_int64()) {
    n = jv->get_int64();
  } else if (jv->is_uint64()) {
    v_.add("int_parsing", loc_of(key), "Input should be a valid integer, unable to parse string as an integer", *jv);
    return f;
  } else if (jv->is_double()) {
    double d = jv->get_double();
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9e15) {
      v_.add("int_from_float", loc_of(key),
             "Input should be a valid integer, got a number with a fractional part", *jv);
      return f;
    }
    n = static_cast<std::int64_t>(d);
  } else if (jv->is_string()) {
    auto parsed = parse_int_text(jv->get_string());
    if (!parsed) {
      v_.add("int_parsing", loc_of(key),
             "Input should be a valid integer, unable to parse string as an integer", *jv);
      return f;
    }
    n = *parsed;
  } else {
    v_.add("int_type", loc_of(key), "Input should be a valid integer", *jv);
    return f;
  }
  if (!check_int(v_, loc_of(key), n, *jv, r)) return f;
  f.state = Field<std::int64_t>::State::Value;
  f.value = n;
  return f;
}

Field<double> ObjectReader::number(std::string_view key, Presence p, const NumRule& r) {
  EDU_LOOKUP(double)
  double d = 0;
  if (jv->is_number() && !jv->is_bool()) {
    d = jv->to_number<double>();
  } else if (jv->is_string()) {
    std::string s(jv->get_string());
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(d)) {
      v_.add("float_parsing", loc_of(key), "Input should be a valid number, unable to parse string as a number", *jv);
      return f;
    }
  } else {
    v_.add("float_type", loc_of(key), "Input should be a valid number", *jv);
    return f;
  }
  if (r.ge && d < *r.ge) {
    json::object ctx;
    ctx["ge"] = *r.ge;
    v_.add("greater_than_equal", loc_of(key), "Input should be greater than or equal to " + num_text(*r.ge), *jv, ctx);
    return f;
  }
  if (r.le && d > *r.le) {
    json::object ctx;
    ctx["le"] = *r.le;
    v_.add("less_than_equal", loc_of(key), "Input should be less than or equal to " + num_text(*r.le), *jv, ctx);
    return f;
  }
  f.state = Field<double>::State::Value;
  f.value = d;
  return f;
}

Field<bool> ObjectReader::boolean(std::string_view key, Presence p) {
  EDU_LOOKUP(bool)
  if (jv->is_bool()) {
    f.value = jv->get_bool();
  } else if (jv->is_int64() && (jv->get_int64() == 0 || jv->get_int64() == 1)) {
    f.value = jv->get_int64() == 1;
  } else if (jv->is_double() && (jv->get_double() == 0.0 || jv->get_double() == 1.0)) {
    f.value = jv->get_double() == 1.0;
  } else if (jv->is_string()) {
    auto b = parse_bool_text(jv->get_string());
    if (!b) {
      v_.add("bool_parsing", loc_of(key), "Input should be a valid boolean, unable to interpret input", *jv);
      return f;
    }
    f.value = *b;
  } else {
    v_.add("bool_type", loc_of(key), "Input should be a valid boolean", *jv);
    return f;
  }
  f.state = Field<bool>::State::Value;
  return f;
}

Field<std::string> ObjectReader::enumeration(std::string_view key, Presence p,
                                             std::span<const std::string_view> values) {
  EDU_LOOKUP(std::string)
  if (jv->is_string()) {
    std::string_view s = jv->get_string();
    for (auto v : values)
      if (v == s) {
        f.state = Field<std::string>::State::Value;
        f.value = std::string(s);
        return f;
      }
  }
  json::object ctx;
  ctx["expected"] = enum_expected(values);
  v_.add("enum", loc_of(key), "Input should be " + enum_expected(values), *jv, ctx);
  return f;
}

Field<std::string> ObjectReader::uuid(std::string_view key, Presence p) {
  EDU_LOOKUP(std::string)
  if (!jv->is_string()) {
    v_.add("uuid_type", loc_of(key), "Input should be a valid UUID, expected a string", *jv);
    return f;
  }
  auto u = parse_uuid(jv->get_string());
  if (!u) {
    v_.add("uuid_parsing", loc_of(key),
           "Input should be a valid UUID, unable to parse string as a UUID", *jv);
    return f;
  }
  f.state = Field<std::string>::State::Value;
  f.value = *u;
  return f;
}

Field<Date> ObjectReader::date(std::string_view key, Presence p) {
  EDU_LOOKUP(Date)
  std::optional<Date> d;
  if (jv->is_string()) d = parse_date(jv->get_string());
  if (!d) {
    v_.add("date_from_datetime_parsing", loc_of(key),
           "Input should be a valid date in the format YYYY-MM-DD", *jv);
    return f;
  }
  f.state = Field<Date>::State::Value;
  f.value = *d;
  return f;
}

Field<Micros> ObjectReader::datetime(std::string_view key, Presence p) {
  EDU_LOOKUP(Micros)
  std::optional<Micros> t;
  if (jv->is_string()) t = parse_timestamp(jv->get_string());
  if (!t) {
    v_.add("datetime_from_date_parsing", loc_of(key),
           "Input should be a valid datetime or date, invalid format", *jv);
    return f;
  }
  f.state = Field<Micros>::State::Value;
  f.value = *t;
  return f;
}

namespace {
bool check_list_len(Validator& v, const json::array& loc, std::size_t n, const json::value& input,
                    const ListRule& r) {
  if (r.min_items && n < *r.min_items) {
    json::object ctx;
    ctx["field_type"] = "List";
    ctx["min_length"] = *r.min_items;
    ctx["actual_length"] = n;
    v.add("too_short", loc,
          "List should have at least " + plural(*r.min_items, "item") + " after validation, not " +
              std::to_string(n),
          input, ctx);
    return false;
  }
  if (r.max_items && n > *r.max_items) {
    json::object ctx;
    ctx["field_type"] = "List";
    ctx["max_length"] = *r.max_items;
    ctx["actual_length"] = n;
    v.add("too_long", loc,
          "List should have at most " + plural(*r.max_items, "item") + " after validation, not " +
              std::to_string(n),
          input, ctx);
    return false;
  }
  return true;
}
}  // namespace

Field<std::vector<std::string>> ObjectReader::string_list(std::string_view key, Presence p,
                                                          const ListRule& r) {
  EDU_LOOKUP(std::vector<std::string>)
  if (!jv->is_array()) {
    v_.add("list_type", loc_of(key), "Input should be a valid list", *jv);
    return f;
  }
  const auto& arr = jv->get_array();
  if (!check_list_len(v_, loc_of(key), arr.size(), *jv, r)) return f;
  bool ok = true;
  std::vector<std::string> out;
  out.reserve(arr.size());
  StrRule sr;
  sr.max_len = r.item_max_len;
  sr.min_len = r.item_min_len;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    json::array loc = loc_of(key);
    loc.emplace_back(i);
    if (!arr[i].is_string()) {
      v_.add("string_type", loc, "Input should be a valid string", arr[i]);
      ok = false;
      continue;
    }
    std::string s(arr[i].get_string());
    if (!check_str(v_, loc, s, arr[i], sr, true)) {
      ok = false;
      continue;
    }
    out.push_back(std::move(s));
  }
  if (!ok) return f;
  f.state = Field<std::vector<std::string>>::State::Value;
  f.value = std::move(out);
  return f;
}

Field<json::object> ObjectReader::dict(std::string_view key, Presence p) {
  EDU_LOOKUP(json::object)
  if (!jv->is_object()) {
    v_.add("dict_type", loc_of(key), "Input should be a valid dictionary", *jv);
    return f;
  }
  f.state = Field<json::object>::State::Value;
  f.value = jv->get_object();
  return f;
}

Field<json::value> ObjectReader::any(std::string_view key, Presence p) {
  EDU_LOOKUP(json::value)
  f.state = Field<json::value>::State::Value;
  f.value = *jv;
  return f;
}

Field<std::size_t> ObjectReader::object_list(
    std::string_view key, Presence p, const ListRule& r,
    const std::function<void(ObjectReader&, std::size_t)>& item) {
  EDU_LOOKUP(std::size_t)
  if (!jv->is_array()) {
    v_.add("list_type", loc_of(key), "Input should be a valid list", *jv);
    return f;
  }
  const auto& arr = jv->get_array();
  if (!check_list_len(v_, loc_of(key), arr.size(), *jv, r)) return f;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    json::array loc = loc_of(key);
    loc.emplace_back(i);
    if (!arr[i].is_object()) {
      v_.add("model_attributes_type", loc,
             "Input should be a valid dictionary or object to extract fields from", arr[i]);
      continue;
    }
    ObjectReader sub(v_, &arr[i].get_object(), loc);
    item(sub, i);
  }
  f.state = Field<std::size_t>::State::Value;
  f.value = arr.size();
  return f;
}

Field<json::array> ObjectReader::dict_list(std::string_view key, Presence p, const ListRule& r) {
  EDU_LOOKUP(json::array)
  if (!jv->is_array()) {
    v_.add("list_type", loc_of(key), "Input should be a valid list", *jv);
    return f;
  }
  const auto& arr = jv->get_array();
  if (!check_list_len(v_, loc_of(key), arr.size(), *jv, r)) return f;
  bool ok = true;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (arr[i].is_object()) continue;
    json::array loc = loc_of(key);
    loc.emplace_back(i);
    v_.add("dict_type", loc, "Input should be a valid dictionary", arr[i]);
    ok = false;
  }
  if (!ok) return f;
  f.state = Field<json::array>::State::Value;
  f.value = arr;
  return f;
}

Field<std::vector<std::string>> ObjectReader::uuid_list(std::string_view key, Presence p,
                                                        const ListRule& r) {
  EDU_LOOKUP(std::vector<std::string>)
  if (!jv->is_array()) {
    v_.add("list_type", loc_of(key), "Input should be a valid list", *jv);
    return f;
  }
  const auto& arr = jv->get_array();
  if (!check_list_len(v_, loc_of(key), arr.size(), *jv, r)) return f;
  bool ok = true;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    json::array loc = loc_of(key);
    loc.emplace_back(i);
    if (!arr[i].is_string()) {
      v_.add("uuid_type", loc, "Input should be a valid UUID, expected a string", arr[i]);
      ok = false;
      continue;
    }
    auto u = parse_uuid(arr[i].get_string());
    if (!u) {
      v_.add("uuid_parsing", loc, "Input should be a valid UUID, unable to parse string as a UUID",
             arr[i]);
      ok = false;
      continue;
    }
    out.push_back(*u);
  }
  if (!ok) return f;
  f.state = Field<std::vector<std::string>>::State::Value;
  f.value = std::move(out);
  return f;
}

void ObjectReader::fail(std::string_view key, const std::string& message, json::object extra_ctx) {
  json::object ctx;
  ctx["error"] = message;
  for (auto& kv : extra_ctx) ctx[kv.key()] = kv.value();
  json::value input = (obj_ && obj_->contains(key)) ? obj_->at(key) : json::value(nullptr);
  v_.add("value_error", loc_of(key), "Value error, " + message, input, ctx);
}

void ObjectReader::fail_item(std::string_view key, std::size_t index, const std::string& message,
                             json::value input) {
  json::object ctx;
  ctx["error"] = message;
  json::array loc = loc_of(key);
  loc.emplace_back(index);
  v_.add("value_error", std::move(loc), "Value error, " + message, std::move(input), ctx);
}

#undef EDU_LOOKUP

// ---------------------------------------------------------------- Validator

void Validator::add(std::string type, json::array loc, std::string msg, json::value input,
                    json::object ctx) {
  FieldError e;
  e.type = std::move(type);
  e.loc = std::move(loc);
  e.msg = std::move(msg);
  e.input = std::move(input);
  e.ctx = std::move(ctx);
  errors_.push_back(std::move(e));
}

void Validator::finish() {
  if (!errors_.empty()) throw ValidationError(std::move(errors_));
}

std::string Validator::path_uuid(std::string_view name) {
  const std::string& raw = ctx_.param(name);
  auto u = parse_uuid(raw);
  if (!u) {
    add("uuid_parsing", json::array{"path", json::string(name)},
        "Input should be a valid UUID, unable to parse string as a UUID", json::value(raw));
    return {};
  }
  return *u;
}

std::string Validator::path_str(std::string_view name) { return ctx_.param(name); }

const std::string* Validator::query_raw(std::string_view name) const {
  return req_.query_param(name);
}

Field<std::int64_t> Validator::query_int(std::string_view name, std::optional<std::int64_t> def,
                                         const IntRule& r) {
  Field<std::int64_t> f;
  const std::string* raw = query_raw(name);
  json::array loc{"query", json::string(name)};
  if (!raw) {
    if (def) {
      f.state = Field<std::int64_t>::State::Value;
      f.value = *def;
    }
    return f;
  }
  auto n = parse_int_text(*raw);
  if (!n) {
    f.state = Field<std::int64_t>::State::Invalid;
    add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer",
        json::value(*raw));
    return f;
  }
  if (!check_int(*this, loc, *n, json::value(*raw), r)) {
    f.state = Field<std::int64_t>::State::Invalid;
    return f;
  }
  f.state = Field<std::int64_t>::State::Value;
  f.value = *n;
  return f;
}

Field<bool> Validator::query_bool(std::string_view name, std::optional<bool> def) {
  Field<bool> f;
  const std::string* raw = query_raw(name);
  if (!raw) {
    if (def) {
      f.state = Field<bool>::State::Value;
      f.value = *def;
    }
    return f;
  }
  auto b = parse_bool_text(*raw);
  if (!b) {
    f.state = Field<bool>::State::Invalid;
    add("bool_parsing", json::array{"query", json::string(name)},
        "Input should be a valid boolean, unable to interpret input", json::value(*raw));
    return f;
  }
  f.state = Field<bool>::State::Value;
  f.value = *b;
  return f;
}

Field<std::string> Validator::query_str(std::string_view name, const StrRule& r) {
  Field<std::string> f;
  const std::string* raw = query_raw(name);
  if (!raw) return f;
  if (!check_str(*this, json::array{"query", json::string(name)}, *raw, json::value(*raw), r)) {
    f.state = Field<std::string>::State::Invalid;
    return f;
  }
  f.state = Field<std::string>::State::Value;
  f.value = *raw;
  return f;
}

Field<std::string> Validator::query_enum(std::string_view name,
                                         std::span<const std::string_view> values) {
  Field<std::string> f;
  const std::string* raw = query_raw(name);
  if (!raw) return f;
  for (auto v : values)
    if (v == *raw) {
      f.state = Field<std::string>::State::Value;
      f.value = *raw;
      return f;
    }
  f.state = Field<std::string>::State::Invalid;
  json::object ctx;
  ctx["expected"] = enum_expected(values);
  add("enum", json::array{"query", json::string(name)}, "Input should be " + enum_expected(values),
      json::value(*raw), ctx);
  return f;
}

Field<std::string> Validator::query_uuid(std::string_view name) {
  Field<std::string> f;
  const std::string* raw = query_raw(name);
  if (!raw) return f;
  auto u = parse_uuid(*raw);
  if (!u) {
    f.state = Field<std::string>::State::Invalid;
    add("uuid_parsing", json::array{"query", json::string(name)},
        "Input should be a valid UUID, unable to parse string as a UUID", json::value(*raw));
    return f;
  }
  f.state = Field<std::string>::State::Value;
  f.value = *u;
  return f;
}

Field<Date> Validator::query_date(std::string_view name) {
  Field<Date> f;
  const std::string* raw = query_raw(name);
  if (!raw) return f;
  auto d = parse_date(*raw);
  if (!d) {
    f.state = Field<Date>::State::Invalid;
    add("date_from_datetime_parsing", json::array{"query", json::string(name)},
        "Input should be a valid date in the format YYYY-MM-DD", json::value(*raw));
    return f;
  }
  f.state = Field<Date>::State::Value;
  f.value = *d;
  return f;
}

Field<Micros> Validator::query_datetime(std::string_view name) {
  Field<Micros> f;
  const std::string* raw = query_raw(name);
  if (!raw) return f;
  auto t = parse_timestamp(*raw);
  if (!t) {
    f.state = Field<Micros>::State::Invalid;
    add("datetime_from_date_parsing", json::array{"query", json::string(name)},
        "Input should be a valid datetime or date, invalid format", json::value(*raw));
    return f;
  }
  f.state = Field<Micros>::State::Value;
  f.value = *t;
  return f;
}

Field<std::string> Validator::query_pattern(std::string_view name, const std::string& pattern) {
  Field<std::string> f;
  const std::string* raw = query_raw(name);
  if (!raw) return f;
  if (!std::regex_search(*raw, std::regex(pattern))) {
    f.state = Field<std::string>::State::Invalid;
    json::object ctx;
    ctx["pattern"] = pattern;
    add("string_pattern_mismatch", json::array{"query", json::string(name)},
        "String should match pattern '" + pattern + "'", json::value(*raw), ctx);
    return f;
  }
  f.state = Field<std::string>::State::Value;
  f.value = *raw;
  return f;
}

namespace {
bool is_json_content_type(const std::string* ct) {
  if (!ct) return true;
  std::string_view v = *ct;
  auto semi = v.find(';');
  if (semi != std::string_view::npos) v = v.substr(0, semi);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  std::string l;
  for (char c : v) l.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  if (l.empty() || l == "application/json") return true;
  return l.rfind("application/", 0) == 0 && l.size() > 5 && l.substr(l.size() - 5) == "+json";
}
}  // namespace

std::optional<json::value> Validator::body_value(bool required) {
  const std::string& raw = req_.body;
  if (raw.empty()) {
    if (required) add("missing", json::array{"body"}, "Field required", nullptr);
    return std::nullopt;
  }
  if (!is_json_content_type(req_.header("Content-Type"))) {
    add("model_attributes_type", json::array{"body"},
        "Input should be a valid dictionary or object to extract fields from", json::value(raw));
    return std::nullopt;
  }
  std::string err;
  std::size_t off = 0;
  auto v = parse_json(raw, &err, &off);
  if (!v) {
    json::object ctx;
    ctx["error"] = err;
    add("json_invalid", json::array{"body", off}, "JSON decode error", json::object{}, ctx);
    return std::nullopt;
  }
  return v;
}

ObjectReader Validator::body(bool required) {
  body_storage_ = body_value(required);
  if (!body_storage_) return ObjectReader(*this, nullptr, json::array{"body"});
  if (!body_storage_->is_object()) {
    add("model_attributes_type", json::array{"body"},
        "Input should be a valid dictionary or object to extract fields from", *body_storage_);
    return ObjectReader(*this, nullptr, json::array{"body"});
  }
  return ObjectReader(*this, &body_storage_->get_object(), json::array{"body"});
}

}  // namespace edu
