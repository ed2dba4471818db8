// Ownership scope of the teaching area (API.md §2.5): a non-admin caller sees and changes only
// own students and everything reached through them; an admin sees all. Lists are silently
// scoped by `owner`; direct access to another owner's record is a 403 decided by services.
#pragma once
#include <optional>
#include <string>

#include "db/database.hpp"
#include "http/message.hpp"

namespace edu::teaching {

struct Scope {
  std::string user_id;
  bool admin = false;
  // The owner filter for lists: nullopt for admins (all rows).
  std::optional<std::string> owner() const {
    return admin ? std::nullopt : std::optional<std::string>(user_id);
  }
  bool may_access(const std::string& owner_id) const { return admin || owner_id == user_id; }
  static Scope of(const Principal& p) { return Scope{p.user_id, p.is_admin()}; }
};

// Builds "WHERE a AND b" clauses with $n placeholders for dynamic filters.
class SqlWhere {
 public:
  explicit SqlWhere(db::Params& params) : params_(params) {}
  // Adds a parameter and returns its placeholder ("$3").
  std::string param(db::Param p) {
    params_.push_back(std::move(p));
    return "$" + std::to_string(params_.size());
  }
  void add(std::string clause) { clauses_.push_back(std::move(clause)); }
  std::string sql() const {
    std::string out;
    for (std::size_t i = 0; i < clauses_.size(); ++i) out += (i == 0 ? " WHERE " : " AND ") + clauses_[i];
    return out;
  }

 private:
  db::Params& params_;
  std::vector<std::string> clauses_;
};

}  // namespace edu::teaching
