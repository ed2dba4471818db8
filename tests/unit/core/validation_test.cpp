// Validation produces Pydantic-compatible errors (API.md §1.6).
#include "core/validation.hpp"

#include <gtest/gtest.h>

#include "http/message.hpp"

using namespace edu;

namespace {
struct Fixture {
  Request req;
  Context ctx;
};
std::vector<FieldError> errors_of(Validator& v) {
  try {
    v.finish();
  } catch (const ValidationError& e) {
    return e.errors();
  }
  return {};
}
}  // namespace

TEST(Validation, MissingAndTypeErrorsAreCollectedInOrder) {
  Fixture f;
  f.req.body = R"({"age": "x", "name": 5})";
  Validator v(f.req, f.ctx);
  auto b = v.body();
  b.str("name", Presence::Required, {.min_len = 1});
  b.integer("age", Presence::Required);
  b.str("title", Presence::Required);
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 3u);
  EXPECT_EQ(errs[0].type, "string_type");
  EXPECT_EQ(errs[1].type, "int_parsing");
  EXPECT_EQ(errs[2].type, "missing");
  EXPECT_EQ(to_json(errs[2].loc), R"(["body", "title"])");
}

TEST(Validation, LaxIntegerCoercion) {
  Fixture f;
  f.req.body = R"({"a": 30.0, "b": "30", "c": 30.5, "d": true})";
  Validator v(f.req, f.ctx);
  auto b = v.body();
  EXPECT_EQ(*b.integer("a", Presence::Required), 30);
  EXPECT_EQ(*b.integer("b", Presence::Required), 30);
  EXPECT_FALSE(b.integer("c", Presence::Required).has_value());
  EXPECT_FALSE(b.integer("d", Presence::Required).has_value());
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].type, "int_from_float");
  EXPECT_EQ(errs[1].type, "int_type");
}

TEST(Validation, LengthCountsCodePoints) {
  Fixture f;
  f.req.body = R"({"n": "çãé"})";
  Validator v(f.req, f.ctx);
  auto b = v.body();
  EXPECT_TRUE(b.str("n", Presence::Required, {.max_len = 3}).has_value());
  EXPECT_FALSE(v.has_errors());
}

TEST(Validation, NullableVersusOptional) {
  Fixture f;
  f.req.body = R"({"a": null, "b": null})";
  Validator v(f.req, f.ctx);
  auto b = v.body();
  EXPECT_TRUE(b.str("a", Presence::Nullable).is_null());
  EXPECT_FALSE(b.str("b", Presence::Optional).present());
  EXPECT_FALSE(b.str("c", Presence::Optional).present());
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].type, "string_type");
}

TEST(Validation, MalformedJsonReportsOffset) {
  Fixture f;
  f.req.body = R"({"a": )";
  Validator v(f.req, f.ctx);
  auto b = v.body();
  EXPECT_FALSE(b.ok());
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].type, "json_invalid");
}

TEST(Validation, WrongContentTypeIsModelAttributesType) {
  Fixture f;
  f.req.body = "a=b";
  f.req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  Validator v(f.req, f.ctx);
  v.body();
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].type, "model_attributes_type");
  EXPECT_EQ(errs[0].input.as_string(), "a=b");
}

TEST(Validation, EnumListsExpectedValues) {
  Fixture f;
  f.req.body = R"({"s": "x"})";
  Validator v(f.req, f.ctx);
  static constexpr std::string_view kVals[] = {"draft", "active", "paused"};
  v.body().enumeration("s", Presence::Required, kVals);
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].msg, "Input should be 'draft', 'active' or 'paused'");
}

TEST(Validation, QueryBoundsUseLastOccurrence) {
  Fixture f;
  f.req.query = "limit=5&limit=500";
  Validator v(f.req, f.ctx);
  auto l = v.query_int("limit", 100, {.ge = 1, .le = 100});
  EXPECT_FALSE(l.has_value());
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].type, "less_than_equal");
  EXPECT_EQ(errs[0].msg, "Input should be less than or equal to 100");
}

TEST(Validation, DictListUuidListAndQueryPattern) {
  Fixture f;
  f.req.body = R"({"s": [{"a": 1}, 3], "e": [], "u": ["0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B", "x", 7]})";
  f.req.query = "priority=urgent";
  Validator v(f.req, f.ctx);
  auto p = v.query_pattern("priority", "^(high|medium|low)$");
  auto b = v.body();
  auto s = b.dict_list("s", Presence::Required, {.min_items = 1});
  auto e = b.dict_list("e", Presence::Required, {.min_items = 1});
  auto u = b.uuid_list("u", Presence::Required);
  EXPECT_FALSE(p.has_value());
  EXPECT_FALSE(s.has_value());
  auto errs = errors_of(v);
  ASSERT_EQ(errs.size(), 5u);
  EXPECT_EQ(errs[0].type, "string_pattern_mismatch");
  EXPECT_EQ(errs[0].msg, "String should match pattern '^(high|medium|low)$'");
  EXPECT_EQ(to_json(errs[0].ctx), R"({"pattern": "^(high|medium|low)$"})");
  EXPECT_EQ(errs[1].type, "dict_type");
  EXPECT_EQ(to_json(errs[1].loc), R"(["body", "s", 1])");
  EXPECT_EQ(errs[2].type, "too_short");
  EXPECT_EQ(errs[3].type, "uuid_parsing");
  EXPECT_EQ(to_json(errs[3].loc), R"(["body", "u", 1])");
  EXPECT_EQ(errs[4].type, "uuid_type");

  Fixture g;
  g.req.body = R"({"u": ["0190a1b2c3d47e5f8a9b0c1d2e3f4a5b"]})";
  g.req.query = "priority=high";
  Validator w(g.req, g.ctx);
  auto q = w.query_pattern("priority", "^(high|medium|low)$");
  auto ok = w.body().uuid_list("u", Presence::Required);
  w.finish();
  EXPECT_EQ(*q, "high");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->at(0), "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
}

TEST(Validation, QueryBytesThatAreNotUtf8DecodeToReplacementCharacters) {
  Fixture f;
  f.req.query = "q=%FF%FEok&r=%C3%A7%00";
  Validator v(f.req, f.ctx);
  auto q = v.query_str("q");
  auto r = v.query_str("r");
  v.finish();
  EXPECT_EQ(*q, "\xEF\xBF\xBD\xEF\xBF\xBDok");
  EXPECT_EQ(*r, std::string("\xC3\xA7\0", 3));
}
