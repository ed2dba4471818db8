// /api/v1/auth routes (API.md §4.3): body parsing and validation, then the auth service.
#include <array>

#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/auth/email.hpp"
#include "domain/auth/service.hpp"
#include "http/form.hpp"

namespace edu {
namespace {

using auth::AuthService;

constexpr const char* kPrefix = "/api/v1/auth";

StrRule length(std::optional<std::size_t> min_len, std::optional<std::size_t> max_len = {},
               std::function<std::string(const std::string&)> check = {}) {
  StrRule r;
  r.min_len = min_len;
  r.max_len = max_len;
  r.check = std::move(check);
  return r;
}

json::object message(std::string_view text) { return json::object{{"message", text}}; }

// Reads `email` with the e-mail rules; the 422 message is not the usual "Value error, ...".
Field<std::string> read_email(Validator& v, ObjectReader& b) {
  auto email = b.str("email", Presence::Required);
  if (email) {
    std::string reason = auth::email_error(*email);
    if (!reason.empty()) {
      json::object ctx;
      ctx["reason"] = reason;
      v.add("value_error", json::array{"body", "email"},
            "value is not a valid email address: " + reason, json::value(*email), ctx);
      email.state = Field<std::string>::State::Invalid;
    }
  }
  return email;
}

bool is_json_media_type(const std::string* ct, const std::string& body) {
  if (!ct || ct->empty()) {
    // No Content-Type: JSON when it looks like JSON, otherwise an (empty) form.
    auto p = body.find_first_not_of(" \t\r\n");
    return p != std::string::npos && (body[p] == '{' || body[p] == '[' || body[p] == '"');
  }
  std::string mt = ct->substr(0, ct->find(';'));
  std::string l;
  for (char c : mt)
    if (c != ' ' && c != '\t') l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l == "application/json") return true;
  return l.rfind("application/", 0) == 0 && l.size() > 17 && l.substr(l.size() - 5) == "+json";
}

// OAuth2 password form (urlencoded or multipart) or JSON → (identifier, password).
std::pair<std::string, std::string> read_login(const Request& req, const Context& ctx) {
  Validator v(req, ctx);
  const std::string* ct = req.header("Content-Type");
  if (is_json_media_type(ct, req.body)) {
    auto b = v.body();
    if (!b.ok()) v.finish();
    const char* id_key = b.has("email") ? "email" : (b.has("username") ? "username" : "email");
    auto ident = b.str(id_key, Presence::Required);
    auto pw = b.str("password", Presence::Required);
    v.finish();
    return {*ident, *pw};
  }
  FormFields fields = parse_form_body(ct ? *ct : std::string(), req.body);
  auto get = [&](std::string_view name) -> const std::string* {
    const std::string* found = nullptr;  // the last occurrence wins
    for (const auto& [k, val] : fields)
      if (k == name) found = &val;
    return found;
  };
  // An empty form value counts as missing (FastAPI's form handling).
  auto required = [&](std::string_view name) -> const std::string* {
    const std::string* s = get(name);
    if (!s || s->empty()) {
      v.add("missing", json::array{"body", json::string(name)}, "Field required", nullptr);
      return nullptr;
    }
    return s;
  };
  if (const std::string* g = get("grant_type"); g && !g->empty() && *g != "password") {
    json::object c;
    c["pattern"] = "^password$";
    v.add("string_pattern_mismatch", json::array{"body", "grant_type"},
          "String should match pattern '^password$'", json::value(*g), c);
  }
  const std::string* user = required("username");
  const std::string* pw = required("password");
  v.finish();
  return {*user, *pw};
}

}  // namespace

void register_auth_routes(Router& r, App& app) {
  AuthService& svc = app.auth_service();
  auto opts = [](AuthMode mode, RateClass rate, std::string summary, int status = 200) {
    RouteOptions o;
    o.auth = mode;
    o.rate = rate;
    o.tag = "auth";
    o.summary = std::move(summary);
    o.success_status = status;
    return o;
  };
  const std::string p = kPrefix;

  r.add("POST", p + "/register",
        [&svc](Request& req, Context& ctx) {
          Validator v(req, ctx);
          auto b = v.body();
          auto email = read_email(v, b);
          auto password = b.str("password", Presence::Required, length(8, 128));
          auto full_name = b.str("full_name", Presence::Required, length(2, 100));
          auto role = b.enumeration("role", Presence::Optional, auth::kSelfRegisterRoles);
          v.finish();
          auto u = svc.register_user(auth::normalize_email(*email), *password, *full_name,
                                     role.value_or("teacher"));
          return Response::json(201, auth::user_response(u));
        },
        opts(AuthMode::Public, RateClass::Auth, "Register a user account", 201));

  r.add("POST", p + "/login",
        [&svc](Request& req, Context& ctx) {
          auto [ident, password] = read_login(req, ctx);
          auto t = svc.login(ident, password, req.client_ip);
          ctx.log_field("user_id", t.user.id);
          return Response::json(auth::token_response(t));
        },
        opts(AuthMode::Public, RateClass::Auth, "Log in (OAuth2 password form or JSON)"));

  r.add("POST", p + "/refresh",
        [&svc](Request& req, Context& ctx) {
          Validator v(req, ctx);
          auto b = v.body();
          auto token = b.str("refresh_token", Presence::Required, length(10));
          v.finish();
          return Response::json(auth::token_response(svc.refresh(*token)));
        },
        opts(AuthMode::Public, RateClass::Auth, "Rotate a refresh token"));

  r.add("POST", p + "/logout",
        [&svc](Request&, Context& ctx) {
          svc.logout(ctx.user());
          return Response::json(message("Successfully logged out"));
        },
        opts(AuthMode::Bearer, RateClass::Api, "Log out (revokes the session)"));

  r.add("GET", p + "/me",
        [&svc](Request&, Context& ctx) {
          return Response::json(auth::user_response(svc.current_user(ctx.user())));
        },
        opts(AuthMode::Bearer, RateClass::Api, "The authenticated user"));

  auto reset_request = [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto b = v.body();
    auto email = read_email(v, b);
    v.finish();
    svc.request_password_reset(auth::normalize_email(*email));
    return Response::json(message("If the email exists, a password reset link has been sent"));
  };
  r.add("POST", p + "/password-reset", reset_request,
        opts(AuthMode::Public, RateClass::Auth, "Request a password reset e-mail"));
  r.add("POST", p + "/forgot-password", reset_request,
        opts(AuthMode::Public, RateClass::Auth, "Request a password reset e-mail (alias)"));

  auto reset_confirm = [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto b = v.body();
    auto token = b.str("token", Presence::Required, length(10));
    auto pw = b.str("new_password", Presence::Required,
                    length(8, 128, auth::reset_password_complexity_error));
    v.finish();
    svc.confirm_password_reset(*token, *pw);
    return Response::json(message("Password successfully reset"));
  };
  r.add("POST", p + "/password-reset/confirm", reset_confirm,
        opts(AuthMode::Public, RateClass::Auth, "Set a new password with a reset token"));
  r.add("POST", p + "/reset-password", reset_confirm,
        opts(AuthMode::Public, RateClass::Auth, "Set a new password with a reset token (alias)"));
}

}  // namespace edu
