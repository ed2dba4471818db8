// SQL for observations (table from migration 0005).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pagination.hpp"
#include "db/database.hpp"
#include "domain/observations/model.hpp"

namespace edu::observations {

struct ListFilter {
  std::optional<std::string> student_id;
  std::optional<std::string> professional_id;
  std::optional<std::string> observation_type;
  std::optional<std::string> context;
  std::optional<std::int64_t> severity_min;
  std::optional<std::int64_t> severity_max;
  std::optional<bool> requires_intervention;
  std::optional<std::string> search;  // case-insensitive substring of content
  bool include_private = false;       // privacy rule, decided by the service
  PageQuery page;
};

// Columns to change in an update, as (column, value) in a fixed order.
using Changes = std::vector<std::pair<std::string, db::Param>>;

class Repository {
 public:
  explicit Repository(db::Database& db) : db_(db) {}

  void insert(db::Executor& ex, const Observation& o);
  std::optional<Observation> find(const std::string& id);
  // Applies `changes` and refreshes updated_at; returns the row after the update.
  std::optional<Observation> update(const std::string& id, const Changes& changes, Micros now);
  bool remove(const std::string& id);
  std::pair<std::vector<Observation>, std::int64_t> list(const ListFilter& f);
  // Every observation of a student, newest observed_at first (ties: id ascending).
  std::vector<Observation> for_student(const std::string& student_id, bool include_private);

 private:
  db::Database& db_;
};

}  // namespace edu::observations
