// SQL for socio-emotional indicators (table from migration 0005).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pagination.hpp"
#include "db/database.hpp"
#include "domain/socioemotional/model.hpp"
#include "security/field_crypto.hpp"

namespace edu::socioemotional {

struct ListFilter {
  std::optional<std::string> student_id;
  std::optional<std::string> professional_id;
  std::optional<std::string> indicator_type;
  std::optional<std::string> context;
  std::optional<std::int64_t> score_min;
  std::optional<std::int64_t> score_max;
  std::optional<bool> is_concerning;  // per-measurement polarity rule
  std::optional<std::string> search;  // observations or specific_behaviors (matched in C++)
  PageQuery page;
};

using Changes = std::vector<std::pair<std::string, db::Param>>;

class Repository {
 public:
  // `cipher` seals the five free-text columns (LGPD: they describe the child's behaviour).
  Repository(db::Database& db, const security::FieldCipher& cipher) : db_(db), cipher_(cipher) {}

  void insert(db::Executor& ex, const Indicator& i);
  std::optional<Indicator> find(const std::string& id);
  std::optional<Indicator> update(const std::string& id, const Changes& changes, Micros now);
  bool remove(const std::string& id);
  std::pair<std::vector<Indicator>, std::int64_t> list(const ListFilter& f);
  // Measurements of a student (optionally of one type) with from <= measured_at <= to
  // (either bound optional), oldest first.
  std::vector<Indicator> for_student(const std::string& student_id,
                                     const std::optional<std::string>& type,
                                     std::optional<Micros> from, std::optional<Micros> to);

 private:
  Indicator from_row(const db::Row& r) const;
  std::vector<Indicator> rows_of(const db::Result& r) const;
  std::optional<std::string> open(const db::Row& r, std::size_t index, const std::string& id) const;
  db::Param seal(std::string_view column, const std::string& id,
                 const std::optional<std::string>& plain) const;

  db::Database& db_;
  const security::FieldCipher& cipher_;
};

// SQL condition (no parameters) that is true for concerning measurements.
std::string concerning_condition();

}  // namespace edu::socioemotional
