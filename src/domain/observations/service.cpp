// Observation rules (API.md §4.8).
#include "domain/observations/service.hpp"

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "domain/care/students.hpp"

namespace edu::observations {

Observation Service::create(const std::string& actor, const CreateInput& in) {
  Observation o;
  o.id = new_uuid_v7();
  o.student_id = in.student_id;
  o.professional_id = actor;
  o.observation_type = in.observation_type;
  o.context = in.context;
  o.content = in.content;
  o.behavioral_indicators = in.behavioral_indicators;
  o.socioemotional_indicators = in.socioemotional_indicators;
  o.severity_level = in.severity_level;
  o.requires_intervention = in.requires_intervention;
  o.is_private = in.is_private;
  o.tags = in.tags;
  o.attachments = in.attachments;
  o.observed_at = in.observed_at;
  o.created_at = o.updated_at = now_micros();
  db_.transaction([&](db::Executor& ex) {
    if (!care::student_exists(ex, in.student_id))
      throw not_found(care::student_not_found_message(in.student_id));
    if (!professionals::professional_exists(ex, actor)) throw not_found(professionals::not_found_message(actor));
    repo_.insert(ex, o);
  });
  return o;
}

Observation Service::load_visible(const std::string& actor, const std::string& id) {
  auto o = repo_.find(id);
  if (!o) throw not_found(not_found_message(id));
  if (o->is_private && !pros_.is_health_professional(actor)) throw forbidden(kPrivateDenied);
  return *o;
}

Observation Service::get(const std::string& actor, const std::string& id) {
  return load_visible(actor, id);
}

Observation Service::update(const std::string& actor, const std::string& id,
                            const UpdateInput& in) {
  Observation current = load_visible(actor, id);
  if (current.professional_id != actor) throw forbidden(kOnlyAuthorEdits);
  Changes ch;
  if (in.observation_type) ch.emplace_back("observation_type", *in.observation_type);
  if (in.context) ch.emplace_back("context", *in.context);
  if (in.content) ch.emplace_back("content", *in.content);
  if (in.behavioral_indicators.present())
    ch.emplace_back("behavioral_indicators",
                    in.behavioral_indicators.is_null()
                        ? db::Param(nullptr)
                        : db::Param(db::json_text(json::value(*in.behavioral_indicators))));
  if (in.socioemotional_indicators.present())
    ch.emplace_back("socioemotional_indicators",
                    in.socioemotional_indicators.is_null()
                        ? db::Param(nullptr)
                        : db::Param(db::json_text(json::value(*in.socioemotional_indicators))));
  if (in.severity_level) ch.emplace_back("severity_level", *in.severity_level);
  if (in.requires_intervention) ch.emplace_back("requires_intervention", *in.requires_intervention);
  if (in.is_private) ch.emplace_back("is_private", *in.is_private);
  if (in.tags) ch.emplace_back("tags", db::json_text(*in.tags));
  if (in.attachments) ch.emplace_back("attachments", db::json_text(json::value(*in.attachments)));
  if (in.observed_at) ch.emplace_back("observed_at", db::ts_param(*in.observed_at));
  auto updated = repo_.update(id, ch, now_micros());
  if (!updated) throw not_found(not_found_message(id));  // removed meanwhile
  return *updated;
}

void Service::remove(const std::string& actor, const std::string& id) {
  Observation current = load_visible(actor, id);
  if (current.professional_id != actor) throw forbidden(kOnlyAuthorRemoves);
  if (!repo_.remove(id)) throw not_found(not_found_message(id));
}

std::pair<std::vector<Observation>, std::int64_t> Service::list(const std::string& actor,
                                                                ListFilter f) {
  f.include_private = pros_.is_health_professional(actor);
  return repo_.list(f);
}

json::object Service::summary(const std::string& actor, const std::string& student_id) {
  return summarize(student_id, repo_.for_student(student_id, pros_.is_health_professional(actor)));
}

}  // namespace edu::observations
