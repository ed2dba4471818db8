// Shared teaching field rules (API.md §4.4–§4.6): string lists, BNCC lists, long text, age.
#include <gtest/gtest.h>

#include "domain/students/service.hpp"
#include "domain/teaching/fields.hpp"
#include "http/message.hpp"

using namespace edu;
using namespace edu::teaching;

namespace {

std::vector<FieldError> run(const std::string& body,
                            const std::function<void(ObjectReader&)>& read) {
  Request req;
  Context ctx;
  req.body = body;
  Validator v(req, ctx);
  auto b = v.body();
  read(b);
  try {
    v.finish();
  } catch (const ValidationError& e) {
    return e.errors();
  }
  return {};
}

}  // namespace

TEST(TeachingFields, StringListRule) {
  Field<std::vector<std::string>> out;
  auto errs = run(R"({"objectives": ["  Ler  ", "", "Escrever"]})", [&](ObjectReader& b) {
    out = non_empty_text_list(b, "objectives", Presence::Required);
  });
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(out.value, (std::vector<std::string>{"Ler", "Escrever"}));

  errs = run(R"({"materials": ["  ", ""]})", [&](ObjectReader& b) {
    non_empty_text_list(b, "materials", Presence::Required);
  });
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].type, "value_error");
  EXPECT_EQ(errs[0].msg, "Value error, Lista não pode estar vazia");
  EXPECT_EQ(to_json(errs[0].loc), R"(["body", "materials"])");

  errs = run(R"({"objectives": ["a", 3]})", [&](ObjectReader& b) {
    non_empty_text_list(b, "objectives", Presence::Required);
  });
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].type, "string_type");
  EXPECT_EQ(to_json(errs[0].loc), R"(["body", "objectives", 1])");
}

TEST(TeachingFields, ItemErrorsCarryTheIndex) {
  auto errs = run(R"({"l": ["a", "b"]})", [](ObjectReader& b) {
    b.fail_item("l", 1, "Código BNCC inválido: b", json::value("b"));
  });
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(to_json(errs[0].loc), R"(["body", "l", 1])");
  EXPECT_EQ(errs[0].msg, "Value error, Código BNCC inválido: b");
  EXPECT_EQ(errs[0].input, "b");
  EXPECT_EQ(to_json(errs[0].ctx), R"({"error": "Código BNCC inválido: b"})");
}

TEST(TeachingFields, LongTextRule) {
  std::string ok(2000, 'a'), too_long(2001, 'a');
  EXPECT_TRUE(run("{\"n\": \"" + ok + "\"}", [](ObjectReader& b) {
    b.str("n", Presence::Nullable, long_text_rule());
  }).empty());
  auto errs = run("{\"n\": \"" + too_long + "\"}", [](ObjectReader& b) {
    b.str("n", Presence::Nullable, long_text_rule());
  });
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].msg, "Value error, Texto não pode exceder 2000 caracteres");
  // Code points, not bytes: 2000 × "ç" is valid.
  std::string cedillas;
  for (int i = 0; i < 2000; ++i) cedillas += "ç";
  EXPECT_TRUE(run("{\"n\": \"" + cedillas + "\"}", [](ObjectReader& b) {
    b.str("n", Presence::Nullable, long_text_rule());
  }).empty());
}

TEST(TeachingFields, AgeRule) {
  Date today{2025, 6, 15};
  EXPECT_EQ(students::age_rule_error({2023, 6, 15}, today), "");  // exactly 2
  EXPECT_EQ(students::age_rule_error({2023, 6, 16}, today), "Idade deve ser pelo menos 2 anos");
  EXPECT_EQ(students::age_rule_error({2025, 6, 16}, today), "Idade deve ser pelo menos 2 anos");
  EXPECT_EQ(students::age_rule_error({2004, 6, 15}, today), "");  // 21
  EXPECT_EQ(students::age_rule_error({2003, 6, 15}, today), "Idade deve ser no máximo 21 anos");
}
