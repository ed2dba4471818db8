// HTTP handlers for /api/v1/observations (API.md §4.8). Every route reads the acting
// professional from X-Professional-ID (or the token's user id), API.md §2.6.
#include "app/app.hpp"
#include "core/pagination.hpp"
#include "core/validation.hpp"
#include "domain/observations/service.hpp"
#include "security/audit.hpp"

namespace edu {
namespace {

using observations::context_values;
using observations::type_values;

RouteOptions opts(std::string summary, int status = 200) {
  RouteOptions o;
  o.tag = "observations";
  o.summary = std::move(summary);
  o.success_status = status;
  o.professional_header = true;
  return o;
}

StrRule min_length(std::size_t n) {
  StrRule r;
  r.min_len = n;
  return r;
}

// Free-form documents are stored too: no U+0000 anywhere in them (refuse_nul() covers strings).
Field<json::object> read_document(ObjectReader& b, Validator& v, std::string_view key) {
  auto f = b.dict(key, Presence::Nullable);
  if (f.has_value() && contains_nul(json::value(*f))) {
    add_nul_error(v, json::array{"body", json::string(key)}, json::value(*f));
    f.state = Field<json::object>::State::Invalid;
  }
  return f;
}

// `attachments`: a list of objects whose values are strings (Dict[str, str] items).
Field<json::array> read_attachments(ObjectReader& b, Validator& v) {
  Field<json::array> out;
  auto raw = b.any("attachments", Presence::Optional);
  if (!raw.has_value()) return out;
  json::array loc{"body", "attachments"};
  if (!raw->is_array()) {
    v.add("list_type", loc, "Input should be a valid list", *raw);
    out.state = Field<json::array>::State::Invalid;
    return out;
  }
  bool ok = true;
  const auto& arr = raw->get_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    json::array item_loc = loc;
    item_loc.emplace_back(i);
    if (!arr[i].is_object()) {
      v.add("dict_type", item_loc, "Input should be a valid dictionary", arr[i]);
      ok = false;
      continue;
    }
    for (const auto& kv : arr[i].get_object()) {
      json::array value_loc = item_loc;
      value_loc.emplace_back(kv.key());
      if (!kv.value().is_string()) {
        v.add("string_type", value_loc, "Input should be a valid string", kv.value());
        ok = false;
      } else if (contains_nul(kv.key()) || contains_nul(kv.value())) {
        add_nul_error(v, value_loc, kv.value());
        ok = false;
      }
    }
  }
  if (!ok) {
    out.state = Field<json::array>::State::Invalid;
    return out;
  }
  out.state = Field<json::array>::State::Value;
  out.value = arr;
  return out;
}

// Filters shared by the general list and the by-student list.
void read_filters(Validator& v, observations::ListFilter& f) {
  auto type = v.query_enum("observation_type", type_values());
  auto context = v.query_enum("context", context_values());
  auto smin = v.query_int("severity_min", std::nullopt, between(1, 5));
  auto smax = v.query_int("severity_max", std::nullopt, between(1, 5));
  auto ri = v.query_bool("requires_intervention");
  auto search = v.query_str("search");
  if (type) f.observation_type = *type;
  if (context) f.context = *context;
  if (smin) f.severity_min = *smin;
  if (smax) f.severity_max = *smax;
  if (ri) f.requires_intervention = *ri;
  if (search) f.search = *search;
}

// LGPD access audit (security/audit.hpp): ids only, the acting professional in details.
security::AuditEvent audit_event(const Context& ctx, const char* action,
                                 std::optional<std::string> id, json::object details = {}) {
  details["professional_id"] = ctx.acting_professional_id;
  return {action, "observation", std::move(id), std::move(details)};
}

Response page(App& app, Context& ctx, observations::ListFilter f) {
  auto [items, total] = app.observations->list(ctx.acting_professional_id, f);
  std::vector<std::string> ids;
  for (const auto& o : items) ids.push_back(o.id);
  app.audit().record_read(ctx, audit_event(ctx, "list", std::nullopt, security::ids_details(ids)));
  json::array arr;
  for (const auto& o : items) arr.push_back(observations::to_json(o));
  return Response::json(page_envelope("observations", std::move(arr), total, f.page));
}

}  // namespace

