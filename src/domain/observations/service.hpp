// Business rules for observations (API.md §4.8): the acting professional P authors them,
// private observations are visible only to health professionals, only the author edits or
// removes, summaries and lists apply the privacy rule.
#pragma once
#include <optional>
#include <string>

#include "core/validation.hpp"
#include "domain/observations/repository.hpp"
#include "domain/professionals/service.hpp"

namespace edu::observations {

struct CreateInput {
  std::string student_id;
  std::string observation_type;
  std::string context;
  std::string content;
  json::value behavioral_indicators;
  json::value socioemotional_indicators;
  std::int64_t severity_level = 1;
  bool requires_intervention = false;
  bool is_private = false;
  std::vector<std::string> tags;
  json::array attachments;
  Micros observed_at = 0;
};

struct UpdateInput {
  Field<std::string> observation_type, context, content;
  Field<json::object> behavioral_indicators, socioemotional_indicators;
  Field<std::int64_t> severity_level;
  Field<bool> requires_intervention, is_private;
  Field<std::vector<std::string>> tags;
  Field<json::array> attachments;
  Field<Micros> observed_at;
};

class Service {
 public:
  Service(db::Database& db, professionals::Service& pros, const security::FieldCipher& cipher)
      : db_(db), repo_(db, cipher), pros_(pros) {}

  // `actor` is the acting professional P (API.md §2.6).
  Observation create(const std::string& actor, const CreateInput& in);
  Observation get(const std::string& actor, const std::string& id);
  Observation update(const std::string& actor, const std::string& id, const UpdateInput& in);
  void remove(const std::string& actor, const std::string& id);
  std::pair<std::vector<Observation>, std::int64_t> list(const std::string& actor,
                                                         ListFilter f);
  json::object summary(const std::string& actor, const std::string& student_id);

 private:
  // Loads the observation and applies 404 then the privacy 403.
  Observation load_visible(const std::string& actor, const std::string& id);

  db::Database& db_;
  Repository repo_;
  professionals::Service& pros_;
};

}  // namespace edu::observations
