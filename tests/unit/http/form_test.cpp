// Form bodies for the OAuth2 password login (urlencoded and multipart/form-data).
#include "http/form.hpp"

#include <gtest/gtest.h>

using namespace edu;

TEST(Form, Kinds) {
  EXPECT_EQ(form_kind("application/x-www-form-urlencoded"), FormKind::UrlEncoded);
  EXPECT_EQ(form_kind("Application/X-WWW-Form-Urlencoded; charset=utf-8"), FormKind::UrlEncoded);
  EXPECT_EQ(form_kind("multipart/form-data; boundary=abc"), FormKind::Multipart);
  EXPECT_EQ(form_kind("application/json"), FormKind::None);
  EXPECT_EQ(form_kind(""), FormKind::None);
}

TEST(Form, UrlEncoded) {
  auto f = parse_form_body("application/x-www-form-urlencoded",
                           "username=a%40b.com&password=p%26ss+word&grant_type=password");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0], (std::pair<std::string, std::string>{"username", "a@b.com"}));
  EXPECT_EQ(f[1].second, "p&ss word");
}

TEST(Form, Multipart) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nt@example.com\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\nContent-Type: text/plain\r\n\r\n"
      "line1\r\nline2\r\n"
      "--XyZ\r\ncontent-disposition: form-data; name=password2; filename=\"a;b.txt\"\r\n\r\n\r\n"
      "--XyZ--\r\n";
  auto f = parse_multipart("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[0].first, "username");
  EXPECT_EQ((*f)[0].second, "t@example.com");
  EXPECT_EQ((*f)[1].second, "line1\r\nline2");
  EXPECT_EQ((*f)[2].first, "password2");
  EXPECT_EQ((*f)[2].second, "");
  auto quoted = parse_multipart("multipart/form-data; boundary=\"XyZ\"", body);
  ASSERT_TRUE(quoted.has_value());
  EXPECT_EQ(quoted->size(), 3u);
}

TEST(Form, InvalidMultipartYieldsNothing) {
  EXPECT_FALSE(parse_multipart("multipart/form-data", "--x\r\n").has_value());  // no boundary
  EXPECT_FALSE(parse_multipart("multipart/form-data; boundary=x", "garbage").has_value());
  EXPECT_FALSE(parse_multipart("multipart/form-data; boundary=x",
                               "--x\r\nContent-Disposition: form-data; name=a\r\n\r\nunterminated")
                   .has_value());
  EXPECT_TRUE(parse_form_body("multipart/form-data; boundary=x", "junk").empty());
  EXPECT_TRUE(parse_form_body("text/plain", "username=a&password=b").empty());
}
