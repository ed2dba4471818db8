// HTTP handlers of /api/v1/intervention-plans (API.md §4.9): validation into typed inputs,
// the acting professional of API.md §2.6, and the service call. Literal routes
// (pending-review, statistics/overview, active/list, student/{id}/list) win over /{plan_id}
// by the router's rule, whatever the order below.
#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/intervention_plans/service.hpp"

namespace edu {
namespace {

using plans::kFrequencies;
using plans::kStatuses;

constexpr const char* kBase = "/api/v1/intervention-plans";
const std::string kPriorityPattern = "^(high|medium|low)$";

RouteOptions opts(std::string summary, int status = 200) {
  RouteOptions o;
  o.professional_header = true;
  o.tag = "intervention-plans";
  o.summary = std::move(summary);
  o.success_status = status;
  return o;
}

plans::Actor actor_of(const Context& ctx) {
  return plans::Actor{ctx.acting_professional_id, ctx.user().user_id};
}

template <class T>
std::optional<T> opt_of(const Field<T>& f) {
  return f.has_value() ? std::optional<T>(f.value) : std::nullopt;
}

// Page parameters of the page-envelope style (API.md §1.5).
std::pair<std::int64_t, std::int64_t> page_params(Validator& v) {
  auto skip = v.query_int("skip", 0, {.ge = 0});
  auto limit = v.query_int("limit", 100, {.ge = 1, .le = 1000});
  return {skip.value_or(0), limit.value_or(100)};
}

Response list_response(plans::Service& svc, Validator& v, plans::ListFilter f) {
  v.finish();
  return Response::json(svc.list(f));
}

}  // namespace

void register_intervention_plan_routes(Router& r, App& app) {
  plans::Service& svc = *app.plan_service;
  const std::string base = kBase;

  r.add("POST", base, [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // body strings are stored (PostgreSQL text cannot hold U+0000)
    auto b = v.body();
    plans::CreateInput in;
    auto student = b.uuid("student_id", Presence::Required);
    auto title = b.str("title", Presence::Required, {.min_len = 5, .max_len = 500});
    auto objective = b.str("objective", Presence::Required, {.min_len = 20});
    auto description = b.str("description", Presence::Nullable);
    auto strategies = b.dict_list("strategies", Presence::Required, {.min_items = 1});
    auto targets = b.string_list("target_behaviors", Presence::Required, {.min_items = 1});
    auto criteria = b.dict("success_criteria", Presence::Required);
    auto involved = b.uuid_list("professionals_involved_ids", Presence::Optional);
    auto start = b.date("start_date", Presence::Required);
    auto end = b.date("end_date", Presence::Required);
    auto freq = b.enumeration("review_frequency", Presence::Optional, kFrequencies);
    auto materials = b.string_list("required_materials", Presence::Nullable);
    auto resources = b.dict("resources", Presence::Nullable);
    v.finish();
    in.student_id = *student;
    in.title = *title;
    in.objective = *objective;
    in.description = opt_of(description);
    in.strategies = *strategies;
    in.target_behaviors = to_json_array(*targets);
    in.success_criteria = *criteria;
    in.professionals_involved_ids = involved.value_or({});
    in.start_date = *start;
    in.end_date = *end;
    in.review_frequency = freq.value_or("weekly");
    in.required_materials = materials ? json::value(to_json_array(*materials)) : json::value(nullptr);
    in.resources = resources ? json::value(*resources) : json::value(nullptr);
    return Response::json(201, svc.create(in, actor_of(ctx)));
  }, opts("Create an intervention plan", 201));

  r.add("GET", base, [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    plans::ListFilter f;
    std::tie(f.skip, f.limit) = page_params(v);
    f.student_id = opt_of(v.query_uuid("student_id"));
    f.created_by_id = opt_of(v.query_uuid("created_by_id"));
    f.involved_professional_id = opt_of(v.query_uuid("professional_id"));
    f.status = opt_of(v.query_enum("status", kStatuses));
    f.search = opt_of(v.query_str("search"));
    return list_response(svc, v, f);
  }, opts("List intervention plans (page envelope)"));

  r.add("GET", base + "/pending-review", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto skip = v.query_int("skip", 0, {.ge = 0});
    auto limit = v.query_int("limit", 50, {.ge = 1, .le = 200});
    auto priority = v.query_pattern("priority", kPriorityPattern);
    v.finish();
    std::optional<std::string> professional;
    if (req.header("X-Professional-ID")) professional = ctx.acting_professional_id;
    return Response::json(svc.pending_review(professional, opt_of(priority), *skip, *limit));
  }, opts("Active plans pending review, by priority"));

  r.add("GET", base + "/statistics/overview", [&svc](Request& req, Context& ctx) {
    return Response::json(svc.statistics());
  }, opts("Intervention plan statistics"));

