// The durable copy of the BNCC catalog (migration 0004): tables bncc_catalog (one row: version,
// source, counts) and bncc_skills. Writes are idempotent (same dataset version → nothing
// written) and transactional (the previous catalog stays intact when anything fails).
// Also holds an SQL implementation of the skills search with the contract's semantics, used to
// cross-check the in-memory index on each backend and by the benchmark.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/bncc/index.hpp"
#include "domain/bncc/model.hpp"

namespace edu::bncc {

struct StoredCatalog {
  std::string version;
  std::string sha256;
  std::string extra_sha256;
  std::string source;
  std::int64_t skill_count = 0;
  std::int64_t skipped_rows = 0;
  json::value imported_at;
};

class BnccRepository {
 public:
  explicit BnccRepository(db::Database& db) : db_(db) {}

  // The stored catalog's metadata; nullopt when nothing was ever imported.
  std::optional<StoredCatalog> stored();

  // Replaces the stored catalog with `pc` in one transaction, unless the same dataset (same
  // bncc.csv and bncc_extra.csv hashes) is already stored. Returns true when rows were written.
  bool replace(const ParsedCatalog& pc, const std::string& source);

  // Every stored skill in catalog order.
  std::vector<Skill> load_skills();

  // GET /bncc/skills evaluated in SQL on pre-folded columns: returns the page's codes and the
  // total. Same results as CatalogIndex::search.
  std::pair<std::vector<std::string>, std::int64_t> search(const SkillQuery& q);

 private:
  db::Database& db_;
};

}  // namespace edu::bncc
