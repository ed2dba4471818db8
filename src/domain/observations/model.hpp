// Observations of a student by a professional (API.md §3.10, §4.8): enums, the record, its
// derived flags, the privacy rule and the per-student summary.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::observations {

std::span<const std::string_view> type_values();     // ObservationType (9), declaration order
std::span<const std::string_view> context_values();  // ObservationContext (10)

struct Observation {
  std::string id;
  std::string student_id;
  std::string professional_id;
  std::string observation_type;
  std::string context;
  std::string content;
  json::value behavioral_indicators;      // object or null
  json::value socioemotional_indicators;  // object or null
  std::int64_t severity_level = 1;
  bool requires_intervention = false;
  bool is_private = false;
  std::vector<std::string> tags;
  json::array attachments;  // objects with string values
  Micros observed_at = 0;
  Micros created_at = 0;
  Micros updated_at = 0;

  bool requires_immediate_attention() const {
    return severity_level >= 4 || requires_intervention;
  }
  bool is_accessible_by_education_only() const;
};

// Private observations are visible only to health professionals.
inline bool visible_to(const Observation& o, bool viewer_is_health_professional) {
  return !o.is_private || viewer_is_health_professional;
}

// ObservationResponse, keys in contract order.
json::object to_json(const Observation& o);

// The summary of §4.8 over `visible` (already filtered by the privacy rule), which must be
// ordered newest `observed_at` first (ties: id ascending).
json::object summarize(const std::string& student_id, const std::vector<Observation>& visible);

inline constexpr const char* kPrivateDenied =
    "Acesso negado. Esta observação é privada e visível apenas para profissionais de saúde.";
inline constexpr const char* kOnlyAuthorEdits =
    "Apenas o profissional que criou a observação pode editá-la";
inline constexpr const char* kOnlyAuthorRemoves =
    "Apenas o profissional que criou a observação pode removê-la";
std::string not_found_message(std::string_view id);  // "Observação <id> não encontrada"

}  // namespace edu::observations
