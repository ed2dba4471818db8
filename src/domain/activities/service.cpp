// Activity rules.
#include "domain/activities/service.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/ids.hpp"

namespace edu::activities {

json::object to_json(const Activity& a) {
  json::object o;
  o["id"] = a.id;
  o["created_at"] = format_timestamp(a.created_at);
  o["updated_at"] = format_timestamp(a.updated_at);
  o["title"] = a.title;
  o["description"] = a.description;
  o["activity_type"] = a.activity_type;
  o["difficulty"] = a.difficulty;
  o["duration_minutes"] = a.duration_minutes;
  o["objectives"] = to_json_array(a.objectives);
  o["materials"] = to_json_array(a.materials);
  o["instructions"] = to_json_array(a.instructions);
  o["adaptations"] = to_json_array(a.adaptations);
  o["visual_supports"] = to_json_array(a.visual_supports);
  o["success_criteria"] = to_json_array(a.success_criteria);
  o["theme"] = json_or_null(a.theme);
  o["tags"] = to_json_array(a.tags);
  o["generated_by_ai"] = a.generated_by_ai;
  o["generation_metadata"] = a.generation_metadata;
  o["is_published"] = a.is_published;
  o["is_template"] = a.is_template;
  o["student_id"] = a.student_id;
  o["created_by_id"] = json_or_null(a.created_by_id);
  o["subject"] = json_or_null(a.subject);
  o["grade_level"] = json_or_null(a.grade_level);
  o["pedagogical_type"] = json_or_null(a.pedagogical_type);
  o["bncc_competencies"] = to_json_array(a.bncc_competencies);
  return o;
}

json::object to_list_json(const Activity& a) {
  json::object o;
  o["id"] = a.id;
  o["created_at"] = format_timestamp(a.created_at);
  o["updated_at"] = format_timestamp(a.updated_at);
  o["title"] = a.title;
  o["activity_type"] = a.activity_type;
  o["difficulty"] = a.difficulty;
  o["duration_minutes"] = a.duration_minutes;
  o["theme"] = json_or_null(a.theme);
  o["generated_by_ai"] = a.generated_by_ai;
  o["student_id"] = a.student_id;
  o["subject"] = json_or_null(a.subject);
  o["grade_level"] = json_or_null(a.grade_level);
  o["pedagogical_type"] = json_or_null(a.pedagogical_type);
  o["bncc_competencies"] = to_json_array(a.bncc_competencies);
  return o;
}

Activity ActivityService::create(const teaching::Scope& who, const ActivityInput& in) {
  auto owner = students_.owner_of(in.student_id.value_or(""));
  if (!owner) throw not_found(kStudentMissing);
  if (!who.may_access(*owner)) throw forbidden(kNoCreatePermission);
  Activity a;
  a.id = new_uuid_v7();
  a.student_id = *in.student_id;
  a.owner_id = *owner;
  a.created_by_id = who.user_id;
  a.title = in.title.value_or("");
  a.description = in.description.value_or("");
  a.activity_type = in.activity_type.value_or("cognitive");
  a.difficulty = in.difficulty.value_or("easy");
  a.duration_minutes = in.duration_minutes.value_or(30);
  a.objectives = in.objectives.value_or(std::vector<std::string>{});
  a.materials = in.materials.value_or(std::vector<std::string>{});
  a.instructions = in.instructions.value_or(std::vector<std::string>{});
  a.adaptations = in.adaptations.value_or(std::vector<std::string>{});
  a.visual_supports = in.visual_supports.value_or(std::vector<std::string>{});
  a.success_criteria = in.success_criteria.value_or(std::vector<std::string>{});
  a.tags = in.tags.value_or(std::vector<std::string>{});
  a.theme = in.theme.value;
  a.subject = in.subject.value;
  a.grade_level = in.grade_level.value;
  a.pedagogical_type = in.pedagogical_type.value;
  a.bncc_competencies = in.bncc_competencies.value_or(std::vector<std::string>{});
  a.generated_by_ai = false;
  a.generation_metadata = nullptr;
  a.is_published = true;
  a.is_template = false;
  a.created_at = a.updated_at = next_unique_micros();
  repo_.insert(a);
  return a;
}

generation::GenerationRequest ActivityService::request_for(const teaching::Scope& who,
                                                           const GenerateInput& in,
                                                           std::string& owner_id) {
  auto student = students_.find(in.student_id);
  if (!student) throw not_found(kStudentMissing);
  if (!who.may_access(student->teacher_id)) throw forbidden(kNoCreatePermission);
  owner_id = student->teacher_id;
  generation::GenerationRequest r;
  r.activity_type = in.activity_type;
  r.difficulty = in.difficulty;
  r.duration_minutes = in.duration_minutes;
  r.theme = in.theme;
  r.subject = in.subject;
  r.grade_level = in.grade_level;
  r.pedagogical_type = in.pedagogical_type;
  r.bncc_codes = in.bncc_competencies;
  for (const auto& c : r.bncc_codes) r.bncc_descriptions.push_back(bncc_.skill_description(c).value_or(""));
  r.student.name = student->name;
  r.student.age = age_on(student->date_of_birth, today_utc());
  r.student.diagnosis = student->diagnosis;
  r.student.tea_level = student->tea_level;
  r.student.interests = student->interests;
  return r;
}

Activity ActivityService::store_generated(const teaching::Scope& who, const GenerateInput& in,
                                          const std::string& owner_id,
                                          const generation::GeneratedActivity& g,
                                          std::vector<std::string> tags) {
  Activity a;
  a.id = new_uuid_v7();
  a.student_id = in.student_id;
  a.owner_id = owner_id;
  a.created_by_id = who.user_id;
  a.title = g.title;
  a.description = g.description;
  a.activity_type = in.activity_type;
  a.difficulty = in.difficulty;
  a.duration_minutes = g.duration_minutes;
  a.objectives = g.objectives;
  a.materials = g.materials;
  a.instructions = g.instructions;
  a.adaptations = g.adaptations;
  a.visual_supports = g.visual_supports;
  a.success_criteria = g.success_criteria;
  a.theme = in.theme;
  a.tags = std::move(tags);
  a.generated_by_ai = true;
  a.generation_metadata = g.generation_metadata;
  a.is_published = true;
  a.is_template = false;
  a.subject = in.subject;
  a.grade_level = in.grade_level;
  a.pedagogical_type = in.pedagogical_type;
  a.bncc_competencies = in.bncc_competencies;
  a.created_at = a.updated_at = next_unique_micros();
  repo_.insert(a);
  return a;
}

Activity ActivityService::generate(const teaching::Scope& who, const GenerateInput& in) {
  std::string owner;
  auto req = request_for(who, in, owner);
  auto g = generation_.standard(req);
  return store_generated(who, in, owner, g, {in.activity_type, in.difficulty});
}

Activity ActivityService::generate_multidisciplinary(const teaching::Scope& who,
                                                     const GenerateInput& in) {
  if (!in.subject || !in.grade_level) throw bad_request(kMultidisciplinaryFields);
  std::string owner;
  auto req = request_for(who, in, owner);
  auto g = generation_.multidisciplinary(req);
  return store_generated(who, in, owner, g, {*in.subject, *in.grade_level});
}

std::vector<Activity> ActivityService::list(const teaching::Scope& who, ActivityFilter f) {
  f.owner = who.owner();
  return repo_.list(f);
}

Activity ActivityService::get(const teaching::Scope& who, const std::string& id) {
  auto a = repo_.find(id);
  if (!a) throw not_found(kActivityNotFound);
  if (!who.may_access(a->owner_id)) throw forbidden(kNoActivityPermission);
  return *a;
}

Activity ActivityService::update(const teaching::Scope& who, const std::string& id,
                                 const ActivityInput& in) {
  Activity a = get(who, id);
  if (in.title) a.title = *in.title;
  if (in.description) a.description = *in.description;
  if (in.activity_type) a.activity_type = *in.activity_type;
  if (in.difficulty) a.difficulty = *in.difficulty;
  if (in.duration_minutes) a.duration_minutes = *in.duration_minutes;
  if (in.objectives) a.objectives = *in.objectives;
  if (in.materials) a.materials = *in.materials;
  if (in.instructions) a.instructions = *in.instructions;
  if (in.adaptations) a.adaptations = *in.adaptations;
  if (in.visual_supports) a.visual_supports = *in.visual_supports;
  if (in.success_criteria) a.success_criteria = *in.success_criteria;
  if (in.tags) a.tags = *in.tags;
  if (in.bncc_competencies) a.bncc_competencies = *in.bncc_competencies;
  if (in.theme.set) a.theme = in.theme.value;
  if (in.subject.set) a.subject = in.subject.value;
  if (in.grade_level.set) a.grade_level = in.grade_level.value;
  if (in.pedagogical_type.set) a.pedagogical_type = in.pedagogical_type.value;
  if (in.is_published) a.is_published = *in.is_published;
  a.updated_at = std::max(now_micros(), a.updated_at + 1);
  repo_.update(a);
  return a;
}

void ActivityService::remove(const teaching::Scope& who, const std::string& id) {
  Activity a = get(who, id);
  // Soft delete, idempotent (API.md §5.4); assessments are kept.
  if (!a.is_published) return;
  a.is_published = false;
  a.updated_at = std::max(now_micros(), a.updated_at + 1);
  repo_.update(a);
}

}  // namespace edu::activities
