// audit_log writer (table from migration 0001).
#include "security/audit.hpp"

#include <stdexcept>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "observability/log.hpp"

namespace edu::security {

void AuditLog::insert(const Context& ctx, const AuditEvent& e) {
  db::Param actor = nullptr;
  if (ctx.principal && !ctx.principal->user_id.empty()) actor = ctx.principal->user_id;
  db::Param rid = nullptr;
  if (e.resource_id) rid = *e.resource_id;
  db::Param details = nullptr;
  if (!e.details.empty()) details = db::json_text(json::value(e.details));
  db_.query(
      "INSERT INTO audit_log (id, occurred_at, actor_user_id, action, resource_type, resource_id, "
      "request_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {new_uuid_v7(), db::ts_param(now_micros()), actor, e.action, e.resource_type, rid,
       ctx.request_id, details});
}

void AuditLog::record_read(const Context& ctx, AuditEvent e) { insert(ctx, e); }

void AuditLog::record_write(const Context& ctx, AuditEvent e) noexcept {
  try {
    insert(ctx, e);
  } catch (const std::exception& ex) {
    try {
      json::object f{{"event", "audit_fallback"},
                     {"action", e.action},
                     {"resource_type", e.resource_type},
                     {"resource_id", e.resource_id ? json::value(*e.resource_id) : nullptr},
                     {"actor_user_id", ctx.principal ? json::value(ctx.principal->user_id) : nullptr},
                     {"details", e.details},
                     {"error", ex.what()}};
      log::error("audit row not written; event kept in the log", f);
    } catch (...) {
    }
  }
}

json::object ids_details(const std::vector<std::string>& ids) {
  json::array a;
  a.reserve(ids.size());
  for (const auto& id : ids) a.emplace_back(id);
  return json::object{{"ids", std::move(a)}};
}

}  // namespace edu::security
