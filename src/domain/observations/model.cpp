// Observation enums, serialisation and summary (API.md §4.8).
#include "domain/observations/model.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace edu::observations {
namespace {

constexpr std::array<std::string_view, 9> kTypes{"behavioral", "academic",      "social",
                                                 "emotional",  "sensory",       "communication",
                                                 "motor",      "clinical",      "general"};
constexpr std::array<std::string_view, 10> kContexts{
    "classroom", "recess",         "pe_class",            "therapy", "lunch",
    "transition", "group_activity", "individual_activity", "home",    "other"};

}  // namespace

std::span<const std::string_view> type_values() { return kTypes; }
std::span<const std::string_view> context_values() { return kContexts; }

bool Observation::is_accessible_by_education_only() const {
  return !is_private && (observation_type == "academic" || observation_type == "behavioral" ||
                         observation_type == "general");
}

std::string not_found_message(std::string_view id) {
  return "Observação " + std::string(id) + " não encontrada";
}

json::object to_json(const Observation& o) {
  json::object j;
  j["id"] = o.id;
  j["student_id"] = o.student_id;
  j["professional_id"] = o.professional_id;
  j["observation_type"] = o.observation_type;
  j["context"] = o.context;
  j["content"] = o.content;
  j["behavioral_indicators"] = o.behavioral_indicators;
  j["socioemotional_indicators"] = o.socioemotional_indicators;
  j["severity_level"] = o.severity_level;
  j["requires_intervention"] = o.requires_intervention;
  j["is_private"] = o.is_private;
  j["tags"] = to_json_array(o.tags);
  j["attachments"] = o.attachments;
  j["observed_at"] = format_timestamp(o.observed_at);
  j["created_at"] = format_timestamp(o.created_at);
  j["updated_at"] = format_timestamp(o.updated_at);
  j["requires_immediate_attention"] = o.requires_immediate_attention();
  j["is_accessible_by_education_only"] = o.is_accessible_by_education_only();
  return j;
}

json::object summarize(const std::string& student_id, const std::vector<Observation>& visible) {
  std::map<std::string, std::int64_t> by_type, by_context, by_tag;
  std::array<std::int64_t, 6> by_severity{};
  std::int64_t intervention = 0;
  for (const auto& o : visible) {
    ++by_type[o.observation_type];
    ++by_context[o.context];
    if (o.severity_level >= 1 && o.severity_level <= 5) ++by_severity[o.severity_level];
    if (o.requires_intervention) ++intervention;
    for (const auto& t : o.tags) ++by_tag[t];
  }

  json::object types;
  for (auto t : kTypes)
    if (auto it = by_type.find(std::string(t)); it != by_type.end()) types[t] = it->second;
  json::object severities;
  for (int s = 1; s <= 5; ++s)
    if (by_severity[s] > 0) severities[std::to_string(s)] = by_severity[s];

  // Contexts: count descending, ties in enum order (stable sort over enum order).
  std::vector<std::pair<std::string_view, std::int64_t>> contexts;
  for (auto c : kContexts)
    if (auto it = by_context.find(std::string(c)); it != by_context.end())
      contexts.emplace_back(c, it->second);
  std::stable_sort(contexts.begin(), contexts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  json::array top_contexts;
  for (std::size_t i = 0; i < contexts.size() && i < 5; ++i)
    top_contexts.push_back(json::object{{"context", contexts[i].first}, {"count", contexts[i].second}});

  // Tags: count descending, ties by tag ascending (std::map iterates in ascending order).
  std::vector<std::pair<std::string, std::int64_t>> tags(by_tag.begin(), by_tag.end());
  std::stable_sort(tags.begin(), tags.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  json::array top_tags;
  for (std::size_t i = 0; i < tags.size() && i < 10; ++i)
    top_tags.push_back(json::object{{"tag", tags[i].first}, {"count", tags[i].second}});

  json::array recent;
  for (std::size_t i = 0; i < visible.size() && i < 10; ++i) recent.push_back(to_json(visible[i]));

  json::object s;
  s["student_id"] = student_id;
  s["total_observations"] = static_cast<std::int64_t>(visible.size());
  s["by_type"] = std::move(types);
  s["by_severity"] = std::move(severities);
  s["requires_intervention_count"] = intervention;
  s["most_common_contexts"] = std::move(top_contexts);
  s["most_common_tags"] = std::move(top_tags);
  s["recent_observations"] = std::move(recent);
  return s;
}

}  // namespace edu::observations
