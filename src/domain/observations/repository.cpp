// SQL for observations; the statements are the same on SQLite and PostgreSQL. Documents are
// stored as compact JSON text (SQLite TEXT, PostgreSQL json/jsonb).
#include "domain/observations/repository.hpp"

#include "domain/professionals/repository.hpp"

namespace edu::observations {
namespace {

constexpr const char* kColumns =
    "id, student_id, professional_id, observation_type, context, content, behavioral_indicators, "
    "socioemotional_indicators, severity_level, requires_intervention, is_private, tags, "
    "attachments, observed_at, created_at, updated_at";

constexpr const char* kOrder = " ORDER BY observed_at DESC, id ASC";

Observation from_row(const db::Row& r) {
  Observation o;
  o.id = r.text(0);
  o.student_id = r.text(1);
  o.professional_id = r.text(2);
  o.observation_type = r.text(3);
  o.context = r.text(4);
  o.content = r.text(5);
  o.behavioral_indicators = r.json_value(6);
  o.socioemotional_indicators = r.json_value(7);
  o.severity_level = r.integer(8);
  o.requires_intervention = r.boolean(9);
  o.is_private = r.boolean(10);
  o.tags = r.string_list(11);
  auto att = r.json_value(12);
  if (att.is_array()) o.attachments = att.get_array();
  o.observed_at = r.timestamp(13);
  o.created_at = r.timestamp(14);
  o.updated_at = r.timestamp(15);
  return o;
}

db::Param doc(const json::value& v) {
  if (v.is_null()) return nullptr;
  return db::json_text(v);
}

}  // namespace

void Repository::insert(db::Executor& ex, const Observation& o) {
  ex.query(std::string("INSERT INTO observations (") + kColumns +
               ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
           {o.id, o.student_id, o.professional_id, o.observation_type, o.context, o.content,
            doc(o.behavioral_indicators), doc(o.socioemotional_indicators), o.severity_level,
            o.requires_intervention, o.is_private, db::json_text(o.tags),
            db::json_text(json::value(o.attachments)), db::ts_param(o.observed_at),
            db::ts_param(o.created_at), db::ts_param(o.updated_at)});
}

std::optional<Observation> Repository::find(const std::string& id) {
  auto r = db_.query(std::string("SELECT ") + kColumns + " FROM observations WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows.front());
}

std::optional<Observation> Repository::update(const std::string& id, const Changes& changes,
                                              Micros now) {
  db::Params params{id};
  std::string set;
  for (const auto& [column, value] : changes) {
    params.push_back(value);
    set += column + " = $" + std::to_string(params.size()) + ", ";
  }
  params.push_back(db::ts_param(now));
  set += "updated_at = $" + std::to_string(params.size());
  auto r = db_.query("UPDATE observations SET " + set + " WHERE id = $1 RETURNING " + kColumns,
                     params);
  if (r.empty()) return std::nullopt;
  return from_row(r.rows.front());
}

bool Repository::remove(const std::string& id) {
  return db_.query("DELETE FROM observations WHERE id = $1", {id}).affected > 0;
}

std::pair<std::vector<Observation>, std::int64_t> Repository::list(const ListFilter& f) {
  if (professionals::matches_nothing(f.search)) return {{}, 0};
  std::string where = " WHERE 1 = 1";
  db::Params params;
  auto next = [&params](db::Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  if (!f.include_private) where += " AND is_private = FALSE";
  if (f.student_id) where += " AND student_id = " + next(*f.student_id);
  if (f.professional_id) where += " AND professional_id = " + next(*f.professional_id);
  if (f.observation_type) where += " AND observation_type = " + next(*f.observation_type);
  if (f.context) where += " AND context = " + next(*f.context);
  if (f.severity_min) where += " AND severity_level >= " + next(*f.severity_min);
  if (f.severity_max) where += " AND severity_level <= " + next(*f.severity_max);
  if (f.requires_intervention)
    where += *f.requires_intervention ? " AND requires_intervention = TRUE"
                                      : " AND requires_intervention = FALSE";
  if (f.search)
    where += " AND lower(content) LIKE lower(" + next(professionals::like_pattern(*f.search)) +
             ") ESCAPE '\\'";

  std::int64_t total =
      db_.query_read("SELECT COUNT(*) FROM observations" + where, params).one().integer(0);
  std::string lim = next(f.page.limit);
  std::string off = next(f.page.skip);
  auto rows = db_.query_read(std::string("SELECT ") + kColumns + " FROM observations" + where +
                                 kOrder + " LIMIT " + lim + " OFFSET " + off,
                             params);
  std::vector<Observation> out;
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows) out.push_back(from_row(r));
  return {std::move(out), total};
}

std::vector<Observation> Repository::for_student(const std::string& student_id,
                                                 bool include_private) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM observations WHERE student_id = $1";
  if (!include_private) sql += " AND is_private = FALSE";
  auto rows = db_.query_read(sql + kOrder, {student_id});
  std::vector<Observation> out;
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

}  // namespace edu::observations
