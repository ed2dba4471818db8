// Teaching enumerations (API.md §3) and the text helpers behind `lower(x)` and trimming.
#include <gtest/gtest.h>

#include "domain/teaching/enums.hpp"
#include "domain/teaching/text.hpp"

using namespace edu::teaching;

TEST(TeachingEnums, SizesAndDeclarationOrder) {
  EXPECT_EQ(kSubject.size(), 25u);
  EXPECT_EQ(kGradeLevel.size(), 18u);
  EXPECT_EQ(kPedagogicalType.size(), 10u);
  EXPECT_EQ(kActivityType.size(), 7u);
  EXPECT_EQ(kDifficulty.size(), 5u);
  EXPECT_EQ(kSubject.values().front(), "matematica");
  EXPECT_EQ(kSubject.values().back(), "educacao_ambiental");
  EXPECT_EQ(kGradeLevel.values()[3], "fundamental_1_1ano");
  EXPECT_EQ(kGradeLevel.values().back(), "eja_medio_3");
}

TEST(TeachingEnums, Labels) {
  EXPECT_EQ(*kSubject.label("educacao_fisica"), "Educação Física");
  EXPECT_EQ(*kSubject.label("portugues"), "Português");
  EXPECT_EQ(*kGradeLevel.label("infantil_maternal"), "Infantil - Maternal");
  EXPECT_EQ(*kGradeLevel.label("fundamental_1_3ano"), "3º Ano - Fundamental I");
  EXPECT_EQ(*kGradeLevel.label("medio_1ano"), "1ª Série - Ensino Médio");
  EXPECT_EQ(*kPedagogicalType.label("jogo_educativo"), "Jogo Educativo");
  EXPECT_EQ(*kActivityType.label("daily_living"), "Vida Diária");
  EXPECT_EQ(*kDifficulty.label("very_hard"), "Muito Difícil");
  EXPECT_FALSE(kSubject.label("quimica_x").has_value());
  EXPECT_FALSE(kSubject.contains("Matematica"));  // case-sensitive values
}

TEST(TeachingEnums, Scores) {
  EXPECT_EQ(engagement_score("none"), 0);
  EXPECT_EQ(engagement_score("very_high"), 4);
  EXPECT_EQ(engagement_score("bogus"), -1);
  EXPECT_EQ(independence_score("  FULL "), 4);
  EXPECT_EQ(independence_score("Partial"), 3);
  EXPECT_EQ(independence_score("minimal"), 2);
  EXPECT_EQ(independence_score("dependent"), 1);
  EXPECT_EQ(independence_score("Independente com supervisão"), 0);
  EXPECT_EQ(independence_score(""), 0);
}

TEST(TeachingText, UnicodeLower) {
  EXPECT_EQ(unicode_lower("Vida Diária"), "vida diária");
  EXPECT_EQ(unicode_lower("ÁÉÍÓÚ ÂÊÔ ÃÕ Ç"), "áéíóú âêô ãõ ç");
  EXPECT_EQ(unicode_lower("Muito Fácil"), "muito fácil");
  EXPECT_EQ(unicode_lower("ÀÉÎÕÜ Ÿ Ž"), "àéîõü ÿ ž");
  EXPECT_EQ(unicode_lower("ΑΒΓ Жук"), "αβγ жук");
  EXPECT_EQ(unicode_lower("emoji 😀 ×"), "emoji 😀 ×");
  EXPECT_EQ(unicode_lower("\xff\xfe"), "\xff\xfe");  // malformed bytes pass through
}

TEST(TeachingText, TrimLikePython) {
  EXPECT_EQ(trim_unicode("  Ler  "), "Ler");
  EXPECT_EQ(trim_unicode("\t\n x y \r"), "x y");
  EXPECT_EQ(trim_unicode("\xC2\xA0nbsp\xE3\x80\x80"), "nbsp");  // U+00A0, U+3000
  EXPECT_EQ(trim_unicode("   "), "");
  EXPECT_EQ(trim_unicode(""), "");
  EXPECT_EQ(trim_unicode("ç"), "ç");
}
