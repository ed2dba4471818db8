// Socio-emotional indicator rules (API.md §4.10, §5.8).
#include "domain/socioemotional/service.hpp"

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "domain/care/students.hpp"

namespace edu::socioemotional {

Indicator Service::create(const std::string& actor, const CreateInput& in) {
  Indicator i;
  i.id = new_uuid_v7();
  i.student_id = in.student_id;
  i.professional_id = actor;
  i.indicator_type = in.indicator_type;
  i.context = in.context;
  i.score = in.score;
  i.observations = in.observations;
  i.specific_behaviors = in.specific_behaviors;
  i.environmental_factors = in.environmental_factors;
  i.triggers = in.triggers;
  i.supports_used = in.supports_used;
  i.measured_at = in.measured_at;
  i.created_at = i.updated_at = now_micros();
  db_.transaction([&](db::Executor& ex) {
    if (!care::student_exists(ex, in.student_id))
      throw not_found(care::student_not_found_message(in.student_id));
    if (!professionals::professional_exists(ex, actor))
      throw not_found(professionals::not_found_message(actor));
    repo_.insert(ex, i);
  });
  return i;
}

BulkResult Service::create_bulk(const std::string& actor, const std::vector<BulkItem>& items) {
  BulkResult r;
  for (const auto& item : items) {
    if (const auto* reason = std::get_if<std::string>(&item)) {
      r.errors.push_back("Erro ao criar indicador: " + *reason);
      continue;
    }
    try {
      r.created_ids.push_back(create(actor, std::get<CreateInput>(item)).id);
    } catch (const HttpError& e) {
      // Only the 404s of create() are expected here; anything else propagates.
      if (e.status() != 404 || !e.detail().is_string()) throw;
      r.errors.push_back("Erro ao criar indicador: " + std::string(e.detail().get_string()));
    }
  }
  return r;
}

Indicator Service::get(const std::string& id) {
  auto i = repo_.find(id);
  if (!i) throw not_found(not_found_message(id));
  return *i;
}

Indicator Service::update(const std::string& actor, const std::string& id,
                          const UpdateInput& in) {
  Indicator current = get(id);
  if (current.professional_id != actor) throw forbidden(kOnlyRecorderEdits);
  Changes ch;
  if (in.indicator_type) ch.emplace_back("indicator_type", *in.indicator_type);
  if (in.context) ch.emplace_back("context", *in.context);
  if (in.score) ch.emplace_back("score", *in.score);
  if (in.measured_at) ch.emplace_back("measured_at", db::ts_param(*in.measured_at));
  auto text = [&ch](const char* column, const Field<std::string>& f) {
    if (f.has_value()) ch.emplace_back(column, *f);
    else if (f.is_null()) ch.emplace_back(column, nullptr);
  };
  text("observations", in.observations);
  text("specific_behaviors", in.specific_behaviors);
  text("environmental_factors", in.environmental_factors);
  text("triggers", in.triggers);
  text("supports_used", in.supports_used);
  auto updated = repo_.update(id, ch, now_micros());
  if (!updated) throw not_found(not_found_message(id));  // removed meanwhile
  return *updated;
}

void Service::remove(const std::string& actor, const std::string& id) {
  Indicator current = get(id);
  if (current.professional_id != actor) throw forbidden(kOnlyRecorderRemoves);
  if (!repo_.remove(id)) throw not_found(not_found_message(id));
}

json::object Service::profile(const std::string& student_id) {
  auto name = care::student_name(db_, student_id);
  if (!name) throw not_found(care::student_not_found_message(student_id));
  return profile_json(student_id, *name,
                      repo_.for_student(student_id, std::nullopt, std::nullopt, std::nullopt),
                      now_micros());
}

json::object Service::trend(const std::string& student_id, const std::string& type,
                            std::int64_t days) {
  auto ms = repo_.for_student(student_id, type, now_micros() - days * kMicrosPerDay, std::nullopt);
  if (ms.empty()) throw not_found(no_trend_data_message(type, days));
  return trend_json(type, ms);
}

json::object Service::compare(const std::string& student_id, const std::string& type,
                              Micros p1_start, Micros p1_end, Micros p2_start, Micros p2_end) {
  auto scores = [&](Micros from, Micros to) {
    std::vector<std::int64_t> out;
    for (const auto& m : repo_.for_student(student_id, type, from, to)) out.push_back(m.score);
    return out;
  };
  auto s1 = scores(p1_start, p1_end);
  auto s2 = scores(p2_start, p2_end);
  if (s1.empty() || s2.empty()) throw not_found(kInsufficientComparison);
  Comparison c = compare_periods(s1, s2);
  json::object o;
  o["student_id"] = student_id;
  o["indicator_type"] = type;
  o["period1_start"] = format_timestamp(p1_start);
  o["period1_end"] = format_timestamp(p1_end);
  o["period1_average"] = round_to(c.period1_average, 2);
  o["period2_start"] = format_timestamp(p2_start);
  o["period2_end"] = format_timestamp(p2_end);
  o["period2_average"] = round_to(c.period2_average, 2);
  o["change_percentage"] = round_to(c.change_percentage, 2);
  o["change_direction"] = c.change_direction;
  o["statistical_significance"] = c.statistical_significance;
  return o;
}

}  // namespace edu::socioemotional
