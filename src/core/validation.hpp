// Request validation with Pydantic-v2 compatible error objects (API.md §1.3, §1.6).
//
// A handler creates one `Validator`, reads path, query, header and body values through it
// (each read records its own errors, in call order), then calls `finish()`, which throws a
// ValidationError carrying every error of the request at once. Reads return `Field<T>`,
// which distinguishes an absent key, an explicit null and a value — what partial updates
// (API.md §1.11) need.
#pragma once
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace edu {

struct Request;
struct Context;

template <class T>
struct Field {
  enum class State { Absent, Null, Value, Invalid };
  State state = State::Absent;
  T value{};

  bool present() const { return state == State::Value || state == State::Null; }
  bool has_value() const { return state == State::Value; }
  bool is_null() const { return state == State::Null; }
  explicit operator bool() const { return has_value(); }
  const T& operator*() const { return value; }
  const T* operator->() const { return &value; }
  T value_or(T def) const { return has_value() ? value : std::move(def); }
};

enum class Presence { Required, Optional, Nullable };
// Required: missing → `missing`. Optional: may be absent, null is a type error.
// Nullable: may be absent or null.

struct StrRule {
  std::optional<std::size_t> min_len;
  std::optional<std::size_t> max_len;
  // Extra rule: return an error message (→ value_error) or empty when fine.
  std::function<std::string(const std::string&)> check;
};
struct IntRule {
  std::optional<std::int64_t> ge;
  std::optional<std::int64_t> le;
};
// ge..le inclusive.
inline IntRule between(std::int64_t lo, std::int64_t hi) {
  IntRule r;
  r.ge = lo;
  r.le = hi;
  return r;
}

struct NumRule {
  std::optional<double> ge;
  std::optional<double> le;
};
struct ListRule {
  std::optional<std::size_t> min_items;
  std::optional<std::size_t> max_items;
  std::optional<std::size_t> item_max_len;  // for string lists
  std::optional<std::size_t> item_min_len;
};

// value_error message for strings containing U+0000 (which PostgreSQL text cannot store): after
// Validator::refuse_nul(), body string fields and string-list items refuse it with a 422 (query
// values may always hold it; a handler that only compares a value, like login, need not opt in).
inline constexpr const char* kNulCharacterMessage = "Texto não pode conter o caractere nulo (U+0000)";

// Number of Unicode code points in UTF-8 text.
std::size_t utf8_length(std::string_view s);
// "'a', 'b' or 'c'"
std::string enum_expected(std::span<const std::string_view> values);

class Validator;

// Reads fields of one JSON object at a location (the body, or a nested item of a list).
class ObjectReader {
 public:
  ObjectReader(Validator& v, const json::object* obj, json::array loc);

  bool ok() const { return obj_ != nullptr; }
  const json::object* object() const { return obj_; }
  bool has(std::string_view key) const { return obj_ && obj_->contains(key); }

  Field<std::string> str(std::string_view key, Presence p, const StrRule& r = {});
  Field<std::int64_t> integer(std::string_view key, Presence p, const IntRule& r = {});
  Field<double> number(std::string_view key, Presence p, const NumRule& r = {});
  Field<bool> boolean(std::string_view key, Presence p);
  Field<std::string> enumeration(std::string_view key, Presence p,
                                 std::span<const std::string_view> values);
  Field<std::string> uuid(std::string_view key, Presence p);
  Field<Date> date(std::string_view key, Presence p);
  Field<Micros> datetime(std::string_view key, Presence p);
  Field<std::vector<std::string>> string_list(std::string_view key, Presence p,
                                              const ListRule& r = {});
  Field<json::object> dict(std::string_view key, Presence p);
  Field<json::value> any(std::string_view key, Presence p);  // any JSON value
  // A list of free-form objects (`List[dict]`): non-objects → `dict_type` at [..., key, i].
  Field<json::array> dict_list(std::string_view key, Presence p, const ListRule& r = {});
  // A list of UUIDs (canonical form); bad items → `uuid_parsing`/`uuid_type` at [..., key, i].
  Field<std::vector<std::string>> uuid_list(std::string_view key, Presence p,
                                            const ListRule& r = {});
  // A list of objects; `item` is called for each element with a reader located at
  // [..., key, index].
  Field<std::size_t> object_list(std::string_view key, Presence p, const ListRule& r,
                                 const std::function<void(ObjectReader&, std::size_t)>& item);

  // Records a custom `value_error` on a field of this object.
  void fail(std::string_view key, const std::string& message, json::object extra_ctx = {});
  // Records a custom `value_error` on item `index` of the list field `key` (loc
  // [..., key, index]); `input` is the offending item.
  void fail_item(std::string_view key, std::size_t index, const std::string& message,
                 json::value input);

  // For rules implemented outside this file (e.g. the BNCC rule, domain/bncc/catalog.hpp):
  // the validator errors are recorded on, and the error location of a key of this object.
  Validator& validator() { return v_; }
  json::array location(std::string_view key) const { return loc_of(key); }

 private:
  const json::value* lookup(std::string_view key, Presence p, bool& null_ok, bool& absent);
  json::array loc_of(std::string_view key) const;
  Validator& v_;
  const json::object* obj_;
  json::array loc_;
};

class Validator {
 public:
  explicit Validator(const Request& req, const Context& ctx) : req_(req), ctx_(ctx) {}

  // Path parameters (always present once the route matched).
  std::string path_uuid(std::string_view name);
  std::string path_str(std::string_view name);

  // Query parameters (last occurrence wins).
  Field<std::int64_t> query_int(std::string_view name, std::optional<std::int64_t> def,
                                const IntRule& r = {});
  Field<bool> query_bool(std::string_view name, std::optional<bool> def = std::nullopt);
  Field<std::string> query_str(std::string_view name, const StrRule& r = {});
  Field<std::string> query_enum(std::string_view name, std::span<const std::string_view> values);
  Field<std::string> query_uuid(std::string_view name);
  Field<Date> query_date(std::string_view name);
  Field<Micros> query_datetime(std::string_view name);
  // A string that must match `pattern` (ECMAScript regex, searched like Pydantic's
  // `pattern=`) → `string_pattern_mismatch` otherwise.
  Field<std::string> query_pattern(std::string_view name, const std::string& pattern);

  // The JSON body (API.md §1.3): content type, size, syntax and object checks. The reader
  // is empty (ok() false) when the body failed those checks; further reads then add nothing.
  ObjectReader body(bool required = true);
  // The parsed body value when it is not an object (e.g. bulk arrays); nullopt when invalid.
  std::optional<json::value> body_value(bool required = true);

  // Body strings are about to be stored: refuse U+0000 in them (kNulCharacterMessage).
  void refuse_nul(bool on = true) { refuse_nul_ = on; }
  bool refuses_nul() const { return refuse_nul_; }

  void add(FieldError e) { errors_.push_back(std::move(e)); }
  void add(std::string type, json::array loc, std::string msg, json::value input,
           json::object ctx = {});
  bool has_errors() const { return !errors_.empty(); }
  // Throws ValidationError when any error was recorded.
  void finish();

  const Request& request() const { return req_; }

 private:
  const std::string* query_raw(std::string_view name) const;
  const Request& req_;
  const Context& ctx_;
  std::vector<FieldError> errors_;
  std::optional<json::value> body_storage_;
  bool refuse_nul_ = false;
};

// U+0000 inside stored JSON documents (refuse_nul() covers strings and string lists only):
// hand-written readers check with contains_nul and report with add_nul_error
// (value_error, kNulCharacterMessage).
bool contains_nul(const json::value& v);
void add_nul_error(Validator& v, const json::array& loc, const json::value& input);

// Shared converters (also used for query strings and stored values).
std::optional<bool> parse_bool_text(std::string_view s);
std::optional<std::int64_t> parse_int_text(std::string_view s);

}  // namespace edu
