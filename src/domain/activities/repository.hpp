// SQL for activities (both dialects): one row per activity, lists as JSON; BNCC search uses
// GIN containment (PostgreSQL) or the trigger-maintained `activity_bncc` table (SQLite).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/activities/model.hpp"

namespace edu::activities {

class ActivityRepository {
 public:
  explicit ActivityRepository(db::Database& db) : db_(db) {}

  void insert(const Activity& a);
  std::optional<Activity> find(const std::string& id);
  // Published activities matching the filter, newest first (ties: id ascending).
  std::vector<Activity> list(const ActivityFilter& f);
  void update(const Activity& a);

 private:
  db::Database& db_;
};

}  // namespace edu::activities
