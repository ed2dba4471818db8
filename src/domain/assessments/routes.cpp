// HTTP handlers of /api/v1/assessments (API.md §4.6) and the progress analysis (§5.9).
#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/teaching/fields.hpp"
#include "domain/teaching/module.hpp"

namespace edu {
namespace {

using assessments::AssessmentInput;
using teaching::Scope;

void nullable_text(ObjectReader& b, const char* key, const StrRule& rule,
                   assessments::Patch<std::optional<std::string>>& out) {
  auto f = b.str(key, Presence::Nullable, rule);
  if (!f.present()) return;
  out.set = true;
  if (f.has_value()) out.value = *f;
}

void nullable_object(ObjectReader& b, const char* key, assessments::Patch<json::value>& out) {
  auto f = b.dict(key, Presence::Nullable);
  if (!f.present()) return;
  out.set = true;
  out.value = f.has_value() ? json::value(*f) : json::value(nullptr);
}

// objectives_met: object of booleans (lax boolean coercion per value, errors at the key).
void objectives_met(Validator& v, ObjectReader& b, assessments::Patch<json::value>& out) {
  auto f = b.dict("objectives_met", Presence::Nullable);
  if (!f.present()) return;
  if (f.is_null()) {
    out.set = true;
    out.value = nullptr;
    return;
  }
  json::object coerced;
  ObjectReader items(v, &f.value, json::array{"body", "objectives_met"});
  bool ok = true;
  for (const auto& kv : f.value) {
    auto item = items.boolean(kv.key(), Presence::Required);
    if (!item.has_value()) {
      ok = false;
      continue;
    }
    coerced[kv.key()] = *item;
  }
  if (!ok) return;
  out.set = true;
  out.value = std::move(coerced);
}

template <class E>
void required_enum(ObjectReader& b, const char* key, Presence p, const E& values,
                   assessments::Patch<std::string>& out) {
  auto f = b.enumeration(key, p, values);
  if (!f.has_value()) return;
  out.set = true;
  out.value = *f;
}

AssessmentInput read_assessment(Validator& v, ObjectReader& b, bool create) {
  AssessmentInput in;
  const Presence req = create ? Presence::Required : Presence::Optional;
  if (create) {
    if (auto f = b.uuid("activity_id", Presence::Required)) in.activity_id = *f;
    if (auto f = b.uuid("student_id", Presence::Required)) in.student_id = *f;
  }
  std::span<const std::string_view> cs = teaching::kCompletionStatusValues;
  std::span<const std::string_view> el = teaching::kEngagementLevelValues;
  std::span<const std::string_view> dr = teaching::kDifficultyRatingValues;
  required_enum(b, "completion_status", req, cs, in.completion_status);
  required_enum(b, "engagement_level", req, el, in.engagement_level);
  required_enum(b, "difficulty_rating", req, dr, in.difficulty_rating);
  auto dur = b.integer("actual_duration_minutes", Presence::Nullable, {.ge = 0});
  if (dur.present()) {
    in.actual_duration_minutes.set = true;
    if (dur.has_value()) in.actual_duration_minutes.value = *dur;
  }
  StrRule long_text = teaching::long_text_rule();
  nullable_text(b, "notes", long_text, in.notes);
  nullable_text(b, "strengths_observed", long_text, in.strengths_observed);
  nullable_text(b, "challenges_observed", long_text, in.challenges_observed);
  nullable_text(b, "recommendations", long_text, in.recommendations);
  nullable_text(b, "modifications_made", long_text, in.modifications_made);
  nullable_object(b, "skills_demonstrated", in.skills_demonstrated);
  nullable_object(b, "behavioral_notes", in.behavioral_notes);
  nullable_text(b, "independence_level", {.max_len = 50}, in.independence_level);
  nullable_text(b, "assistance_needed", {.max_len = 255}, in.assistance_needed);
  objectives_met(v, b, in.objectives_met);
  return in;
}

json::array list_json(const std::vector<assessments::Assessment>& list) {
  json::array out;
  out.reserve(list.size());
  for (const auto& a : list) out.emplace_back(assessments::to_json(a));
  return out;
}

RouteOptions opts(const char* summary, int status = 200) {
  RouteOptions o;
  o.tag = "assessments";
  o.summary = summary;
  o.success_status = status;
  return o;
}

}  // namespace

void register_assessment_routes(Router& r, App& app) {
  r.add("POST", "/api/v1/assessments", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_assessment(v, b, true);
    v.finish();
    auto a = app.teaching().assessments.create(Scope::of(ctx.user()), in);
    return Response::json(201, assessments::to_json(a));
  }, opts("Assess a student's activity", 201));

  r.add("GET", "/api/v1/assessments", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    assessments::AssessmentFilter f;
    if (auto q = v.query_uuid("student_id")) f.student_id = *q;
    if (auto q = v.query_uuid("activity_id")) f.activity_id = *q;
    auto page = teaching::read_page(v, 100, 1000);
    v.finish();
    f.skip = page.skip;
    f.limit = page.limit;
    return Response::json(list_json(app.teaching().assessments.list(Scope::of(ctx.user()), f)));
  }, opts("Assessments of the caller's students (admin: all), newest first"));

  r.add("GET", "/api/v1/assessments/student/{student_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("student_id");
    auto page = teaching::read_page(v, 20, 1000);
    v.finish();
    return Response::json(list_json(app.teaching().assessments.list_for_student(
        Scope::of(ctx.user()), id, page.skip, page.limit)));
  }, opts("Assessments of one student, newest first"));

  r.add("GET", "/api/v1/assessments/progress/{student_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("student_id");
    v.finish();
    return Response::json(app.teaching().assessments.progress(Scope::of(ctx.user()), id));
  }, opts("Rule-based progress analysis of a student"));

  r.add("GET", "/api/v1/assessments/{assessment_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("assessment_id");
    v.finish();
    return Response::json(assessments::to_json(app.teaching().assessments.get(Scope::of(ctx.user()), id)));
  }, opts("Get an assessment"));

  r.add("PUT", "/api/v1/assessments/{assessment_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("assessment_id");
    v.refuse_nul();  // stored text (PostgreSQL cannot hold U+0000)
    auto b = v.body();
    auto in = read_assessment(v, b, false);
    v.finish();
    return Response::json(
        assessments::to_json(app.teaching().assessments.update(Scope::of(ctx.user()), id, in)));
  }, opts("Partially update an assessment"));

  r.add("DELETE", "/api/v1/assessments/{assessment_id}", [&app](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("assessment_id");
    v.finish();
    app.teaching().assessments.remove(Scope::of(ctx.user()), id);
    return Response::no_content();
  }, opts("Delete an assessment", 204));
}

}  // namespace edu
