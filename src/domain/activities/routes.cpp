// HTTP handlers of /api/v1/activities (API.md §4.5): manual CRUD, template/LLM generation,
// lists and searches (published only), BNCC search, public meta catalogs.
#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/bncc/catalog.hpp"
#include "observability/metrics.hpp"
#include "domain/teaching/fields.hpp"
#include "domain/teaching/module.hpp"

namespace edu {
namespace {

using activities::ActivityInput;
using activities::NullableText;
using teaching::Scope;

NullableText nullable(const Field<std::string>& f) {
  NullableText t;
  t.set = f.present();
  if (f.has_value()) t.value = *f;
  return t;
}

// Body of the manual POST (create = true) and of PUT (partial update).
ActivityInput read_activity(ObjectReader& b, bool create, const bncc::Catalog& catalog) {
  ActivityInput in;
  const Presence req = create ? Presence::Required : Presence::Optional;
  if (create)
    if (auto f = b.uuid("student_id", Presence::Required)) in.student_id = *f;
  if (auto f = b.str("title", req, {.min_len = 3, .max_len = 500})) in.title = *f;
  if (auto f = b.str("description", req, {.min_len = 10})) in.description = *f;
  if (auto f = b.enumeration("activity_type", Presence::Optional, teaching::kActivityType.values()))
    in.activity_type = *f;
  if (auto f = b.enumeration("difficulty", Presence::Optional, teaching::kDifficulty.values()))
    in.difficulty = *f;
  if (auto f = b.integer("duration_minutes", Presence::Optional, {.ge = 5, .le = 180}))
    in.duration_minutes = *f;
  if (auto f = teaching::non_empty_text_list(b, "objectives", req)) in.objectives = *f;
  if (auto f = teaching::non_empty_text_list(b, "materials", req)) in.materials = *f;
  if (auto f = teaching::non_empty_text_list(b, "instructions", req)) in.instructions = *f;
  if (auto f = b.string_list("adaptations", Presence::Optional)) in.adaptations = *f;
  if (auto f = b.string_list("visual_supports", Presence::Optional)) in.visual_supports = *f;
  if (auto f = b.string_list("success_criteria", Presence::Optional)) in.success_criteria = *f;
  in.theme = nullable(b.str("theme", Presence::Nullable, {.max_len = 255}));
  if (auto f = b.string_list("tags", Presence::Optional)) in.tags = *f;
  in.subject = nullable(b.enumeration("subject", Presence::Nullable, teaching::kSubject.values()));
  in.grade_level =
      nullable(b.enumeration("grade_level", Presence::Nullable, teaching::kGradeLevel.values()));
  in.pedagogical_type = nullable(
      b.enumeration("pedagogical_type", Presence::Nullable, teaching::kPedagogicalType.values()));
  if (auto f = bncc::read_bncc_competencies(b, "bncc_competencies", Presence::Optional, catalog))
    in.bncc_competencies = *f;
  if (!create)
    if (auto f = b.boolean("is_published", Presence::Optional)) in.is_published = *f;
  return in;
}

activities::GenerateInput read_generate(ObjectReader& b, const bncc::Catalog& catalog) {
  activities::GenerateInput in;
  if (auto f = b.uuid("student_id", Presence::Required)) in.student_id = *f;
  if (auto f = b.enumeration("activity_type", Presence::Required, teaching::kActivityType.values()))
    in.activity_type = *f;
  if (auto f = b.enumeration("difficulty", Presence::Required, teaching::kDifficulty.values()))
    in.difficulty = *f;
  if (auto f = b.integer("duration_minutes", Presence::Required, {.ge = 5, .le = 180}))
    in.duration_minutes = *f;
  in.theme = nullable(b.str("theme", Presence::Nullable, {.max_len = 255})).value;
  in.subject = nullable(b.enumeration("subject", Presence::Nullable, teaching::kSubject.values())).value;
  in.grade_level =
      nullable(b.enumeration("grade_level", Presence::Nullable, teaching::kGradeLevel.values())).value;
  in.pedagogical_type = nullable(b.enumeration("pedagogical_type", Presence::Nullable,
                                               teaching::kPedagogicalType.values()))
                            .value;
  if (auto f = bncc::read_bncc_competencies(b, "bncc_competencies", Presence::Optional, catalog))
    in.bncc_competencies = *f;
  return in;
}

// Access-log fields (INFRA.md §1.4) and the eduautismo/disciplines requests_per_subject
// counter (INFRA.md §1.5): curriculum dimensions of a request carrying a valid subject.
void log_curriculum(App& app, Context& ctx, const std::optional<std::string>& subject,
                    const std::optional<std::string>& grade_level) {
  if (subject) {
    ctx.log_field("subject", *subject);
    app.metrics().subject_request(*subject);
  }
  if (grade_level) ctx.log_field("grade_level", *grade_level);
}

json::array full_list(const std::vector<activities::Activity>& list) {
  json::array out;
  out.reserve(list.size());
  for (const auto& a : list) out.emplace_back(activities::to_json(a));
  return out;
}

json::array compact_list(const std::vector<activities::Activity>& list) {
  json::array out;
  out.reserve(list.size());
  for (const auto& a : list) out.emplace_back(activities::to_list_json(a));
  return out;
}

// A public catalog response: the pipeline adds Cache-Control (BNCC_CACHE_TTL) and the ETag,
// and answers If-None-Match with 304 (API.md §1.8.2).
Response catalog(const teaching::LabeledEnum& e) {
  json::object o;
  for (auto v : e.values()) o[v] = *e.label(v);
  return Response::json(o);
}

RouteOptions opts(const char* summary, int status = 200) {
  RouteOptions o;
  o.tag = "activities";
  o.summary = summary;
  o.success_status = status;
  return o;
}

RouteOptions meta_opts(const char* summary) {
  RouteOptions o = opts(summary);
  o.auth = AuthMode::Public;
  o.cache = CachePolicy::PublicCatalog;
  o.inline_io = true;
  return o;
}

// POST handler of the two generation routes: same validation, logging and response; only the
// generator differs.
using GenerateFn = activities::Activity (activities::ActivityService::*)(
    const Scope&, const activities::GenerateInput&);

Handler generate_handler(App& app, GenerateFn generate) {
  return [&app, generate](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_generate(b, app.bncc_catalog());
    v.finish();
    log_curriculum(app, ctx, in.subject, in.grade_level);
    auto a = (app.teaching().activities.*generate)(Scope::of(ctx.user()), in);
    return Response::json(201, activities::to_json(a));
  };
}

}  // namespace

void register_activity_routes(Router& r, App& app) {
  r.add("POST", "/api/v1/activities/generate",
        generate_handler(app, &activities::ActivityService::generate),
        opts("Generate an activity from the standard template", 201));

  if (app.config().enable_multidisciplinary) {
    r.add("POST", "/api/v1/activities/generate-multidisciplinary",
          generate_handler(app, &activities::ActivityService::generate_multidisciplinary),
          opts("Generate a curriculum activity (subject × grade level, BNCC skills)", 201));
  } else {
    // Disabled: answers like an unknown route, whoever calls (routing precedes authentication).
    RouteOptions o = opts("Disabled (ENABLE_MULTIDISCIPLINARY=false)");
    o.auth = AuthMode::Public;
    o.rate = RateClass::None;
    o.inline_io = true;
    r.add("POST", "/api/v1/activities/generate-multidisciplinary",
          [](Request&, Context&) -> Response { throw not_found("Not Found"); }, o);
  }

  r.add("POST", "/api/v1/activities", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_activity(b, true, app.bncc_catalog());
    v.finish();
    log_curriculum(app, ctx, in.subject.value, in.grade_level.value);
    auto a = app.teaching().activities.create(Scope::of(ctx.user()), in);
    return Response::json(201, activities::to_json(a));
  }, opts("Create an activity manually", 201));

