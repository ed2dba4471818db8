// BNCC catalog persistence (see repository.hpp). Folded search columns are computed by the
// application (core/text_fold) at import, so both backends compare identical bytes.
#include "domain/bncc/repository.hpp"

#include "core/text_fold.hpp"
#include "core/time.hpp"

namespace edu::bncc {
namespace {

using db::Dialect;

constexpr const char* kSelectMeta =
    "SELECT version, sha256, extra_sha256, source, skill_count, skipped_rows, imported_at "
    "FROM bncc_catalog WHERE id = 1";
// Locks the single metadata row (seeded by the migration) so that tasks importing at the same
// time serialise; SQLite's BEGIN IMMEDIATE already serialises writers.
constexpr const char* kLockMetaPg =
    "SELECT version, sha256, extra_sha256 FROM bncc_catalog WHERE id = 1 FOR UPDATE";
constexpr const char* kLockMetaSqlite =
    "SELECT version, sha256, extra_sha256 FROM bncc_catalog WHERE id = 1";
constexpr const char* kUpdateMeta =
    "UPDATE bncc_catalog SET version = $1, sha256 = $2, extra_sha256 = $3, source = $4, "
    "skill_count = $5, skipped_rows = $6, imported_at = $7 WHERE id = 1";
constexpr const char* kDeleteSkills = "DELETE FROM bncc_skills";
constexpr const char* kRebuildFts =
    "INSERT INTO bncc_skills_fts(bncc_skills_fts) VALUES('rebuild')";
constexpr const char* kSelectSkills =
    "SELECT code, stage, years, component, component_code, area, area_code, thematic_unit, "
    "knowledge_objects, description, field_of_action, language_practice, axis, "
    "specific_competencies, pdf_page FROM bncc_skills ORDER BY position";

constexpr const char* kColumns =
    "code, position, stage, years, year_mask, component, component_code, area, area_code, "
    "thematic_unit, knowledge_objects, description, field_of_action, language_practice, axis, "
    "specific_competencies, pdf_page, search_text, component_folded, area_folded, "
    "thematic_folded";
constexpr int kColumnCount = 21;
// PostgreSQL casts per column (parameters travel as text/int).
constexpr const char* kPgCasts[kColumnCount] = {"", "::int",   "",      "::jsonb", "::int", "", "",
                                                "", "",        "",      "::jsonb", "",      "", "",
                                                "", "::jsonb", "::int", "",        "",      "", ""};
constexpr std::size_t kBatch = 50;

std::string insert_sql(Dialect d, std::size_t rows) {
  std::string sql = std::string("INSERT INTO bncc_skills (") + kColumns + ") VALUES ";
  int n = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (int c = 0; c < kColumnCount; ++c) {
      if (c) sql += ", ";
      sql += "$" + std::to_string(n++);
      if (d == Dialect::Postgres) sql += kPgCasts[c];
    }
    sql += ")";
  }
  return sql;
}

db::Param opt(const std::optional<std::string>& s) {
  return s ? db::Param(*s) : db::Param(nullptr);
}
db::Param code_or_null(const std::string& s) {
  return s.empty() ? db::Param(nullptr) : db::Param(s);
}

std::int64_t year_mask(const std::vector<int>& years) {
  std::int64_t m = 0;
  for (int y : years) m |= (std::int64_t{1} << y);
  return m;
}

std::string years_json(const std::vector<int>& years) {
  json::array a;
  for (int y : years) a.emplace_back(y);
  return db::json_text(a);
}

void append_row(db::Params& p, const Skill& s, std::int64_t position) {
  p.emplace_back(s.code);
  p.emplace_back(position);
  p.emplace_back(std::string(stage_code(s.stage)));
  p.emplace_back(years_json(s.years));
  p.emplace_back(year_mask(s.years));
  p.emplace_back(opt(s.component));
  p.emplace_back(code_or_null(s.component_code));
  p.emplace_back(opt(s.area));
  p.emplace_back(code_or_null(s.area_code));
  p.emplace_back(opt(s.thematic_unit));
  p.emplace_back(db::json_text(s.knowledge_objects));
  p.emplace_back(s.description);
  p.emplace_back(opt(s.field_of_action));
  p.emplace_back(opt(s.language_practice));
  p.emplace_back(opt(s.axis));
  p.emplace_back(db::json_text(s.specific_competencies));
  p.emplace_back(s.pdf_page ? db::Param(*s.pdf_page) : db::Param(nullptr));
  p.emplace_back(fold_text(s.code + " " + s.description));
  p.emplace_back(s.component ? db::Param(fold_text(*s.component)) : db::Param(nullptr));
  p.emplace_back(s.area ? db::Param(fold_text(*s.area)) : db::Param(nullptr));
  p.emplace_back(s.thematic_unit ? db::Param(fold_text(*s.thematic_unit)) : db::Param(nullptr));
}

std::string trim(std::string_view s) { return trim_unicode_space(s); }

std::string upper_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string like_escape(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

}  // namespace

std::optional<StoredCatalog> BnccRepository::stored() {
  auto r = db_.query(kSelectMeta);
  if (r.rows.empty() || r.rows[0].is_null(0)) return std::nullopt;
  const auto& row = r.rows[0];
  StoredCatalog s;
  s.version = row.text(0);
  s.sha256 = row.text(1);
  s.extra_sha256 = row.text(2);
  s.source = row.text(3);
  s.skill_count = row.integer(4);
  s.skipped_rows = row.integer(5);
  s.imported_at = row.timestamp_json(6);
  return s;
}

bool BnccRepository::replace(const ParsedCatalog& pc, const std::string& source) {
  bool written = false;
  db_.transaction([&](db::Executor& tx) {
    const Dialect d = tx.dialect();
    auto cur = tx.query(d == Dialect::Postgres ? kLockMetaPg : kLockMetaSqlite);
    if (!cur.rows.empty() && !cur.rows[0].is_null(0) && cur.rows[0].text(1) == pc.sha256 &&
        cur.rows[0].text(2) == pc.extra_sha256)
      return;  // same dataset already stored: idempotent no-op
    tx.query(kDeleteSkills);
    const std::string full = insert_sql(d, kBatch);
    for (std::size_t at = 0; at < pc.skills.size(); at += kBatch) {
      std::size_t n = std::min(kBatch, pc.skills.size() - at);
      db::Params p;
      p.reserve(n * kColumnCount);
      for (std::size_t k = 0; k < n; ++k)
        append_row(p, pc.skills[at + k], static_cast<std::int64_t>(at + k));
      tx.query(n == kBatch ? full : insert_sql(d, n), p);
    }
    if (d == Dialect::Sqlite) tx.query(kRebuildFts);
    tx.query(kUpdateMeta,
             {pc.version, pc.sha256, pc.extra_sha256, source,
              static_cast<std::int64_t>(pc.skills.size()),
              static_cast<std::int64_t>(pc.skipped.size()), db::ts_param(now_micros())});
    written = true;
  });
  return written;
}

std::vector<Skill> BnccRepository::load_skills() {
  auto r = db_.query(kSelectSkills);
  std::vector<Skill> out;
  out.reserve(r.rows.size());
  auto opt_text = [](const db::Row& row, std::size_t i) { return row.opt_text(i); };
  for (const auto& row : r.rows) {
    Skill s;
    s.code = row.text(0);
    s.stage = parse_stage(row.text(1)).value_or(Stage::EF);
    auto years = row.json_value(2);
    if (years.is_array())
      for (const auto& y : years.get_array())
        if (y.is_int64()) s.years.push_back(static_cast<int>(y.get_int64()));
    s.component = opt_text(row, 3);
    s.component_code = row.text(4);
    s.area = opt_text(row, 5);
    s.area_code = row.text(6);
    s.thematic_unit = opt_text(row, 7);
    s.knowledge_objects = row.string_list(8);
    s.description = row.text(9);
    s.field_of_action = opt_text(row, 10);
    s.language_practice = opt_text(row, 11);
    s.axis = opt_text(row, 12);
    s.specific_competencies = row.string_list(13);
    s.pdf_page = row.opt_integer(14);
    out.push_back(std::move(s));
  }
  return out;
}

std::pair<std::vector<std::string>, std::int64_t> BnccRepository::search(const SkillQuery& q) {
  const bool pg = db_.dialect() == Dialect::Postgres;
  std::string where = " WHERE 1 = 1";
  db::Params p;
  auto param = [&](db::Param v) {
    p.push_back(std::move(v));
    return "$" + std::to_string(p.size());
  };
  if (q.stage) where += " AND s.stage = " + param(std::string(stage_code(*q.stage)));
  if (q.year) where += " AND (s.year_mask & " + param(std::int64_t{1} << *q.year) + ") <> 0";
  if (auto c = trim(q.component); !c.empty()) {
    where += " AND (s.component_folded = " + param(fold_text(c)) +
             " OR s.component_code = " + param(upper_ascii(c)) + ")";
  }
  if (auto a = trim(q.area); !a.empty()) {
    where += " AND (s.area_folded = " + param(fold_text(a)) +
             " OR s.area_code = " + param(upper_ascii(a)) + ")";
  }
  if (!q.thematic_unit.empty()) {
    std::string t = fold_text(q.thematic_unit);
    where += pg ? " AND strpos(s.thematic_folded, " + param(t) + ") > 0"
                : " AND instr(s.thematic_folded, " + param(t) + ") > 0";
  }
  auto tokens = search_tokens(q.q);
  std::string fts;  // SQLite: tokens of ≥ 3 characters go through the FTS5 trigram index
  for (const auto& t : tokens) {
    if (pg) {
      where += " AND s.search_text LIKE " + param(like_escape(t));
    } else if (code_points(t) >= 3) {
      std::string phrase = "\"";
      for (char c : t) {
        if (c == '"') phrase.push_back('"');
        phrase.push_back(c);
      }
      phrase += "\"";
      fts += (fts.empty() ? "" : " AND ") + phrase;
    } else {
      where += " AND instr(s.search_text, " + param(t) + ") > 0";
    }
  }
  if (!fts.empty())
    where += " AND s.rowid IN (SELECT rowid FROM bncc_skills_fts WHERE bncc_skills_fts MATCH " +
             param(fts) + ")";

  auto total = db_.query_read("SELECT COUNT(*) FROM bncc_skills s" + where, p).one().integer(0);
  std::string exact = tokens.empty() ? std::string() : normalize_code(q.q);
  std::string sql =
      "SELECT s.code FROM bncc_skills s" + where + " ORDER BY CASE WHEN s.code = " + param(exact) +
      " THEN 0 ELSE 1 END, s.position LIMIT " + param(q.limit) + " OFFSET " + param(q.skip);
  auto r = db_.query_read(sql, p);
  std::vector<std::string> codes;
  for (const auto& row : r.rows) codes.push_back(row.text(0));
  return {codes, total};
}

}  // namespace edu::bncc
