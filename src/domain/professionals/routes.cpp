// HTTP handlers for /api/v1/professionals (API.md §4.7).
#include "app/app.hpp"
#include "core/pagination.hpp"
#include "core/validation.hpp"
#include "domain/auth/email.hpp"
#include "domain/professionals/service.hpp"

namespace edu {
namespace {

using professionals::role_values;

RouteOptions opts(std::string summary, int status = 200) {
  RouteOptions o;
  o.tag = "professionals";
  o.summary = std::move(summary);
  o.success_status = status;
  return o;
}

// A string field with the e-mail rules of API.md §4.3 (shared with registration).
Field<std::string> read_email(ObjectReader& b, Validator& v, Presence p) {
  auto f = b.str("email", p);
  if (f.has_value()) {
    std::string reason = auth::email_error(*f);
    if (!reason.empty()) {
      json::object ctx;
      ctx["reason"] = reason;
      v.add("value_error", json::array{"body", "email"},
            "value is not a valid email address: " + reason,
            json::value(*f), ctx);
      f.state = Field<std::string>::State::Invalid;
    }
  }
  return f;
}

StrRule length(std::optional<std::size_t> min, std::size_t max) {
  StrRule r;
  r.min_len = min;
  r.max_len = max;
  return r;
}

const StrRule kName = length(3, 255);
const StrRule kSpecialization = length(std::nullopt, 255);
const StrRule kLicense = length(std::nullopt, 100);
const StrRule kOrganization = length(3, 255);
const StrRule kPhone = length(std::nullopt, 20);

}  // namespace

void register_professional_routes(Router& r, App& app) {
  const std::string base = "/api/v1/professionals";

  r.add("POST", base, [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    professionals::CreateInput in;
    auto name = b.str("name", Presence::Required, kName);
    auto email = read_email(b, v, Presence::Required);
    auto role = b.enumeration("role", Presence::Required, role_values());
    auto spec = b.str("specialization", Presence::Nullable, kSpecialization);
    auto lic = b.str("license_number", Presence::Nullable, kLicense);
    auto org = b.str("organization", Presence::Required, kOrganization);
    auto phone = b.str("phone", Presence::Nullable, kPhone);
    v.finish();
    in.name = *name;
    in.email = *email;
    in.role = *role;
    if (spec) in.specialization = *spec;
    if (lic) in.license_number = *lic;
    in.organization = *org;
    if (phone) in.phone = *phone;
    return Response::json(201, professionals::to_json(app.professionals->create(in)));
  }, opts("Create a professional", 201));

  r.add("GET", base, [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    professionals::ListFilter f;
    f.page = read_page_query(v);
    auto role = v.query_enum("role", role_values());
    auto org = v.query_str("organization");
    auto active = v.query_bool("is_active", true);
    auto search = v.query_str("search");
    auto edu_f = v.query_bool("is_education");
    auto health = v.query_bool("is_health");
    v.finish();
    if (role) f.role = *role;
    if (org) f.organization = *org;
    f.is_active = active.value_or(true);
    if (search) f.search = *search;
    if (edu_f) f.is_education = *edu_f;
    if (health) f.is_health = *health;
    auto [items, total] = app.professionals->list(f);
    json::array arr;
    for (const auto& p : items) arr.push_back(professionals::to_json(p));
    return Response::json(page_envelope("professionals", std::move(arr), total, f.page));
  }, opts("List professionals (page envelope)"));

  r.add("GET", base + "/statistics/overview", [&app](Request&, Context&) {
    return Response::json(app.professionals->statistics());
  }, opts("Professional statistics"));

  r.add("GET", base + "/{professional_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("professional_id");
    v.finish();
    return Response::json(professionals::to_json(app.professionals->get(id)));
  }, opts("Get a professional"));

  r.add("PUT", base + "/{professional_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto id = v.path_uuid("professional_id");
    auto b = v.body();
    professionals::UpdateInput in;
    in.name = b.str("name", Presence::Optional, kName);
    in.email = read_email(b, v, Presence::Optional);
    in.role = b.enumeration("role", Presence::Optional, role_values());
    in.specialization = b.str("specialization", Presence::Nullable, kSpecialization);
    in.license_number = b.str("license_number", Presence::Nullable, kLicense);
    in.organization = b.str("organization", Presence::Optional, kOrganization);
    in.phone = b.str("phone", Presence::Nullable, kPhone);
    in.is_active = b.boolean("is_active", Presence::Optional);
    v.finish();
    return Response::json(professionals::to_json(app.professionals->update(id, in)));
  }, opts("Update a professional (partial)"));

  r.add("DELETE", base + "/{professional_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("professional_id");
    v.finish();
    app.professionals->deactivate(id);
    return Response::no_content();
  }, opts("Deactivate a professional (soft delete)", 204));
}

}  // namespace edu
