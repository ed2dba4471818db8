// Pending-review exports (API.md §4.12).
#include "domain/exports/service.hpp"

#include "core/errors.hpp"
#include "domain/exports/format.hpp"

namespace edu::exports {
namespace {

struct Slice {
  std::vector<plans::PendingItem> items;
  Counts counts;
};

Slice select(plans::Service& svc, const ExportQuery& q) {
  auto sel = svc.pending(q.professional_id, q.priority, /*narrative=*/true);  // rows print the description
  Slice s;
  s.counts = Counts{static_cast<std::int64_t>(sel.items.size()), sel.high, sel.medium, sel.low};
  auto n = static_cast<std::int64_t>(sel.items.size());
  for (std::int64_t i = q.skip; i < n && i < q.skip + q.limit; ++i)
    s.items.push_back(std::move(sel.items[static_cast<std::size_t>(i)]));
  if (s.items.empty()) throw not_found("No plans found to export");
  return s;
}

}  // namespace

json::object Service::summary(const std::optional<std::string>& professional_id,
                              const std::optional<std::string>& priority) {
  auto sel = plans_.pending(professional_id, priority);
  return json::object{{"total", static_cast<std::int64_t>(sel.items.size())},
                      {"high_priority", sel.high},
                      {"medium_priority", sel.medium},
                      {"low_priority", sel.low},
                      {"excel_available", xlsx_available()}};
}

File Service::csv(const ExportQuery& q) {
  Micros now = now_micros();
  auto s = select(plans_, q);
  return File{file_name(now, "csv"), "text/csv; charset=utf-8",
              build_csv(s.items, q.include_student, today_utc())};
}

File Service::excel(const ExportQuery& q) {
  Micros now = now_micros();
  auto s = select(plans_, q);
  return File{file_name(now, "xlsx"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              build_xlsx(s.items, q.include_student, s.counts, now, today_utc())};
}

}  // namespace edu::exports
