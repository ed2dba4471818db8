// E-mail address rules of API.md §4.3 (register, password-reset request). A deliberate,
// small subset of RFC 5321 that matches what the legacy validator accepted for real users.
#pragma once
#include <string>
#include <string_view>

namespace edu::auth {

// Empty when valid; otherwise the reason (the 422 msg is
// "value is not a valid email address: <reason>").
std::string email_error(std::string_view email);
// Lower-cased ASCII (e-mails are stored and compared lower-cased).
std::string normalize_email(std::string_view email);

}  // namespace edu::auth
