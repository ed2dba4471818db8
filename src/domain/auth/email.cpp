// E-mail validation (API.md §4.3).
#include "domain/auth/email.hpp"

#include <array>
#include <vector>

namespace edu::auth {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

}  // namespace

std::string normalize_email(std::string_view email) { return lower(email); }

std::string email_error(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos) return "An email address must have an @-sign.";
  if (email.find('@', at + 1) != std::string_view::npos)
    return "The email address contains more than one @-sign.";
  if (email.size() > 254) return "The email address is too long.";
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty()) return "There must be something before the @-sign.";
  if (local.size() > 64) return "The email address is too long before the @-sign.";
  static constexpr std::string_view kForbidden = "()<>[]:;@\\,\"";
  for (char c : local) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || kForbidden.find(c) != std::string_view::npos)
      return "The email address contains invalid characters before the @-sign.";
  }
  if (domain.empty()) return "There must be something after the @-sign.";
  std::vector<std::string_view> labels;
  std::size_t pos = 0;
  while (true) {
    auto dot = domain.find('.', pos);
    labels.push_back(domain.substr(pos, dot == std::string_view::npos ? std::string_view::npos
                                                                       : dot - pos));
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  for (auto l : labels) {
    if (l.empty()) return "An email address cannot have an empty label after the @-sign.";
    if (l.size() > 63) return "An email address cannot have a label longer than 63 characters.";
    for (char c : l)
      if (!is_alpha(c) && !is_digit(c) && c != '-')
        return "The part after the @-sign contains invalid characters.";
    if (l.front() == '-' || l.back() == '-')
      return "An email address cannot have a hyphen at the start or end of a label.";
  }
  if (labels.size() < 2) return "The part after the @-sign is not valid. It should have a period.";
  std::string_view tld = labels.back();
  if (tld.size() < 2) return "The part after the @-sign is not valid. The top-level domain is too short.";
  for (char c : tld)
    if (!is_alpha(c))
      return "The part after the @-sign is not valid. It is not within a valid top-level domain.";
  static constexpr std::array<std::string_view, 6> kSpecial = {"arpa",      "invalid", "local",
                                                               "localhost", "onion",   "test"};
  std::string t = lower(tld);
  for (auto s : kSpecial)
    if (t == s) return "The part after the @-sign is a special-use or reserved name that cannot be used with email.";
  return {};
}

}  // namespace edu::auth