  r.add("GET", "/api/v1/activities", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    activities::ActivityFilter f;
    if (auto q = v.query_uuid("student_id")) f.student_id = *q;
    if (auto q = v.query_enum("activity_type", teaching::kActivityType.values())) f.activity_type = *q;
    if (auto q = v.query_enum("difficulty", teaching::kDifficulty.values())) f.difficulty = *q;
    auto page = teaching::read_page(v, 100, 1000);
    v.finish();
    f.skip = page.skip;
    f.limit = page.limit;
    return Response::json(full_list(app.teaching().activities.list(Scope::of(ctx.user()), f)));
  }, opts("Published activities of the caller's students, newest first"));

  r.add("GET", "/api/v1/activities/search", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    activities::ActivityFilter f;
    if (auto q = v.query_enum("subject", teaching::kSubject.values())) f.subject = *q;
    if (auto q = v.query_enum("grade_level", teaching::kGradeLevel.values())) f.grade_level = *q;
    if (auto q = v.query_enum("pedagogical_type", teaching::kPedagogicalType.values()))
      f.pedagogical_type = *q;
    if (auto q = v.query_enum("difficulty", teaching::kDifficulty.values())) f.difficulty = *q;
    if (auto q = v.query_enum("activity_type", teaching::kActivityType.values())) f.activity_type = *q;
    if (auto q = v.query_uuid("student_id")) f.student_id = *q;
    if (auto q = v.query_bool("has_bncc")) f.has_bncc = *q;
    auto page = teaching::read_page(v, 20, 100);
    v.finish();
    f.skip = page.skip;
    f.limit = page.limit;
    log_curriculum(app, ctx, f.subject, f.grade_level);
    return Response::json(compact_list(app.teaching().activities.list(Scope::of(ctx.user()), f)));
  }, opts("Search activities by curriculum fields"));

  r.add("GET", "/api/v1/activities/search/bncc/{bncc_code}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    std::string code = teaching::normalize_bncc_code(v.path_str("bncc_code"));
    auto page = teaching::read_page(v, 20, 100);
    v.finish();
    ctx.log_field("bncc_code", code);
    // Counts the search (eduautismo/bncc searches_per_code) and logs `bncc_search`.
    app.bncc_catalog().record_search(code);
    activities::ActivityFilter f;
    f.bncc_code = code;
    f.skip = page.skip;
    f.limit = page.limit;
    return Response::json(compact_list(app.teaching().activities.list(Scope::of(ctx.user()), f)));
  }, opts("Activities that work a BNCC skill"));

  r.add("GET", "/api/v1/activities/meta/subjects", [](Request&, Context&) {
    return catalog(teaching::kSubject);
  }, meta_opts("The 25 subjects with display names"));
  r.add("GET", "/api/v1/activities/meta/grade-levels", [](Request&, Context&) {
    return catalog(teaching::kGradeLevel);
  }, meta_opts("The 18 grade levels with display names"));
  r.add("GET", "/api/v1/activities/meta/pedagogical-types", [](Request&, Context&) {
    return catalog(teaching::kPedagogicalType);
  }, meta_opts("The 10 activity formats with labels"));

  r.add("GET", "/api/v1/activities/{activity_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("activity_id");
    v.finish();
    return Response::json(activities::to_json(app.teaching().activities.get(Scope::of(ctx.user()), id)));
  }, opts("Get an activity (also unpublished ones, for their owner)"));

  r.add("PUT", "/api/v1/activities/{activity_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("activity_id");
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_activity(b, false, app.bncc_catalog());
    v.finish();
    log_curriculum(app, ctx, in.subject.value, in.grade_level.value);
    return Response::json(
        activities::to_json(app.teaching().activities.update(Scope::of(ctx.user()), id, in)));
  }, opts("Partially update an activity"));

  r.add("DELETE", "/api/v1/activities/{activity_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("activity_id");
    v.finish();
    app.teaching().activities.remove(Scope::of(ctx.user()), id);
    return Response::no_content();
  }, opts("Unpublish an activity (soft delete)", 204));
}

}  // namespace edu
