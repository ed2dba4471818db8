// Socio-emotional enums, derived values and analytics (API.md §3.12, §5.8).
#include "domain/socioemotional/model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace edu::socioemotional {
namespace {

constexpr std::array<IndicatorTypeInfo, 12> kTypes{{
    {"emotional_regulation", "Regulação Emocional", Polarity::Positive},
    {"social_interaction", "Interação Social", Polarity::Positive},
    {"communication_skills", "Habilidades Comunicativas", Polarity::Positive},
    {"adaptive_behavior", "Comportamento Adaptativo", Polarity::Positive},
    {"sensory_processing", "Processamento Sensorial", Polarity::Negative},
    {"attention_focus", "Atenção e Foco", Polarity::Positive},
    {"anxiety_level", "Nível de Ansiedade", Polarity::Negative},
    {"frustration_tolerance", "Tolerância à Frustração", Polarity::Positive},
    {"self_regulation", "Autorregulação", Polarity::Positive},
    {"peer_relationship", "Relacionamento com Pares", Polarity::Positive},
    {"executive_function", "Função Executiva", Polarity::Negative},
    {"flexibility", "Flexibilidade", Polarity::Positive},
}};

constexpr std::array<std::string_view, 12> kTypeValues = [] {
  std::array<std::string_view, 12> v{};
  for (std::size_t i = 0; i < kTypes.size(); ++i) v[i] = kTypes[i].value;
  return v;
}();

constexpr std::array<std::string_view, 10> kContexts{
    "classroom",           "recess",     "therapy_session", "group_activity",
    "individual_activity", "transition", "structured_task", "unstructured_time",
    "home",                "other"};

json::value opt_json(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

double mean(const std::vector<std::int64_t>& v, std::size_t from, std::size_t to) {
  double sum = 0;
  for (std::size_t i = from; i < to; ++i) sum += static_cast<double>(v[i]);
  return to > from ? sum / static_cast<double>(to - from) : 0.0;
}

std::string_view display_of(std::string_view type) {
  const auto* t = find_type(type);
  return t ? t->display : type;
}

}  // namespace

std::span<const IndicatorTypeInfo> indicator_types() { return kTypes; }
std::span<const std::string_view> indicator_type_values() { return kTypeValues; }
std::span<const std::string_view> measurement_context_values() { return kContexts; }

const IndicatorTypeInfo* find_type(std::string_view value) {
  for (const auto& t : kTypes)
    if (t.value == value) return &t;
  return nullptr;
}

std::vector<std::string_view> negative_types() {
  std::vector<std::string_view> out;
  for (const auto& t : kTypes)
    if (t.polarity == Polarity::Negative) out.push_back(t.value);
  return out;
}

std::string_view score_level(std::int64_t score) {
  if (score <= 2) return "Muito Baixo";
  if (score <= 4) return "Baixo";
  if (score <= 6) return "Moderado";
  if (score <= 8) return "Alto";
  return "Muito Alto";
}

bool is_concerning(std::string_view type, std::int64_t score) {
  const auto* t = find_type(type);
  if (t && t->polarity == Polarity::Negative) return score >= 7;
  return score <= 4;
}

json::object to_json(const Indicator& i) {
  json::object o;
  o["id"] = i.id;
  o["student_id"] = i.student_id;
  o["professional_id"] = i.professional_id;
  o["indicator_type"] = i.indicator_type;
  o["context"] = i.context;
  o["score"] = i.score;
  o["observations"] = opt_json(i.observations);
  o["specific_behaviors"] = opt_json(i.specific_behaviors);
  o["environmental_factors"] = opt_json(i.environmental_factors);
  o["triggers"] = opt_json(i.triggers);
  o["supports_used"] = opt_json(i.supports_used);
  o["measured_at"] = format_timestamp(i.measured_at);
  o["created_at"] = format_timestamp(i.created_at);
  o["updated_at"] = format_timestamp(i.updated_at);
  o["score_level"] = score_level(i.score);
  o["is_concerning"] = is_concerning(i.indicator_type, i.score);
  o["indicator_display_name"] = display_of(i.indicator_type);
  return o;
}

std::string_view trend_direction(const std::vector<std::int64_t>& scores) {
  const std::size_t n = scores.size();
  if (n < 2) return "stable";
  const std::size_t half = n / 2;
  const double m1 = mean(scores, 0, half);
  const double m2 = mean(scores, half, n);
  if (m2 > m1 + 1) return "improving";
  if (m2 < m1 - 1) return "declining";
  return "stable";
}

void sort_oldest_first(std::vector<Indicator>& v) {
  std::sort(v.begin(), v.end(), [](const Indicator& a, const Indicator& b) {
    return a.measured_at != b.measured_at ? a.measured_at < b.measured_at : a.id < b.id;
  });
}

json::object trend_json(std::string_view type, const std::vector<Indicator>& measurements) {
  std::vector<std::int64_t> scores;
  json::array points;
  for (const auto& m : measurements) {
    scores.push_back(m.score);
    points.push_back(json::object{{"date", format_timestamp(m.measured_at)},
                                  {"score", m.score},
                                  {"context", m.context}});
  }
  json::object o;
  o["indicator_type"] = type;
  o["indicator_display_name"] = display_of(type);
  o["measurements"] = std::move(points);
  o["average_score"] = round_to(mean(scores, 0, scores.size()), 2);
  o["trend_direction"] = trend_direction(scores);
  o["latest_score"] = scores.empty() ? json::value(nullptr) : json::value(scores.back());
  o["earliest_score"] = scores.empty() ? json::value(nullptr) : json::value(scores.front());
  o["measurement_count"] = static_cast<std::int64_t>(scores.size());
  return o;
}

json::object profile_json(const std::string& student_id, const std::string& student_name,
                          std::vector<Indicator> all, Micros now) {
  sort_oldest_first(all);
  std::map<std::string, std::vector<const Indicator*>> by_type;  // oldest first per type
  for (const auto& m : all) by_type[m.indicator_type].push_back(&m);

  json::object summary;
  json::array concerning, strengths, development, trends;
  const Micros window_start = now - 90 * kMicrosPerDay;
  for (const auto& t : kTypes) {
    auto it = by_type.find(std::string(t.value));
    if (it == by_type.end()) continue;
    const auto& ms = it->second;
    std::vector<std::int64_t> scores;
    bool any_concerning = false;
    std::vector<Indicator> recent;
    for (const auto* m : ms) {
      scores.push_back(m->score);
      any_concerning = any_concerning || is_concerning(t.value, m->score);
      if (m->measured_at >= window_start) recent.push_back(*m);
    }
    const double avg = mean(scores, 0, scores.size());
    const Indicator& latest = *ms.back();
    summary[t.value] = json::object{{"count", static_cast<std::int64_t>(ms.size())},
                                    {"average_score", round_to(avg, 2)},
                                    {"latest_score", latest.score},
                                    {"is_concerning", is_concerning(t.value, latest.score)}};
    if (any_concerning) concerning.emplace_back(t.display);
    const bool positive = t.polarity == Polarity::Positive;
    if (positive ? avg >= 7 : avg <= 4) strengths.emplace_back(t.display);
    if (positive ? avg <= 4 : avg >= 7) development.emplace_back(t.display);
    if (!recent.empty()) trends.push_back(trend_json(t.value, recent));
  }

  json::object o;
  o["student_id"] = student_id;
  o["student_name"] = student_name;
  o["total_measurements"] = static_cast<std::int64_t>(all.size());
  o["last_measured_at"] =
      all.empty() ? json::value(nullptr) : json::value(format_timestamp(all.back().measured_at));
  o["indicators_summary"] = std::move(summary);
  o["concerning_indicators"] = std::move(concerning);
  o["strengths"] = std::move(strengths);
  o["areas_for_development"] = std::move(development);
  o["trends"] = std::move(trends);
  return o;
}

Comparison compare_periods(const std::vector<std::int64_t>& period1,
                           const std::vector<std::int64_t>& period2) {
  Comparison c;
  c.period1_average = mean(period1, 0, period1.size());
  c.period2_average = mean(period2, 0, period2.size());
  c.change_percentage = c.period1_average != 0
                            ? (c.period2_average - c.period1_average) / c.period1_average * 100.0
                            : 0.0;
  c.change_direction = c.change_percentage > 10    ? "improved"
                       : c.change_percentage < -10 ? "declined"
                                                   : "stable";
  c.statistical_significance = std::abs(c.change_percentage) > 20;
  return c;
}

std::string not_found_message(std::string_view id) {
  return "Indicador " + std::string(id) + " não encontrado";
}

std::string no_trend_data_message(std::string_view type, std::int64_t days) {
  return "Nenhuma medição encontrada para " + std::string(type) + " nos últimos " +
         std::to_string(days) + " dias";
}

}  // namespace edu::socioemotional
