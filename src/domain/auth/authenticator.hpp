// The pipeline's bearer-authentication hook (API.md §2.2): reads `Authorization`, tells
// "Not authenticated" (no usable credentials) from "Could not validate credentials" (a token
// that is not acceptable) and asks the auth service for the principal.
#pragma once
#include "http/pipeline.hpp"

namespace edu::auth {

class AuthService;

class BearerAuthenticator final : public Authenticator {
 public:
  explicit BearerAuthenticator(AuthService& service) : service_(service) {}
  AuthResult authenticate(const Request& req) override;

 private:
  AuthService& service_;
};

}  // namespace edu::auth
