// Request/response helpers.
#include "http/message.hpp"

#include "core/text_fold.hpp"

#include <stdexcept>

#include "core/errors.hpp"

namespace edu {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

namespace {
int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
std::string form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}
}  // namespace

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view q) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= q.size()) {
    std::size_t amp = q.find('&', pos);
    if (amp == std::string_view::npos) amp = q.size();
    std::string_view part = q.substr(pos, amp - pos);
    if (!part.empty()) {
      std::size_t eq = part.find('=');
      // Like Starlette, bytes that are not UTF-8 decode to U+FFFD (never reach a database).
      if (eq == std::string_view::npos)
        out.emplace_back(sanitize_utf8(form_decode(part)), "");
      else
        out.emplace_back(sanitize_utf8(form_decode(part.substr(0, eq))),
                         sanitize_utf8(form_decode(part.substr(eq + 1))));
    }
    pos = amp + 1;
  }
  return out;
}

const std::vector<std::pair<std::string, std::string>>& Request::query_params() const {
  if (!query_cache_) query_cache_ = parse_form(query);
  return *query_cache_;
}

const std::string* Request::query_param(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : query_params())
    if (k == name) found = &v;
  return found;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers)
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

const std::string* Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

Response Response::json(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = to_json(body);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

const std::string& Context::param(std::string_view name) const {
  for (const auto& [k, v] : path_params)
    if (k == name) return v;
  throw std::logic_error("unknown path parameter");
}

const Principal& Context::user() const {
  if (!principal) throw unauthorized("Not authenticated");
  return *principal;
}

}  // namespace edu
