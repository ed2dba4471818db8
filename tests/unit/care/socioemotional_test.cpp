// Socio-emotional formulas (API.md §3.12, §5.8) against hand-computed values.
#include <gtest/gtest.h>

#include "domain/socioemotional/model.hpp"
#include "domain/socioemotional/repository.hpp"

using namespace edu;
using namespace edu::socioemotional;

namespace {
constexpr Micros kNow = 1'750'000'000'000'000LL;  // 2025-06-15T15:06:40Z

Indicator m(std::string id, std::string type, std::int64_t score, Micros at,
            std::string context = "classroom") {
  Indicator i;
  i.id = std::move(id);
  i.student_id = "s";
  i.professional_id = "p";
  i.indicator_type = std::move(type);
  i.context = std::move(context);
  i.score = score;
  i.measured_at = at;
  return i;
}
}  // namespace

TEST(Socioemotional, CatalogueOrderDisplayAndPolarity) {
  ASSERT_EQ(indicator_types().size(), 12u);
  EXPECT_EQ(indicator_types()[0].value, "emotional_regulation");
  EXPECT_EQ(indicator_types()[11].value, "flexibility");
  EXPECT_EQ(find_type("attention_focus")->display, "Atenção e Foco");
  EXPECT_EQ(find_type("frustration_tolerance")->display, "Tolerância à Frustração");
  EXPECT_EQ(negative_types(), (std::vector<std::string_view>{"sensory_processing", "anxiety_level",
                                                             "executive_function"}));
  EXPECT_EQ(measurement_context_values().size(), 10u);
}

TEST(Socioemotional, ScoreLevelBoundaries) {  // SE-10
  EXPECT_EQ(score_level(1), "Muito Baixo");
  EXPECT_EQ(score_level(2), "Muito Baixo");
  EXPECT_EQ(score_level(3), "Baixo");
  EXPECT_EQ(score_level(4), "Baixo");
  EXPECT_EQ(score_level(5), "Moderado");
  EXPECT_EQ(score_level(6), "Moderado");
  EXPECT_EQ(score_level(7), "Alto");
  EXPECT_EQ(score_level(8), "Alto");
  EXPECT_EQ(score_level(9), "Muito Alto");
  EXPECT_EQ(score_level(10), "Muito Alto");
}

TEST(Socioemotional, IsConcerningFollowsPolarity) {  // SE-10
  EXPECT_TRUE(is_concerning("emotional_regulation", 4));
  EXPECT_FALSE(is_concerning("emotional_regulation", 5));
  EXPECT_TRUE(is_concerning("anxiety_level", 7));
  EXPECT_FALSE(is_concerning("anxiety_level", 6));
  EXPECT_TRUE(is_concerning("executive_function", 7));
  EXPECT_TRUE(is_concerning("sensory_processing", 10));
  EXPECT_FALSE(is_concerning("sensory_processing", 1));
  EXPECT_TRUE(is_concerning("flexibility", 1));
}

TEST(Socioemotional, ConcerningSqlMatchesPolarity) {
  EXPECT_EQ(concerning_condition(),
            "((indicator_type IN ('sensory_processing', 'anxiety_level', 'executive_function') "
            "AND score >= 7) OR (indicator_type NOT IN ('sensory_processing', 'anxiety_level', "
            "'executive_function') AND score <= 4))");
}

TEST(Socioemotional, TrendDirection) {
  EXPECT_EQ(trend_direction({5, 6, 7, 8, 9}), "improving");  // m1 5.5, m2 8
  EXPECT_EQ(trend_direction({9, 8, 7, 6, 5}), "declining");  // m1 8.5, m2 6
  EXPECT_EQ(trend_direction({7}), "stable");
  EXPECT_EQ(trend_direction({5, 6}), "stable");     // m2 = m1 + 1 exactly: not improving
  EXPECT_EQ(trend_direction({5, 7}), "improving");  // 7 > 6
  EXPECT_EQ(trend_direction({6, 5}), "stable");
  EXPECT_EQ(trend_direction({7, 5}), "declining");
  EXPECT_EQ(trend_direction({5, 5, 8}), "improving");  // m1 5, m2 6.5
  EXPECT_EQ(trend_direction({5, 6, 7}), "improving");  // m1 5, m2 6.5 > 6
  EXPECT_EQ(trend_direction({6, 6, 7}), "stable");     // m1 6, m2 6.5
}

TEST(Socioemotional, TrendJson) {  // SE-11
  std::vector<Indicator> v;
  for (int k = 0; k < 5; ++k)
    v.push_back(m("id" + std::to_string(k), "emotional_regulation", 5 + k,
                  kNow - (5 - k) * kMicrosPerDay));
  auto t = trend_json("emotional_regulation", v);
  EXPECT_EQ(to_json(t["average_score"]), "7.0");
  EXPECT_EQ(t["trend_direction"].as_string(), "improving");
  EXPECT_EQ(t["earliest_score"].as_int64(), 5);
  EXPECT_EQ(t["latest_score"].as_int64(), 9);
  EXPECT_EQ(t["measurement_count"].as_int64(), 5);
  EXPECT_EQ(t["indicator_display_name"].as_string(), "Regulação Emocional");
  EXPECT_EQ(to_json(t["measurements"].as_array()[0]),
            R"({"date": ")" + format_timestamp(kNow - 5 * kMicrosPerDay) +
                R"(", "score": 5, "context": "classroom"})");
  std::vector<std::string> keys;
  for (auto& kv : t) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"indicator_type", "indicator_display_name",
                                            "measurements", "average_score", "trend_direction",
                                            "latest_score", "earliest_score",
                                            "measurement_count"}));
  // Averages round to 2 decimals: (7 + 7 + 8) / 3 = 7.333…
  std::vector<Indicator> w{m("a", "flexibility", 7, 1), m("b", "flexibility", 7, 2),
                           m("c", "flexibility", 8, 3)};
  EXPECT_EQ(to_json(trend_json("flexibility", w)["average_score"]), "7.33");
}

