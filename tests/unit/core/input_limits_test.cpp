// Inputs every backend can store (API.md §1.4, §1.6: bad input is a 422, never a 500):
// timestamps stay within years 1..9999 UTC; stored JSON documents can be checked for U+0000.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "core/validation.hpp"
#include "http/message.hpp"

using namespace edu;

TEST(TimestampRange, YearsOneToNineThousandNineHundredNinetyNineUtc) {
  EXPECT_TRUE(parse_timestamp("0001-01-01T00:00:00Z"));
  EXPECT_TRUE(parse_timestamp("9999-12-31T23:59:59.999999Z"));
  EXPECT_TRUE(parse_timestamp("0001-01-01T05:00:00+05:00"));
  EXPECT_FALSE(parse_timestamp("0000-06-01T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("0001-01-01T00:00:00+05:00"));  // 0000-12-31T19:00Z
  EXPECT_FALSE(parse_timestamp("9999-12-31T23:00:00-05:00"));  // 10000-01-01T04:00Z
  EXPECT_EQ(format_timestamp(*parse_timestamp("2025-03-01T10:00:00-03:00")),
            "2025-03-01T13:00:00.000000Z");
}

TEST(NulCharacter, DocumentsAreScannedDeeply) {
  EXPECT_FALSE(contains_nul(json::value(json::object{{"k", json::array{"ok", 1}}})));
  EXPECT_TRUE(contains_nul(json::value(json::object{{"k", json::array{std::string("\0", 1)}}})));
  EXPECT_TRUE(contains_nul(json::value(json::object{{std::string("k\0", 2), 1}})));
  EXPECT_TRUE(contains_nul(json::value(std::string("a\0", 2))));

  Request req;
  Context ctx;
  Validator v(req, ctx);
  add_nul_error(v, json::array{"body", "c", 0}, json::value("z"));
  try {
    v.finish();
    FAIL() << "expected an error";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].type, "value_error");
    EXPECT_EQ(e.errors()[0].msg, std::string("Value error, ") + kNulCharacterMessage);
    EXPECT_EQ(to_json(e.errors()[0].loc), R"(["body", "c", 0])");
  }
}