void register_observation_routes(Router& r, App& app) {
  const std::string base = "/api/v1/observations";

  r.add("POST", base, [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto student = b.uuid("student_id", Presence::Required);
    auto type = b.enumeration("observation_type", Presence::Required, type_values());
    auto context = b.enumeration("context", Presence::Required, context_values());
    auto content = b.str("content", Presence::Required, min_length(10));
    auto behavioral = read_document(b, v, "behavioral_indicators");
    auto socio = read_document(b, v, "socioemotional_indicators");
    auto severity = b.integer("severity_level", Presence::Optional, between(1, 5));
    auto intervention = b.boolean("requires_intervention", Presence::Optional);
    auto is_private = b.boolean("is_private", Presence::Optional);
    auto tags = b.string_list("tags", Presence::Optional);
    auto attachments = read_attachments(b, v);
    auto observed_at = b.datetime("observed_at", Presence::Required);
    v.finish();
    observations::CreateInput in;
    in.student_id = *student;
    in.observation_type = *type;
    in.context = *context;
    in.content = *content;
    if (behavioral) in.behavioral_indicators = *behavioral;
    if (socio) in.socioemotional_indicators = *socio;
    in.severity_level = severity.value_or(1);
    in.requires_intervention = intervention.value_or(false);
    in.is_private = is_private.value_or(false);
    if (tags) in.tags = *tags;
    if (attachments) in.attachments = *attachments;
    in.observed_at = *observed_at;
    auto o = app.observations->create(ctx.acting_professional_id, in);
    app.audit().record_write(ctx, audit_event(ctx, "create", o.id, {{"student_id", o.student_id}}));
    return Response::json(201, observations::to_json(o));
  }, opts("Record an observation", 201));

  r.add("GET", base, [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    observations::ListFilter f;
    f.page = read_page_query(v);
    auto student = v.query_uuid("student_id");
    auto professional = v.query_uuid("professional_id");
    read_filters(v, f);
    v.finish();
    if (student) f.student_id = *student;
    if (professional) f.professional_id = *professional;
    return page(app, ctx, std::move(f));
  }, opts("List observations (privacy rule applies)"));

  r.add("GET", base + "/requiring-intervention/list", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    observations::ListFilter f;
    f.page = read_page_query(v);
    v.finish();
    f.requires_intervention = true;
    return page(app, ctx, std::move(f));
  }, opts("Observations requiring intervention"));

  r.add("GET", base + "/student/{student_id}/list", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto student = v.path_uuid("student_id");
    observations::ListFilter f;
    f.page = read_page_query(v);
    auto professional = v.query_uuid("professional_id");
    read_filters(v, f);
    v.finish();
    f.student_id = student;
    if (professional) f.professional_id = *professional;
    return page(app, ctx, std::move(f));
  }, opts("Observations of a student"));

  r.add("GET", base + "/student/{student_id}/summary", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto student = v.path_uuid("student_id");
    v.finish();
    auto summary = app.observations->summary(ctx.acting_professional_id, student);
    std::vector<std::string> ids;
    for (const auto& o : summary["recent_observations"].as_array())
      ids.emplace_back(o.as_object().at("id").as_string());
    auto details = security::ids_details(ids);
    details["student_id"] = student;
    app.audit().record_read(ctx, audit_event(ctx, "list", std::nullopt, std::move(details)));
    return Response::json(std::move(summary));
  }, opts("Observation summary of a student"));

  r.add("GET", base + "/{observation_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("observation_id");
    v.finish();
    auto o = app.observations->get(ctx.acting_professional_id, id);
    app.audit().record_read(ctx, audit_event(ctx, "read", id, {{"student_id", o.student_id}}));
    return Response::json(observations::to_json(o));
  }, opts("Get an observation"));

  r.add("PUT", base + "/{observation_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto id = v.path_uuid("observation_id");
    auto b = v.body();
    observations::UpdateInput in;
    in.observation_type = b.enumeration("observation_type", Presence::Optional, type_values());
    in.context = b.enumeration("context", Presence::Optional, context_values());
    in.content = b.str("content", Presence::Optional, min_length(10));
    in.behavioral_indicators = read_document(b, v, "behavioral_indicators");
    in.socioemotional_indicators = read_document(b, v, "socioemotional_indicators");
    in.severity_level = b.integer("severity_level", Presence::Optional, between(1, 5));
    in.requires_intervention = b.boolean("requires_intervention", Presence::Optional);
    in.is_private = b.boolean("is_private", Presence::Optional);
    in.tags = b.string_list("tags", Presence::Optional);
    in.attachments = read_attachments(b, v);
    in.observed_at = b.datetime("observed_at", Presence::Optional);
    v.finish();
    auto o = app.observations->update(ctx.acting_professional_id, id, in);
    app.audit().record_write(ctx, audit_event(ctx, "update", id, {{"student_id", o.student_id}}));
    return Response::json(observations::to_json(o));
  }, opts("Update an observation (author only)"));

  r.add("DELETE", base + "/{observation_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("observation_id");
    v.finish();
    app.observations->remove(ctx.acting_professional_id, id);
    app.audit().record_write(ctx, audit_event(ctx, "delete", id));
    return Response::no_content();
  }, opts("Delete an observation (author only)", 204));
}

}  // namespace edu
