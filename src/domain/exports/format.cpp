// CSV and XLSX rendering of the pending-review selection (API.md §4.12).
#include "domain/exports/format.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#ifdef EDU_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

namespace edu::exports {
namespace {

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// Splits a timestamp into its civil date and time of day (UTC).
void civil(Micros t, Date& d, int& h, int& m, int& s) {
  std::int64_t secs = t / 1'000'000;
  if (t < 0 && t % 1'000'000 != 0) --secs;
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) rem += 86400, --days;
  d = civil_from_days(days);
  h = static_cast<int>(rem / 3600);
  m = static_cast<int>(rem % 3600 / 60);
  s = static_cast<int>(rem % 60);
}

std::string upper(const std::string& s) {
  std::string o = s;
  for (char& c : o)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return o;
}

std::string quote(const std::string& field) {
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out += "\"";
  return out;
}

}  // namespace

std::string br_date(const Date& d) {
  return two(d.day) + "/" + two(d.month) + "/" + std::to_string(d.year);
}

std::string br_datetime(Micros t, bool seconds) {
  Date d;
  int h, m, s;
  civil(t, d, h, m, s);
  std::string out = br_date(d) + " " + two(h) + ":" + two(m);
  if (seconds) out += ":" + two(s);
  return out;
}

std::string file_name(Micros now, const std::string& ext) {
  Date d;
  int h, m, s;
  civil(now, d, h, m, s);
  char buf[64];
  std::snprintf(buf, sizeof buf, "planos_pendentes_%04d%02d%02d_%02d%02d%02d.", d.year, d.month,
                d.day, h, m, s);
  return buf + ext;
}

std::vector<std::string> csv_header(bool include_student) {
  std::vector<std::string> h = {"ID",
                                "Prioridade",
                                "Título",
                                "Descrição",
                                "Status",
                                "Frequência de Revisão",
                                "Precisa Revisão",
                                "Última Revisão",
                                "Data de Criação",
                                "Data de Atualização"};
  if (include_student) {
    h.push_back("Aluno ID");
    h.push_back("Aluno Nome");
    h.push_back("Aluno Idade");
  }
  return h;
}

std::vector<std::string> csv_row(const plans::PendingItem& it, bool include_student,
                                 const Date& today) {
  const plans::Plan& p = it.plan;
  bool needs = plans::needs_review(p.status, p.last_reviewed_at, p.review_frequency, today);
  std::vector<std::string> row = {
      p.id,
      upper(it.priority),
      p.title,
      p.description.value_or(""),
      p.status,
      p.review_frequency,
      needs ? "Sim" : "Não",
      p.last_reviewed_at ? br_date(*p.last_reviewed_at) : "Nunca",
      br_datetime(parse_timestamp(p.created_at).value_or(0)),
      br_datetime(parse_timestamp(p.updated_at).value_or(0))};
  if (include_student) {
    row.push_back(p.student_id);
    row.push_back(p.student_name.empty() ? "Não informado" : p.student_name);
    row.push_back(p.student_birth ? std::to_string(age_on(*p.student_birth, today)) : "");
  }
  return row;
}

std::string build_csv(const std::vector<plans::PendingItem>& items, bool include_student,
                      const Date& today) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ",";
      out += quote(cells[i]);
    }
    out += "\r\n";
  };
  line(csv_header(include_student));
  for (const auto& it : items) line(csv_row(it, include_student, today));
  return out;
}

#ifdef EDU_HAVE_XLSXWRITER

bool xlsx_available() { return true; }

namespace {

// Owns the temporary file libxlsxwriter 1.1.4 needs (it has no in-memory output).
struct TempPath {
  std::string path;
  TempPath() {
    auto dir = std::filesystem::temp_directory_path();
    std::string tmpl = (dir / "edu-export-XXXXXX").string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the XLSX export");
    ::close(fd);
    path = tmpl;
  }
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR)
    throw std::runtime_error(std::string("xlsx ") + what + ": " + lxw_strerror(e));
}

}  // namespace

std::string build_xlsx(const std::vector<plans::PendingItem>& items, bool include_student,
                       const Counts& counts, Micros now, const Date& today) {
  TempPath tmp;
  lxw_workbook* wb = workbook_new(tmp.path.c_str());
  if (!wb) throw std::runtime_error("xlsx: cannot create workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(wb, "Planos Pendentes de Revisão");
  lxw_worksheet* summary = workbook_add_worksheet(wb, "Resumo");

  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_font_color(header, 0xFFFFFF);
  format_set_bg_color(header, 0x4472C4);
  format_set_pattern(header, LXW_PATTERN_SOLID);
  auto fill = [&](lxw_color_t c) {
    lxw_format* f = workbook_add_format(wb);
    format_set_bg_color(f, c);
    format_set_pattern(f, LXW_PATTERN_SOLID);
    return f;
  };
  lxw_format* high = fill(0xFFC7CE);
  lxw_format* medium = fill(0xFFEB9C);
  lxw_format* low = fill(0xC6EFCE);

  // Sheet 1: Prioridade first, then the CSV columns without Prioridade.
  auto reorder = [](std::vector<std::string> cells) {
    std::string prio = cells[1];
    cells.erase(cells.begin() + 1);
    cells.insert(cells.begin(), prio);
    return cells;
  };
  auto head = reorder(csv_header(include_student));
  for (std::size_t c = 0; c < head.size(); ++c)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), head[c].c_str(), header);
  worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(head.size() - 1), 20, nullptr);
  lxw_row_t row = 1;
  for (const auto& it : items) {
    auto cells = reorder(csv_row(it, include_student, today));
    lxw_format* pf = it.priority == "high" ? high : it.priority == "medium" ? medium : low;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      auto col = static_cast<lxw_col_t>(c);
      bool age_col = include_student && c + 1 == cells.size();
      if (age_col && !cells[c].empty())
        worksheet_write_number(sheet, row, col, std::stod(cells[c]), nullptr);
      else
        worksheet_write_string(sheet, row, col, cells[c].c_str(), c == 0 ? pf : nullptr);
    }
    ++row;
  }

  // Sheet 2: summary of the (filtered) selection before skip/limit.
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);
  worksheet_write_string(summary, 0, 0, "Resumo da Exportação", title);
  worksheet_write_string(summary, 2, 0, "Total de Planos:", nullptr);
  worksheet_write_number(summary, 2, 1, static_cast<double>(counts.total), nullptr);
  worksheet_write_string(summary, 3, 0, "Alta Prioridade:", nullptr);
  worksheet_write_number(summary, 3, 1, static_cast<double>(counts.high), nullptr);
  worksheet_write_string(summary, 4, 0, "Média Prioridade:", nullptr);
  worksheet_write_number(summary, 4, 1, static_cast<double>(counts.medium), nullptr);
  worksheet_write_string(summary, 5, 0, "Baixa Prioridade:", nullptr);
  worksheet_write_number(summary, 5, 1, static_cast<double>(counts.low), nullptr);
  worksheet_write_string(summary, 7, 0, "Data da Exportação:", nullptr);
  worksheet_write_string(summary, 7, 1, br_datetime(now, true).c_str(), nullptr);
  worksheet_set_column(summary, 0, 1, 22, nullptr);

  check(workbook_close(wb), "write");
  std::ifstream in(tmp.path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

#else

bool xlsx_available() { return false; }

std::string build_xlsx(const std::vector<plans::PendingItem>&, bool, const Counts&, Micros,
                       const Date&) {
  throw std::runtime_error("built without libxlsxwriter");
}

#endif

}  // namespace edu::exports
