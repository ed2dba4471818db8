// Socio-emotional indicators (API.md §3.12, §4.10, §5.8): indicator types with display name and
// polarity, derived values (score_level, is_concerning) and the analytics formulas (trend,
// profile, period comparison). Everything here is pure so the formulas are unit-tested.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"

namespace edu::socioemotional {

enum class Polarity { Positive, Negative };

struct IndicatorTypeInfo {
  std::string_view value;
  std::string_view display;
  Polarity polarity;
};

std::span<const IndicatorTypeInfo> indicator_types();          // 12, declaration order
std::span<const std::string_view> indicator_type_values();
std::span<const std::string_view> measurement_context_values();  // 10
const IndicatorTypeInfo* find_type(std::string_view value);
// Types of negative polarity (higher score = worse).
std::vector<std::string_view> negative_types();

// ≤ 2 Muito Baixo, ≤ 4 Baixo, ≤ 6 Moderado, ≤ 8 Alto, else Muito Alto.
std::string_view score_level(std::int64_t score);
// Positive polarity: score ≤ 4; negative polarity: score ≥ 7.
bool is_concerning(std::string_view type, std::int64_t score);

struct Indicator {
  std::string id;
  std::string student_id;
  std::string professional_id;
  std::string indicator_type;
  std::string context;
  std::int64_t score = 0;
  std::optional<std::string> observations, specific_behaviors, environmental_factors, triggers,
      supports_used;
  Micros measured_at = 0;
  Micros created_at = 0;
  Micros updated_at = 0;
};

// IndicatorResponse, keys in contract order.
json::object to_json(const Indicator& i);

// Trend direction of scores ordered oldest first: compares the mean of the first ⌊n/2⌋ (m1)
// with the mean of the rest (m2): m2 > m1 + 1 improving, m2 < m1 − 1 declining, else stable.
std::string_view trend_direction(const std::vector<std::int64_t>& scores);

// IndicatorTrend over `measurements` of one type, ordered oldest first (non-empty).
json::object trend_json(std::string_view type, const std::vector<Indicator>& measurements);

// Orders measurements oldest first (measured_at, then id).
void sort_oldest_first(std::vector<Indicator>& v);

// The profile of §5.8 over all of a student's measurements (any order); `now` anchors the
// 90-day trends.
json::object profile_json(const std::string& student_id, const std::string& student_name,
                          std::vector<Indicator> all, Micros now);

struct Comparison {
  double period1_average = 0;
  double period2_average = 0;
  double change_percentage = 0;  // unrounded
  std::string_view change_direction;
  bool statistical_significance = false;
};
// Means of the two periods' scores (both non-empty); direction of the score, regardless of
// polarity: > 10 % improved, < −10 % declined, else stable; significant when |change| > 20 %.
Comparison compare_periods(const std::vector<std::int64_t>& period1,
                           const std::vector<std::int64_t>& period2);

// Messages of §4.10.
std::string not_found_message(std::string_view id);  // "Indicador <id> não encontrado"
std::string no_trend_data_message(std::string_view type, std::int64_t days);
inline constexpr const char* kInsufficientComparison =
    "Dados insuficientes para comparação entre períodos";
inline constexpr const char* kOnlyRecorderEdits =
    "Apenas o profissional que criou o indicador pode editá-lo";
inline constexpr const char* kOnlyRecorderRemoves =
    "Apenas o profissional que criou o indicador pode removê-lo";

inline constexpr Micros kMicrosPerDay = 86'400'000'000LL;

}  // namespace edu::socioemotional
