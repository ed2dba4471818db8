// Placeholder rewriting (SQLite) and read-only detection (replica routing, safe retries).
#include "db/sql_text.hpp"

#include <gtest/gtest.h>

using edu::db::is_read_only_statement;
using edu::db::rewrite_placeholders;

TEST(RewritePlaceholders, RewritesNumberedPlaceholders) {
  EXPECT_EQ(rewrite_placeholders("SELECT * FROM t WHERE a = $1 AND b = $12"),
            "SELECT * FROM t WHERE a = ?1 AND b = ?12");
  EXPECT_EQ(rewrite_placeholders("INSERT INTO t VALUES ($1,$2)"), "INSERT INTO t VALUES (?1,?2)");
}

TEST(RewritePlaceholders, LeavesLiteralsIdentifiersAndCommentsAlone) {
  EXPECT_EQ(rewrite_placeholders("SELECT '$1', 'it''s $2', $3"), "SELECT '$1', 'it''s $2', ?3");
  EXPECT_EQ(rewrite_placeholders("SELECT \"col$1\", $1"), "SELECT \"col$1\", ?1");
  EXPECT_EQ(rewrite_placeholders("SELECT $1 -- costs $2\n, $2"), "SELECT ?1 -- costs $2\n, ?2");
  EXPECT_EQ(rewrite_placeholders("SELECT /* $1 */ $2"), "SELECT /* $1 */ ?2");
  EXPECT_EQ(rewrite_placeholders("SELECT $$ a $1 b $$, $tag$ $2 $tag$, $3"), "SELECT $$ a $1 b $$, $tag$ $2 $tag$, ?3");
}

TEST(RewritePlaceholders, IdentifierDollarIsNotAPlaceholder) {
  EXPECT_EQ(rewrite_placeholders("SELECT a$1 FROM t"), "SELECT a$1 FROM t");
  EXPECT_EQ(rewrite_placeholders("$1"), "?1");
  EXPECT_EQ(rewrite_placeholders("SELECT $ 1, 'unterminated $1"), "SELECT $ 1, 'unterminated $1");
}

TEST(ReadOnlyStatement, PlainReads) {
  EXPECT_TRUE(is_read_only_statement("SELECT 1"));
  EXPECT_TRUE(is_read_only_statement("  select id from users where id = $1"));
  EXPECT_TRUE(is_read_only_statement("-- comment\n/* x */ (SELECT 1) UNION (SELECT 2)"));
  EXPECT_TRUE(is_read_only_statement("WITH a AS (SELECT 1) SELECT * FROM a"));
  EXPECT_TRUE(is_read_only_statement("VALUES (1)"));
  EXPECT_TRUE(is_read_only_statement("SELECT 'delete from x' AS s"));
  EXPECT_TRUE(is_read_only_statement("SELECT updated_at, inserted FROM t"));
}

TEST(ReadOnlyStatement, WritesAndLocks) {
  EXPECT_FALSE(is_read_only_statement("INSERT INTO t VALUES (1)"));
  EXPECT_FALSE(is_read_only_statement("update t set a = 1"));
  EXPECT_FALSE(is_read_only_statement("DELETE FROM t"));
  EXPECT_FALSE(is_read_only_statement("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d"));
  EXPECT_FALSE(is_read_only_statement("SELECT * FROM t FOR UPDATE"));
  EXPECT_FALSE(is_read_only_statement("SELECT * FROM t FOR SHARE"));
  EXPECT_FALSE(is_read_only_statement("SELECT * FROM t FOR NO KEY UPDATE"));
  EXPECT_FALSE(is_read_only_statement("SELECT nextval('s')"));
  EXPECT_FALSE(is_read_only_statement("SELECT * INTO copy FROM t"));
  EXPECT_FALSE(is_read_only_statement("CREATE TABLE t (a int)"));
  EXPECT_FALSE(is_read_only_statement("BEGIN"));
  EXPECT_FALSE(is_read_only_statement(""));
}

TEST(ReadOnlyStatement, WordsEndAtLiteralsAndCommentsAndKeepTheirCase) {
  EXPECT_FALSE(is_read_only_statement("SEL/**/ECT 1"));  // two words, neither a read
  EXPECT_TRUE(is_read_only_statement("SeLeCt a FROM t WHERE b = 'x'||c"));
  EXPECT_FALSE(is_read_only_statement("select a from t where b = 'x' for update"));
  EXPECT_FALSE(is_read_only_statement("select a from t where b = 'x'for key share"));
  EXPECT_FALSE(is_read_only_statement("select a from t for/**/share"));
  EXPECT_FALSE(is_read_only_statement("select a from t for/* lock */update"));
  EXPECT_TRUE(is_read_only_statement("select insert_count, \"delete\" from t"));
  EXPECT_TRUE(is_read_only_statement("select forum from t"));  // "for" only as a whole word
  // A write after many words is still seen (no word limit).
  std::string long_select = "SELECT ";
  for (int i = 0; i < 5000; ++i) long_select += "c" + std::to_string(i) + ", ";
  EXPECT_TRUE(is_read_only_statement(long_select + "1 FROM t"));
  EXPECT_FALSE(is_read_only_statement(long_select + "1 INTO x FROM t"));
}
