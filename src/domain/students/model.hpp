// Student record (API.md §4.4). Students belong to a user (`teacher_id`); `age` is derived
// from `date_of_birth` when a response is produced, never stored.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::students {

struct Student {
  std::string id;
  std::string teacher_id;
  std::string name;
  Date date_of_birth;
  std::string diagnosis;
  std::optional<std::string> tea_level;
  std::vector<std::string> interests;
  json::value learning_profile;  // object or null
  bool is_active = true;
  Micros created_at = 0;
  Micros updated_at = 0;
};

// StudentResponse, keys in contract order; `age` relative to `today` (UTC).
json::object to_json(const Student& s, const Date& today);

// Fields of a create or partial update, already validated.
struct StudentInput {
  std::optional<std::string> name;
  std::optional<Date> date_of_birth;
  std::optional<std::string> diagnosis;
  bool tea_level_set = false;
  std::optional<std::string> tea_level;  // set + nullopt = clear
  std::optional<std::vector<std::string>> interests;
  bool learning_profile_set = false;
  json::value learning_profile;  // set + null = clear
  std::optional<bool> is_active;
};

}  // namespace edu::students
