// BNCC catalog routes (API.md §4.13): public, rate-limited per client IP, catalog caching
// headers (§1.8.2: the pipeline adds Cache-Control and answers If-None-Match with 304 using
// the ETag set here).
#include <array>

#include "app/app.hpp"
#include "core/text_fold.hpp"
#include "core/validation.hpp"
#include "domain/bncc/service.hpp"

namespace edu {
namespace {

using bncc::BnccService;
using bncc::CatalogIndex;

constexpr std::array<std::string_view, 3> kStages = {"EI", "EF", "EM"};
constexpr const char* kNotLoaded = "Catálogo BNCC não carregado";
constexpr const char* kInvalidCode = "Código BNCC inválido";

std::shared_ptr<const CatalogIndex> require_catalog(BnccService& svc) {
  auto idx = svc.current();
  if (!idx) throw HttpError(503, json::value(kNotLoaded));
  return idx;
}

Response catalog_response(const bncc::CachedResponse& cr) {
  Response r;
  r.status = 200;
  r.body = cr.body;
  r.set_header("ETag", cr.etag);
  return r;
}

std::string grade_level_of(const Request& req) {
  const std::string* g = req.query_param("grade_level");
  return g ? *g : std::string();
}

// The Subject value a component/area filter points at (requests_per_subject), or "".
std::string subject_of_filter(const bncc::SkillQuery& q) {
  std::string comp = fold_text(q.component);
  std::string comp_upper = q.component;
  for (auto& c : comp_upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  bncc::Stage stage = q.stage.value_or(bncc::Stage::EF);
  if (!comp.empty()) {
    for (std::string_view code : {"LP", "AR", "EF", "LI", "MA", "CI", "GE", "HI", "ER"})
      if (comp_upper == code || comp == fold_text(bncc::ef_component_name(code)))
        return std::string(bncc::subject_for_component(stage, code, ""));
  }
  std::string area = fold_text(q.area);
  if (area == "mat" || area == "matematica" || area == fold_text("Matemática e suas Tecnologias"))
    return "matematica";
  return "";
}

// OpenAPI schemas (§4.13.3–§4.13.7).
json::value nullable(const char* type) { return json::object{{"type", json::array{type, "null"}}}; }
json::value str_array() {
  return json::object{{"type", "array"}, {"items", json::object{{"type", "string"}}}};
}

json::value skill_schema() {
  json::object props{
      {"code", json::object{{"type", "string"}}},
      {"stage", json::object{{"type", "string"}, {"enum", json::array{"EI", "EF", "EM"}}}},
      {"stage_name", json::object{{"type", "string"}}},
      {"years", json::object{{"type", "array"}, {"items", json::object{{"type", "integer"}}}}},
      {"component", nullable("string")},
      {"component_code", nullable("string")},
      {"area", nullable("string")},
      {"area_code", nullable("string")},
      {"thematic_unit", nullable("string")},
      {"knowledge_objects", str_array()},
      {"description", json::object{{"type", "string"}}},
      {"field_of_action", nullable("string")},
      {"language_practice", nullable("string")},
      {"axis", nullable("string")},
      {"specific_competencies", str_array()},
      {"pdf_page", nullable("integer")}};
  return json::object{{"type", "object"}, {"properties", props}};
}

json::value page_schema() {
  return json::object{
      {"type", "object"},
      {"properties",
       json::object{{"items", json::object{{"type", "array"}, {"items", skill_schema()}}},
                    {"total", json::object{{"type", "integer"}}},
                    {"skip", json::object{{"type", "integer"}}},
                    {"limit", json::object{{"type", "integer"}}},
                    {"has_more", json::object{{"type", "boolean"}}}}}};
}

}  // namespace

void register_bncc_routes(Router& r, App& app) {
  RouteOptions o;
  o.auth = AuthMode::Public;
  o.rate = RateClass::Api;
  o.cache = CachePolicy::PublicCatalog;
  o.tag = "bncc";
  // Reads are in-memory; with the in-process cache nothing here blocks, so the handlers run on
  // the I/O thread (no worker-pool hop). A network cache (Redis) moves them to the workers.
  const std::string backend = app.cache().backend();
  o.inline_io = backend == "memory" || backend == "none";
  BnccService& svc = *app.bncc;

  o.summary = "List/search BNCC skills (filters: q, stage, year, component, area, thematic_unit)";
  o.description =
      "Query: q (≤ 200; accent/case-insensitive, every token a substring of code + description), "
      "stage (EI|EF|EM), year (1..9, blocks expanded), component (name or code), area (name or "
      "code), thematic_unit (substring), skip (≥ 0, default 0), limit (1..100, default 20). "
      "Order: the exact code first, then stage EI, EF, EM and code. 503 when the catalog is not "
      "loaded.";
  o.response_schema = page_schema();
  r.add(
      "GET", "/api/v1/bncc/skills",
      [&svc](Request& req, Context& ctx) {
        Validator v(req, ctx);
        bncc::SkillQuery q;
        StrRule q_rule;
        q_rule.max_len = 200;
        if (auto f = v.query_str("q", q_rule)) q.q = *f;
        if (auto f = v.query_enum("stage", kStages)) q.stage = bncc::parse_stage(*f);
        if (auto f = v.query_int("year", std::nullopt, IntRule{1, 9}))
          q.year = static_cast<int>(*f);
        if (auto f = v.query_str("component")) q.component = *f;
        if (auto f = v.query_str("area")) q.area = *f;
        if (auto f = v.query_str("thematic_unit")) q.thematic_unit = *f;
        if (auto f = v.query_int("skip", 0, IntRule{0, std::nullopt})) q.skip = *f;
        if (auto f = v.query_int("limit", 20, IntRule{1, 100})) q.limit = *f;
        v.finish();
        auto idx = require_catalog(svc);
        // A text query that is a code counts as a search by code.
        if (std::string code = bncc::normalize_code(q.q); bncc::is_well_formed(code)) {
          svc.record_search(code, grade_level_of(req));
          ctx.log_field("bncc_code", code);
        }
        if (std::string subject = subject_of_filter(q); !subject.empty()) {
          svc.record_subject(subject);
          ctx.log_field("subject", subject);
        }
        return catalog_response(svc.skills(q, *idx));
      },
      o);

  o.summary = "One BNCC skill by code (422 malformed, 404 unknown)";
  o.description =
      "The code is normalised (trim, parentheses removed, upper-case) and must match the strict "
      "grammar (422); a well-formed unknown code → 404 with Cache-Control: public, max-age=300.";
  o.response_schema = skill_schema();
  r.add(
      "GET", "/api/v1/bncc/skills/{code}",
      [&svc](Request& req, Context& ctx) {
        Validator v(req, ctx);
        const std::string raw = v.path_str("code");
        const std::string code = bncc::normalize_code(raw);
        svc.record_search(code, grade_level_of(req));
        if (!bncc::is_well_formed(code)) {
          v.add("value_error", json::array{"path", "code"},
                std::string("Value error, ") + kInvalidCode, json::value(raw),
                json::object{{"error", kInvalidCode}});
        } else {
          ctx.log_field("bncc_code", code);
        }
        v.finish();
        auto idx = require_catalog(svc);
        auto cr = svc.skill(code, *idx);
        if (cr.status == 404) {
          HttpError e(404, json::value("Habilidade BNCC " + code + " não encontrada"));
          e.headers.emplace_back("Cache-Control", "public, max-age=300");
          throw e;
        }
        if (const bncc::Skill* s = idx->find(code)) {
          std::string subject(
              bncc::subject_for_component(s->stage, s->component_code, s->area_code));
          if (!subject.empty()) {
            svc.record_subject(subject);
            ctx.log_field("subject", subject);
          }
        }
        return catalog_response(cr);
      },
      o);

  o.summary = "BNCC stages, components and areas with skill counts";
  o.description = "Counts computed from the loaded catalog; 503 when it is not loaded.";
  o.response_schema = json::value();
  r.add(
      "GET", "/api/v1/bncc/components",
      [&svc](Request&, Context&) {
        auto idx = require_catalog(svc);
        return catalog_response(svc.components(*idx));
      },
      o);

  o.summary = "Validate and decode a BNCC code (200 always)";
  o.description =
      "Decodes stage, years, age group, component/campo, area, competência and sequence; "
      "`exists` is null when the catalog is not loaded.";
  r.add(
      "GET", "/api/v1/bncc/validate/{code}",
      [&svc](Request& req, Context& ctx) {
        const std::string& raw = ctx.param("code");
        std::string code = bncc::normalize_code(raw);
        svc.record_search(code, grade_level_of(req));
        if (bncc::is_well_formed(code)) ctx.log_field("bncc_code", code);
        auto idx = svc.current();
        return catalog_response(svc.validate(raw, idx.get()));
      },
      o);
}

}  // namespace edu
