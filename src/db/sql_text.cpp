// SQL text helpers (see sql_text.hpp). A tiny lexer that knows just enough of the SQL
// lexical structure — literals, quoted identifiers, comments, dollar quoting — to avoid
// touching anything inside them.
#include "db/sql_text.hpp"

#include <cctype>
#include <vector>

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

std::vector<std::string> code_words(std::string_view sql, std::size_t max_words) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && words.size() < max_words) words.push_back(cur);
    cur.clear();
  };
  scan(
      sql,
      [&](std::size_t i) {
        char c = sql[i];
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
            (!cur.empty() && std::isdigit(static_cast<unsigned char>(c)))) {
          cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
          flush();
        }
        return i + 1;
      },
      nullptr);
  flush();
  return words;
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
  auto words = code_words(sql, 4096);
  if (words.empty()) return false;
  const std::string& first = words.front();
  if (first == "show" || first == "values") return true;
  if (first != "select" && first != "with" && first != "table") return false;
  for (std::size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    if (w == "insert" || w == "update" || w == "delete" || w == "merge" || w == "into" ||
        w == "nextval" || w == "setval")
      return false;
    // FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE / FOR KEY SHARE take row locks.
    if (w == "for" && k + 1 < words.size() &&
        (words[k + 1] == "share" || words[k + 1] == "no" || words[k + 1] == "key"))
      return false;
  }
  return true;
}

}  // namespace edu::db
