// After Validator::refuse_nul(), body strings with U+0000 are refused with a 422 value_error in
// every string field and list item (PostgreSQL text cannot store them; SQLite could, so the
// rule keeps both dialects alike). Off by default; query values are never affected.
#include <gtest/gtest.h>

#include "core/validation.hpp"
#include "http/message.hpp"

using namespace edu;

TEST(ValidationNul, StringsAndListItemsRefuseNul) {
  Request req;
  Context ctx;
  req.body = R"({"name": "Ana\u0000Maria", "tags": ["ok", "a\u0000"], "fine": "Ana\tMaria"})";
  Validator v(req, ctx);
  v.refuse_nul();
  auto b = v.body();
  b.str("name", Presence::Required);
  b.string_list("tags", Presence::Required);
  auto fine = b.str("fine", Presence::Required);
  try {
    v.finish();
    FAIL() << "expected a ValidationError";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.errors().size(), 2u);
    EXPECT_EQ(e.errors()[0].type, "value_error");
    EXPECT_EQ(to_json(e.errors()[0].loc), R"(["body", "name"])");
    EXPECT_EQ(e.errors()[0].msg, std::string("Value error, ") + kNulCharacterMessage);
    EXPECT_EQ(to_json(e.errors()[1].loc), R"(["body", "tags", 1])");
  }
  EXPECT_EQ(fine.value, "Ana\tMaria");
}

TEST(ValidationNul, QueryValuesMayHoldNul) {
  Request req;
  Context ctx;
  req.query = "q=a%00b";
  Validator v(req, ctx);
  auto q = v.query_str("q");
  EXPECT_NO_THROW(v.finish());
  EXPECT_EQ(q.value, std::string("a\0b", 3));
}

TEST(ValidationNul, OffByDefault) {
  Request req;
  Context ctx;
  req.body = R"({"email": "a\u0000b"})";
  Validator v(req, ctx);
  auto b = v.body();
  auto f = b.str("email", Presence::Required);
  EXPECT_NO_THROW(v.finish());
  EXPECT_EQ(f.value, std::string("a\0b", 3));
}
