// UTC time helpers (Howard Hinnant's civil-date algorithms).
#include "core/time.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>

namespace edu {

Micros now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

Micros next_unique_micros() {
  static std::atomic<Micros> last{0};
  Micros now = now_micros();
  Micros prev = last.load();
  for (;;) {
    Micros candidate = std::max(now, prev + 1);
    if (last.compare_exchange_weak(prev, candidate)) return candidate;
  }
}

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

namespace {
bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}
}  // namespace

std::string format_timestamp(Micros t) {
  std::int64_t secs = t >= 0 ? t / 1000000 : (t - 999999) / 1000000;
  int micros = static_cast<int>(t - secs * 1000000);
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int sod = static_cast<int>(secs - days * 86400);
  Date d = civil_from_days(days);
  if (d.year < 0 || d.year > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", d.year, d.month, d.day,
                  sod / 3600, (sod / 60) % 60, sod % 60, micros);
    return buf;
  }
  // Fixed-width digits by hand: this runs for every timestamp of every response.
  std::string out = "0000-00-00T00:00:00.000000Z";
  auto put = [&out](std::size_t pos, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, d.year, 4);
  put(5, d.month, 2);
  put(8, d.day, 2);
  put(11, sod / 3600, 2);
  put(14, (sod / 60) % 60, 2);
  put(17, sod % 60, 2);
  put(20, micros, 6);
  return out;
}

std::string format_timestamp_millis(Micros t) {
  std::string s = format_timestamp(t);
  // drop the last three fractional digits
  s.erase(s.size() - 4, 3);
  return s;
}

std::optional<Micros> parse_timestamp(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  std::size_t pos = 10;
  Micros frac = 0;
  std::int64_t offset_secs = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
        !digits(s, pos + 3, 2, mi))
      return std::nullopt;
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, se)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int n = 0;
        Micros scale = 100000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (n < 6) frac += (s[pos] - '0') * scale;
          scale /= 10;
          ++n;
          ++pos;
        }
        if (n == 0) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || se > 59) return std::nullopt;
    if (pos < s.size()) {
      char c = s[pos];
      if ((c == 'Z' || c == 'z') && pos + 1 == s.size()) {
        pos += 1;
      } else if (c == '+' || c == '-') {
        int oh = 0, om = 0;
        if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
        std::size_t p2 = pos + 3;
        if (p2 < s.size()) {
          if (s[p2] == ':') ++p2;
          if (!digits(s, p2, 2, om)) return std::nullopt;
          p2 += 2;
        }
        if (p2 != s.size() || oh > 23 || om > 59) return std::nullopt;
        offset_secs = (oh * 3600 + om * 60) * (c == '+' ? 1 : -1);
        pos = p2;
      } else {
        return std::nullopt;
      }
    }
  }
  if (pos != s.size()) return std::nullopt;
  std::int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset_secs;
  // Years 1..9999 in UTC (as Python's datetime): year 0 or an offset crossing the range would
  // otherwise reach the database as a value PostgreSQL rejects.
  static const std::int64_t kMin = days_from_civil(1, 1, 1) * 86400;
  static const std::int64_t kEnd = days_from_civil(10000, 1, 1) * 86400;
  if (secs < kMin || secs >= kEnd) return std::nullopt;
  return secs * 1000000 + frac;
}

std::optional<Date> parse_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Date{y, m, d};
}

std::string format_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::int64_t to_days(const Date& d) { return days_from_civil(d.year, d.month, d.day); }

Date today_utc() {
  Micros t = now_micros();
  return civil_from_days(t / 1000000 / 86400);
}

std::string today_utc_string() { return format_date(today_utc()); }

int age_on(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

}  // namespace edu
