// Structured logging: one JSON object per line on stdout (INFRA.md §1.4), or a readable text
// line for local runs (LOG_FORMAT=text). Never pass passwords, tokens or student personal data.
// Lines written while a request is handled carry its `request_id` and `trace_id`
// (trace::current()) unless the fields already name them.
#pragma once
#include <string>
#include <string_view>

#include "core/json.hpp"

namespace edu::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

struct Settings {
  Level level = Level::Info;
  bool json = true;
  std::string service = "eduautismo-api";
  std::string env = "local";
  std::string version;
};

void configure(const Settings& s);
bool enabled(Level l);
void write(Level l, std::string_view message, const json::object& fields = {});

inline void debug(std::string_view m, const json::object& f = {}) { write(Level::Debug, m, f); }
inline void info(std::string_view m, const json::object& f = {}) { write(Level::Info, m, f); }
inline void warn(std::string_view m, const json::object& f = {}) { write(Level::Warn, m, f); }
inline void error(std::string_view m, const json::object& f = {}) { write(Level::Error, m, f); }

Level parse_level(std::string_view s);

// Writes one pre-formatted line (e.g. a CloudWatch EMF document) to stdout, whole, under the
// same lock as log lines. `line` has no trailing newline.
void write_line(std::string_view line);

}  // namespace edu::log
