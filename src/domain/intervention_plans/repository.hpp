// SQL of intervention plans, their involved professionals and progress notes, plus the two
// lookups the plan rules need in other areas' tables (student, professional). Methods take
// the executor to run on so services can group them in one transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "domain/intervention_plans/model.hpp"
#include "security/field_crypto.hpp"

namespace edu::plans {

struct ListFilter {
  std::optional<std::string> student_id, created_by_id, involved_professional_id, status, search;
  bool active_only = false;
  std::int64_t skip = 0, limit = 100;
};

struct StudentInfo {
  std::string id, name, teacher_id;
};

// Columns changed by a partial update (absent = unchanged).
struct PlanPatch {
  std::optional<std::string> title, objective, review_frequency, status;
  std::optional<std::optional<std::string>> description;
  std::optional<json::value> strategies, target_behaviors, success_criteria, required_materials,
      resources;
  std::optional<Date> start_date, end_date;
  std::optional<std::int64_t> progress_percentage;
};

class Repository {
 public:
  // `cipher` seals the narrative columns and the progress notes (repository.cpp).
  explicit Repository(const security::FieldCipher& cipher) : cipher_(cipher) {}

  std::optional<StudentInfo> student(db::Executor& ex, const std::string& id);
  bool professional_exists(db::Executor& ex, const std::string& id);

  // One plan with its notes and involved ids; `lock` takes a row lock (PostgreSQL) for
  // read-check-write sequences inside a transaction.
  std::optional<Plan> find(db::Executor& ex, const std::string& id, bool lock = false);
  std::vector<Plan> list(db::Executor& ex, const ListFilter& f, std::int64_t& total);
  // Active plans without children (pending review, exports, sweep), with the narrative columns
  // only when `narrative`; optionally only those created by or involving a professional.
  std::vector<Plan> active_plans(db::Executor& ex, const std::optional<std::string>& professional,
                                 bool narrative = false);
  // Every plan's scalar columns, without narrative columns (statistics).
  std::vector<Plan> all_plans(db::Executor& ex);

  void insert(db::Executor& ex, const Plan& p);
  void update(db::Executor& ex, const std::string& id, const PlanPatch& patch, Micros now);
  bool remove(db::Executor& ex, const std::string& id);
  // Appends a progress note and records the review in one statement pair (no read-modify-write).
  void add_note(db::Executor& ex, const std::string& plan_id, const ProgressNote& note,
                std::optional<std::int64_t> progress, const Date& today, Micros now);
  void set_status(db::Executor& ex, const std::string& id, const std::string& status, Micros now);
  // Throws db::UniqueViolation when already involved.
  void add_professional(db::Executor& ex, const std::string& plan_id,
                        const std::string& professional_id, Micros now);
  bool remove_professional(db::Executor& ex, const std::string& plan_id,
                           const std::string& professional_id, Micros now);
  // Stores the evaluated flag; true when the stored value actually changed (so exactly one
  // concurrent evaluation sees the false→true transition).
  bool set_needs_review(db::Executor& ex, const std::string& id, bool value);
  // Locks the plan row until the transaction ends (PostgreSQL; SQLite's single writer already
  // serializes): review notifications are checked for duplicates and sent under it.
  void lock_row(db::Executor& ex, const std::string& id);

 private:
  Plan from_row(const db::Row& r) const;
  void load_children(db::Executor& ex, std::vector<Plan>& plans);

  const security::FieldCipher& cipher_;
};

}  // namespace edu::plans
