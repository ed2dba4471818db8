// SQL for observations; the statements are the same on SQLite and PostgreSQL. Documents are
// stored as compact JSON text (SQLite TEXT, PostgreSQL json/jsonb).
//
// LGPD (DESIGN.md §6): `content`, `behavioral_indicators` and `socioemotional_indicators` are
// stored encrypted (security/field_crypto.hpp), bound to table/column/row id; the documents'
// ciphertext is stored as a JSON string in their json columns. The `search` filter on content
// therefore runs in C++ after decryption. Rows written before encryption still read.
#include "domain/observations/repository.hpp"

#include "domain/professionals/repository.hpp"
#include "domain/teaching/text.hpp"
#include "security/sealed_columns.hpp"

namespace edu::observations {
namespace {

constexpr const char* kColumns =
    "id, student_id, professional_id, observation_type, context, content, behavioral_indicators, "
    "socioemotional_indicators, severity_level, requires_intervention, is_private, tags, "
    "attachments, observed_at, created_at, updated_at";

constexpr const char* kOrder = " ORDER BY observed_at DESC, id ASC";

constexpr std::string_view kTable = "observations";

}  // namespace

Observation Repository::from_row(const db::Row& r) const {
  Observation o;
  o.id = r.text(0);
  o.student_id = r.text(1);
  o.professional_id = r.text(2);
  o.observation_type = r.text(3);
  o.context = r.text(4);
  o.content = cipher_.decrypt(r.text(5), {kTable, "content", o.id});
  o.behavioral_indicators =
      security::open_document(cipher_, r.json_value(6), {kTable, "behavioral_indicators", o.id});
  o.socioemotional_indicators =
      security::open_document(cipher_, r.json_value(7), {kTable, "socioemotional_indicators", o.id});
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

namespace {

db::Param doc(const json::value& v) {
  if (v.is_null()) return nullptr;
  return db::json_text(v);
}

}  // namespace

// `plain` as stored: content → ciphertext text; a document (JSON text) → its ciphertext as a
// JSON string; null stays null; other columns unchanged.
db::Param Repository::seal(std::string_view column, const std::string& id,
                           const db::Param& plain) const {
  if (column == "content") return security::seal_param(cipher_, plain, false, {kTable, column, id});
  if (column == "behavioral_indicators" || column == "socioemotional_indicators")
    return security::seal_param(cipher_, plain, true, {kTable, column, id});
  return plain;
}

void Repository::insert(db::Executor& ex, const Observation& o) {
  ex.query(std::string("INSERT INTO observations (") + kColumns +
               ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
           {o.id, o.student_id, o.professional_id, o.observation_type, o.context,
            seal("content", o.id, o.content),
            seal("behavioral_indicators", o.id, doc(o.behavioral_indicators)),
            seal("socioemotional_indicators", o.id, doc(o.socioemotional_indicators)),
            o.severity_level,
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
    params.push_back(seal(column, id, value));
    set += column + " = $" + std::to_string(params.size()) + ", ";
  }
  params.push_back(db::ts_param(now));
  set += "updated_at = $" + std::to_string(params.size());
  std::optional<Observation> out;
  // One transaction: the row stays locked between the update and the re-encryption below.
  db_.transaction([&](db::Executor& ex) {
    out.reset();  // a retried transaction starts over
    auto r = ex.query("UPDATE observations SET " + set + " WHERE id = $1 RETURNING " + kColumns,
                      params);
    if (r.empty()) return;
    Observation o = from_row(r.rows.front());
    // Re-encrypt on write: content left unchanged but stored in clear or under an old key.
    if (cipher_.needs_reencryption(r.rows.front().text(5)))
      ex.query("UPDATE observations SET content = $2 WHERE id = $1",
               {id, seal("content", id, o.content)});
    out = std::move(o);
  });
  return out;
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

  if (f.search) {
    // Encrypted column: decrypt the rows of the other filters, match, then page here.
    auto rows = db_.query_read(std::string("SELECT ") + kColumns + " FROM observations" + where +
                                   kOrder,
                               params);
    const std::string needle = teaching::unicode_lower(*f.search);
    return filter_then_page(
        rows.rows, [this](const db::Row& r) { return from_row(r); },
        [&needle](const Observation& o) {
          return teaching::unicode_lower(o.content).find(needle) != std::string::npos;
        },
        f.page);
  }

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
