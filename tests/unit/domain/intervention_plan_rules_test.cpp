// needs_review (API.md §5.1), pending-review priority and ordering (§5.2, §4.9),
// days_remaining (§5.3) and the response shape of intervention plans.
#include <gtest/gtest.h>

#include "domain/intervention_plans/model.hpp"
#include "domain/intervention_plans/text.hpp"

using namespace edu;
using namespace edu::plans;

namespace {
const Date kToday{2025, 3, 15};
Date ago(int days) { return civil_from_days(to_days(kToday) - days); }
}  // namespace

TEST(NeedsReview, ContractExamples) {
  EXPECT_FALSE(needs_review("active", ago(1), "weekly", kToday));
  EXPECT_TRUE(needs_review("active", ago(8), "weekly", kToday));
  EXPECT_TRUE(needs_review("active", ago(1), "daily", kToday));
  EXPECT_FALSE(needs_review("active", ago(20), "monthly", kToday));
  EXPECT_TRUE(needs_review("active", ago(100), "quarterly", kToday));
  EXPECT_FALSE(needs_review("completed", std::nullopt, "weekly", kToday));
  EXPECT_TRUE(needs_review("active", std::nullopt, "weekly", kToday));
}

TEST(NeedsReview, ExactlyAtThresholdIsTrueAndOneBeforeIsFalseForEveryFrequency) {
  for (auto f : kFrequencies) {
    int t = review_threshold_days(f);
    EXPECT_TRUE(needs_review("active", ago(t), f, kToday)) << f;
    EXPECT_FALSE(needs_review("active", ago(t - 1), f, kToday)) << f;
  }
}

TEST(NeedsReview, OnlyActivePlansNeedReview) {
  for (auto s : kStatuses) {
    bool expected = s == "active";
    EXPECT_EQ(needs_review(s, std::nullopt, "weekly", kToday), expected) << s;
    EXPECT_EQ(needs_review(s, ago(30), "weekly", kToday), expected) << s;
  }
}

TEST(ReviewThresholds, MatchTheContract) {
  EXPECT_EQ(review_threshold_days("daily"), 1);
  EXPECT_EQ(review_threshold_days("weekly"), 7);
  EXPECT_EQ(review_threshold_days("biweekly"), 14);
  EXPECT_EQ(review_threshold_days("monthly"), 30);
  EXPECT_EQ(review_threshold_days("quarterly"), 90);
}

TEST(Priority, WorkedExample) {
  EXPECT_EQ(review_priority(std::nullopt, "weekly", kToday), "high");
  EXPECT_EQ(review_priority(ago(15), "weekly", kToday), "high");
  EXPECT_EQ(review_priority(ago(14), "weekly", kToday), "high");
  EXPECT_EQ(review_priority(ago(13), "weekly", kToday), "medium");
  EXPECT_EQ(review_priority(ago(8), "weekly", kToday), "medium");
  EXPECT_EQ(review_priority(ago(7), "weekly", kToday), "medium");
  EXPECT_EQ(review_priority(ago(3), "weekly", kToday), "low");
  EXPECT_EQ(review_priority(ago(60), "monthly", kToday), "high");
  EXPECT_EQ(review_priority(ago(59), "monthly", kToday), "medium");
}

TEST(Priority, SortingIsPriorityThenDaysWithNeverReviewedFirstThenId) {
  auto item = [](const char* id, const char* prio, std::optional<std::int64_t> days) {
    PendingItem it;
    it.plan.id = id;
    it.priority = prio;
    it.days_since = days;
    return it;
  };
  std::vector<PendingItem> v = {item("a", "medium", 8),        item("b", "high", 15),
                                item("c", "low", 2),           item("d", "high", std::nullopt),
                                item("e", "medium", 10),       item("f", "high", 15),
                                item("g", "high", std::nullopt)};
  sort_pending(v);
  std::vector<std::string> ids;
  for (auto& i : v) ids.push_back(i.plan.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"d", "g", "b", "f", "e", "a", "c"}));
}

TEST(DaysRemaining, NeverNegative) {
  EXPECT_EQ(days_remaining(civil_from_days(to_days(kToday) + 90), kToday), 90);
  EXPECT_EQ(days_remaining(kToday, kToday), 0);
  EXPECT_EQ(days_remaining(ago(1), kToday), 0);
}

TEST(PlanResponse, KeyOrderAndDerivedValues) {
  Plan p;
  p.id = "id1";
  p.status = "active";
  p.start_date = ago(10);
  p.end_date = civil_from_days(to_days(kToday) + 5);
  p.last_reviewed_at = ago(2);
  p.created_at = p.updated_at = "2025-03-01T00:00:00.000000Z";
  auto o = to_response(p, kToday);
  std::vector<std::string> keys;
  for (auto& kv : o) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "id", "student_id", "created_by_id", "title", "objective", "description",
                      "strategies", "target_behaviors", "success_criteria", "start_date",
                      "end_date", "review_frequency", "status", "progress_percentage",
                      "progress_notes", "required_materials", "resources",
                      "professionals_involved_ids", "created_at", "updated_at",
                      "last_reviewed_at", "is_active", "days_remaining", "needs_review"}));
  EXPECT_EQ(o.at("last_reviewed_at").as_string(), "2025-03-13T00:00:00.000000Z");
  EXPECT_EQ(o.at("days_remaining").as_int64(), 5);
  EXPECT_TRUE(o.at("is_active").as_bool());
  EXPECT_FALSE(o.at("needs_review").as_bool());
  EXPECT_TRUE(o.at("progress_notes").is_array());
}

TEST(PlanInvolvement, CreatorOrInvolved) {
  Plan p;
  p.created_by_id = "c";
  p.professionals_involved_ids = {"x"};
  EXPECT_TRUE(p.involves("c"));
  EXPECT_TRUE(p.involves("x"));
  EXPECT_FALSE(p.involves("y"));
}

TEST(StatusLabels, Portuguese) {
  EXPECT_EQ(status_label("draft"), "Rascunho");
  EXPECT_EQ(status_label("active"), "Ativo");
  EXPECT_EQ(status_label("paused"), "Pausado");
  EXPECT_EQ(status_label("completed"), "Concluído");
  EXPECT_EQ(status_label("cancelled"), "Cancelado");
  EXPECT_TRUE(is_status("paused"));
  EXPECT_FALSE(is_status("PlanStatus.DRAFT"));
}

TEST(LowerUtf8, FoldsAccentedCapitals) {
  EXPECT_EQ(lower_utf8("PLANO DE INTERVENÇÃO Ágil"), "plano de intervenção ágil");
  EXPECT_EQ(lower_utf8("ÉÊÍÓÔÕÚÜÇ"), "éêíóôõúüç");
  EXPECT_EQ(lower_utf8("ŁÓDŹ ΑΒΓ ДЖ"), "łódź αβγ дж");
  EXPECT_EQ(lower_utf8("already lower ç"), "already lower ç");
  EXPECT_EQ(lower_utf8(std::string("bad\xC3", 4)), std::string("bad\xC3", 4));
}
