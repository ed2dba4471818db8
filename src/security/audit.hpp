// Access audit of sensitive records (LGPD art. 37/46, DESIGN.md §6): one `audit_log` row per
// create, read, list, update or delete of a student or an observation. Rows hold ids only
// (actor, resource, request, and for lists the ids returned) — never field values.
//
// Failure policy: a read whose audit row cannot be written fails (500, nothing disclosed:
// fail closed). A write has already committed when it is audited, so an audit failure there
// does not turn a done change into an error the client would retry; the event is written to
// the log instead (ids only, event "audit_fallback") for the trail to be rebuilt.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "db/database.hpp"
#include "http/message.hpp"

namespace edu::security {

struct AuditEvent {
  std::string action;         // create, read, list, update, delete
  std::string resource_type;  // student, observation
  std::optional<std::string> resource_id;
  json::object details;       // ids only (e.g. {"ids": [...]}, {"professional_id": ...})
};

class AuditLog {
 public:
  explicit AuditLog(db::Database& db) : db_(db) {}

  // Reads: one insert; throws when the row cannot be written (fail closed).
  void record_read(const Context& ctx, AuditEvent e);
  // Writes (already committed): never throws; logs the event when the insert fails.
  void record_write(const Context& ctx, AuditEvent e) noexcept;

 private:
  void insert(const Context& ctx, const AuditEvent& e);
  db::Database& db_;
};

// Convenience: {"ids": [...]} for list reads.
json::object ids_details(const std::vector<std::string>& ids);

}  // namespace edu::security
