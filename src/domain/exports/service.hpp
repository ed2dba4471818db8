// Export of the pending-review selection (API.md §4.12): summary counts and CSV/XLSX files
// built from the same selection, priority rules and order as GET /intervention-plans/pending-review.
#pragma once
#include <optional>
#include <string>

#include "core/json.hpp"
#include "domain/intervention_plans/service.hpp"

namespace edu::exports {

struct ExportQuery {
  std::optional<std::string> professional_id, priority;
  std::int64_t skip = 0, limit = 1000;
  bool include_student = false;
};

struct File {
  std::string name;
  std::string content_type;
  std::string body;
};

class Service {
 public:
  explicit Service(plans::Service& plans) : plans_(plans) {}

  json::object summary(const std::optional<std::string>& professional_id,
                       const std::optional<std::string>& priority);
  // 404 "No plans found to export" when nothing remains after skip/limit.
  File csv(const ExportQuery& q);
  File excel(const ExportQuery& q);

 private:
  plans::Service& plans_;
};

}  // namespace edu::exports
