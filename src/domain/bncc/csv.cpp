// RFC 4180 reader (see csv.hpp for why it is hand-written).
#include "domain/bncc/csv.hpp"

#include "core/text_fold.hpp"

namespace edu::bncc {

CsvReader::CsvReader(std::string_view data) : data_(data) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void CsvReader::skip_to_next_line() {
  while (pos_ < data_.size() && data_[pos_] != '\n') ++pos_;
  if (pos_ < data_.size()) {
    ++pos_;
    ++line_;
  }
}

bool CsvReader::next(CsvRecord& rec) {
  // Skip blank lines (LF or CRLF).
  for (;;) {
    if (pos_ >= data_.size()) return false;
    if (data_[pos_] == '\n') {
      ++pos_;
      ++line_;
    } else if (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
    } else {
      break;
    }
  }
  rec.line = line_;
  rec.fields.clear();
  rec.error.clear();
  std::string field;
  auto fail = [&](std::string why) {
    rec.error = std::move(why);
    rec.fields.clear();
    skip_to_next_line();
    return true;
  };
  for (;;) {
    field.clear();
    if (pos_ < data_.size() && data_[pos_] == '"') {
      // Quoted field: runs to the matching quote; "" is a literal quote; may span lines.
      std::size_t open_line = line_;
      ++pos_;
      bool closed = false;
      while (pos_ < data_.size()) {
        char c = data_[pos_];
        if (c == '"') {
          if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '"') {
            field.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          closed = true;
          break;
        }
        if (c == '\n') ++line_;
        field.push_back(c);
        ++pos_;
      }
      if (!closed) {
        rec.error = "unterminated quoted field (opened on line " + std::to_string(open_line) + ")";
        rec.fields.clear();
        return true;
      }
      if (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n' &&
          !(data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n')) {
        return fail("unexpected character after a closing quote");
      }
    } else {
      while (pos_ < data_.size()) {
        char c = data_[pos_];
        if (c == ',' || c == '\n') break;
        if (c == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') break;
        if (c == '"') return fail("quote inside an unquoted field");
        field.push_back(c);
        ++pos_;
      }
    }
    if (!is_valid_utf8(field)) return fail("invalid UTF-8");
    rec.fields.push_back(field);
    if (pos_ >= data_.size()) return true;
    char c = data_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of record.
    pos_ += (c == '\r') ? 2 : 1;
    ++line_;
    return true;
  }
}

}  // namespace edu::bncc
