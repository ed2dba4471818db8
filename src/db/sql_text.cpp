// SQL text helpers (see sql_text.hpp). A tiny lexer that knows just enough of the SQL
// lexical structure — literals, quoted identifiers, comments, dollar quoting — to avoid
// touching anything inside them.
#include "db/sql_text.hpp"

#include <algorithm>
#include <cctype>

namespace edu::db {
namespace {

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// If `sql[i]` starts a dollar-quote opening tag ($$ or $tag$), returns the tag length
// including both dollars; 0 otherwise.
std::size_t dollar_tag_at(std::string_view sql, std::size_t i) {
  if (sql[i] != '$') return 0;
  std::size_t j = i + 1;
  if (j < sql.size() && sql[j] == '$') return 2;
  if (j >= sql.size() || !(std::isalpha(static_cast<unsigned char>(sql[j])) || sql[j] == '_'))
    return 0;
  while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
  if (j < sql.size() && sql[j] == '$') return j - i + 1;
  return 0;
}

// Calls on_code(i) for every character outside literals/comments; returns the text with
// those regions copied verbatim. `emit` receives each code character and may replace it.
template <typename OnCode>
void scan(std::string_view sql, OnCode&& on_code, std::string* out) {
  std::size_t i = 0;
  auto copy = [&](std::size_t from, std::size_t to) {
    if (out) out->append(sql.substr(from, to - from));
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // '...' with '' escapes; "..." with "" escapes
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      std::size_t end = j < sql.size() ? j + 1 : sql.size();
      copy(i, end);
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t j = sql.find('\n', i);
      std::size_t end = j == std::string_view::npos ? sql.size() : j;
      copy(i, end);
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t j = sql.find("*/", i + 2);
      std::size_t end = j == std::string_view::npos ? sql.size() : j + 2;
      copy(i, end);
      i = end;
    } else if (c == '$' && (i == 0 || !ident_char(sql[i - 1])) && dollar_tag_at(sql, i) > 0) {
      std::size_t n = dollar_tag_at(sql, i);
      std::string_view tag = sql.substr(i, n);
      std::size_t j = sql.find(tag, i + n);
      std::size_t end = j == std::string_view::npos ? sql.size() : j + n;
      copy(i, end);
      i = end;
    } else {
      i = on_code(i);
    }
  }
}

// Calls on_word(word) for every identifier or keyword outside literals and comments, as a view
// of `sql` (original case; no allocation — this runs for every statement), until it returns
// false. A literal or comment ends a word.
template <typename OnWord>
void for_each_code_word(std::string_view sql, OnWord&& on_word) {
  constexpr std::size_t npos = std::string_view::npos;
  std::size_t start = npos, next = 0;
  bool stopped = false;
  auto flush = [&](std::size_t end) {
    if (start != npos && !stopped && !on_word(sql.substr(start, end - start))) stopped = true;
    start = npos;
  };
  scan(
      sql,
      [&](std::size_t i) {
        if (i != next) flush(next);  // the scanner skipped a literal or a comment
        next = i + 1;
        char c = sql[i];
        bool word = std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
                    (start != npos && std::isdigit(static_cast<unsigned char>(c)));
        if (word) {
          if (start == npos) start = i;
        } else {
          flush(i);
        }
        return stopped ? sql.size() : i + 1;
      },
      nullptr);
  flush(std::min(next, sql.size()));
}

bool iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
  return true;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  scan(
      sql,
      [&](std::size_t i) {
        char c = sql[i];
        if (c == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])) &&
            (i == 0 || !ident_char(sql[i - 1]))) {
          out.push_back('?');
        } else {
          out.push_back(c);
        }
        return i + 1;
      },
      &out);
  return out;
}

bool is_read_only_statement(std::string_view sql) {
  bool any = false, read_only = false, after_for = false;
  for_each_code_word(sql, [&](std::string_view w) {
    if (!any) {
      any = true;
      if (iequals(w, "show") || iequals(w, "values")) {
        read_only = true;
        return false;
      }
      read_only = iequals(w, "select") || iequals(w, "with") || iequals(w, "table");
      if (!read_only) return false;
    }
    if (iequals(w, "insert") || iequals(w, "update") || iequals(w, "delete") ||
        iequals(w, "merge") || iequals(w, "into") || iequals(w, "nextval") || iequals(w, "setval") ||
        // FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE / FOR KEY SHARE take row locks.
        (after_for && (iequals(w, "share") || iequals(w, "no") || iequals(w, "key")))) {
      read_only = false;
      return false;
    }
    after_for = iequals(w, "for");
    return true;
  });
  return read_only;
}

}  // namespace edu::db
