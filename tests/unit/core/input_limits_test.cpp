// Inputs every backend can store (API.md §1.4, §1.6: bad input is a 422, never a 500):
// timestamps stay within years 1..9999 UTC and text never carries U+0000.
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

TEST(NulCharacter, RejectedInStringsListsQueriesAndDocuments) {
  Request req;
  req.body = R"({"a": "x\u0000y", "b": ["ok", "\u0000"], "c": {"k": ["\u0000"]}, "d": {"\u0000": 1},
                 "e": {"fine": "yes"}, "f": "fine"})";
  req.query = "q=a%00b";
  Context ctx;
  Validator v(req, ctx);
  v.query_str("q");
  auto b = v.body();
  b.str("a", Presence::Required);
  b.string_list("b", Presence::Required);
  b.dict("c", Presence::Required);
  b.dict("d", Presence::Required);
  EXPECT_TRUE(b.dict("e", Presence::Required).has_value());
  EXPECT_TRUE(b.str("f", Presence::Required).has_value());
  try {
    v.finish();
    FAIL() << "expected errors";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.errors().size(), 5u);
    std::vector<std::string> locs;
    for (const auto& err : e.errors()) {
      EXPECT_EQ(err.type, "value_error");
      EXPECT_EQ(err.msg, "Value error, Texto não pode conter o caractere nulo (U+0000)");
      locs.push_back(to_json(err.loc));
    }
    EXPECT_EQ(locs, (std::vector<std::string>{R"(["query", "q"])", R"(["body", "a"])",
                                              R"(["body", "b", 1])", R"(["body", "c"])",
                                              R"(["body", "d"])"}));
  }
}
