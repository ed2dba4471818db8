// SQL for socio-emotional indicators (table from migration 0005).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pagination.hpp"
#include "db/database.hpp"
#include "domain/socioemotional/model.hpp"

namespace edu::socioemotional {

struct ListFilter {
  std::optional<std::string> student_id;
  std::optional<std::string> professional_id;
  std::optional<std::string> indicator_type;
  std::optional<std::string> context;
  std::optional<std::int64_t> score_min;
  std::optional<std::int64_t> score_max;
  std::optional<bool> is_concerning;  // per-measurement polarity rule
  std::optional<std::string> search;  // observations or specific_behaviors
  PageQuery page;
};

using Changes = std::vector<std::pair<std::string, db::Param>>;

class Repository {
 public:
  explicit Repository(db::Database& db) : db_(db) {}

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
  db::Database& db_;
};

// SQL condition (no parameters) that is true for concerning measurements.
std::string concerning_condition();

}  // namespace edu::socioemotional
