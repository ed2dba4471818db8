// Assessment rules.
#include "domain/assessments/service.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "domain/assessments/progress.hpp"
#include "domain/students/service.hpp"

namespace edu::assessments {

json::object to_json(const Assessment& a) {
  json::object o;
  o["id"] = a.id;
  o["created_at"] = format_timestamp(a.created_at);
  o["updated_at"] = format_timestamp(a.updated_at);
  o["activity_id"] = a.activity_id;
  o["student_id"] = a.student_id;
  o["assessed_by_id"] = json_or_null(a.assessed_by_id);
  o["completion_status"] = a.completion_status;
  o["engagement_level"] = a.engagement_level;
  o["difficulty_rating"] = a.difficulty_rating;
  o["actual_duration_minutes"] =
      a.actual_duration_minutes ? json::value(*a.actual_duration_minutes) : json::value(nullptr);
  o["notes"] = json_or_null(a.notes);
  o["strengths_observed"] = json_or_null(a.strengths_observed);
  o["challenges_observed"] = json_or_null(a.challenges_observed);
  o["recommendations"] = json_or_null(a.recommendations);
  o["modifications_made"] = json_or_null(a.modifications_made);
  o["skills_demonstrated"] = a.skills_demonstrated;
  o["behavioral_notes"] = a.behavioral_notes;
  o["independence_level"] = json_or_null(a.independence_level);
  o["assistance_needed"] = json_or_null(a.assistance_needed);
  o["objectives_met"] = a.objectives_met;
  return o;
}

namespace {

void apply(Assessment& a, const AssessmentInput& in) {
  if (in.completion_status.set) a.completion_status = in.completion_status.value;
  if (in.engagement_level.set) a.engagement_level = in.engagement_level.value;
  if (in.difficulty_rating.set) a.difficulty_rating = in.difficulty_rating.value;
  if (in.actual_duration_minutes.set) a.actual_duration_minutes = in.actual_duration_minutes.value;
  if (in.notes.set) a.notes = in.notes.value;
  if (in.strengths_observed.set) a.strengths_observed = in.strengths_observed.value;
  if (in.challenges_observed.set) a.challenges_observed = in.challenges_observed.value;
  if (in.recommendations.set) a.recommendations = in.recommendations.value;
  if (in.modifications_made.set) a.modifications_made = in.modifications_made.value;
  if (in.independence_level.set) a.independence_level = in.independence_level.value;
  if (in.assistance_needed.set) a.assistance_needed = in.assistance_needed.value;
  if (in.skills_demonstrated.set) a.skills_demonstrated = in.skills_demonstrated.value;
  if (in.behavioral_notes.set) a.behavioral_notes = in.behavioral_notes.value;
  if (in.objectives_met.set) a.objectives_met = in.objectives_met.value;
}

}  // namespace

Assessment AssessmentService::create(const teaching::Scope& who, const AssessmentInput& in) {
  // Order of checks: activity, student, permission, activity-student link (API.md §4.6).
  auto activity = activities_.find(in.activity_id);
  if (!activity) throw not_found("Activity not found");
  auto owner = students_.owner_of(in.student_id);
  if (!owner) throw not_found(students::kStudentNotFound);
  if (!who.may_access(*owner)) throw forbidden(kNoAssessPermission);
  if (activity->student_id != in.student_id) throw bad_request(kActivityOfOtherStudent);
  Assessment a;
  a.id = new_uuid_v7();
  a.activity_id = in.activity_id;
  a.student_id = in.student_id;
  a.owner_id = *owner;
  a.assessed_by_id = who.user_id;
  a.skills_demonstrated = a.behavioral_notes = a.objectives_met = nullptr;
  apply(a, in);
  a.created_at = a.updated_at = next_unique_micros();
  repo_.insert(a);
  return a;
}

std::vector<Assessment> AssessmentService::list(const teaching::Scope& who, AssessmentFilter f) {
  f.owner = who.owner();
  return repo_.list(f);
}

std::vector<Assessment> AssessmentService::list_for_student(const teaching::Scope& who,
                                                            const std::string& student_id,
                                                            std::int64_t skip, std::int64_t limit) {
  auto owner = students_.owner_of(student_id);
  if (!owner) throw not_found(students::kStudentNotFound);
  if (!who.may_access(*owner)) throw forbidden(students::kNoStudentPermission);
  AssessmentFilter f;
  f.student_id = student_id;
  f.skip = skip;
  f.limit = limit;
  return repo_.list(f);
}

json::object AssessmentService::progress(const teaching::Scope& who, const std::string& student_id) {
  auto student = students_.find(student_id);
  if (!student) throw not_found(students::kStudentNotFound);
  if (!who.may_access(student->teacher_id)) throw forbidden(students::kNoStudentPermission);
  return analyse_progress(student->id, student->name, repo_.chronological(student_id), now_micros());
}

Assessment AssessmentService::find_checked(const teaching::Scope& who, const std::string& id,
                                           const char* denied) {
  auto a = repo_.find(id);
  if (!a) throw not_found(kAssessmentNotFound);
  if (!who.may_access(a->owner_id)) throw forbidden(denied);
  return *a;
}

Assessment AssessmentService::get(const teaching::Scope& who, const std::string& id) {
  return find_checked(who, id, kNoViewPermission);
}

Assessment AssessmentService::update(const teaching::Scope& who, const std::string& id,
                                     const AssessmentInput& in) {
  Assessment a = find_checked(who, id, kNoUpdatePermission);
  apply(a, in);
  a.updated_at = std::max(now_micros(), a.updated_at + 1);
  repo_.update(a);
  return a;
}

void AssessmentService::remove(const teaching::Scope& who, const std::string& id) {
  find_checked(who, id, kNoDeletePermission);
  repo_.remove(id);
}

}  // namespace edu::assessments
