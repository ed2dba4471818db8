// Accounts: the user record and the shapes of API.md §4.3 (UserResponse, TokenResponse).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::auth {

inline constexpr std::array<std::string_view, 4> kUserRoles = {"admin", "teacher", "parent",
                                                               "therapist"};
// Roles a user may choose at self-registration (admins are provisioned out of band).
inline constexpr std::array<std::string_view, 3> kSelfRegisterRoles = {"teacher", "parent",
                                                                       "therapist"};

struct User {
  std::string id;
  std::string email;  // lower-cased
  std::string hashed_password;
  std::string full_name;
  std::string role;
  bool is_active = true;
  bool is_verified = false;
  std::optional<std::string> phone, avatar_url, bio, institution;
  std::optional<Micros> last_login;
  Micros created_at = 0;
  Micros updated_at = 0;
};

// UserResponse (never the password hash).
json::object user_response(const User& u);

struct IssuedTokens {
  std::string access_token;
  std::string refresh_token;
  int expires_in = 0;  // access-token lifetime in seconds
  User user;
};

// TokenResponse.
json::object token_response(const IssuedTokens& t);

}  // namespace edu::auth
