// HTTP handlers of /api/v1/students (API.md §4.4): parse and validate, call the service,
// serialise. Routes are declared next to their handlers.
#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/activities/service.hpp"
#include "domain/teaching/fields.hpp"
#include "domain/teaching/module.hpp"

namespace edu {
namespace {

using students::StudentInput;
using teaching::Scope;

// Body of POST (create = true: required fields) and PUT (partial update).
StudentInput read_student(ObjectReader& b, bool create) {
  StudentInput in;
  const Presence req = create ? Presence::Required : Presence::Optional;
  if (auto f = b.str("name", req, {.min_len = 2, .max_len = 255})) in.name = *f;
  if (auto f = b.date("date_of_birth", req)) {
    std::string err = students::age_rule_error(*f, today_utc());
    if (err.empty())
      in.date_of_birth = *f;
    else
      b.fail("date_of_birth", err);
  }
  if (auto f = b.str("diagnosis", req, {.min_len = 3, .max_len = 500})) in.diagnosis = *f;
  auto tea = b.enumeration("tea_level", Presence::Nullable, teaching::kTeaLevel.values());
  if (tea.present()) {
    in.tea_level_set = true;
    if (tea.has_value()) in.tea_level = *tea;
  }
  if (auto f = b.string_list("interests", Presence::Optional, {.max_items = 20})) in.interests = *f;
  auto lp = b.dict("learning_profile", Presence::Nullable);
  if (lp.present()) {
    in.learning_profile_set = true;
    in.learning_profile = lp.has_value() ? json::value(*lp) : json::value(nullptr);
  }
  if (!create)
    if (auto f = b.boolean("is_active", Presence::Optional)) in.is_active = *f;
  return in;
}

json::array students_json(const std::vector<students::Student>& list) {
  json::array out;
  out.reserve(list.size());
  Date today = today_utc();
  for (const auto& s : list) out.emplace_back(students::to_json(s, today));
  return out;
}

RouteOptions opts(const char* summary, int status = 200) {
  RouteOptions o;
  o.tag = "students";
  o.summary = summary;
  o.success_status = status;
  return o;
}

}  // namespace

void register_student_routes(Router& r, App& app) {
  r.add("POST", "/api/v1/students", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_student(b, true);
    v.finish();
    auto s = app.teaching().students.create(Scope::of(ctx.user()), in);
    return Response::json(201, students::to_json(s, today_utc()));
  }, opts("Create a student (owned by the caller)", 201));

  r.add("GET", "/api/v1/students", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto page = teaching::read_page(v, 100, 1000);
    auto active = v.query_bool("is_active");
    v.finish();
    auto list = app.teaching().students.list(
        Scope::of(ctx.user()), active.has_value() ? std::optional<bool>(*active) : std::nullopt,
        page.skip, page.limit);
    return Response::json(students_json(list));
  }, opts("List the caller's students (admin: all), by name"));

  r.add("GET", "/api/v1/students/{student_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("student_id");
    v.finish();
    auto s = app.teaching().students.get(Scope::of(ctx.user()), id);
    return Response::json(students::to_json(s, today_utc()));
  }, opts("Get a student"));

  r.add("PUT", "/api/v1/students/{student_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("student_id");
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_student(b, false);
    v.finish();
    auto s = app.teaching().students.update(Scope::of(ctx.user()), id, in);
    return Response::json(students::to_json(s, today_utc()));
  }, opts("Partially update a student"));

  r.add("DELETE", "/api/v1/students/{student_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("student_id");
    v.finish();
    app.teaching().students.remove(Scope::of(ctx.user()), id);
    return Response::no_content();
  }, opts("Delete a student and everything attached to it", 204));

  r.add("GET", "/api/v1/students/{student_id}/activities", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("student_id");
    auto page = teaching::read_page(v, 100, 1000);
    v.finish();
    Scope who = Scope::of(ctx.user());
    auto& t = app.teaching();
    t.students.get(who, id);
    activities::ActivityFilter f;
    f.student_id = id;
    f.skip = page.skip;
    f.limit = page.limit;
    json::array out;
    for (const auto& a : t.activities.list(who, f)) out.emplace_back(activities::to_json(a));
    return Response::json(out);
  }, opts("Published activities of a student, newest first"));

  r.add("GET", "/api/v1/students/{student_id}/assessments", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("student_id");
    auto page = teaching::read_page(v, 20, 1000);
    v.finish();
    json::array out;
    for (const auto& a : app.teaching().assessments.list_for_student(Scope::of(ctx.user()), id,
                                                                    page.skip, page.limit))
      out.emplace_back(assessments::to_json(a));
    return Response::json(out);
  }, opts("Assessments of a student, newest first"));
}

}  // namespace edu
