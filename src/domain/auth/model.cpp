// UserResponse / TokenResponse serialisation (key order = API.md §4.3).
#include "domain/auth/model.hpp"

namespace edu::auth {
namespace {
json::value opt_str(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}
}  // namespace

json::object user_response(const User& u) {
  json::object o;
  o["id"] = u.id;
  o["created_at"] = format_timestamp(u.created_at);
  o["updated_at"] = format_timestamp(u.updated_at);
  o["email"] = u.email;
  o["full_name"] = u.full_name;
  o["role"] = u.role;
  o["is_active"] = u.is_active;
  o["is_verified"] = u.is_verified;
  o["phone"] = opt_str(u.phone);
  o["avatar_url"] = opt_str(u.avatar_url);
  o["bio"] = opt_str(u.bio);
  o["institution"] = opt_str(u.institution);
  o["last_login"] = u.last_login ? json::value(format_timestamp(*u.last_login)) : json::value(nullptr);
  return o;
}

json::object token_response(const IssuedTokens& t) {
  json::object o;
  o["access_token"] = t.access_token;
  o["refresh_token"] = t.refresh_token;
  o["token_type"] = "bearer";
  o["expires_in"] = t.expires_in;
  o["user"] = user_response(t.user);
  return o;
}

}  // namespace edu::auth
