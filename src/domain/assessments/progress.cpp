// Progress analysis (API.md §5.9).
#include "domain/assessments/progress.hpp"

#include <map>

#include "domain/teaching/enums.hpp"

namespace edu::assessments {

json::object analyse_progress(const std::string& student_id, const std::string& student_name,
                              const std::vector<Assessment>& as, Micros generated_at) {
  json::object o;
  o["student_id"] = student_id;
  o["student_name"] = student_name;
  const std::size_t n = as.size();
  if (n == 0) {
    o["status"] = "insufficient_data";
    o["message"] = "Não há avaliações suficientes para análise";
    o["total_assessments"] = 0;
    o["completed_count"] = 0;
    o["completion_rate"] = nullptr;
    o["success_rate"] = nullptr;
    o["avg_engagement"] = nullptr;
    o["engagement_trend"] = "insufficient_data";
    o["trend_slope"] = nullptr;
    o["avg_recent_independence"] = nullptr;
    o["difficulty_distribution"] = json::object{};
    o["insights"] = json::array{};
    o["first_assessment_at"] = nullptr;
    o["last_assessment_at"] = nullptr;
    o["method"] = "rule_based";
    o["generated_at"] = format_timestamp(generated_at);
    return o;
  }

  std::size_t completed = 0, successful = 0, inadequate = 0;
  std::vector<double> scores;
  scores.reserve(n);
  std::map<std::string, std::int64_t> dist;
  for (const auto& a : as) {
    bool done = a.completion_status == "completed";
    int e = std::max(0, teaching::engagement_score(a.engagement_level));
    if (done) ++completed;
    if (done && (a.engagement_level == "high" || a.engagement_level == "very_high")) ++successful;
    if (a.difficulty_rating == "too_easy" || a.difficulty_rating == "too_hard") ++inadequate;
    scores.push_back(e);
    dist[a.difficulty_rating]++;
  }
  const double total = static_cast<double>(n);
  double completion_rate = completed / total;
  double success_rate = successful / total;
  double mean = 0;
  for (double s : scores) mean += s;
  mean /= total;

  json::value slope_json = nullptr;
  std::string trend = "insufficient_data";
  if (n >= 2) {
    double xm = (total - 1) / 2.0, num = 0, den = 0;
    for (std::size_t i = 0; i < n; ++i) {
      num += (static_cast<double>(i) - xm) * (scores[i] - mean);
      den += (static_cast<double>(i) - xm) * (static_cast<double>(i) - xm);
    }
    double slope = num / den;
    slope_json = round_to(slope, 4);
    trend = slope > 0.1 ? "improving" : slope < -0.1 ? "declining" : "stable";
  }

  std::size_t recent = std::min<std::size_t>(5, n);
  double indep = 0;
  std::size_t recent_completed = 0;
  for (std::size_t i = n - recent; i < n; ++i) {
    indep += teaching::independence_score(as[i].independence_level.value_or(""));
    if (as[i].completion_status == "completed") ++recent_completed;
  }
  indep /= static_cast<double>(recent);

  json::array insights;
  if (completion_rate > 0.8)
    insights.emplace_back("Excelente taxa de conclusão de atividades");
  else if (completion_rate < 0.4)
    insights.emplace_back("Baixa taxa de conclusão - considere ajustar dificuldade");
  if (static_cast<double>(inadequate) > 0.4 * total)
    insights.emplace_back("Muitas atividades com dificuldade inadequada - revisar seleção");
  if (recent_completed == recent)
    insights.emplace_back("Todas as atividades recentes foram concluídas");
  else if (recent_completed == 0)
    insights.emplace_back("Nenhuma atividade recente foi concluída - necessário suporte adicional");
  if (insights.empty()) insights.emplace_back("Progresso dentro do esperado");

  // Ratings present, in enum order (deterministic key order).
  json::object distribution;
  for (auto r : teaching::kDifficultyRatingValues) {
    auto it = dist.find(std::string(r));
    if (it != dist.end()) distribution[r] = it->second;
  }
  for (const auto& [k, v] : dist)
    if (!distribution.contains(k)) distribution[k] = v;

  o["status"] = "ok";
  o["message"] = nullptr;
  o["total_assessments"] = static_cast<std::int64_t>(n);
  o["completed_count"] = static_cast<std::int64_t>(completed);
  o["completion_rate"] = round_to(completion_rate, 4);
  o["success_rate"] = round_to(success_rate, 4);
  o["avg_engagement"] = round_to(mean, 2);
  o["engagement_trend"] = trend;
  o["trend_slope"] = slope_json;
  o["avg_recent_independence"] = round_to(indep, 2);
  o["difficulty_distribution"] = distribution;
  o["insights"] = insights;
  o["first_assessment_at"] = format_timestamp(as.front().created_at);
  o["last_assessment_at"] = format_timestamp(as.back().created_at);
  o["method"] = "rule_based";
  o["generated_at"] = format_timestamp(generated_at);
  return o;
}

}  // namespace edu::assessments
