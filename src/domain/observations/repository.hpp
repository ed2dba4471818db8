// SQL for observations (table from migration 0005).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pagination.hpp"
#include "db/database.hpp"
#include "domain/observations/model.hpp"
#include "security/field_crypto.hpp"

namespace edu::observations {

struct ListFilter {
  std::optional<std::string> student_id;
  std::optional<std::string> professional_id;
  std::optional<std::string> observation_type;
  std::optional<std::string> context;
  std::optional<std::int64_t> severity_min;
  std::optional<std::int64_t> severity_max;
  std::optional<bool> requires_intervention;
  // Case-insensitive substring of content. `content` is encrypted, so the match runs here on
  // the decrypted rows of the other filters (cost grows with those rows, not the page).
  std::optional<std::string> search;
  bool include_private = false;       // privacy rule, decided by the service
  PageQuery page;
};

// Columns to change in an update, as (column, value) in a fixed order.
using Changes = std::vector<std::pair<std::string, db::Param>>;

class Repository {
 public:
  Repository(db::Database& db, const security::FieldCipher& cipher) : db_(db), cipher_(cipher) {}

  void insert(db::Executor& ex, const Observation& o);
  std::optional<Observation> find(const std::string& id);
  // Applies `changes` and refreshes updated_at; returns the row after the update.
  std::optional<Observation> update(const std::string& id, const Changes& changes, Micros now);
  bool remove(const std::string& id);
  std::pair<std::vector<Observation>, std::int64_t> list(const ListFilter& f);
  // Every observation of a student, newest observed_at first (ties: id ascending).
  std::vector<Observation> for_student(const std::string& student_id, bool include_private);

 private:
  Observation from_row(const db::Row& r) const;
  db::Param seal(std::string_view column, const std::string& id, const db::Param& plain) const;

  db::Database& db_;
  const security::FieldCipher& cipher_;
};

}  // namespace edu::observations
