// SQL for professionals. The same statements run on SQLite and PostgreSQL except the name
// ordering, which PostgreSQL must do in byte (code point) order to match SQLite.
#include "domain/professionals/repository.hpp"

namespace edu::professionals {
namespace {

constexpr const char* kColumns =
    "id, name, email, role, specialization, license_number, organization, phone, is_active, "
    "created_at, updated_at";

Professional from_row(const db::Row& r) {
  Professional p;
  p.id = r.text(0);
  p.name = r.text(1);
  p.email = r.text(2);
  p.role = r.text(3);
  p.specialization = r.opt_text(4);
  p.license_number = r.opt_text(5);
  p.organization = r.text(6);
  p.phone = r.opt_text(7);
  p.is_active = r.boolean(8);
  p.created_at = r.timestamp(9);
  p.updated_at = r.timestamp(10);
  return p;
}

std::string in_list(std::span<const RoleInfo> all, Area area) {
  std::string s = "(";
  bool first = true;
  for (const auto& r : all) {
    if (r.area != area) continue;
    if (!first) s += ", ";
    first = false;
    s += "'";
    s += r.value;
    s += "'";
  }
  return s + ")";
}

}  // namespace

bool professional_exists(db::Executor& ex, const std::string& id) {
  return !ex.query("SELECT 1 FROM professionals WHERE id = $1", {id}).empty();
}

std::string like_pattern(std::string_view needle) {
  std::string out = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

void Repository::insert(const Professional& p) {
  try {
    db_.query(std::string("INSERT INTO professionals (") + kColumns +
                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              {p.id, p.name, p.email, p.role, db::opt(p.specialization), db::opt(p.license_number),
               p.organization, db::opt(p.phone), p.is_active, db::ts_param(p.created_at),
               db::ts_param(p.updated_at)});
  } catch (const db::UniqueViolation&) {
    throw EmailTaken{};
  }
}

void Repository::update(const Professional& p) {
  try {
    db_.query(
        "UPDATE professionals SET name = $2, email = $3, role = $4, specialization = $5, "
        "license_number = $6, organization = $7, phone = $8, is_active = $9, updated_at = $10 "
        "WHERE id = $1",
        {p.id, p.name, p.email, p.role, db::opt(p.specialization), db::opt(p.license_number),
         p.organization, db::opt(p.phone), p.is_active, db::ts_param(p.updated_at)});
  } catch (const db::UniqueViolation&) {
    throw EmailTaken{};
  }
}

bool Repository::deactivate(const std::string& id, Micros now) {
  auto r = db_.query("UPDATE professionals SET is_active = FALSE, updated_at = $2 WHERE id = $1",
                     {id, db::ts_param(now)});
  return r.affected > 0;
}

std::optional<Professional> Repository::find(const std::string& id) {
  auto r = db_.query(std::string("SELECT ") + kColumns + " FROM professionals WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows.front());
}

std::optional<Professional> Repository::find_by_email(const std::string& email_lower) {
  auto r = db_.query(std::string("SELECT ") + kColumns + " FROM professionals WHERE email = $1",
                     {email_lower});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows.front());
}

std::pair<std::vector<Professional>, std::int64_t> Repository::list(const ListFilter& f) {
  if (matches_nothing(f.search) || matches_nothing(f.organization)) return {{}, 0};
  std::string where = " WHERE is_active = $1";
  db::Params params{f.is_active};
  auto next = [&params](db::Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  if (f.role) where += " AND role = " + next(*f.role);
  if (f.organization)
    where += " AND lower(organization) LIKE lower(" + next(like_pattern(*f.organization)) +
             ") ESCAPE '\\'";
  if (f.search) {
    std::string p = next(like_pattern(*f.search));
    where += " AND (lower(name) LIKE lower(" + p + ") ESCAPE '\\' OR lower(email) LIKE lower(" + p +
             ") ESCAPE '\\')";
  }
  if (f.is_education)
    where += std::string(*f.is_education ? " AND role IN " : " AND role NOT IN ") +
             in_list(roles(), Area::Education);
  if (f.is_health)
    where += std::string(*f.is_health ? " AND role IN " : " AND role NOT IN ") +
             in_list(roles(), Area::Health);

  auto count = db_.query_read("SELECT COUNT(*) FROM professionals" + where, params);
  std::int64_t total = count.one().integer(0);

  const bool pg = db_.dialect() == db::Dialect::Postgres;
  std::string order = pg ? " ORDER BY lower(name) COLLATE \"C\", id" : " ORDER BY lower(name), id";
  std::string lim = next(f.page.limit);
  std::string off = next(f.page.skip);
  auto rows = db_.query_read(std::string("SELECT ") + kColumns + " FROM professionals" + where +
                                 order + " LIMIT " + lim + " OFFSET " + off,
                             params);
  std::vector<Professional> out;
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows) out.push_back(from_row(r));
  return {std::move(out), total};
}

Statistics Repository::statistics() {
  Statistics s;
  auto r = db_.query_read(
      "SELECT role, COUNT(*), SUM(CASE WHEN is_active THEN 1 ELSE 0 END) FROM professionals "
      "GROUP BY role");
  for (const auto& row : r.rows) {
    std::int64_t n = row.integer(1);
    s.by_role[row.text(0)] = n;
    s.total += n;
    s.active += row.integer(2);
  }
  s.organizations =
      db_.query_read("SELECT COUNT(DISTINCT organization) FROM professionals").one().integer(0);
  return s;
}

}  // namespace edu::professionals
