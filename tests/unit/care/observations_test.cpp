// Observation derived flags and the per-student summary (API.md §4.8).
#include <gtest/gtest.h>

#include "domain/observations/model.hpp"

using namespace edu;
using namespace edu::observations;

namespace {
Observation obs(std::string id, std::string type, std::string context, std::int64_t severity,
                bool intervention, std::vector<std::string> tags, Micros at) {
  Observation o;
  o.id = std::move(id);
  o.student_id = "s";
  o.professional_id = "p";
  o.observation_type = std::move(type);
  o.context = std::move(context);
  o.content = "conteúdo suficiente";
  o.severity_level = severity;
  o.requires_intervention = intervention;
  o.tags = std::move(tags);
  o.observed_at = at;
  return o;
}
}  // namespace

TEST(Observations, Enums) {
  ASSERT_EQ(type_values().size(), 9u);
  ASSERT_EQ(context_values().size(), 10u);
  EXPECT_EQ(type_values()[0], "behavioral");
  EXPECT_EQ(context_values()[2], "pe_class");
}

TEST(Observations, DerivedFlags) {
  auto o = obs("1", "behavioral", "classroom", 4, false, {}, 0);
  EXPECT_TRUE(o.requires_immediate_attention());
  EXPECT_TRUE(o.is_accessible_by_education_only());
  o.severity_level = 3;
  EXPECT_FALSE(o.requires_immediate_attention());
  o.requires_intervention = true;
  EXPECT_TRUE(o.requires_immediate_attention());
  o.is_private = true;
  EXPECT_FALSE(o.is_accessible_by_education_only());
  o.is_private = false;
  o.observation_type = "clinical";
  EXPECT_FALSE(o.is_accessible_by_education_only());
  o.observation_type = "general";
  EXPECT_TRUE(o.is_accessible_by_education_only());
  EXPECT_TRUE(visible_to(o, false));
  o.is_private = true;
  EXPECT_FALSE(visible_to(o, false));
  EXPECT_TRUE(visible_to(o, true));
}

TEST(Observations, ResponseKeys) {
  auto j = to_json(obs("1", "social", "recess", 1, false, {"a"}, 0));
  std::vector<std::string> keys;
  for (auto& kv : j) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "id", "student_id", "professional_id", "observation_type", "context",
                      "content", "behavioral_indicators", "socioemotional_indicators",
                      "severity_level", "requires_intervention", "is_private", "tags",
                      "attachments", "observed_at", "created_at", "updated_at",
                      "requires_immediate_attention", "is_accessible_by_education_only"}));
  EXPECT_TRUE(j["behavioral_indicators"].is_null());
  EXPECT_EQ(to_json(j["attachments"]), "[]");
}

TEST(Observations, SummaryCountsAndOrders) {
  std::vector<Observation> v;
  // newest first, as the repository returns them
  const char* contexts[] = {"home",  "recess",     "recess", "classroom", "lunch",
                            "other", "transition", "home",   "therapy",   "pe_class",
                            "lunch", "classroom"};
  for (int i = 0; i < 12; ++i)
    v.push_back(obs("id" + std::to_string(i), i % 3 == 0 ? "social" : "behavioral", contexts[i],
                    1 + i % 5, i % 4 == 0, {}, 1000 - i));
  v[0].tags = {"b", "a", "a"};
  v[1].tags = {"c", "b"};
  v[2].tags = {"a"};
  for (int i = 0; i < 11; ++i) v[3].tags.push_back("t" + std::to_string(i));
  auto s = summarize("s", v);
  EXPECT_EQ(s["total_observations"].as_int64(), 12);
  // by_type in enum order (behavioral before social); by_severity "1".."5" only when ≥ 1
  EXPECT_EQ(to_json(s["by_type"]), R"({"behavioral": 8, "social": 4})");
  EXPECT_EQ(to_json(s["by_severity"]), R"({"1": 3, "2": 3, "3": 2, "4": 2, "5": 2})");
  EXPECT_EQ(s["requires_intervention_count"].as_int64(), 3);  // i = 0, 4, 8
  // contexts: count desc, ties in enum order; top 5
  EXPECT_EQ(to_json(s["most_common_contexts"]),
            R"([{"context": "classroom", "count": 2}, {"context": "recess", "count": 2}, )"
            R"({"context": "lunch", "count": 2}, {"context": "home", "count": 2}, )"
            R"({"context": "pe_class", "count": 1}])");
  // tags: count desc, ties ascending; top 10 (a 3, b 2, then c and t0..t10 with 1 each)
  auto& tags = s["most_common_tags"].as_array();
  ASSERT_EQ(tags.size(), 10u);
  EXPECT_EQ(to_json(tags[0]), R"({"tag": "a", "count": 3})");
  EXPECT_EQ(to_json(tags[1]), R"({"tag": "b", "count": 2})");
  EXPECT_EQ(to_json(tags[2]), R"({"tag": "c", "count": 1})");
  EXPECT_EQ(to_json(tags[3]), R"({"tag": "t0", "count": 1})");
  EXPECT_EQ(to_json(tags[4]), R"({"tag": "t1", "count": 1})");
  EXPECT_EQ(to_json(tags[5]), R"({"tag": "t10", "count": 1})");
  // recent: first 10 in the given (newest first) order
  auto& recent = s["recent_observations"].as_array();
  ASSERT_EQ(recent.size(), 10u);
  EXPECT_EQ(recent[0].at("id").as_string(), "id0");
  EXPECT_EQ(recent[9].at("id").as_string(), "id9");
}

TEST(Observations, EmptySummary) {
  EXPECT_EQ(to_json(summarize("s", {})),
            R"({"student_id": "s", "total_observations": 0, "by_type": {}, "by_severity": {}, )"
            R"("requires_intervention_count": 0, "most_common_contexts": [], )"
            R"("most_common_tags": [], "recent_observations": []})");
}

TEST(Observations, Messages) {
  EXPECT_EQ(not_found_message("x"), "Observação x não encontrada");
}
