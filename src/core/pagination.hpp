// The page-envelope pagination style of API.md §1.5 (professionals, observations, plans,
// socio-emotional indicators): `skip` ≥ 0 (0), `limit` 1..1000 (100), and the response
// `{"<items-key>": [...], "total", "page", "page_size", "total_pages"}`.
#pragma once
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"

namespace edu {

class Validator;

struct PageQuery {
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

// Reads `skip` and `limit` from the query string (errors recorded on `v`).
PageQuery read_page_query(Validator& v, std::int64_t default_limit = 100,
                          std::int64_t max_limit = 1000);

// page = floor(skip/limit)+1, total_pages = ceil(total/limit) (0 when total is 0).
json::object page_envelope(std::string_view items_key, json::array items, std::int64_t total,
                           const PageQuery& q);

// A list whose filter runs in C++ (a substring search over encrypted columns): `rows` are
// those of every other filter, in list order; `to_item` maps a row (decrypting it) and `keep`
// tests the item. Returns the requested page of the kept items and how many were kept.
template <class Rows, class ToItem, class Keep>
auto filter_then_page(const Rows& rows, ToItem to_item, Keep keep, const PageQuery& page) {
  using Item = decltype(to_item(*rows.begin()));
  std::vector<Item> page_items;
  std::int64_t kept = 0;
  for (const auto& row : rows) {
    Item item = to_item(row);
    if (!keep(item)) continue;
    if (kept >= page.skip && kept < page.skip + page.limit) page_items.push_back(std::move(item));
    ++kept;
  }
  return std::pair<std::vector<Item>, std::int64_t>(std::move(page_items), kept);
}

}  // namespace edu
