// HTTP handlers of /api/v1/notifications (API.md §4.11): every route is scoped to the caller;
// another user's notification answers 404.
#include "app/app.hpp"
#include "core/validation.hpp"
#include "domain/notifications/service.hpp"

namespace edu {
namespace {

RouteOptions opts(std::string summary, int status = 200) {
  RouteOptions o;
  o.tag = "notifications";
  o.summary = std::move(summary);
  o.success_status = status;
  return o;
}

}  // namespace

void register_notification_routes(Router& r, App& app) {
  notifications::Service& svc = *app.notification_service;
  const std::string base = "/api/v1/notifications";

  r.add("GET", base, [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    notifications::ListFilter f;
    auto skip = v.query_int("skip", 0, {.ge = 0});
    auto limit = v.query_int("limit", 50, {.ge = 1, .le = 100});
    auto unread = v.query_bool("unread_only", false);
    auto type = v.query_enum("type", notifications::kTypes);
    auto priority = v.query_enum("priority", notifications::kPriorities);
    v.finish();
    f.skip = *skip;
    f.limit = *limit;
    f.unread_only = *unread;
    if (type) f.type = *type;
    if (priority) f.priority = *priority;
    return Response::json(svc.list(ctx.user().user_id, f));
  }, opts("The caller's notifications (has_more envelope)"));

  r.add("GET", base + "/unread-count", [&svc](Request&, Context& ctx) {
    return Response::json(json::object{{"unread_count", svc.unread_count(ctx.user().user_id)}});
  }, opts("Unread, non-expired notifications of the caller"));

  r.add("GET", base + "/stats", [&svc](Request&, Context& ctx) {
    return Response::json(svc.stats(ctx.user().user_id));
  }, opts("Notification statistics of the caller"));

  r.add("POST", base + "/mark-all-read", [&svc](Request&, Context& ctx) {
    return Response::json(svc.mark_all_read(ctx.user().user_id));
  }, opts("Mark every notification of the caller as read"));

  r.add("PATCH", base + "/{notification_id}", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("notification_id");
    auto b = v.body();
    auto is_read = b.boolean("is_read", Presence::Nullable);
    v.finish();
    if (!is_read.has_value()) throw bad_request("No valid update fields provided");
    return Response::json(svc.set_read(id, ctx.user().user_id, *is_read));
  }, opts("Mark a notification read or unread"));

  r.add("DELETE", base + "/{notification_id}", [&svc](Request& req, Context& ctx) {
    Validator v(req, ctx);
    auto id = v.path_uuid("notification_id");
    v.finish();
    svc.remove(id, ctx.user().user_id);
    return Response::no_content();
  }, opts("Delete a notification", 204));
}

}  // namespace edu
