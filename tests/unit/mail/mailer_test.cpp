// Message rendering (RFC 5322): headers, encodings, CRLF.
#include "mail/mailer.hpp"

#include <gtest/gtest.h>

using namespace edu::mail;

namespace {
Message sample() {
  Message m;
  m.to = "t@example.com";
  m.to_name = "Test User";
  m.subject = "Redefinição de senha - EduAutismo IA";
  m.body = "Olá, Test User.\n\nlink: http://x/reset?token=abc\n";
  m.kind = "password_reset";
  return m;
}
}  // namespace

TEST(Mailer, AddressOf) {
  EXPECT_EQ(address_of("EduAutismo IA <no-reply@localhost>"), "no-reply@localhost");
  EXPECT_EQ(address_of("plain@example.com"), "plain@example.com");
}

TEST(Mailer, RendersUtf8HeadersForOutboxFiles) {
  auto text = render_message(sample(), "EduAutismo IA <no-reply@localhost>", false);
  EXPECT_NE(text.find("From: EduAutismo IA <no-reply@localhost>\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: Test User <t@example.com>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Subject: Redefinição de senha - EduAutismo IA\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\n\r\nOlá, Test User.\r\n\r\nlink: http://x/reset?token=abc\r\n"),
            std::string::npos);
  // no bare LF anywhere
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') EXPECT_EQ(text[i - 1], '\r');
}

TEST(Mailer, EncodesNonAsciiHeadersForSmtp) {
  auto text = render_message(sample(), "EduAutismo IA <no-reply@localhost>", true);
  // "Redefinição de senha - EduAutismo IA" as an RFC 2047 base64 encoded-word
  EXPECT_NE(text.find("Subject: =?UTF-8?B?UmVkZWZpbmnDp8OjbyBkZSBzZW5oYSAtIEVkdUF1dGlzbW8gSUE=?=\r\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("To: Test User <t@example.com>\r\n"), std::string::npos);  // ASCII kept
}
