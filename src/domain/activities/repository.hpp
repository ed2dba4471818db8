// SQL for activities (both dialects): one row per activity, lists as JSON; BNCC search uses
// GIN containment (PostgreSQL) or the trigger-maintained `activity_bncc` table (SQLite).
// `description` and `generation_metadata` are stored encrypted (see repository.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/activities/model.hpp"
#include "security/field_crypto.hpp"

namespace edu::activities {

class ActivityRepository {
 public:
  // `cipher` seals `description` and `generation_metadata` (LGPD: they hold the student's name
  // and diagnosis when generated).
  ActivityRepository(db::Database& db, const security::FieldCipher& cipher) : db_(db), cipher_(cipher) {}

  void insert(const Activity& a);
  std::optional<Activity> find(const std::string& id);
  // Published activities matching the filter, newest first (ties: id ascending).
  std::vector<Activity> list(const ActivityFilter& f);
  void update(const Activity& a);

 private:
  Activity from_row(const db::Row& r) const;
  std::string seal_description(const Activity& a) const;

  db::Database& db_;
  const security::FieldCipher& cipher_;
};

}  // namespace edu::activities
