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
