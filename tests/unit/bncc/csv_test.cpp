// The hand-written RFC 4180 reader: quoting, escapes, line ends, BOM, and malformed records
// reported with their line number without stopping the read.
#include "domain/bncc/csv.hpp"

#include <gtest/gtest.h>

using namespace edu::bncc;

namespace {
std::vector<CsvRecord> read_all(std::string_view data) {
  CsvReader rd(data);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (rd.next(r)) out.push_back(r);
  return out;
}
}  // namespace

TEST(Csv, QuotingAndEscapes) {
  auto rs = read_all("a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\n,,\n");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].fields, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rs[1].fields, (std::vector<std::string>{"1", "x, y", "he said \"hi\""}));
  EXPECT_EQ(rs[2].fields, (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(rs[1].line, 2u);
}

TEST(Csv, BomCrlfAndMissingFinalNewline) {
  auto rs = read_all(
      "\xEF\xBB\xBF"
      "code,x\r\nEF01MA01,\"ação\"\r\nEF01MA02,b");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].fields[0], "code");  // BOM stripped
  EXPECT_EQ(rs[1].fields[1], "ação");
  EXPECT_EQ(rs[2].fields, (std::vector<std::string>{"EF01MA02", "b"}));
  EXPECT_EQ(rs[2].line, 3u);
}

TEST(Csv, QuotedFieldsMaySpanLinesAndLineNumbersFollow) {
  auto rs = read_all("h\n\"line1\nline2\"\nnext\n\n\nlast\n");
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_EQ(rs[1].fields[0], "line1\nline2");
  EXPECT_EQ(rs[1].line, 2u);
  EXPECT_EQ(rs[2].line, 4u);  // the record after the two-line field
  EXPECT_EQ(rs[2].fields[0], "next");
  EXPECT_EQ(rs[3].line, 7u);
}

TEST(Csv, BlankLinesAreSkipped) {
  auto rs = read_all("a\n\n\nb\n");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[1].line, 4u);
}

TEST(Csv, MalformedRecordsAreReportedAndReadingContinues) {
  auto rs = read_all(
      "h1,h2\n\"ok\"x,1\nbad\"quote,2\ngood,3\nbad\xFF"
      "utf,4\nlast,5\n");
  ASSERT_EQ(rs.size(), 6u);
  EXPECT_TRUE(rs[0].error.empty());
  EXPECT_EQ(rs[1].line, 2u);
  EXPECT_NE(rs[1].error.find("after a closing quote"), std::string::npos);
  EXPECT_EQ(rs[2].line, 3u);
  EXPECT_NE(rs[2].error.find("unquoted"), std::string::npos);
  EXPECT_TRUE(rs[3].error.empty());
  EXPECT_EQ(rs[3].fields, (std::vector<std::string>{"good", "3"}));
  EXPECT_EQ(rs[4].line, 5u);
  EXPECT_EQ(rs[4].error, "invalid UTF-8");
  EXPECT_EQ(rs[5].fields, (std::vector<std::string>{"last", "5"}));
  EXPECT_EQ(rs[5].line, 6u);
}

TEST(Csv, UnterminatedQuoteAtEndOfInput) {
  // A file truncated in the middle of a quoted field.
  auto rs = read_all("h\nEF01MA01,\"Resolver e elaborar");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[1].line, 2u);
  EXPECT_NE(rs[1].error.find("unterminated"), std::string::npos);
  EXPECT_TRUE(rs[1].fields.empty());
}

TEST(Csv, EmptyInput) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
  auto rs = read_all("a,");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].fields, (std::vector<std::string>{"a", ""}));
}
