// Page envelope (API.md §1.5).
#include "core/pagination.hpp"

#include "core/validation.hpp"

namespace edu {

PageQuery read_page_query(Validator& v, std::int64_t default_limit, std::int64_t max_limit) {
  PageQuery q;
  IntRule skip_rule;
  skip_rule.ge = 0;
  IntRule limit_rule;
  limit_rule.ge = 1;
  limit_rule.le = max_limit;
  q.skip = v.query_int("skip", 0, skip_rule).value_or(0);
  q.limit = v.query_int("limit", default_limit, limit_rule).value_or(default_limit);
  return q;
}

json::object page_envelope(std::string_view items_key, json::array items, std::int64_t total,
                           const PageQuery& q) {
  const std::int64_t limit = q.limit > 0 ? q.limit : 1;
  json::object o;
  o[items_key] = std::move(items);
  o["total"] = total;
  o["page"] = q.skip / limit + 1;
  o["page_size"] = q.limit;
  o["total_pages"] = total <= 0 ? 0 : (total + limit - 1) / limit;
  return o;
}

}  // namespace edu
