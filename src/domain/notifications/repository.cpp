// Notification SQL (both dialects share these statements; values travel as parameters).
#include "domain/notifications/repository.hpp"

#include <map>

namespace edu::notifications {
namespace {

constexpr const char* kColumns =
    "id, user_id, type, priority, title, message, intervention_plan_id, action_url, is_read, "
    "read_at, created_at, expires_at";

Notification from_row(const db::Row& r) {
  Notification n;
  n.id = r.text(0);
  n.user_id = r.text(1);
  n.type = r.text(2);
  n.priority = r.text(3);
  n.title = r.text(4);
  n.message = r.text(5);
  n.intervention_plan_id = r.opt_text(6);
  n.action_url = r.opt_text(7);
  n.is_read = r.boolean(8);
  n.read_at = r.opt_timestamp(9);
  n.created_at = r.timestamp(10);
  n.expires_at = r.opt_timestamp(11);
  return n;
}

// "not expired" = no expiry, or now ≤ expires_at (API.md §4.11: expired means now > expires_at).
constexpr const char* kNotExpired = "(expires_at IS NULL OR expires_at >= $2)";

}  // namespace

void Repository::insert(db::Executor& ex, const Notification& n) {
  ex.query(
      "INSERT INTO notifications (id, user_id, type, priority, priority_rank, title, message, "
      "intervention_plan_id, action_url, is_read, read_at, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
      {n.id, n.user_id, n.type, n.priority, static_cast<std::int64_t>(priority_rank(n.priority)),
       n.title, n.message, db::opt(n.intervention_plan_id), db::opt(n.action_url), n.is_read,
       n.read_at ? db::ts_param(*n.read_at) : db::null(), db::ts_param(n.created_at),
       n.expires_at ? db::ts_param(*n.expires_at) : db::null()});
}

std::vector<Notification> Repository::list(db::Executor& ex, const std::string& user_id,
                                           const ListFilter& f, Micros now, std::int64_t& total) {
  std::string where = std::string("user_id = $1 AND ") + kNotExpired;
  db::Params params{user_id, db::ts_param(now)};
  auto add = [&](const char* column, db::Param value) {
    params.push_back(std::move(value));
    where += std::string(" AND ") + column + " = $" + std::to_string(params.size());
  };
  if (f.unread_only) add("is_read", false);
  if (f.type) add("type", *f.type);
  if (f.priority) add("priority", *f.priority);
  total = ex.query("SELECT COUNT(*) FROM notifications WHERE " + where, params).one().integer(0);
  std::string sql = std::string("SELECT ") + kColumns + " FROM notifications WHERE " + where +
                    " ORDER BY priority_rank DESC, created_at DESC, id ASC LIMIT $" +
                    std::to_string(params.size() + 1) + " OFFSET $" +
                    std::to_string(params.size() + 2);
  params.push_back(f.limit);
  params.push_back(f.skip);
  std::vector<Notification> out;
  for (const auto& r : ex.query(sql, params).rows) out.push_back(from_row(r));
  return out;
}

std::int64_t Repository::unread_count(db::Executor& ex, const std::string& user_id, Micros now) {
  return ex
      .query(std::string("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND ") +
                 kNotExpired + " AND is_read = $3",
             {user_id, db::ts_param(now), false})
      .one()
      .integer(0);
}

Stats Repository::stats(db::Executor& ex, const std::string& user_id, Micros now) {
  Stats s;
  auto rows = ex.query(
      "SELECT type, priority, is_read, CASE WHEN expires_at IS NULL OR expires_at >= $2 THEN 1 "
      "ELSE 0 END, COUNT(*) FROM notifications WHERE user_id = $1 GROUP BY 1, 2, 3, 4",
      {user_id, db::ts_param(now)});
  std::map<std::string, std::int64_t> by_type, by_priority;
  for (const auto& r : rows.rows) {
    std::int64_t n = r.integer(4);
    bool unread_live = !r.boolean(2) && r.integer(3) == 1;
    s.total += n;
    by_type[r.text(0)] += n;
    by_priority[r.text(1)] += n;
    if (unread_live) {
      s.unread += n;
      if (r.text(1) == "urgent") s.urgent_unread += n;
    }
  }
  for (auto t : kTypes)
    if (auto it = by_type.find(std::string(t)); it != by_type.end() && it->second > 0)
      s.by_type.emplace_back(it->first, it->second);
  for (auto p : kPriorities)
    if (auto it = by_priority.find(std::string(p)); it != by_priority.end() && it->second > 0)
      s.by_priority.emplace_back(it->first, it->second);
  return s;
}

std::optional<Notification> Repository::find(db::Executor& ex, const std::string& id,
                                             const std::string& user_id) {
  auto r = ex.query(std::string("SELECT ") + kColumns +
                        " FROM notifications WHERE id = $1 AND user_id = $2",
                    {id, user_id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows.front());
}

bool Repository::set_read(db::Executor& ex, const std::string& id, const std::string& user_id,
                          bool read, Micros now) {
  db::Result r;
  if (read) {
    r = ex.query(
        "UPDATE notifications SET is_read = $3, read_at = COALESCE(read_at, $4) "
        "WHERE id = $1 AND user_id = $2",
        {id, user_id, true, db::ts_param(now)});
  } else {
    r = ex.query(
        "UPDATE notifications SET is_read = $3, read_at = NULL WHERE id = $1 AND user_id = $2",
        {id, user_id, false});
  }
  return r.affected > 0;
}

std::int64_t Repository::mark_all_read(db::Executor& ex, const std::string& user_id, Micros now) {
  return ex
      .query("UPDATE notifications SET is_read = $2, read_at = $3 WHERE user_id = $1 AND is_read = $4",
             {user_id, true, db::ts_param(now), false})
      .affected;
}

bool Repository::remove(db::Executor& ex, const std::string& id, const std::string& user_id) {
  return ex.query("DELETE FROM notifications WHERE id = $1 AND user_id = $2", {id, user_id})
             .affected > 0;
}

bool Repository::exists_since(db::Executor& ex, const std::string& plan_id,
                              const std::string& user_id, const std::string& type, Micros since) {
  return !ex.query(
                "SELECT 1 FROM notifications WHERE intervention_plan_id = $1 AND user_id = $2 "
                "AND type = $3 AND created_at >= $4 LIMIT 1",
                {plan_id, user_id, type, db::ts_param(since)})
              .empty();
}

std::int64_t Repository::delete_expired_before(db::Executor& ex, Micros cutoff) {
  return ex.query("DELETE FROM notifications WHERE expires_at < $1", {db::ts_param(cutoff)})
      .affected;
}

std::vector<std::string> Repository::plan_recipients(db::Executor& ex, const std::string& plan_id) {
  auto r = ex.query(
      "SELECT u.id FROM intervention_plans p JOIN students s ON s.id = p.student_id "
      "JOIN users u ON u.id = s.teacher_id WHERE p.id = $1 AND u.is_active "
      "UNION "
      "SELECT u.id FROM users u JOIN professionals pr ON lower(pr.email) = lower(u.email) "
      "WHERE u.is_active AND (pr.id IN (SELECT created_by_id FROM intervention_plans WHERE id = $1) "
      "OR pr.id IN (SELECT professional_id FROM intervention_plan_professionals WHERE plan_id = $1)) "
      "ORDER BY 1",
      {plan_id});
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.text(0));
  return out;
}

std::vector<std::string> Repository::linked_users(db::Executor& ex,
                                                  const std::string& professional_id) {
  auto r = ex.query(
      "SELECT u.id FROM users u JOIN professionals pr ON lower(pr.email) = lower(u.email) "
      "WHERE pr.id = $1 AND u.is_active ORDER BY u.id",
      {professional_id});
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.text(0));
  return out;
}

}  // namespace edu::notifications