TEST(Socioemotional, ProfileRules) {
  std::vector<Indicator> v{
      // emotional_regulation: 3 then 9 (latest by measured_at, inserted first) → avg 6
      m("e2", "emotional_regulation", 9, kNow - 1 * kMicrosPerDay),
      m("e1", "emotional_regulation", 3, kNow - 2 * kMicrosPerDay),
      // anxiety_level: avg 8 → area for development (negative polarity), concerning
      m("a1", "anxiety_level", 8, kNow - 3 * kMicrosPerDay),
      m("a2", "anxiety_level", 8, kNow - 200 * kMicrosPerDay),
      // sensory_processing: avg 3 → strength (negative polarity, ≤ 4); not concerning
      m("s1", "sensory_processing", 3, kNow - 100 * kMicrosPerDay),
      // social_interaction: avg 7.5 → strength; flexibility 4 → development + concerning
      m("i1", "social_interaction", 7, kNow - 4 * kMicrosPerDay),
      m("i2", "social_interaction", 8, kNow - 5 * kMicrosPerDay),
      m("f1", "flexibility", 4, kNow - 6 * kMicrosPerDay),
  };
  auto p = profile_json("s", "João Silva", v, kNow);
  EXPECT_EQ(p["student_name"].as_string(), "João Silva");
  EXPECT_EQ(p["total_measurements"].as_int64(), 8);
  EXPECT_EQ(p["last_measured_at"].as_string(), format_timestamp(kNow - kMicrosPerDay));
  auto& s = p["indicators_summary"].as_object();
  std::vector<std::string> keys;
  for (auto& kv : s) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"emotional_regulation", "social_interaction",
                                            "sensory_processing", "anxiety_level",
                                            "flexibility"}));
  EXPECT_EQ(to_json(s.at("emotional_regulation")),
            R"({"count": 2, "average_score": 6.0, "latest_score": 9, "is_concerning": false})");
  EXPECT_EQ(to_json(s.at("anxiety_level")),
            R"({"count": 2, "average_score": 8.0, "latest_score": 8, "is_concerning": true})");
  EXPECT_EQ(to_json(p["concerning_indicators"]),
            R"(["Regulação Emocional", "Nível de Ansiedade", "Flexibilidade"])");
  EXPECT_EQ(to_json(p["strengths"]), R"(["Interação Social", "Processamento Sensorial"])");
  EXPECT_EQ(to_json(p["areas_for_development"]), R"(["Nível de Ansiedade", "Flexibilidade"])");
  // 90-day trends: sensory_processing (100 days ago) has none; anxiety uses only its recent one.
  auto& trends = p["trends"].as_array();
  std::vector<std::string> types;
  for (auto& t : trends) types.emplace_back(t.at("indicator_type").as_string());
  EXPECT_EQ(types, (std::vector<std::string>{"emotional_regulation", "social_interaction",
                                             "anxiety_level", "flexibility"}));
  EXPECT_EQ(trends[2].at("measurement_count").as_int64(), 1);
  EXPECT_EQ(trends[0].at("earliest_score").as_int64(), 3);
  EXPECT_EQ(trends[0].at("trend_direction").as_string(), "improving");  // 3 → 9
}

TEST(Socioemotional, EmptyProfile) {
  auto p = profile_json("s", "Ana", {}, kNow);
  EXPECT_EQ(to_json(p),
            R"({"student_id": "s", "student_name": "Ana", "total_measurements": 0, )"
            R"("last_measured_at": null, "indicators_summary": {}, "concerning_indicators": [], )"
            R"("strengths": [], "areas_for_development": [], "trends": []})");
}

TEST(Socioemotional, PeriodComparison) {  // SE-14 and the thresholds
  auto c = compare_periods({5}, {7});
  EXPECT_DOUBLE_EQ(c.period1_average, 5.0);
  EXPECT_DOUBLE_EQ(c.period2_average, 7.0);
  EXPECT_DOUBLE_EQ(round_to(c.change_percentage, 2), 40.0);
  EXPECT_EQ(c.change_direction, "improved");
  EXPECT_TRUE(c.statistical_significance);

  c = compare_periods({10}, {9});  // −10 % exactly: stable, not significant
  EXPECT_EQ(c.change_direction, "stable");
  EXPECT_FALSE(c.statistical_significance);
  c = compare_periods({4, 6}, {4, 4});  // 5 → 4: −20 % → declined, |−20| not > 20
  EXPECT_EQ(c.change_direction, "declined");
  EXPECT_FALSE(c.statistical_significance);
  c = compare_periods({3}, {3, 4});  // 3 → 3.5: +16.67 %
  EXPECT_EQ(c.change_direction, "improved");
  EXPECT_DOUBLE_EQ(round_to(c.change_percentage, 2), 16.67);
  c = compare_periods({6, 7, 8}, {7, 7});  // 7 → 7: 0 %
  EXPECT_EQ(c.change_direction, "stable");
  // Direction follows the score, not the polarity (anxiety rising is still "improved").
  c = compare_periods({2}, {9});
  EXPECT_EQ(c.change_direction, "improved");
  EXPECT_TRUE(c.statistical_significance);
}

TEST(Socioemotional, Messages) {
  EXPECT_EQ(not_found_message("x"), "Indicador x não encontrado");
  EXPECT_EQ(no_trend_data_message("flexibility", 90),
            "Nenhuma medição encontrada para flexibility nos últimos 90 dias");
}
