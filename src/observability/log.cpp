// Structured logger. A single write() per line keeps lines whole across threads.
#include "observability/log.hpp"

#include <unistd.h>

#include <mutex>

#include "core/time.hpp"
#include "observability/tracing.hpp"

namespace edu::log {
namespace {
Settings g_settings;
std::mutex g_mutex;
const char* name(Level l) {
  switch (l) {
    case Level::Debug: return "DEBUG";
    case Level::Info: return "INFO";
    case Level::Warn: return "WARN";
    default: return "ERROR";
  }
}
void write_all(std::string_view line) {
  std::lock_guard lock(g_mutex);
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(1, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}
}  // namespace

void configure(const Settings& s) {
  std::lock_guard lock(g_mutex);
  g_settings = s;
}

bool enabled(Level l) { return l >= g_settings.level; }

Level parse_level(std::string_view s) {
  if (s == "DEBUG") return Level::Debug;
  if (s == "WARN" || s == "WARNING") return Level::Warn;
  if (s == "ERROR") return Level::Error;
  return Level::Info;
}

void write(Level l, std::string_view message, const json::object& fields) {
  if (!enabled(l)) return;
  std::string line;
  std::string ts = format_timestamp_millis(now_micros());
  if (g_settings.json) {
    json::object o;
    o["timestamp"] = ts;
    o["level"] = name(l);
    o["service"] = g_settings.service;
    o["env"] = g_settings.env;
    o["version"] = g_settings.version;
    o["message"] = message;
    for (const auto& kv : fields) o[kv.key()] = kv.value();
    if (const Context* c = trace::current()) {
      if (!o.contains("request_id")) o["request_id"] = c->request_id;
      if (!o.contains("trace_id")) o["trace_id"] = c->trace_id;
    }
    line = to_json_compact(o);
  } else {
    line = ts + " " + name(l) + " " + std::string(message);
    for (const auto& kv : fields) {
      line += " " + std::string(kv.key()) + "=";
      line += kv.value().is_string() ? std::string(kv.value().get_string())
                                     : to_json_compact(kv.value());
    }
  }
  line.push_back('\n');
  write_all(line);
}

void write_line(std::string_view text) {
  std::string line;
  line.reserve(text.size() + 1);
  line.append(text);
  line.push_back('\n');
  write_all(line);
}

}  // namespace edu::log
