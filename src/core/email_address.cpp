// E-mail syntax check (API.md §4.3). Reasons follow the wording of the legacy validator.
#include "core/email_address.hpp"

#include <algorithm>
#include <vector>

namespace edu {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return o;
}

}  // namespace

std::string email_address_problem(std::string_view email) {
  const auto at_count = std::count(email.begin(), email.end(), '@');
  if (at_count == 0) return "An email address must have an @-sign.";
  if (at_count > 1) return "The email address is not valid. It must have exactly one @-sign.";
  const auto at = email.find('@');
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty()) return "There must be something before the @-sign.";
  if (domain.empty()) return "There must be something after the @-sign.";
  if (email.size() > 254)
    return "The email address is too long (" + std::to_string(email.size() - 254) +
           " characters too many).";
  if (local.size() > 64)
    return "The email address is too long before the @-sign (" +
           std::to_string(local.size() - 64) + " characters too many).";
  static constexpr std::string_view kForbidden = "()<>[]:;@\\,\"";
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || kForbidden.find(c) != std::string_view::npos)
      return std::string("The email address contains invalid characters before the @-sign: '") +
             (u < 0x80 ? std::string(1, c) : std::string("?")) + "'.";
  }
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  for (;;) {
    auto dot = domain.find('.', start);
    labels.push_back(domain.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels.size() < 2) return "The part after the @-sign is not valid. It should have a period.";
  for (auto l : labels) {
    if (l.empty()) return "An email address cannot have two periods in a row or end with a period.";
    if (l.size() > 63) return "The part after the @-sign is not valid. A label is too long.";
    for (char c : l)
      if (!is_alnum(c) && c != '-')
        return std::string("The part after the @-sign contains invalid characters: '") +
               (static_cast<unsigned char>(c) < 0x80 ? std::string(1, c) : std::string("?")) +
               "'.";
    if (l.front() == '-' || l.back() == '-')
      return "An email address cannot have a hyphen at the start or end of a domain label.";
  }
  std::string_view tld = labels.back();
  bool alpha = tld.size() >= 2;
  for (char c : tld) alpha = alpha && is_alpha(c);
  if (!alpha) return "The part after the @-sign is not valid. It is not within a valid top-level domain.";
  static constexpr std::string_view kReserved[] = {"arpa", "invalid", "local", "localhost", "onion",
                                                   "test"};
  const std::string t = lower(tld);
  for (auto r : kReserved)
    if (t == r)
      return "The part after the @-sign is a special-use or reserved name that cannot be used "
             "with email.";
  return {};
}

}  // namespace edu
