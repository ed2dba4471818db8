// E-mail rules (API.md §4.3) and the password-reset complexity rule (§2.4).
#include <gtest/gtest.h>

#include "domain/auth/email.hpp"
#include "domain/auth/service.hpp"

using namespace edu::auth;

TEST(EmailRules, AcceptsOrdinaryAddresses) {
  for (const char* e : {"test@example.com", "o'brien+tag@sub.example.com.br", "x_y.z@a-b.example.org",
                        "USER@Example.COM", "a@b.co", "1@2a.io", "!#$%&'*+-/=?^_`{|}~@example.com"})
    EXPECT_EQ(email_error(e), "") << e;
}

TEST(EmailRules, RejectsEachRule) {
  struct Case {
    std::string email;
    std::string reason_fragment;
  };
  std::vector<Case> cases = {
      {"not-an-email", "must have an @-sign"},
      {"a@@b.com", "more than one @-sign"},
      {"@example.com", "before the @-sign"},
      {"user@", "after the @-sign"},
      {"a b@example.com", "invalid characters before"},
      {"(x)@example.com", "invalid characters before"},
      {"a\"b@example.com", "invalid characters before"},
      {"a\\b@example.com", "invalid characters before"},
      {"a;b@example.com", "invalid characters before"},
      {std::string("caf\xc3\xa9@example.com"), "invalid characters before"},
      {std::string(65, 'x') + "@example.com", "too long before"},
      {"user@exam_ple.com", "invalid characters"},
      {"user@-example.com", "hyphen"},
      {"user@example-.com", "hyphen"},
      {"user@example..com", "empty label"},
      {"user@.example.com", "empty label"},
      {"user@" + std::string(64, 'a') + ".com", "longer than 63"},
      {"a@b", "should have a period"},
      {"user@example.c", "too short"},
      {"user@example.c0m", "not within a valid top-level domain"},
      {"user@host.test", "special-use"},
      {"user@x.LOCALHOST", "special-use"},
      {"user@x.local", "special-use"},
      {"user@x.onion", "special-use"},
      {"user@x.invalid", "special-use"},
      {"user@x.arpa", "special-use"},
      {"u@" + std::string(250, 'a') + ".com", "too long"},
  };
  for (const auto& c : cases) {
    auto r = email_error(c.email);
    EXPECT_NE(r, "") << c.email;
    EXPECT_NE(r.find(c.reason_fragment), std::string::npos) << c.email << " → " << r;
  }
  // exactly at the limits
  EXPECT_EQ(email_error(std::string(64, 'x') + "@example.com"), "");
  EXPECT_EQ(email_error("u@" + std::string(63, 'a') + ".com"), "");
}

TEST(EmailRules, NormalizesToLowerCase) {
  EXPECT_EQ(normalize_email("USER@Example.COM"), "user@example.com");
}

TEST(ResetRule, ListsMissingRequirementsInContractOrder) {
  EXPECT_EQ(reset_password_complexity_error("NewSecurePass123!"), "");
  EXPECT_EQ(reset_password_complexity_error("weakpassword"),
            "Senha deve conter pelo menos uma letra maiúscula, deve conter pelo menos um número, "
            "deve conter pelo menos um caractere especial");
  EXPECT_EQ(reset_password_complexity_error("ALLUPPER123!"),
            "Senha deve conter pelo menos uma letra minúscula");
  EXPECT_EQ(reset_password_complexity_error("NoDigits!!"), "Senha deve conter pelo menos um número");
  EXPECT_EQ(reset_password_complexity_error("        "),
            "Senha deve conter pelo menos uma letra maiúscula, deve conter pelo menos uma letra "
            "minúscula, deve conter pelo menos um número, deve conter pelo menos um caractere "
            "especial");
  // every listed special character counts; others (space, ~, ') do not
  for (char c : std::string("!@#$%^&*()_+-=[]{}|;:,.<>?"))
    EXPECT_EQ(reset_password_complexity_error(std::string("Abcdefg1") + c), "") << c;
  for (char c : std::string(" ~'\"/\\`"))
    EXPECT_EQ(reset_password_complexity_error(std::string("Abcdefg1") + c),
              "Senha deve conter pelo menos um caractere especial")
        << c;
  // accented letters count as letters
  EXPECT_EQ(reset_password_complexity_error("ÉCOLE123!é"), "");
}