  r.add("GET", base + "/active/list", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    plans::ListFilter f;
    std::tie(f.skip, f.limit) = page_params(v);
    f.active_only = true;
    return list_response(svc, v, f);
  }, opts("Active intervention plans (page envelope)"));

  r.add("GET", base + "/student/{student_id}/list", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto student = v.path_uuid("student_id");
    plans::ListFilter f;
    std::tie(f.skip, f.limit) = page_params(v);
    f.student_id = student;
    return list_response(svc, v, f);
  }, opts("Intervention plans of a student (page envelope)"));

  r.add("GET", base + "/{plan_id}", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("plan_id");
    v.finish();
    return Response::json(svc.get(id));
  }, opts("Get an intervention plan"));

  r.add("PUT", base + "/{plan_id}", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();
    auto id = v.path_uuid("plan_id");
    auto b = v.body();
    auto title = b.str("title", Presence::Optional, {.min_len = 5, .max_len = 500});
    auto objective = b.str("objective", Presence::Optional, {.min_len = 20});
    auto description = b.str("description", Presence::Nullable);
    auto strategies = b.dict_list("strategies", Presence::Optional, {.min_items = 1});
    auto targets = b.string_list("target_behaviors", Presence::Optional, {.min_items = 1});
    auto criteria = b.dict("success_criteria", Presence::Optional);
    auto start = b.date("start_date", Presence::Optional);
    auto end = b.date("end_date", Presence::Optional);
    auto freq = b.enumeration("review_frequency", Presence::Optional, kFrequencies);
    auto status = b.enumeration("status", Presence::Optional, kStatuses);
    auto progress = b.integer("progress_percentage", Presence::Optional, {.ge = 0, .le = 100});
    auto materials = b.string_list("required_materials", Presence::Nullable);
    auto resources = b.dict("resources", Presence::Nullable);
    v.finish();
    plans::PlanPatch p;
    p.title = opt_of(title);
    p.objective = opt_of(objective);
    if (description.present()) p.description = opt_of(description);
    if (strategies) p.strategies = json::value(*strategies);
    if (targets) p.target_behaviors = json::value(to_json_array(*targets));
    if (criteria) p.success_criteria = json::value(*criteria);
    p.start_date = opt_of(start);
    p.end_date = opt_of(end);
    p.review_frequency = opt_of(freq);
    p.status = opt_of(status);
    p.progress_percentage = opt_of(progress);
    if (materials.present())
      p.required_materials = materials ? json::value(to_json_array(*materials)) : json::value(nullptr);
    if (resources.present())
      p.resources = resources ? json::value(*resources) : json::value(nullptr);
    return Response::json(svc.update(id, p, actor_of(ctx)));
  }, opts("Update an intervention plan (partial)"));

  r.add("DELETE", base + "/{plan_id}", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("plan_id");
    v.finish();
    svc.remove(id, actor_of(ctx));
    return Response::no_content();
  }, opts("Delete an intervention plan", 204));

  r.add("POST", base + "/{plan_id}/progress-notes", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();
    auto id = v.path_uuid("plan_id");
    auto b = v.body();
    auto note = b.str("note", Presence::Required, {.min_len = 10});
    auto progress = b.integer("progress_percentage", Presence::Nullable, {.ge = 0, .le = 100});
    auto challenges = b.str("challenges", Presence::Nullable);
    auto successes = b.str("successes", Presence::Nullable);
    auto next_steps = b.str("next_steps", Presence::Nullable);
    v.finish();
    plans::NoteInput in{*note, opt_of(progress), opt_of(challenges), opt_of(successes),
                        opt_of(next_steps)};
    return Response::json(svc.add_note(id, in, actor_of(ctx)));
  }, opts("Append a progress note"));

  r.add("POST", base + "/{plan_id}/status", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();
    auto id = v.path_uuid("plan_id");
    auto b = v.body();
    auto status = b.str("status", Presence::Required);
    v.finish();
    return Response::json(svc.change_status(id, *status, actor_of(ctx)));
  }, opts("Change the status of a plan"));

  r.add("POST", base + "/{plan_id}/professionals", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();
    auto id = v.path_uuid("plan_id");
    auto b = v.body();
    auto pro = b.uuid("professional_id", Presence::Required);
    v.finish();
    return Response::json(svc.add_professional(id, *pro, actor_of(ctx)));
  }, opts("Add an involved professional"));

  r.add("DELETE", base + "/{plan_id}/professionals/{professional_id}",
        [&svc](Request& req, Context& ctx) {
          Validator v(req, ctx);
          auto id = v.path_uuid("plan_id");
          auto pro = v.path_uuid("professional_id");
          v.finish();
          return Response::json(svc.remove_professional(id, pro, actor_of(ctx)));
        },
        opts("Remove an involved professional"));
}

}  // namespace edu
