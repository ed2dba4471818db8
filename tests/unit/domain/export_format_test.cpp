// CSV/XLSX rendering of the pending-review export (API.md §4.12).
#include <gtest/gtest.h>

#include "domain/exports/format.hpp"

using namespace edu;
using namespace edu::exports;

namespace {
const Date kToday{2025, 3, 15};

plans::PendingItem item() {
  plans::PendingItem it;
  it.plan.id = "0190-id";
  it.plan.title = "Plano \"A\", revisão";
  it.plan.status = "active";
  it.plan.review_frequency = "weekly";
  it.plan.created_at = "2025-03-01T09:05:00.000000Z";
  it.plan.updated_at = "2025-03-02T23:59:59.000000Z";
  it.plan.student_name = "João Silva";
  it.plan.student_birth = Date{2015, 3, 16};
  it.priority = "high";
  return it;
}
}  // namespace

TEST(ExportCsv, BomQuotingCrlfAndColumns) {
  std::string csv = build_csv({item()}, false, kToday);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  std::string body = csv.substr(3);
  std::string header =
      "\"ID\",\"Prioridade\",\"Título\",\"Descrição\",\"Status\",\"Frequência de Revisão\","
      "\"Precisa Revisão\",\"Última Revisão\",\"Data de Criação\",\"Data de Atualização\"\r\n";
  ASSERT_EQ(body.substr(0, header.size()), header);
  EXPECT_EQ(body.substr(header.size()),
            "\"0190-id\",\"HIGH\",\"Plano \"\"A\"\", revisão\",\"\",\"active\",\"weekly\","
            "\"Sim\",\"Nunca\",\"01/03/2025 09:05\",\"02/03/2025 23:59\"\r\n");
}

TEST(ExportCsv, StudentColumns) {
  auto it = item();
  it.plan.last_reviewed_at = Date{2025, 3, 1};
  auto row = csv_row(it, true, kToday);
  ASSERT_EQ(row.size(), 13u);
  EXPECT_EQ(row[7], "01/03/2025");
  EXPECT_EQ(row[11], "João Silva");
  EXPECT_EQ(row[12], "9");  // birthday tomorrow
  it.plan.student_name.clear();
  EXPECT_EQ(csv_row(it, true, kToday)[11], "Não informado");
  EXPECT_EQ(csv_header(true).back(), "Aluno Idade");
}

TEST(ExportNames, FileNameAndDates) {
  Micros t = *parse_timestamp("2025-12-05T10:20:30.123456Z");
  EXPECT_EQ(file_name(t, "csv"), "planos_pendentes_20251205_102030.csv");
  EXPECT_EQ(br_datetime(t, true), "05/12/2025 10:20:30");
  EXPECT_EQ(br_date(Date{2025, 1, 2}), "02/01/2025");
}

#ifdef EDU_HAVE_XLSXWRITER
TEST(ExportXlsx, ProducesAZipPackage) {
  std::string x = build_xlsx({item()}, true, Counts{1, 1, 0, 0}, now_micros(), kToday);
  ASSERT_GT(x.size(), 1000u);
  EXPECT_EQ(x.substr(0, 2), "PK");
}
#endif
