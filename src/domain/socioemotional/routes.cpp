// HTTP handlers for /api/v1/socioemotional-indicators (API.md §4.10). Every route reads the
// acting professional from X-Professional-ID (or the token's user id), API.md §2.6.
#include "app/app.hpp"
#include "core/pagination.hpp"
#include "core/validation.hpp"
#include "domain/socioemotional/service.hpp"

namespace edu {
namespace {

using socioemotional::indicator_type_values;
using socioemotional::measurement_context_values;

RouteOptions opts(std::string summary, int status = 200) {
  RouteOptions o;
  o.tag = "socioemotional-indicators";
  o.summary = std::move(summary);
  o.success_status = status;
  o.professional_header = true;
  return o;
}

constexpr const char* kTextFields[] = {"observations", "specific_behaviors",
                                       "environmental_factors", "triggers", "supports_used"};

// Reads an IndicatorCreate object (POST body or a merged bulk item); nullopt when invalid.
std::optional<socioemotional::CreateInput> read_create(ObjectReader& b) {
  auto student = b.uuid("student_id", Presence::Required);
  auto type = b.enumeration("indicator_type", Presence::Required, indicator_type_values());
  auto context = b.enumeration("context", Presence::Required, measurement_context_values());
  auto score = b.integer("score", Presence::Required, between(1, 10));
  auto measured_at = b.datetime("measured_at", Presence::Required);
  std::optional<std::string> texts[5];
  bool texts_ok = true;
  for (int i = 0; i < 5; ++i) {
    auto f = b.str(kTextFields[i], Presence::Nullable);
    if (f.has_value()) texts[i] = *f;
    texts_ok = texts_ok && f.state != Field<std::string>::State::Invalid;
  }
  if (!student || !type || !context || !score || !measured_at || !texts_ok) return std::nullopt;
  socioemotional::CreateInput in;
  in.student_id = *student;
  in.indicator_type = *type;
  in.context = *context;
  in.score = *score;
  in.measured_at = *measured_at;
  in.observations = texts[0];
  in.specific_behaviors = texts[1];
  in.environmental_factors = texts[2];
  in.triggers = texts[3];
  in.supports_used = texts[4];
  return in;
}

// `<field>: <msg>` per error, joined by "; " (bulk item failures, API.md §4.10).
std::string describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    std::string field;
    for (const auto& part : e.loc) {
      if (!field.empty()) field += ".";
      field += part.is_string() ? std::string(part.get_string()) : to_json(part);
    }
    out += field + ": " + e.msg;
  }
  return out;
}

Field<std::string> required_query_enum(Validator& v, std::string_view name,
                                       std::span<const std::string_view> values) {
  if (!v.request().query_param(name)) {
    v.add("missing", json::array{"query", json::string(name)}, "Field required", nullptr);
    Field<std::string> f;
    f.state = Field<std::string>::State::Invalid;
    return f;
  }
  return v.query_enum(name, values);
}

Field<Micros> required_query_datetime(Validator& v, std::string_view name) {
  if (!v.request().query_param(name)) {
    v.add("missing", json::array{"query", json::string(name)}, "Field required", nullptr);
    Field<Micros> f;
    f.state = Field<Micros>::State::Invalid;
    return f;
  }
  return v.query_datetime(name);
}

Response page(App& app, socioemotional::ListFilter f) {
  auto [items, total] = app.indicators->list(f);
  json::array arr;
  for (const auto& i : items) arr.push_back(socioemotional::to_json(i));
  return Response::json(page_envelope("indicators", std::move(arr), total, f.page));
}

}  // namespace

