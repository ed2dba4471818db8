// Error helpers.
#include "core/errors.hpp"

namespace edu {

HttpError unauthorized(std::string msg) {
  HttpError e(401, json::value(msg));
  e.headers.emplace_back("WWW-Authenticate", "Bearer");
  return e;
}

HttpError service_unavailable(std::string msg, int retry_after_seconds) {
  HttpError e(503, json::value(msg));
  if (retry_after_seconds > 0) e.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return e;
}

json::object FieldError::to_json() const {
  json::object o;
  o["type"] = type;
  o["loc"] = loc;
  o["msg"] = msg;
  o["input"] = input;
  if (!ctx.empty()) o["ctx"] = ctx;
  return o;
}

json::value ValidationError::body() const {
  json::array arr;
  for (const auto& e : errors_) arr.push_back(e.to_json());
  json::object o;
  o["detail"] = std::move(arr);
  return o;
}

ValidationError value_error(json::array loc, const std::string& message, json::value input,
                            json::object extra_ctx) {
  FieldError fe;
  fe.type = "value_error";
  fe.loc = std::move(loc);
  fe.msg = "Value error, " + message;
  fe.input = std::move(input);
  fe.ctx["error"] = message;
  for (auto& kv : extra_ctx) fe.ctx[kv.key()] = kv.value();
  return ValidationError({fe});
}

}  // namespace edu
