// SQL for socio-emotional indicators; the statements are the same on SQLite and PostgreSQL.
#include "domain/socioemotional/repository.hpp"

#include "domain/professionals/repository.hpp"

namespace edu::socioemotional {
namespace {

constexpr const char* kColumns =
    "id, student_id, professional_id, indicator_type, context, score, observations, "
    "specific_behaviors, environmental_factors, triggers, supports_used, measured_at, "
    "created_at, updated_at";

Indicator from_row(const db::Row& r) {
  Indicator i;
  i.id = r.text(0);
  i.student_id = r.text(1);
  i.professional_id = r.text(2);
  i.indicator_type = r.text(3);
  i.context = r.text(4);
  i.score = r.integer(5);
  i.observations = r.opt_text(6);
  i.specific_behaviors = r.opt_text(7);
  i.environmental_factors = r.opt_text(8);
  i.triggers = r.opt_text(9);
  i.supports_used = r.opt_text(10);
  i.measured_at = r.timestamp(11);
  i.created_at = r.timestamp(12);
  i.updated_at = r.timestamp(13);
  return i;
}

std::vector<Indicator> rows_of(const db::Result& r) {
  std::vector<Indicator> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

}  // namespace

std::string concerning_condition() {
  std::string negatives = "(";
  for (auto t : negative_types()) {
    if (negatives.size() > 1) negatives += ", ";
    negatives += "'" + std::string(t) + "'";
  }
  negatives += ")";
  return "((indicator_type IN " + negatives + " AND score >= 7) OR (indicator_type NOT IN " +
         negatives + " AND score <= 4))";
}

void Repository::insert(db::Executor& ex, const Indicator& i) {
  ex.query(std::string("INSERT INTO socioemotional_indicators (") + kColumns +
               ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
           {i.id, i.student_id, i.professional_id, i.indicator_type, i.context, i.score,
            db::opt(i.observations), db::opt(i.specific_behaviors),
            db::opt(i.environmental_factors), db::opt(i.triggers), db::opt(i.supports_used),
            db::ts_param(i.measured_at), db::ts_param(i.created_at), db::ts_param(i.updated_at)});
}

std::optional<Indicator> Repository::find(const std::string& id) {
  auto r = db_.query(std::string("SELECT ") + kColumns +
                         " FROM socioemotional_indicators WHERE id = $1",
                     {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows.front());
}

std::optional<Indicator> Repository::update(const std::string& id, const Changes& changes,
                                            Micros now) {
  db::Params params{id};
  std::string set;
  for (const auto& [column, value] : changes) {
    params.push_back(value);
    set += column + " = $" + std::to_string(params.size()) + ", ";
  }
  params.push_back(db::ts_param(now));
  set += "updated_at = $" + std::to_string(params.size());
  auto r = db_.query(
      "UPDATE socioemotional_indicators SET " + set + " WHERE id = $1 RETURNING " + kColumns,
      params);
  if (r.empty()) return std::nullopt;
  return from_row(r.rows.front());
}

bool Repository::remove(const std::string& id) {
  return db_.query("DELETE FROM socioemotional_indicators WHERE id = $1", {id}).affected > 0;
}

std::pair<std::vector<Indicator>, std::int64_t> Repository::list(const ListFilter& f) {
  if (professionals::matches_nothing(f.search)) return {{}, 0};
  std::string where = " WHERE 1 = 1";
  db::Params params;
  auto next = [&params](db::Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  if (f.student_id) where += " AND student_id = " + next(*f.student_id);
  if (f.professional_id) where += " AND professional_id = " + next(*f.professional_id);
  if (f.indicator_type) where += " AND indicator_type = " + next(*f.indicator_type);
  if (f.context) where += " AND context = " + next(*f.context);
  if (f.score_min) where += " AND score >= " + next(*f.score_min);
  if (f.score_max) where += " AND score <= " + next(*f.score_max);
  if (f.is_concerning)
    where += (*f.is_concerning ? " AND " : " AND NOT ") + concerning_condition();
  if (f.search) {
    std::string p = next(professionals::like_pattern(*f.search));
    where += " AND (lower(observations) LIKE lower(" + p +
             ") ESCAPE '\\' OR lower(specific_behaviors) LIKE lower(" + p + ") ESCAPE '\\')";
  }
  std::int64_t total = db_.query_read("SELECT COUNT(*) FROM socioemotional_indicators" + where,
                                      params)
                           .one()
                           .integer(0);
  std::string lim = next(f.page.limit);
  std::string off = next(f.page.skip);
  auto rows = db_.query_read(std::string("SELECT ") + kColumns +
                                 " FROM socioemotional_indicators" + where +
                                 " ORDER BY measured_at DESC, id ASC LIMIT " + lim + " OFFSET " +
                                 off,
                             params);
  return {rows_of(rows), total};
}

std::vector<Indicator> Repository::for_student(const std::string& student_id,
                                               const std::optional<std::string>& type,
                                               std::optional<Micros> from,
                                               std::optional<Micros> to) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM socioemotional_indicators WHERE student_id = $1";
  db::Params params{student_id};
  if (type) {
    params.push_back(*type);
    sql += " AND indicator_type = $" + std::to_string(params.size());
  }
  if (from) {
    params.push_back(db::ts_param(*from));
    sql += " AND measured_at >= $" + std::to_string(params.size());
  }
  if (to) {
    params.push_back(db::ts_param(*to));
    sql += " AND measured_at <= $" + std::to_string(params.size());
  }
  return rows_of(db_.query_read(sql + " ORDER BY measured_at ASC, id ASC", params));
}

}  // namespace edu::socioemotional
