// Bearer authentication hook.
#include "domain/auth/authenticator.hpp"

#include "domain/auth/service.hpp"

namespace edu::auth {

AuthResult BearerAuthenticator::authenticate(const Request& req) {
  AuthResult r;
  const std::string* h = req.header("Authorization");
  // Scheme and credentials are separated by the first space (as FastAPI's OAuth2 scheme does).
  std::string_view v = h ? std::string_view(*h) : std::string_view();
  auto sp = v.find(' ');
  std::string_view scheme = v.substr(0, sp);
  std::string_view token = sp == std::string_view::npos ? std::string_view() : v.substr(sp + 1);
  if (v.empty() || !iequals(scheme, "bearer") || token.empty()) {
    r.failure = "Not authenticated";
    return r;
  }
  // A database outage propagates as HttpError (503), never as a 401.
  r.principal = service_.authenticate_token(token);
  if (!r.principal) r.failure = "Could not validate credentials";
  return r;
}

}  // namespace edu::auth
