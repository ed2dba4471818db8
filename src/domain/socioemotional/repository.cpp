// SQL for socio-emotional indicators; the statements are the same on SQLite and PostgreSQL.
//
// LGPD (DESIGN.md §6): the five free-text columns (`observations`, `specific_behaviors`,
// `environmental_factors`, `triggers`, `supports_used`) describe a child's behaviour and are
// stored encrypted (security/sealed_columns.hpp), bound to table/column/row id. The `search`
// filter over two of them therefore runs in C++ after decryption, on the rows selected by the
// other filters. Rows written before encryption still read; a write re-encrypts them.
#include "domain/socioemotional/repository.hpp"

#include <array>

#include "domain/professionals/repository.hpp"
#include "domain/teaching/text.hpp"
#include "security/sealed_columns.hpp"

namespace edu::socioemotional {
namespace {

constexpr const char* kColumns =
    "id, student_id, professional_id, indicator_type, context, score, observations, "
    "specific_behaviors, environmental_factors, triggers, supports_used, measured_at, "
    "created_at, updated_at";

constexpr const char* kTable = "socioemotional_indicators";
constexpr const char* kOrder = " ORDER BY measured_at DESC, id ASC";

// The encrypted columns, in kColumns order from index kFirstSealed.
constexpr std::array<std::string_view, 5> kSealed = {
    "observations", "specific_behaviors", "environmental_factors", "triggers", "supports_used"};
constexpr std::size_t kFirstSealed = 6;

bool is_sealed(std::string_view column) {
  for (auto c : kSealed)
    if (c == column) return true;
  return false;
}

}  // namespace

Indicator Repository::from_row(const db::Row& r) const {
  Indicator i;
  i.id = r.text(0);
  i.student_id = r.text(1);
  i.professional_id = r.text(2);
  i.indicator_type = r.text(3);
  i.context = r.text(4);
  i.score = r.integer(5);
  i.observations = open(r, 6, i.id);
  i.specific_behaviors = open(r, 7, i.id);
  i.environmental_factors = open(r, 8, i.id);
  i.triggers = open(r, 9, i.id);
  i.supports_used = open(r, 10, i.id);
  i.measured_at = r.timestamp(11);
  i.created_at = r.timestamp(12);
  i.updated_at = r.timestamp(13);
  return i;
}

std::optional<std::string> Repository::open(const db::Row& r, std::size_t index,
                                            const std::string& id) const {
  return security::open_text(cipher_, r.opt_text(index), {kTable, kSealed[index - kFirstSealed], id});
}

db::Param Repository::seal(std::string_view column, const std::string& id,
                           const std::optional<std::string>& plain) const {
  return security::seal_text(cipher_, plain, {kTable, column, id});
}

std::vector<Indicator> Repository::rows_of(const db::Result& r) const {
  std::vector<Indicator> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

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
            seal("observations", i.id, i.observations),
            seal("specific_behaviors", i.id, i.specific_behaviors),
            seal("environmental_factors", i.id, i.environmental_factors),
            seal("triggers", i.id, i.triggers), seal("supports_used", i.id, i.supports_used),
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
    params.push_back(is_sealed(column) ? security::seal_param(cipher_, value, false, {kTable, column, id})
                                       : value);
    set += column + " = $" + std::to_string(params.size()) + ", ";
  }
  params.push_back(db::ts_param(now));
  set += "updated_at = $" + std::to_string(params.size());
  std::optional<Indicator> out;
  // One transaction: the row stays locked between the update and the re-encryption below.
  db_.transaction([&](db::Executor& ex) {
    out.reset();  // a retried transaction starts over
    auto r = ex.query(
        "UPDATE socioemotional_indicators SET " + set + " WHERE id = $1 RETURNING " + kColumns,
        params);
    if (r.empty()) return;
    const db::Row& row = r.rows.front();
    Indicator i = from_row(row);
    // Re-encrypt on write: columns left unchanged but stored in clear or under an old key.
    bool stale = false;
    for (std::size_t k = 0; k < kSealed.size(); ++k)
      if (auto v = row.opt_text(kFirstSealed + k)) stale = stale || cipher_.needs_reencryption(*v);
    if (stale)
      ex.query("UPDATE socioemotional_indicators SET observations = $2, specific_behaviors = $3, "
               "environmental_factors = $4, triggers = $5, supports_used = $6 WHERE id = $1",
               {id, seal("observations", id, i.observations),
                seal("specific_behaviors", id, i.specific_behaviors),
                seal("environmental_factors", id, i.environmental_factors),
                seal("triggers", id, i.triggers), seal("supports_used", id, i.supports_used)});
    out = std::move(i);
  });
  return out;
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
    // Encrypted columns: decrypt the rows of the other filters, match, then page here.
    auto rows = db_.query_read(std::string("SELECT ") + kColumns + " FROM socioemotional_indicators" +
                                   where + kOrder,
                               params);
    const std::string needle = teaching::unicode_lower(*f.search);
    auto contains = [&needle](const std::optional<std::string>& text) {
      return text && teaching::unicode_lower(*text).find(needle) != std::string::npos;
    };
    return filter_then_page(
        rows.rows, [this](const db::Row& r) { return from_row(r); },
        [&contains](const Indicator& i) {
          return contains(i.observations) || contains(i.specific_behaviors);
        },
        f.page);
  }
  std::int64_t total = db_.query_read("SELECT COUNT(*) FROM socioemotional_indicators" + where,
                                      params)
                           .one()
                           .integer(0);
  std::string lim = next(f.page.limit);
  std::string off = next(f.page.skip);
  auto rows = db_.query_read(std::string("SELECT ") + kColumns +
                                 " FROM socioemotional_indicators" + where + kOrder +
                                 " LIMIT " + lim + " OFFSET " + off,
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
