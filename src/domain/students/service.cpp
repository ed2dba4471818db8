// Student rules.
#include "domain/students/service.hpp"

#include "core/errors.hpp"
#include "core/ids.hpp"

namespace edu::students {

std::string age_rule_error(const Date& dob, const Date& today) {
  // A future date gives a negative age: "at least 2" as well.
  int age = to_days(dob) > to_days(today) ? -1 : age_on(dob, today);
  if (age < 2) return "Idade deve ser pelo menos 2 anos";
  if (age > 21) return "Idade deve ser no máximo 21 anos";
  return "";
}

json::object to_json(const Student& s, const Date& today) {
  json::object o;
  o["id"] = s.id;
  o["created_at"] = format_timestamp(s.created_at);
  o["updated_at"] = format_timestamp(s.updated_at);
  o["name"] = s.name;
  o["date_of_birth"] = format_date(s.date_of_birth);
  o["age"] = age_on(s.date_of_birth, today);
  o["diagnosis"] = s.diagnosis;
  o["tea_level"] = s.tea_level ? json::value(*s.tea_level) : json::value(nullptr);
  o["interests"] = to_json_array(s.interests);
  o["learning_profile"] = s.learning_profile;
  o["is_active"] = s.is_active;
  o["teacher_id"] = s.teacher_id;
  return o;
}

Student StudentService::create(const teaching::Scope& who, const StudentInput& in) {
  Student s;
  s.id = new_uuid_v7();
  s.teacher_id = who.user_id;
  s.name = in.name.value_or("");
  s.date_of_birth = in.date_of_birth.value_or(Date{});
  s.diagnosis = in.diagnosis.value_or("");
  s.tea_level = in.tea_level;
  s.interests = in.interests.value_or(std::vector<std::string>{});
  s.learning_profile = in.learning_profile_set ? in.learning_profile : json::value(nullptr);
  s.is_active = true;
  s.created_at = s.updated_at = now_micros();
  repo_.insert(s);
  return s;
}

std::vector<Student> StudentService::list(const teaching::Scope& who, std::optional<bool> is_active,
                                          std::int64_t skip, std::int64_t limit) {
  StudentFilter f;
  f.owner = who.owner();
  f.is_active = is_active;
  f.skip = skip;
  f.limit = limit;
  return repo_.list(f);
}

Student StudentService::get(const teaching::Scope& who, const std::string& id) {
  auto s = repo_.find(id);
  if (!s) throw not_found(kStudentNotFound);
  if (!who.may_access(s->teacher_id)) throw forbidden(kNoStudentPermission);
  return *s;
}

Student StudentService::update(const teaching::Scope& who, const std::string& id,
                               const StudentInput& in) {
  Student s = get(who, id);
  if (in.name) s.name = *in.name;
  if (in.date_of_birth) s.date_of_birth = *in.date_of_birth;
  if (in.diagnosis) s.diagnosis = *in.diagnosis;
  if (in.tea_level_set) s.tea_level = in.tea_level;
  if (in.interests) s.interests = *in.interests;
  if (in.learning_profile_set) s.learning_profile = in.learning_profile;
  if (in.is_active) s.is_active = *in.is_active;
  // Refreshed on every successful update (API.md §1.11), strictly later than before.
  s.updated_at = std::max(now_micros(), s.updated_at + 1);
  repo_.update(s);
  return s;
}

void StudentService::remove(const teaching::Scope& who, const std::string& id) {
  get(who, id);
  // Hard delete; the schema cascades to activities, assessments, plans, observations and
  // indicators (API.md §5.4).
  repo_.remove(id);
}

}  // namespace edu::students
