// Form body parsing.
#include "http/form.hpp"

#include "http/message.hpp"

namespace edu {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Value of parameter `name` in a header value like `form-data; name="x"; filename="y"`.
std::optional<std::string> header_param(std::string_view value, std::string_view name) {
  std::size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    std::size_t next = pos + 1;
    std::string_view rest = value.substr(next);
    // the parameter ends at the next ';' outside quotes
    std::size_t i = 0;
    bool quoted = false;
    for (; i < rest.size(); ++i) {
      if (rest[i] == '"') quoted = !quoted;
      if (rest[i] == ';' && !quoted) break;
    }
    std::string_view param = trim(rest.substr(0, i));
    auto eq = param.find('=');
    if (eq != std::string_view::npos && lower(trim(param.substr(0, eq))) == name) {
      std::string_view v = trim(param.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        std::string out;
        for (std::size_t k = 1; k + 1 < v.size(); ++k) {
          if (v[k] == '\\' && k + 2 < v.size()) ++k;
          out.push_back(v[k]);
        }
        return out;
      }
      return std::string(v);
    }
    pos = i < rest.size() ? next + i : std::string_view::npos;
  }
  return std::nullopt;
}

}  // namespace

FormKind form_kind(std::string_view content_type) {
  std::string_view mt = content_type.substr(0, content_type.find(';'));
  std::string l = lower(trim(mt));
  if (l == "application/x-www-form-urlencoded") return FormKind::UrlEncoded;
  if (l == "multipart/form-data") return FormKind::Multipart;
  return FormKind::None;
}

std::optional<FormFields> parse_multipart(std::string_view content_type, std::string_view body) {
  auto boundary = header_param(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
  const std::string delim = "--" + *boundary;
  FormFields out;
  std::size_t pos = body.find(delim);
  if (pos == std::string_view::npos) return std::nullopt;
  while (true) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return out;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    std::size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return std::nullopt;
    std::string_view headers = body.substr(pos, headers_end - pos);
    std::size_t content_start = headers_end + 4;
    std::size_t next = body.find("\r\n" + delim, content_start);
    if (next == std::string_view::npos) return std::nullopt;
    std::optional<std::string> name;
    std::size_t hpos = 0;
    while (hpos <= headers.size()) {
      std::size_t eol = headers.find("\r\n", hpos);
      std::string_view line = headers.substr(hpos, eol == std::string_view::npos ? std::string_view::npos : eol - hpos);
      auto colon = line.find(':');
      if (colon != std::string_view::npos &&
          lower(trim(line.substr(0, colon))) == "content-disposition")
        name = header_param(line.substr(colon + 1), "name");
      if (eol == std::string_view::npos) break;
      hpos = eol + 2;
    }
    if (name) out.emplace_back(*name, std::string(body.substr(content_start, next - content_start)));
    pos = next + 2;
  }
}

FormFields parse_form_body(std::string_view content_type, std::string_view body) {
  switch (form_kind(content_type)) {
    case FormKind::UrlEncoded: return parse_form(body);
    case FormKind::Multipart: return parse_multipart(content_type, body).value_or(FormFields{});
    case FormKind::None: break;
  }
  return {};
}

}  // namespace edu
