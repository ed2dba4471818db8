// Database helpers shared by both backends.
#include "db/database.hpp"

#include <stdexcept>

#include "core/validation.hpp"

namespace edu::db {

void Executor::in_transaction(const std::function<void()>& fn, std::string_view begin) {
  exec_script(begin);
  try {
    fn();
    exec_script("COMMIT");
  } catch (...) {
    try {
      exec_script("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
}

Param opt(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return *s;
}

static const std::string kEmpty;

const std::string& Row::text(std::size_t i) const {
  const auto& c = cols_.at(i);
  return c ? *c : kEmpty;
}

std::int64_t Row::integer(std::size_t i) const { return opt_integer(i).value_or(0); }

std::optional<std::int64_t> Row::opt_integer(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return std::nullopt;
  if (auto v = parse_int_text(*c)) return v;
  // "3.0" from numeric expressions
  return static_cast<std::int64_t>(std::stod(*c));
}

double Row::number(std::size_t i) const { return opt_number(i).value_or(0.0); }

std::optional<double> Row::opt_number(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c || c->empty()) return std::nullopt;
  return std::stod(*c);
}

bool Row::boolean(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return false;
  return *c == "t" || *c == "true" || *c == "1" || *c == "TRUE";
}

Micros Row::timestamp(std::size_t i) const { return opt_timestamp(i).value_or(0); }

std::optional<Micros> Row::opt_timestamp(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return std::nullopt;
  return parse_timestamp(*c);
}

json::value Row::timestamp_json(std::size_t i) const {
  auto t = opt_timestamp(i);
  if (!t) return nullptr;
  return json::value(format_timestamp(*t));
}

json::value Row::text_json(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return nullptr;
  return json::value(*c);
}

json::value Row::json_value(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return nullptr;
  auto v = parse_json(*c);
  return v ? *v : json::value(nullptr);
}

std::vector<std::string> Row::string_list(std::size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return {};
  auto v = parse_json(*c);
  return v ? edu::string_list(*v) : std::vector<std::string>{};
}

std::size_t Row::index(std::string_view name) const {
  if (names_)
    for (std::size_t i = 0; i < names_->size(); ++i)
      if ((*names_)[i] == name) return i;
  throw std::out_of_range("no column " + std::string(name));
}

const Row& Result::one() const {
  if (rows.empty()) throw std::runtime_error("query returned no rows");
  return rows.front();
}

std::unique_ptr<Database> open_database(const DatabaseOptions& opts) {
  if (opts.url.rfind("sqlite://", 0) == 0) return open_sqlite(opts);
  return open_postgres(opts);
}

namespace {
thread_local std::string t_affinity;
}

ReadAffinity::ReadAffinity(std::string key) : previous_(std::move(t_affinity)) {
  t_affinity = std::move(key);
}
ReadAffinity::~ReadAffinity() { t_affinity = std::move(previous_); }
const std::string& ReadAffinity::current() { return t_affinity; }

std::string json_text(const json::value& v) { return to_json_compact(v); }

std::string json_text(const std::vector<std::string>& list) {
  return to_json_compact(to_json_array(list));
}

}  // namespace edu::db
