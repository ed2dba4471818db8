// A small RFC 4180 CSV reader for the BNCC dataset (API.md §4.13.2).
//
// Hand-written on purpose (DESIGN.md §5): Debian 12 packages no maintained C++ CSV library,
// and the import must report *which line* of the file is bad and keep going with the next
// record — something generic parsers rarely expose. The format needed is small: comma
// separator, double-quoted fields with "" escapes (which may span lines), LF or CRLF record
// ends, an optional UTF-8 BOM, and UTF-8 validation per record.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edu::bncc {

struct CsvRecord {
  std::size_t line = 0;             // 1-based line where the record starts
  std::vector<std::string> fields;  // decoded fields (valid only when error is empty)
  std::string error;                // non-empty when the record is malformed
};

class CsvReader {
 public:
  // `data` must outlive the reader. A leading UTF-8 BOM is skipped.
  explicit CsvReader(std::string_view data);

  // Reads the next record; false at end of input. Blank lines are skipped. A malformed record
  // (unterminated quote, text after a closing quote, a bare quote inside an unquoted field,
  // invalid UTF-8) is returned with `error` set, and reading resumes at the next line.
  bool next(CsvRecord& rec);

 private:
  void skip_to_next_line();
  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace edu::bncc
