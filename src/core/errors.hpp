// Typed errors that cross layers; they become HTTP only at the edge (http/pipeline).
#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/json.hpp"

namespace edu {

// An error with an HTTP status and a JSON `detail`. Services throw the helpers below;
// the server turns it into `{"detail": ...}` plus any extra headers / body fields.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, json::value detail)
      : std::runtime_error("http error"), status_(status), detail_(std::move(detail)) {}
  int status() const { return status_; }
  const json::value& detail() const { return detail_; }
  // Extra top-level body fields (e.g. retry_after) and response headers.
  json::object extra;
  std::vector<std::pair<std::string, std::string>> headers;

 private:
  int status_;
  json::value detail_;
};

inline HttpError not_found(std::string msg) { return HttpError(404, json::value(msg)); }
inline HttpError forbidden(std::string msg) { return HttpError(403, json::value(msg)); }
inline HttpError conflict(std::string msg) { return HttpError(409, json::value(msg)); }
inline HttpError bad_request(std::string msg) { return HttpError(400, json::value(msg)); }
HttpError unauthorized(std::string msg);  // adds WWW-Authenticate: Bearer
HttpError service_unavailable(std::string msg, int retry_after_seconds = 0);

// One Pydantic-v2 style validation error object.
struct FieldError {
  std::string type;
  json::array loc;
  std::string msg;
  json::value input;      // offending input (null for missing query fields)
  json::object ctx;       // omitted when empty
  bool has_input = true;  // always true per contract; kept for completeness
  json::object to_json() const;
};

// 422 with every collected field error.
class ValidationError : public std::runtime_error {
 public:
  explicit ValidationError(std::vector<FieldError> errors)
      : std::runtime_error("validation error"), errors_(std::move(errors)) {}
  const std::vector<FieldError>& errors() const { return errors_; }
  json::value body() const;

 private:
  std::vector<FieldError> errors_;
};

// Convenience for a single `value_error` (custom business rule on one field).
ValidationError value_error(json::array loc, const std::string& message, json::value input,
                            json::object extra_ctx = {});

}  // namespace edu
