// HTTP handlers of /api/v1/export (API.md §4.12). The professional filter comes from the
// `professional_id` query parameter; XLSX bodies are never gzip-compressed (API.md §1.8.5).
#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/exports/service.hpp"

namespace edu {
namespace {

const std::string kPriorityPattern = "^(high|medium|low)$";

RouteOptions opts(std::string summary) {
  RouteOptions o;
  o.tag = "export";
  o.summary = std::move(summary);
  return o;
}

exports::ExportQuery read_query(Validator& v) {
  exports::ExportQuery q;
  auto priority = v.query_pattern("priority", kPriorityPattern);
  auto pro = v.query_uuid("professional_id");
  auto skip = v.query_int("skip", 0, {.ge = 0});
  auto limit = v.query_int("limit", 1000, {.ge = 1, .le = 5000});
  auto student = v.query_bool("include_student", false);
  v.finish();
  if (priority) q.priority = *priority;
  if (pro) q.professional_id = *pro;
  q.skip = *skip;
  q.limit = *limit;
  q.include_student = *student;
  return q;
}

Response download(exports::File f, bool compressible) {
  Response r = Response::text(200, std::move(f.body), f.content_type);
  r.set_header("Content-Disposition", "attachment; filename=\"" + f.name + "\"");
  r.compressible = compressible;
  return r;
}

}  // namespace

void register_export_routes(Router& r, App& app) {
  exports::Service& svc = *app.export_service;
  const std::string base = "/api/v1/export/pending-review";

  r.add("GET", base + "/summary", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto priority = v.query_pattern("priority", kPriorityPattern);
    auto pro = v.query_uuid("professional_id");
    v.finish();
    std::optional<std::string> p, prof;
    if (priority) p = *priority;
    if (pro) prof = *pro;
    return Response::json(svc.summary(prof, p));
  }, opts("Pending-review export summary"));

  r.add("GET", base + "/csv", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    return download(svc.csv(read_query(v)), true);
  }, opts("Pending-review plans as CSV"));

  r.add("GET", base + "/excel", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    return download(svc.excel(read_query(v)), false);
  }, opts("Pending-review plans as XLSX"));
}

}  // namespace edu
