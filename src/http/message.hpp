// Request, response and per-request context as seen by handlers. Deliberately free of
// Beast/Asio so that domain code compiles fast; http/server.cpp converts to and from Beast.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

bool iequals(std::string_view a, std::string_view b);
// application/x-www-form-urlencoded (query strings, login forms).
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view q);

struct Request {
  std::string method;  // upper case, as received
  std::string target;  // raw request target
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string (without '?')
  HeaderList headers;
  std::string body;
  std::string peer_ip;    // socket peer
  std::string client_ip;  // derived from X-Forwarded-For per TRUSTED_PROXY_HOPS

  // Case-insensitive header lookup (first occurrence); nullptr when absent.
  const std::string* header(std::string_view name) const;
  // Decoded query parameters in order of appearance.
  const std::vector<std::pair<std::string, std::string>>& query_params() const;
  // Last occurrence of a query parameter (API.md §1.3).
  const std::string* query_param(std::string_view name) const;

 private:
  mutable std::optional<std::vector<std::pair<std::string, std::string>>> query_cache_;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  HeaderList headers;
  bool compressible = true;  // false for XLSX downloads

  void set_header(std::string name, std::string value);
  const std::string* header(std::string_view name) const;

  static Response json(int status, const json::value& body);
  static Response json(const json::value& body) { return json(200, body); }
  static Response no_content();
  static Response text(int status, std::string body, std::string content_type);
};

// The authenticated caller, filled by the authentication step.
struct Principal {
  std::string user_id;
  std::string email;
  std::string role;  // database role (authoritative)
  std::string full_name;
  std::string session_id;
  std::string jti;
  std::int64_t token_exp = 0;
  bool is_admin() const { return role == "admin"; }
};

struct Route;

// Distributed-trace context of one request (INFRA.md §1.6), in X-Ray form.
struct TraceContext {
  std::string root;        // "1-<8 hex epoch>-<24 hex>"
  std::string parent;      // incoming parent segment id (16 hex) or empty
  std::string segment_id;  // this request's segment id (16 hex)
  bool sampled = false;
  std::string extra;       // unknown fields of an incoming X-Amzn-Trace-Id, kept verbatim
};

struct Context {
  std::string request_id;
  std::string trace_id;  // = trace.root (every log line carries it)
  TraceContext trace;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::optional<Principal> principal;
  // X-Professional-ID or the user id (API.md §2.6), set on routes that use it.
  std::string acting_professional_id;
  // Extra fields for the access log line (subject, grade_level, bncc_code...).
  std::vector<std::pair<std::string, std::string>> log_fields;
  Micros started = 0;

  const std::string& param(std::string_view name) const;
  // The caller on a protected route (the pipeline guarantees it is present there).
  const Principal& user() const;
  void log_field(std::string key, std::string value) {
    log_fields.emplace_back(std::move(key), std::move(value));
  }
};

}  // namespace edu
