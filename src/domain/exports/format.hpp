// Pending-review export documents (API.md §4.12): the CSV (hand-written — RFC 4180 quoting of
// every field is a few lines and no Debian package offers a C++ CSV writer worth the
// dependency) and the XLSX workbook (libxlsxwriter). Pure functions of the selection.
#pragma once
#include <string>
#include <vector>

#include "core/time.hpp"
#include "domain/intervention_plans/model.hpp"

namespace edu::exports {

struct Counts {
  std::int64_t total = 0, high = 0, medium = 0, low = 0;
};

// planos_pendentes_YYYYMMDD_HHMMSS.<ext> (UTC).
std::string file_name(Micros now, const std::string& ext);
// Header row and one row of cells per item, in the CSV column order (Prioridade second).
std::vector<std::string> csv_header(bool include_student);
std::vector<std::string> csv_row(const plans::PendingItem& it, bool include_student,
                                 const Date& today);
// UTF-8 with BOM, every field quoted, CRLF line ends.
std::string build_csv(const std::vector<plans::PendingItem>& items, bool include_student,
                      const Date& today);
// The workbook bytes; throws std::runtime_error when the library fails.
std::string build_xlsx(const std::vector<plans::PendingItem>& items, bool include_student,
                       const Counts& counts, Micros now, const Date& today);
bool xlsx_available();

// "dd/mm/YYYY" and "dd/mm/YYYY HH:MM[:SS]" renderings (UTC).
std::string br_date(const Date& d);
std::string br_datetime(Micros t, bool seconds = false);

}  // namespace edu::exports
