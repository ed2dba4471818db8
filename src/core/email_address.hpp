// The e-mail syntax rules of API.md §4.3 (register, password reset, professionals).
#pragma once
#include <string>
#include <string_view>

namespace edu {

// Empty when `email` satisfies the rules; otherwise the reason, to be reported as
// `value is not a valid email address: <reason>`.
std::string email_address_problem(std::string_view email);

// The full 422 message for a violation.
inline std::string email_address_message(const std::string& reason) {
  return "value is not a valid email address: " + reason;
}

}  // namespace edu
