// Small, backend-neutral facts about SQL text: placeholder rewriting for SQLite and the
// "is this statement a plain read?" test used for routing and safe retries. Pure functions,
// kept apart from the backends so that they are unit-tested.
#pragma once
#include <string>
#include <string_view>

namespace edu::db {

// Rewrites PostgreSQL placeholders `$N` to SQLite's `?N`, leaving string literals ('...'),
// quoted identifiers ("..."), comments (-- and /* */) and dollar-quoted bodies untouched.
std::string rewrite_placeholders(std::string_view sql);

// True when the statement starts (after blanks, comments and parentheses) with SELECT,
// VALUES, SHOW or a WITH that contains no data-modifying keyword. Used to decide that a
// statement may be retried after a lost connection and may go to a read replica.
bool is_read_only_statement(std::string_view sql);

}  // namespace edu::db
