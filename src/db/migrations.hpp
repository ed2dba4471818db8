// Schema migrations: numbered SQL files per dialect (migrations/<dialect>/NNNN_name.sql),
// embedded in the binary, applied in order under a cluster-wide lock, each in its own
// transaction, recorded in schema_migrations.
#pragma once
#include <string>
#include <vector>

#include "db/database.hpp"

namespace edu::db {

struct EmbeddedMigration {
  const char* dialect;  // "sqlite" / "postgres"
  int version;
  const char* name;
  const char* sql;
};
const std::vector<EmbeddedMigration>& embedded_migrations();

struct MigrationStatus {
  int current = 0;  // highest applied version
  int latest = 0;   // highest version this binary knows
  std::vector<std::string> applied_now;
};

// Applies every pending migration. Safe when several processes run it at once.
MigrationStatus migrate(Database& db);
// Reads the state without changing anything.
MigrationStatus migration_status(Database& db);

class SchemaTooNew : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Throws SchemaTooNew when the database has a version newer than this binary knows.
void check_schema_not_newer(Database& db);

}  // namespace edu::db
