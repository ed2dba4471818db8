// Progress analysis (API.md §5.9, checklist AS-12/AS-13).
#include <gtest/gtest.h>

#include "domain/assessments/progress.hpp"

using namespace edu;
using namespace edu::assessments;

namespace {
Assessment make(const char* status, const char* engagement, const char* rating,
                std::optional<std::string> independence = std::nullopt, Micros at = 0) {
  static Micros t = 1'700'000'000'000'000;
  Assessment a;
  a.completion_status = status;
  a.engagement_level = engagement;
  a.difficulty_rating = rating;
  a.independence_level = std::move(independence);
  a.created_at = at ? at : (t += 1'000'000);
  return a;
}
}  // namespace

TEST(Progress, NoAssessments) {
  auto o = analyse_progress("sid", "Ana", {}, 0);
  EXPECT_EQ(o.at("status"), "insufficient_data");
  EXPECT_EQ(o.at("message"), "Não há avaliações suficientes para análise");
  EXPECT_EQ(o.at("total_assessments"), 0);
  EXPECT_TRUE(o.at("completion_rate").is_null());
  EXPECT_TRUE(o.at("trend_slope").is_null());
  EXPECT_EQ(o.at("engagement_trend"), "insufficient_data");
  EXPECT_TRUE(o.at("insights").as_array().empty());
  EXPECT_TRUE(o.at("difficulty_distribution").as_object().empty());
  EXPECT_EQ(o.at("method"), "rule_based");
}

TEST(Progress, ContractExampleImproving) {
  std::vector<Assessment> as{make("completed", "low", "appropriate"),
                             make("completed", "medium", "appropriate"),
                             make("completed", "high", "appropriate"),
                             make("completed", "very_high", "appropriate"),
                             make("completed", "very_high", "appropriate")};
  auto o = analyse_progress("sid", "Ana", as, 0);
  EXPECT_EQ(o.at("status"), "ok");
  EXPECT_TRUE(o.at("message").is_null());
  EXPECT_EQ(o.at("total_assessments"), 5);
  EXPECT_EQ(o.at("completed_count"), 5);
  EXPECT_DOUBLE_EQ(o.at("completion_rate").as_double(), 1.0);
  EXPECT_DOUBLE_EQ(o.at("success_rate").as_double(), 0.6);
  EXPECT_DOUBLE_EQ(o.at("avg_engagement").as_double(), 2.8);
  EXPECT_DOUBLE_EQ(o.at("trend_slope").as_double(), 0.8);
  EXPECT_EQ(o.at("engagement_trend"), "improving");
  EXPECT_EQ(to_json(o.at("insights")),
            R"(["Excelente taxa de conclusão de atividades", "Todas as atividades recentes foram concluídas"])");
  EXPECT_EQ(to_json(o.at("difficulty_distribution")), R"({"appropriate": 5})");
  EXPECT_EQ(o.at("first_assessment_at").as_string(), format_timestamp(as.front().created_at));
  EXPECT_EQ(o.at("last_assessment_at").as_string(), format_timestamp(as.back().created_at));
}

TEST(Progress, SingleAssessmentHasNoTrend) {
  auto o = analyse_progress("sid", "Ana", {make("in_progress", "medium", "too_hard", "Full")}, 0);
  EXPECT_TRUE(o.at("trend_slope").is_null());
  EXPECT_EQ(o.at("engagement_trend"), "insufficient_data");
  EXPECT_DOUBLE_EQ(o.at("avg_recent_independence").as_double(), 4.0);
  // completion 0 < 0.4; 1 of 1 inadequate > 0.4; no recent completed.
  EXPECT_EQ(to_json(o.at("insights")),
            R"(["Baixa taxa de conclusão - considere ajustar dificuldade", "Muitas atividades com dificuldade inadequada - revisar seleção", "Nenhuma atividade recente foi concluída - necessário suporte adicional"])");
}

TEST(Progress, DecliningStableAndDefaultInsight) {
  std::vector<Assessment> dec{make("completed", "very_high", "appropriate"),
                              make("in_progress", "high", "slightly_hard"),
                              make("completed", "low", "appropriate")};
  auto o = analyse_progress("sid", "Ana", dec, 0);
  EXPECT_EQ(o.at("engagement_trend"), "declining");
  EXPECT_DOUBLE_EQ(o.at("trend_slope").as_double(), -1.5);
  EXPECT_DOUBLE_EQ(o.at("completion_rate").as_double(), 0.6667);
  EXPECT_EQ(to_json(o.at("insights")), R"(["Progresso dentro do esperado"])");
  EXPECT_EQ(to_json(o.at("difficulty_distribution")), R"({"appropriate": 2, "slightly_hard": 1})");

  std::vector<Assessment> flat{make("completed", "medium", "appropriate", "partial"),
                               make("abandoned", "medium", "appropriate", "minimal")};
  auto s = analyse_progress("sid", "Ana", flat, 0);
  EXPECT_EQ(s.at("engagement_trend"), "stable");
  EXPECT_DOUBLE_EQ(s.at("trend_slope").as_double(), 0.0);
  EXPECT_DOUBLE_EQ(s.at("avg_recent_independence").as_double(), 2.5);
}

TEST(Progress, RecentWindowIsTheLastFive) {
  std::vector<Assessment> as;
  for (int i = 0; i < 3; ++i) as.push_back(make("abandoned", "none", "appropriate", "dependent"));
  for (int i = 0; i < 5; ++i) as.push_back(make("completed", "high", "appropriate", "full"));
  auto o = analyse_progress("sid", "Ana", as, 0);
  EXPECT_DOUBLE_EQ(o.at("avg_recent_independence").as_double(), 4.0);
  EXPECT_DOUBLE_EQ(o.at("completion_rate").as_double(), 0.625);
  EXPECT_EQ(to_json(o.at("insights")), R"(["Todas as atividades recentes foram concluídas"])");
}
