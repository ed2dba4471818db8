// `eduautismo reencrypt [--dry-run] [--batch N]`: rewrites the LGPD columns still in clear or
// under a previous master key (security/reencrypt.hpp). Reads the same configuration as
// `serve` (DATABASE_URL, FIELD_ENCRYPTION_KEY, FIELD_ENCRYPTION_PREVIOUS_KEYS). Exit 0 when
// every value is under the current key afterwards (or would be), 1 when some value does not
// decrypt or kept being written by the service (its id is printed, never its content), 2 on bad
// usage or configuration. It never generates a key (exit 1 when none is configured).
#include <cstring>
#include <iostream>
#include <string>

#include "app/app.hpp"
#include "db/migrations.hpp"
#include "observability/log.hpp"
#include "security/field_crypto.hpp"
#include "security/reencrypt.hpp"

namespace edu {

int cmd_reencrypt(int argc, char** argv) {
  security::ReencryptOptions o;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dry-run") == 0) {
      o.dry_run = true;
    } else if (std::strcmp(argv[i], "--batch") == 0 && i + 1 < argc && std::atoi(argv[i + 1]) > 0) {
      o.batch_rows = std::atoi(argv[++i]);
    } else {
      std::cerr << "usage: eduautismo reencrypt [--dry-run] [--batch ROWS]\n"
                   "  rewrites every LGPD-encrypted column value that is plaintext or sealed under\n"
                   "  a previous key (FIELD_ENCRYPTION_PREVIOUS_KEYS) under FIELD_ENCRYPTION_KEY;\n"
                   "  --dry-run only counts them; ROWS per transaction (default 500)\n";
      return 2;
    }
  }
  auto loaded = command_config("reencrypt", /*quiet=*/true);
  if (!loaded) return 2;
  const Config& cfg = *loaded;
  try {
    // Never a new key here: sealing under a key the service does not have would lock it out of
    // every value rewritten.
    auto cipher = make_field_cipher(cfg, /*may_generate=*/false);
    auto db = db::open_database(database_options(cfg));
    db::check_schema_not_newer(*db);
    auto reports = security::reencrypt_all(*db, *cipher, o);
    bool failed = false;
    for (const auto& r : reports) {
      std::cout << r.table << ": " << r.rows_scanned << " rows, " << r.rows_rewritten
                << (o.dry_run ? " to rewrite" : " rewritten") << " under key "
                << cipher->current_key_id();
      if (r.rows_changed_meanwhile) std::cout << ", " << r.rows_changed_meanwhile << " written meanwhile by the service";
      if (!r.failed_ids.empty()) std::cout << ", " << r.failed_ids.size() << " do not decrypt";
      if (!r.still_changing_ids.empty())
        std::cout << ", " << r.still_changing_ids.size() << " kept changing (run again)";
      std::cout << "\n";
      for (const auto& id : r.failed_ids)
        std::cout << "  " << r.table << " " << id << ": does not decrypt with the configured keys\n";
      for (const auto& id : r.still_changing_ids)
        std::cout << "  " << r.table << " " << id << ": written by the service on every retry, not re-encrypted\n";
      failed = failed || !r.failed_ids.empty() || !r.still_changing_ids.empty();
    }
    return failed ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "reencrypt: " << e.what() << "\n";
    log::error(std::string("re-encryption failed: ") + e.what(), {{"event", "reencrypt_failed"}});
    return 1;
  }
}

}  // namespace edu
