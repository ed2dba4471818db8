// Encrypted column values (text and JSON documents) as both backends store them, and the
// legacy values written before a column was encrypted.
#include "security/sealed_columns.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/pagination.hpp"

namespace edu::security {
namespace {

FieldCipher& cipher() {
  static FieldCipher c([] {
    MasterKey k;
    k.fill(7);
    return k;
  }());
  return c;
}

const FieldAad kAad{"activities", "generation_metadata", "0190a5b2-0000-7000-8000-00000000000a"};

TEST(SealedColumns, TextRoundTripAndNull) {
  auto sealed = seal_text(cipher(), std::string("Laudo: TEA nível 1"), kAad);
  const auto& text = std::get<std::string>(sealed);
  EXPECT_EQ(text.rfind("enc:v1:", 0), 0u);
  EXPECT_EQ(open_text(cipher(), text, kAad), "Laudo: TEA nível 1");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(seal_text(cipher(), std::nullopt, kAad)));
  EXPECT_EQ(open_text(cipher(), std::nullopt, kAad), std::nullopt);
  EXPECT_EQ(open_text(cipher(), std::string("texto antigo"), kAad), "texto antigo");
}

TEST(SealedColumns, DocumentIsStoredAsAJsonStringOfCiphertext) {
  json::value doc = boost::json::parse(R"({"student_profile": {"diagnosis": "TEA", "age": 9}})");
  auto sealed = seal_document(cipher(), doc, kAad);
  json::value stored = boost::json::parse(std::get<std::string>(sealed));
  ASSERT_TRUE(stored.is_string());
  EXPECT_EQ(std::string(stored.get_string()).find("TEA"), std::string::npos);
  EXPECT_EQ(open_document(cipher(), stored, kAad), doc);
  // other rows or columns do not open it
  EXPECT_THROW(open_document(cipher(), stored, {kAad.table, "description", kAad.row_id}),
               FieldCryptoError);
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(seal_document(cipher(), nullptr, kAad)));
}

TEST(SealedColumns, LegacyDocumentsReadUnchanged) {
  for (const char* legacy : {R"({"model": "antigo"})", R"([1, 2])", R"("um texto qualquer")", "null"}) {
    json::value v = boost::json::parse(legacy);
    EXPECT_EQ(open_document(cipher(), v, kAad), v) << legacy;
  }
}

TEST(SealedColumns, SealedTextThatIsNotJsonIsAnError) {
  json::value stored(cipher().encrypt("not json {", kAad));
  EXPECT_THROW(open_document(cipher(), stored, kAad), FieldCryptoError);
}

TEST(SealedColumns, SealParamForPartialUpdates) {
  auto text = seal_param(cipher(), db::Param(std::string("gatilho")), false, kAad);
  EXPECT_EQ(cipher().decrypt(std::get<std::string>(text), kAad), "gatilho");
  auto doc = seal_param(cipher(), db::Param(std::string(R"({"a":1})")), true, kAad);
  json::value stored = boost::json::parse(std::get<std::string>(doc));
  EXPECT_EQ(open_document(cipher(), stored, kAad), boost::json::parse(R"({"a":1})"));
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(seal_param(cipher(), nullptr, false, kAad)));
  EXPECT_EQ(std::get<std::int64_t>(seal_param(cipher(), db::Param(std::int64_t{5}), false, kAad)), 5);
}

}  // namespace
}  // namespace edu::security

namespace edu {
namespace {

TEST(FilterThenPage, PagesTheKeptItemsAndCountsThemAll) {
  std::vector<int> rows{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  auto even = [](int x) { return x % 2 == 0; };
  auto twice = [](int x) { return x * 10; };
  auto [page, total] = filter_then_page(rows, twice, [](int x) { return x % 20 == 0; },
                                        PageQuery{1, 2});
  EXPECT_EQ(page, (std::vector<int>{40, 60}));
  EXPECT_EQ(total, 5);
  auto [past_end, total2] = filter_then_page(rows, [](int x) { return x; }, even, PageQuery{10, 5});
  EXPECT_TRUE(past_end.empty());
  EXPECT_EQ(total2, 5);
  auto [none, zero] = filter_then_page(std::vector<int>{}, [](int x) { return x; }, even, PageQuery{});
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(zero, 0);
}

}  // namespace
}  // namespace edu
