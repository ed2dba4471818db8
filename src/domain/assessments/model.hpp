// Assessment record (API.md §4.6): one teacher's evaluation of a student doing an activity.
// `owner_id` is the student's teacher (denormalised like activities).
#pragma once
#include <optional>
#include <string>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::assessments {

struct Assessment {
  std::string id;
  std::string activity_id;
  std::string student_id;
  std::string owner_id;
  std::optional<std::string> assessed_by_id;
  std::string completion_status;
  std::string engagement_level;
  std::string difficulty_rating;
  std::optional<std::int64_t> actual_duration_minutes;
  std::optional<std::string> notes, strengths_observed, challenges_observed, recommendations,
      modifications_made;
  json::value skills_demonstrated, behavioral_notes;  // object or null
  std::optional<std::string> independence_level, assistance_needed;
  json::value objectives_met;  // object of booleans or null
  Micros created_at = 0;
  Micros updated_at = 0;
};

json::object to_json(const Assessment& a);

template <class T>
struct Patch {
  bool set = false;
  T value{};
};

// Validated fields of a create or a partial update (`set` = key present; for nullable
// fields a present null clears).
struct AssessmentInput {
  std::string activity_id, student_id;  // create only
  Patch<std::string> completion_status, engagement_level, difficulty_rating;
  Patch<std::optional<std::int64_t>> actual_duration_minutes;
  Patch<std::optional<std::string>> notes, strengths_observed, challenges_observed,
      recommendations, modifications_made, independence_level, assistance_needed;
  Patch<json::value> skills_demonstrated, behavioral_notes, objectives_met;
};

}  // namespace edu::assessments
