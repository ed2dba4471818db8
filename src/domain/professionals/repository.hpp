// SQL for professionals (table from migration 0005).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/pagination.hpp"
#include "db/database.hpp"
#include "domain/professionals/model.hpp"

namespace edu::professionals {

struct ListFilter {
  std::optional<std::string> role;
  std::optional<std::string> organization;  // case-insensitive substring
  std::optional<std::string> search;        // name or e-mail, case-insensitive substring
  bool is_active = true;
  std::optional<bool> is_education;
  std::optional<bool> is_health;
  PageQuery page;
};

struct Statistics {
  std::int64_t total = 0;
  std::int64_t active = 0;
  std::map<std::string, std::int64_t> by_role;  // role value → count
  std::int64_t organizations = 0;
};

// Thrown by insert/update when the e-mail belongs to another professional.
struct EmailTaken {};

class Repository {
 public:
  explicit Repository(db::Database& db) : db_(db) {}

  void insert(const Professional& p);
  void update(const Professional& p);
  // Sets is_active = false; false when the id is unknown.
  bool deactivate(const std::string& id, Micros now);
  std::optional<Professional> find(const std::string& id);
  std::optional<Professional> find_by_email(const std::string& email_lower);
  std::pair<std::vector<Professional>, std::int64_t> list(const ListFilter& f);
  Statistics statistics();

 private:
  db::Database& db_;
};

// Existence check usable inside another area's transaction.
bool professional_exists(db::Executor& ex, const std::string& id);

// Case-insensitive substring pattern for `lower(col) LIKE $n ESCAPE '\'`.
std::string like_pattern(std::string_view needle);
// Stored text never contains U+0000 (refused on write), so a filter with it matches nothing;
// answering that without a query also keeps it away from PostgreSQL, which rejects it.
inline bool matches_nothing(const std::optional<std::string>& needle) {
  return needle && needle->find('\0') != std::string::npos;
}

}  // namespace edu::professionals
