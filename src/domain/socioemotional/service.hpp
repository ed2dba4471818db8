// Business rules for socio-emotional indicators (API.md §4.10, §5.8): the acting professional
// records measurements (also in bulk, item by item), only the recorder edits or removes, and
// the analytics (profile, trend, period comparison) follow the contract's formulas.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "core/validation.hpp"
#include "domain/professionals/service.hpp"
#include "domain/socioemotional/repository.hpp"

namespace edu::socioemotional {

struct CreateInput {
  std::string student_id;
  std::string indicator_type;
  std::string context;
  std::int64_t score = 0;
  std::optional<std::string> observations, specific_behaviors, environmental_factors, triggers,
      supports_used;
  Micros measured_at = 0;
};

struct UpdateInput {
  Field<std::string> indicator_type, context;
  Field<std::int64_t> score;
  Field<Micros> measured_at;
  Field<std::string> observations, specific_behaviors, environmental_factors, triggers,
      supports_used;
};

// One bulk item: a valid input, or the validation reason (`<field>: <msg>; ...`).
using BulkItem = std::variant<CreateInput, std::string>;

struct BulkResult {
  std::vector<std::string> created_ids;
  std::vector<std::string> errors;
};

class Service {
 public:
  Service(db::Database& db, professionals::Service& pros, const security::FieldCipher& cipher)
      : db_(db), repo_(db, cipher), pros_(pros) {}

  Indicator create(const std::string& actor, const CreateInput& in);
  BulkResult create_bulk(const std::string& actor, const std::vector<BulkItem>& items);
  Indicator get(const std::string& id);
  Indicator update(const std::string& actor, const std::string& id, const UpdateInput& in);
  void remove(const std::string& actor, const std::string& id);
  std::pair<std::vector<Indicator>, std::int64_t> list(const ListFilter& f) {
    return repo_.list(f);
  }
  json::object profile(const std::string& student_id);
  json::object trend(const std::string& student_id, const std::string& type, std::int64_t days);
  json::object compare(const std::string& student_id, const std::string& type, Micros p1_start,
                       Micros p1_end, Micros p2_start, Micros p2_end);

 private:
  db::Database& db_;
  Repository repo_;
  professionals::Service& pros_;
};

}  // namespace edu::socioemotional
