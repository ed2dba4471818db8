// Dataset loading: files → ParsedCatalog (see loader.hpp).
#include "domain/bncc/loader.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/ids.hpp"
#include "domain/bncc/csv.hpp"

namespace edu::bncc {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<std::string> opt_cell(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::vector<std::string> split(std::string_view s, std::string_view sep, bool trim_items) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t at = s.find(sep, pos);
    std::string_view part =
        s.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos);
    std::string item = trim_items ? trim(part) : std::string(part);
    if (!item.empty()) out.push_back(std::move(item));
    if (at == std::string_view::npos) break;
    pos = at + sep.size();
  }
  return out;
}

std::optional<std::vector<int>> parse_years(std::string_view s) {
  std::vector<int> out;
  for (const auto& part : split(s, ";", true)) {
    if (part.size() != 1 || part[0] < '0' || part[0] > '9') return std::nullopt;
    out.push_back(part[0] - '0');
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string joined(const std::vector<std::string>& f) {
  std::string s;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (i) s.push_back(',');
    s += f[i];
  }
  return s;
}

void apply_extra(std::string_view extra, ParsedCatalog& out) {
  CsvReader rd(extra);
  CsvRecord rec;
  auto ignore_file = [&](std::string why) {
    out.extra_ignored.push_back({"bncc_extra.csv", 1, "", std::move(why)});
  };
  if (!rd.next(rec) || !rec.error.empty() || joined(rec.fields) != kExtraHeader) {
    ignore_file("wrong header: the extra fields are not loaded");
    return;
  }
  std::unordered_map<std::string, Skill*> by_code;
  for (auto& s : out.skills) by_code.emplace(s.code, &s);
  std::unordered_map<std::string, std::size_t> seen;
  while (rd.next(rec)) {
    auto bad = [&](std::string code, std::string why) {
      out.extra_ignored.push_back({"bncc_extra.csv", rec.line, std::move(code), std::move(why)});
    };
    if (!rec.error.empty()) {
      bad("", rec.error);
      continue;
    }
    if (rec.fields.size() != 6) {
      bad(rec.fields.empty() ? "" : rec.fields[0],
          "expected 6 fields, found " + std::to_string(rec.fields.size()));
      continue;
    }
    std::string code = normalize_code(rec.fields[0]);
    auto it = by_code.find(code);
    if (it == by_code.end()) {
      bad(rec.fields[0], "code not in bncc.csv");
      continue;
    }
    if (auto [pos, fresh] = seen.emplace(code, rec.line); !fresh) {
      bad(rec.fields[0], "duplicate code (first on line " + std::to_string(pos->second) + ")");
      continue;
    }
    Skill& s = *it->second;
    s.field_of_action = opt_cell(rec.fields[1]);
    s.language_practice = opt_cell(rec.fields[2]);
    s.axis = opt_cell(rec.fields[3]);
    s.specific_competencies = split(rec.fields[4], ";", true);
    const std::string page = trim(rec.fields[5]);
    if (!page.empty()) {
      bool digits = page.size() <= 6 && std::all_of(page.begin(), page.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
      if (digits)
        s.pdf_page = std::stoll(page);
      else
        bad(rec.fields[0], "pdf_page is not an integer: kept null");
    }
  }
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw LoadError("cannot read " + path);
  return ss.str();
}

SourceFiles resolve_source(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  SourceFiles out;
  fs::path dir;
  if (fs::is_directory(p, ec)) {
    dir = p;
    out.main_path = (p / "bncc.csv").string();
  } else {
    dir = p.parent_path();
    out.main_path = p.string();
  }
  if (!fs::is_regular_file(out.main_path, ec))
    throw LoadError("bncc.csv not found at " + out.main_path);
  fs::path extra = dir / "bncc_extra.csv";
  if (fs::is_regular_file(extra, ec)) out.extra_path = extra.string();
  return out;
}

ParsedCatalog parse_catalog(std::string_view main_csv, std::optional<std::string_view> extra_csv) {
  auto t0 = std::chrono::steady_clock::now();
  ParsedCatalog out;
  CsvReader rd(main_csv);
  CsvRecord rec;
  if (!rd.next(rec)) throw LoadError("bncc.csv is empty");
  if (!rec.error.empty() || joined(rec.fields) != kMainHeader)
    throw LoadError("bncc.csv has a wrong header (expected \"" + std::string(kMainHeader) + "\")");

  std::unordered_map<std::string, std::size_t> first_line;
  while (rd.next(rec)) {
    auto skip = [&](std::string code, std::string why) {
      out.skipped.push_back({"bncc.csv", rec.line, std::move(code), std::move(why)});
    };
    if (!rec.error.empty()) {
      skip("", rec.error);
      continue;
    }
    const auto& f = rec.fields;
    if (f.size() != 8) {
      skip(f.empty() ? "" : f[0], "expected 8 fields, found " + std::to_string(f.size()));
      continue;
    }
    std::string code = normalize_code(f[0]);
    auto decoded = decode(code);
    if (!decoded) {
      skip(f[0], "code is not well-formed");
      continue;
    }
    if (auto [pos, fresh] = first_line.emplace(code, rec.line); !fresh) {
      skip(f[0], "duplicate code (first on line " + std::to_string(pos->second) + ")");
      continue;
    }
    if (trim(f[1]) != stage_code(decoded->stage)) {
      first_line.erase(code);
      skip(f[0], "stage '" + f[1] + "' disagrees with the code (" +
                     std::string(stage_code(decoded->stage)) + ")");
      continue;
    }
    auto years = parse_years(f[2]);
    if (!years || *years != decoded->years) {
      first_line.erase(code);
      skip(f[0], "years '" + f[2] + "' disagree with the code");
      continue;
    }
    if (trim(f[7]).empty()) {
      first_line.erase(code);
      skip(f[0], "empty description");
      continue;
    }
    Skill s;
    s.code = code;
    s.stage = decoded->stage;
    s.years = std::move(*years);
    s.component = opt_cell(f[3]);
    s.component_code = decoded->component_code;
    s.area = opt_cell(f[4]);
    s.area_code = decoded->area_code;
    s.thematic_unit = opt_cell(f[5]);
    s.knowledge_objects = split(f[6], " | ", true);
    s.description = f[7];
    out.skills.push_back(std::move(s));
  }
  if (out.skills.empty()) throw LoadError("bncc.csv has no valid row");
  std::stable_sort(out.skills.begin(), out.skills.end(), catalog_less);

  out.sha256 = sha256_hex(main_csv);
  out.version = out.sha256.substr(0, 12);
  if (extra_csv) {
    out.has_extra = true;
    out.extra_sha256 = sha256_hex(*extra_csv);
    apply_extra(*extra_csv, out);
  }
  out.parse_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

ParsedCatalog load_catalog_files(const std::string& path) {
  SourceFiles src = resolve_source(path);
  std::string main = read_file(src.main_path);
  std::optional<std::string> extra;
  if (src.extra_path) {
    try {
      extra = read_file(*src.extra_path);
    } catch (const LoadError&) {
      extra.reset();  // optional file: unreadable → no extras
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  ParsedCatalog pc =
      parse_catalog(main, extra ? std::optional<std::string_view>(*extra) : std::nullopt);
  pc.parse_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return pc;
}

}  // namespace edu::bncc
