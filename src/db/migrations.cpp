// Migration runner.
#include "db/migrations.hpp"

#include <algorithm>
#include <set>

#include "observability/log.hpp"

namespace edu::db {
namespace {

constexpr std::int64_t kMigrationLockKey = 0x6564756D69677231;  // "edumigr1"

std::vector<const EmbeddedMigration*> for_dialect(Dialect d) {
  std::vector<const EmbeddedMigration*> out;
  const char* name = d == Dialect::Sqlite ? "sqlite" : "postgres";
  for (const auto& m : embedded_migrations())
    if (std::string_view(m.dialect) == name) out.push_back(&m);
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return a->version < b->version; });
  return out;
}

const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)";

int max_applied(Executor& ex) {
  auto r = ex.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return static_cast<int>(r.one().integer(0));
}

}  // namespace

MigrationStatus migration_status(Database& db) {
  MigrationStatus s;
  auto all = for_dialect(db.dialect());
  s.latest = all.empty() ? 0 : all.back()->version;
  try {
    s.current = max_applied(db);
  } catch (const std::exception&) {
    s.current = 0;
  }
  return s;
}

void check_schema_not_newer(Database& db) {
  auto s = migration_status(db);
  if (s.current > s.latest)
    throw SchemaTooNew("database schema version " + std::to_string(s.current) +
                       " is newer than this binary knows (" + std::to_string(s.latest) +
                       "); deploy a newer version");
}

MigrationStatus migrate(Database& db) {
  MigrationStatus s;
  auto all = for_dialect(db.dialect());
  s.latest = all.empty() ? 0 : all.back()->version;
  const bool sqlite = db.dialect() == Dialect::Sqlite;
  db.with_advisory_lock(kMigrationLockKey, [&](Executor& ex) {
    ex.exec_script(kCreateTable);
    s.current = max_applied(ex);
    std::set<int> applied;
    for (const auto& row : ex.query("SELECT version FROM schema_migrations").rows)
      applied.insert(static_cast<int>(row.integer(0)));
    if (s.current > s.latest)
      throw SchemaTooNew("database schema version " + std::to_string(s.current) +
                         " is newer than this binary knows (" + std::to_string(s.latest) + ")");
    for (const auto* m : all) {
      // Every known version missing from schema_migrations is applied, not only those above
      // the highest one (a version landed out of order on a development database).
      if (applied.count(m->version)) continue;
      ex.in_transaction([&] {
        // Another process may have applied it while we waited for the lock.
        auto done = ex.query("SELECT 1 FROM schema_migrations WHERE version = $1",
                             {static_cast<std::int64_t>(m->version)});
        if (done.empty()) {
          ex.exec_script(m->sql);
          ex.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                   {static_cast<std::int64_t>(m->version), std::string(m->name),
                    format_timestamp(now_micros())});
          s.applied_now.emplace_back(m->name);
        }
      }, sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
      s.current = std::max(s.current, m->version);
      log::info("migration applied", {{"event", "migration"}, {"schema_version", m->version}, {"name", m->name}});
    }
  });
  return s;
}

}  // namespace edu::db
