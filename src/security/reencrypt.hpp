// Batch re-encryption of the LGPD columns (`eduautismo reencrypt`): rewrites every stored value
// that is still plaintext (written before its column was encrypted) or sealed under a previous
// master key under the current key, and checks that every other value still decrypts. Without
// it, such values change only when their row is next written. Safe while the service runs: a
// row is rewritten only if its columns still hold what was read; a row written meanwhile is
// read again and retried (the service's write does not always re-seal every stale column). A
// batch of rows per transaction, batches written by a few threads.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace edu::security {

struct SealedColumn {
  std::string_view name;
  bool document;  // JSON column: the ciphertext is stored as a JSON string
};

struct SealedTable {
  std::string_view table;
  std::vector<SealedColumn> columns;
  std::string_view key = "id";      // the row's primary key (walk order, updates)
  std::string_view aad_row = "id";  // the column whose value binds the ciphertext to its row
};

// Every encrypted column of the schema (docs/architecture.md "LGPD").
const std::vector<SealedTable>& sealed_tables();

struct ReencryptTableReport {
  std::string table;
  std::int64_t rows_scanned = 0;
  std::int64_t rows_rewritten = 0;      // (or that would be, in a dry run)
  std::int64_t rows_changed_meanwhile = 0;  // guard failed once: read again and retried
  std::vector<std::string> failed_ids;  // values that do not decrypt (unknown key, tampered)
  std::vector<std::string> still_changing_ids;  // written meanwhile on every retry: not done
};

struct ReencryptOptions {
  int batch_rows = 500;
  int writers = 0;  // threads re-sealing and writing batches; 0: 3 on PostgreSQL, 1 on SQLite
  bool dry_run = false;
};

std::vector<ReencryptTableReport> reencrypt_all(db::Database& db, const FieldCipher& cipher,
                                                const ReencryptOptions& options = {});

}  // namespace edu::security
