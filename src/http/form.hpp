// HTML form bodies: application/x-www-form-urlencoded and multipart/form-data (RFC 7578),
// used by the OAuth2 password login form (API.md §4.3). Files are not supported: a part's
// content is taken as text.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edu {

using FormFields = std::vector<std::pair<std::string, std::string>>;

enum class FormKind { None, UrlEncoded, Multipart };
// Media type of a Content-Type header value (parameters ignored, case-insensitive).
FormKind form_kind(std::string_view content_type);
// Parses a multipart/form-data body; nullopt when the boundary or the framing is invalid.
std::optional<FormFields> parse_multipart(std::string_view content_type, std::string_view body);
// Parses either kind; an invalid multipart body yields no fields.
FormFields parse_form_body(std::string_view content_type, std::string_view body);

}  // namespace edu
