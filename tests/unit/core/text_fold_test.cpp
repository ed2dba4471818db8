// Accent/case folding for search and UTF-8 sanitising (API.md §4.13.4: NFD, combining marks
// removed, lower-cased, other symbols kept).
#include "core/text_fold.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

using namespace edu;

TEST(TextFold, RemovesAccentsAndLowercases) {
  EXPECT_EQ(fold_text("Ação"), "acao");
  EXPECT_EQ(fold_text("FRAÇÕES"), "fracoes");
  EXPECT_EQ(fold_text("Circunferência"), "circunferencia");
  EXPECT_EQ(fold_text("àáâãäåèéêëìíîïòóôõöùúûüçñÀÁÂÃÉÊÍÓÔÕÚÇ"),
            "aaaaaaeeeeiiiiooooouuuucnaaaaeeiooouc");
  EXPECT_EQ(fold_text("EF07MA33"), "ef07ma33");
}

TEST(TextFold, KeepsOtherSymbols) {
  EXPECT_EQ(fold_text("π"), "π");
  EXPECT_EQ(fold_text("1º e 2ª série, 30°"), "1º e 2ª serie, 30°");
  EXPECT_EQ(fold_text("“Aspas” – traço •"), "“aspas” – traco •");
  EXPECT_EQ(fold_text("Ω Я"), "ω я");  // Greek and Cyrillic are lower-cased too
}

TEST(TextFold, DecomposedInputFoldsLikeComposed) {
  EXPECT_EQ(fold_text("a\xCC\x81"
                      "cao"),
            "acao");  // a + U+0301
  EXPECT_EQ(fold_text("c\xCC\xA7"
                      "a\xCC\x83"
                      "o"),
            "cao");  // c + U+0327, a + U+0303
}

TEST(TextFold, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(fold_text("a\xFF"
                      "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_FALSE(is_valid_utf8("a\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));          // truncated sequence
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_TRUE(is_valid_utf8("ação π \xEF\xBF\xBD"));
  EXPECT_EQ(sanitize_utf8("x\xC3"), "x\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("ação"), "ação");
}

TEST(Json, InvalidUtf8IsEscapedAsReplacementCharacter) {
  // Percent-encoded junk echoed back in a 422 must still be a readable JSON document.
  EXPECT_EQ(to_json(json::value("ab\xFF\xFE"
                                "c")),
            R"("ab\ufffd\ufffdc")");
  EXPECT_EQ(to_json(json::value("ação\x01")), "\"ação\\u0001\"");
  EXPECT_TRUE(parse_json(to_json(json::value("\xC3(\x80"))).has_value());
}
