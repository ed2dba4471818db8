// BNCC code normalisation and grammar (API.md §4.13.1). Hand-written rather than std::regex:
// the grammar is a handful of fixed prefixes and the check runs on every activity write.
#include "domain/teaching/bncc.hpp"

#include <array>
#include <cctype>

#include "domain/teaching/text.hpp"

namespace edu::teaching {

std::string normalize_bncc_code(std::string_view raw) {
  std::string s;
  s.reserve(raw.size());
  for (char c : raw)
    if (c != '(' && c != ')') s.push_back(c);
  s = trim_unicode(s);
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

namespace {

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

template <std::size_t N>
bool one_of(std::string_view v, const std::array<std::string_view, N>& set) {
  for (auto s : set)
    if (s == v) return true;
  return false;
}

// EF + year segment + component: the combinations the grammar allows.
bool ef_prefix_ok(std::string_view year, std::string_view comp) {
  static constexpr std::array<std::string_view, 15> kLpYears{
      "01", "02", "03", "04", "05", "06", "07", "08", "09", "12", "15", "35", "67", "69", "89"};
  if (comp == "LP") return one_of(year, kLpYears);
  if (comp == "AR") return year == "15" || year == "69";
  if (comp == "EF") return year == "12" || year == "35" || year == "67" || year == "89";
  bool single = year.size() == 2 && year[0] == '0' && year[1] >= '1' && year[1] <= '9';
  if (comp == "MA" || comp == "CI" || comp == "GE" || comp == "HI" || comp == "ER") return single;
  if (comp == "LI") return year[0] == '0' && year[1] >= '6' && year[1] <= '9';
  return false;
}

}  // namespace

bool bncc_well_formed(std::string_view c) {
  if (c.size() < 8 || c.size() > 10) return false;
  std::string_view seq = c.substr(c.size() - 2);
  if (!digits(seq)) return false;
  std::string_view head = c.substr(0, c.size() - 2);
  if (head.substr(0, 2) == "EI") {
    // EI0[1-3](EO|CG|TS|EF|ET)
    if (head.size() != 6 || head[2] != '0' || head[3] < '1' || head[3] > '3') return false;
    static constexpr std::array<std::string_view, 5> kCampos{"EO", "CG", "TS", "EF", "ET"};
    return one_of(head.substr(4), kCampos);
  }
  if (head.substr(0, 2) == "EF") {
    if (head.size() != 6 || !digits(head.substr(2, 2))) return false;
    return ef_prefix_ok(head.substr(2, 2), head.substr(4, 2));
  }
  if (head.substr(0, 4) == "EM13") {
    std::string_view rest = head.substr(4);
    if (rest == "LP") return true;
    if (rest.size() != 4) return false;
    std::string_view area = rest.substr(0, 3);
    char comp = rest[3];
    if (area == "LGG") return comp >= '1' && comp <= '7';
    if (area == "MAT") return comp >= '1' && comp <= '5';
    if (area == "CNT") return comp >= '1' && comp <= '3';
    if (area == "CHS") return comp >= '1' && comp <= '6';
    return false;
  }
  return false;
}

}  // namespace edu::teaching