void register_socioemotional_routes(Router& r, App& app) {
  const std::string base = "/api/v1/socioemotional-indicators";

  r.add("POST", base, [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_create(b);
    v.finish();
    auto created = app.indicators->create(ctx.acting_professional_id, *in);
    return Response::json(201, socioemotional::to_json(created));
  }, opts("Record a socio-emotional measurement", 201));

  r.add("POST", base + "/bulk", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto student = b.uuid("student_id", Presence::Required);
    auto measured_at = b.datetime("measured_at", Presence::Required);
    auto list = b.any("indicators", Presence::Required);
    json::array loc{"body", "indicators"};
    if (list.has_value()) {
      if (!list->is_array()) {
        v.add("list_type", loc, "Input should be a valid list", *list);
      } else if (list->get_array().empty()) {
        json::object c{{"field_type", "List"}, {"min_length", 1}, {"actual_length", 0}};
        v.add("too_short", loc, "List should have at least 1 item after validation, not 0",
              *list, c);
      } else {
        const auto& arr = list->get_array();
        for (std::size_t i = 0; i < arr.size(); ++i)
          if (!arr[i].is_object()) {
            json::array item_loc = loc;
            item_loc.emplace_back(i);
            v.add("dict_type", item_loc, "Input should be a valid dictionary", arr[i]);
          }
      }
    }
    v.finish();

    // Each item is merged with the top-level student_id/measured_at and validated on its own.
    std::vector<socioemotional::BulkItem> items;
    for (const auto& raw : list->get_array()) {
      json::object merged = raw.get_object();
      merged["student_id"] = *student;
      merged["measured_at"] = format_timestamp(*measured_at);
      Validator item_v(req, ctx);
      item_v.refuse_nul();
      ObjectReader item(item_v, &merged, json::array{});
      auto in = read_create(item);
      try {
        item_v.finish();
        items.emplace_back(*in);
      } catch (const ValidationError& e) {
        items.emplace_back(describe(e.errors()));
      }
    }
    auto result = app.indicators->create_bulk(ctx.acting_professional_id, items);
    json::array ids, errors;
    for (const auto& id : result.created_ids) ids.emplace_back(id);
    for (const auto& e : result.errors) errors.emplace_back(e);
    json::object o;
    o["created_count"] = static_cast<std::int64_t>(result.created_ids.size());
    o["failed_count"] = static_cast<std::int64_t>(result.errors.size());
    o["created_ids"] = std::move(ids);
    o["errors"] = errors.empty() ? json::value(nullptr) : json::value(std::move(errors));
    return Response::json(201, o);
  }, opts("Record several measurements (per-item results)", 201));

  r.add("GET", base, [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    socioemotional::ListFilter f;
    f.page = read_page_query(v);
    auto student = v.query_uuid("student_id");
    auto professional = v.query_uuid("professional_id");
    auto type = v.query_enum("indicator_type", indicator_type_values());
    auto context = v.query_enum("context", measurement_context_values());
    auto smin = v.query_int("score_min", std::nullopt, between(1, 10));
    auto smax = v.query_int("score_max", std::nullopt, between(1, 10));
    auto concerning = v.query_bool("is_concerning");
    auto search = v.query_str("search");
    v.finish();
    if (student) f.student_id = *student;
    if (professional) f.professional_id = *professional;
    if (type) f.indicator_type = *type;
    if (context) f.context = *context;
    if (smin) f.score_min = *smin;
    if (smax) f.score_max = *smax;
    if (concerning) f.is_concerning = *concerning;
    if (search) f.search = *search;
    return page(app, std::move(f));
  }, opts("List socio-emotional measurements"));

  r.add("GET", base + "/student/{student_id}/list", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto student = v.path_uuid("student_id");
    socioemotional::ListFilter f;
    f.page = read_page_query(v);
    v.finish();
    f.student_id = student;
    return page(app, std::move(f));
  }, opts("Measurements of a student"));

  r.add("GET", base + "/student/{student_id}/profile", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto student = v.path_uuid("student_id");
    v.finish();
    return Response::json(app.indicators->profile(student));
  }, opts("Socio-emotional profile of a student"));

  r.add("GET", base + "/student/{student_id}/trend", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto student = v.path_uuid("student_id");
    auto type = required_query_enum(v, "indicator_type", indicator_type_values());
    auto days = v.query_int("days", 90, between(1, 365));
    v.finish();
    return Response::json(app.indicators->trend(student, *type, *days));
  }, opts("Trend of one indicator type"));

  r.add("GET", base + "/student/{student_id}/compare", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto student = v.path_uuid("student_id");
    auto type = required_query_enum(v, "indicator_type", indicator_type_values());
    auto p1s = required_query_datetime(v, "period1_start");
    auto p1e = required_query_datetime(v, "period1_end");
    auto p2s = required_query_datetime(v, "period2_start");
    auto p2e = required_query_datetime(v, "period2_end");
    v.finish();
    return Response::json(app.indicators->compare(student, *type, *p1s, *p1e, *p2s, *p2e));
  }, opts("Compare two periods of one indicator type"));

  r.add("GET", base + "/{indicator_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("indicator_id");
    v.finish();
    return Response::json(socioemotional::to_json(app.indicators->get(id)));
  }, opts("Get a measurement"));

  r.add("PUT", base + "/{indicator_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto id = v.path_uuid("indicator_id");
    auto b = v.body();
    socioemotional::UpdateInput in;
    in.indicator_type = b.enumeration("indicator_type", Presence::Optional, indicator_type_values());
    in.context = b.enumeration("context", Presence::Optional, measurement_context_values());
    in.score = b.integer("score", Presence::Optional, between(1, 10));
    in.measured_at = b.datetime("measured_at", Presence::Optional);
    in.observations = b.str("observations", Presence::Nullable);
    in.specific_behaviors = b.str("specific_behaviors", Presence::Nullable);
    in.environmental_factors = b.str("environmental_factors", Presence::Nullable);
    in.triggers = b.str("triggers", Presence::Nullable);
    in.supports_used = b.str("supports_used", Presence::Nullable);
    v.finish();
    auto updated = app.indicators->update(ctx.acting_professional_id, id, in);
    return Response::json(socioemotional::to_json(updated));
  }, opts("Update a measurement (recorder only)"));

  r.add("DELETE", base + "/{indicator_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("indicator_id");
    v.finish();
    app.indicators->remove(ctx.acting_professional_id, id);
    return Response::no_content();
  }, opts("Delete a measurement (recorder only)", 204));
}

}  // namespace edu
