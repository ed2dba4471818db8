// Activity record (API.md §4.5). An activity belongs to the owner of its student (`owner_id`,
// denormalised from the student). Deletion is soft (`is_published = false`).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::activities {

struct Activity {
  std::string id;
  std::string student_id;
  std::string owner_id;
  std::optional<std::string> created_by_id;
  std::string title;
  std::string description;
  std::string activity_type = "cognitive";
  std::string difficulty = "easy";
  std::int64_t duration_minutes = 30;
  std::vector<std::string> objectives, materials, instructions, adaptations, visual_supports,
      success_criteria;
  std::optional<std::string> theme;
  std::vector<std::string> tags;
  bool generated_by_ai = false;
  json::value generation_metadata;  // object or null
  bool is_published = true;
  bool is_template = false;
  std::optional<std::string> subject, grade_level, pedagogical_type;
  std::vector<std::string> bncc_competencies;
  Micros created_at = 0;
  Micros updated_at = 0;
};

// ActivityResponse (full) and ActivityListResponse (compact, search routes).
json::object to_json(const Activity& a);
json::object to_list_json(const Activity& a);

// Optional nullable string: set + nullopt = clear.
struct NullableText {
  bool set = false;
  std::optional<std::string> value;
};

// Validated fields of a manual create or a partial update.
struct ActivityInput {
  std::optional<std::string> student_id;
  std::optional<std::string> title, description, activity_type, difficulty;
  std::optional<std::int64_t> duration_minutes;
  std::optional<std::vector<std::string>> objectives, materials, instructions, adaptations,
      visual_supports, success_criteria, tags, bncc_competencies;
  NullableText theme, subject, grade_level, pedagogical_type;
  std::optional<bool> is_published;
};

// Filters of the list and search routes.
struct ActivityFilter {
  std::optional<std::string> owner;  // nullopt = all owners (admin)
  std::optional<std::string> student_id, activity_type, difficulty, subject, grade_level,
      pedagogical_type, bncc_code;
  std::optional<bool> has_bncc;
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

}  // namespace edu::activities
