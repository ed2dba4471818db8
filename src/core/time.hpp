// UTC time: the one clock of the service, ISO-8601 formatting and lenient parsing (API.md §1.4).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edu {

// Microseconds since the Unix epoch, UTC.
using Micros = std::int64_t;

Micros now_micros();
// now_micros(), but strictly greater than every earlier value returned by this function in the
// process: "newest first" orders stay stable for rows created within the same microsecond.
Micros next_unique_micros();
// "2025-12-05T10:20:30.123456Z"
std::string format_timestamp(Micros t);
// "2025-12-05T10:20:30.123Z" (log lines)
std::string format_timestamp_millis(Micros t);
// Accepts "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" with Z, ±HH:MM offset or none (UTC), a space
// instead of T, and a bare date (midnight UTC). Also accepts PostgreSQL's text output
// ("2025-12-05 10:20:30.123+00").
std::optional<Micros> parse_timestamp(std::string_view s);

// Calendar dates as days since 1970-01-01.
struct Date {
  int year = 1970, month = 1, day = 1;
};
std::int64_t days_from_civil(int y, int m, int d);
Date civil_from_days(std::int64_t days);
// Strict "YYYY-MM-DD" with a valid calendar day.
std::optional<Date> parse_date(std::string_view s);
std::string format_date(const Date& d);
std::int64_t to_days(const Date& d);
Date today_utc();
std::string today_utc_string();
// Whole years between birth and `on` (birthday not yet reached → one less).
int age_on(const Date& birth, const Date& on);

}  // namespace edu
