// Notification trigger texts and review-event selection (API.md §4.11.7).
#include <gtest/gtest.h>

#include "domain/notifications/model.hpp"

using namespace edu;
using namespace edu::notifications;

namespace {
const Date kToday{2025, 3, 15};
Date ago(int days) { return civil_from_days(to_days(kToday) - days); }
}  // namespace

TEST(ReviewEvent, NeverReviewedIsPending) {
  auto e = review_event("active", std::nullopt, "weekly", kToday, "Plano X", "João Silva");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, "review_overdue");
  EXPECT_EQ(e->priority, "high");
  EXPECT_EQ(e->title, "Revisão pendente");
  EXPECT_EQ(e->message, "O plano \"Plano X\" do aluno João Silva ainda não foi revisado.");
  EXPECT_EQ(e->expires_days, 7);
  EXPECT_EQ(e->dedup_hours, 24);
}

TEST(ReviewEvent, OverdueCriticalAndDueSoon) {
  auto crit = review_event("active", ago(20), "weekly", kToday, "t", "s");
  ASSERT_TRUE(crit);
  EXPECT_EQ(crit->type, "high_priority");
  EXPECT_EQ(crit->priority, "urgent");
  EXPECT_EQ(crit->title, "Plano de Alta Prioridade");
  EXPECT_EQ(crit->message, "Um plano de intervenção requer atenção imediata.");
  EXPECT_EQ(crit->expires_days, 3);

  auto over = review_event("active", ago(9), "weekly", kToday, "t", "s");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->type, "review_overdue");
  EXPECT_EQ(over->priority, "high");
  EXPECT_EQ(over->title, "Revisão Atrasada: 2 dias");
  EXPECT_EQ(over->message,
            "O plano de intervenção do aluno requer revisão urgente. Está 2 dias atrasado.");

  auto edge = review_event("active", ago(14), "weekly", kToday, "t", "s");
  ASSERT_TRUE(edge);
  EXPECT_EQ(edge->type, "high_priority");
  auto at = review_event("active", ago(7), "weekly", kToday, "t", "s");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->title, "Revisão Atrasada: 0 dias");

  auto soon = review_event("active", ago(5), "weekly", kToday, "t", "s");
  ASSERT_TRUE(soon);
  EXPECT_EQ(soon->type, "review_due_soon");
  EXPECT_EQ(soon->priority, "medium");
  EXPECT_EQ(soon->title, "Revisão em 2 dias");
  EXPECT_EQ(soon->message, "O plano de intervenção do aluno deve ser revisado em breve.");
  EXPECT_EQ(soon->dedup_hours, 48);
  EXPECT_EQ(review_event("active", ago(4), "weekly", kToday, "t", "s")->title, "Revisão em 3 dias");
  EXPECT_EQ(review_event("active", ago(6), "weekly", kToday, "t", "s")->title, "Revisão em 1 dias");
}

TEST(ReviewEvent, NothingWhenFarFromDueOrNotActive) {
  EXPECT_FALSE(review_event("active", ago(3), "weekly", kToday, "t", "s"));
  EXPECT_FALSE(review_event("active", ago(0), "monthly", kToday, "t", "s"));
  EXPECT_FALSE(review_event("draft", std::nullopt, "weekly", kToday, "t", "s"));
  EXPECT_FALSE(review_event("completed", ago(30), "weekly", kToday, "t", "s"));
  EXPECT_FALSE(review_event("paused", ago(5), "weekly", kToday, "t", "s"));
}

TEST(RequestEvents, TextsOfTheContract) {
  auto c = plan_created_event("Plano A", "João Silva");
  EXPECT_EQ(c.type, "plan_created");
  EXPECT_EQ(c.priority, "medium");
  EXPECT_EQ(c.title, "Novo plano de intervenção");
  EXPECT_EQ(c.message, "O plano \"Plano A\" foi criado para o aluno João Silva.");
  EXPECT_EQ(c.expires_days, 30);
  EXPECT_EQ(c.dedup_hours, 0);

  auto s = status_changed_event("Plano A", "draft", "active");
  EXPECT_EQ(s.type, "plan_updated");
  EXPECT_EQ(s.priority, "medium");
  EXPECT_EQ(s.title, "Status do plano alterado");
  EXPECT_EQ(s.message, "O plano \"Plano A\" passou de Rascunho para Ativo.");
  EXPECT_EQ(status_changed_event("P", "paused", "completed").message,
            "O plano \"P\" passou de Pausado para Concluído.");

  auto u = plan_updated_event("Plano A");
  EXPECT_EQ(u.priority, "low");
  EXPECT_EQ(u.title, "Plano atualizado");
  EXPECT_EQ(u.message, "O plano \"Plano A\" foi atualizado.");

  auto r = progress_recorded_event("Plano A");
  EXPECT_EQ(r.type, "plan_reviewed");
  EXPECT_EQ(r.priority, "low");
  EXPECT_EQ(r.title, "Plano revisado");
  EXPECT_EQ(r.message, "Uma nota de progresso foi registrada no plano \"Plano A\".");

  auto a = professional_added_event("Plano A", "Ana");
  EXPECT_EQ(a.type, "plan_updated");
  EXPECT_EQ(a.priority, "medium");
  EXPECT_EQ(a.title, "Você foi incluído em um plano");
  EXPECT_EQ(a.message, "Você foi incluído no plano \"Plano A\" do aluno Ana.");
}

TEST(NotificationResponse, ExpiryAndKeyOrder) {
  Notification n;
  n.id = "n1";
  n.user_id = "u1";
  n.type = "system";
  n.created_at = 1'000'000;
  n.expires_at = 2'000'000;
  auto o = to_response(n, 3'000'000);
  EXPECT_TRUE(o.at("is_expired").as_bool());
  EXPECT_FALSE(to_response(n, 2'000'000).at("is_expired").as_bool());
  std::vector<std::string> keys;
  for (auto& kv : o) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "user_id", "type", "priority", "title",
                                            "message", "intervention_plan_id", "action_url",
                                            "is_read", "read_at", "created_at", "expires_at",
                                            "is_expired"}));
  EXPECT_EQ(priority_rank("urgent"), 4);
  EXPECT_GT(priority_rank("high"), priority_rank("medium"));
  EXPECT_GT(priority_rank("medium"), priority_rank("low"));
}
