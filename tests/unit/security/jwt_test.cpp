// HS256 JWT: signing format, and every rejection rule of API.md §2.1/§2.2.
#include "security/jwt.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

using namespace edu;
using namespace edu::security;

namespace {

const std::string kSecret = "unit-test-secret-0123456789-0123456789";
constexpr std::int64_t kNow = 1'800'000'000;

TokenClaims claims() {
  TokenClaims c;
  c.sub = "test@example.com";
  c.user_id = "01a2260d-178b-7170-a556-bb1fdc51c104";
  c.role = "teacher";
  c.type = "access";
  c.sid = "01a2260d-17fc-7f7b-a3c0-09f506d2a00f";
  c.jti = "4faf46d6-7e3b-406a-99d6-f4811cb2f841";
  c.iat = kNow;
  c.exp = kNow + 1800;
  return c;
}

std::string part(const std::string& token, int i) {
  std::size_t start = 0;
  for (int k = 0; k < i; ++k) start = token.find('.', start) + 1;
  auto end = token.find('.', start);
  return token.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Builds a token from raw header/payload JSON, signed with `secret`.
std::string forge(const std::string& header, const std::string& payload,
                  const std::string& secret = kSecret) {
  std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(hmac_sha256(secret, input));
}

JwtError error_of(const JwtCodec& codec, const std::string& token, std::int64_t now = kNow) {
  JwtError e = JwtError::None;
  EXPECT_FALSE(codec.verify(token, now, &e).has_value()) << token;
  return e;
}

}  // namespace

TEST(Base64Url, RoundTripsAllLengthsWithoutPadding) {
  std::string data;
  for (int n = 0; n < 40; ++n) {
    auto enc = base64url_encode(data);
    EXPECT_EQ(enc.find('='), std::string::npos);
    EXPECT_EQ(enc.find('+'), std::string::npos);
    EXPECT_EQ(enc.find('/'), std::string::npos);
    auto dec = base64url_decode(enc);
    ASSERT_TRUE(dec.has_value());
    EXPECT_EQ(*dec, data);
    data.push_back(static_cast<char>(n * 37 + 250));
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64Url, RejectsPaddingForeignCharactersAndNonCanonicalBits) {
  EXPECT_FALSE(base64url_decode("YQ==").has_value());
  EXPECT_FALSE(base64url_decode("a+b/").has_value());
  EXPECT_FALSE(base64url_decode("abcde").has_value());  // length 1 mod 4
  EXPECT_TRUE(base64url_decode("YQ").has_value());
  EXPECT_FALSE(base64url_decode("YR").has_value());  // same byte, non-zero leftover bits
}

TEST(Hmac, MatchesRfc4231TestCase2) {
  auto mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : mac) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  EXPECT_EQ(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Jwt, SignsTheContractHeaderAndClaimsInOrder) {
  JwtCodec codec(kSecret);
  auto token = codec.sign(claims());
  EXPECT_EQ(*base64url_decode(part(token, 0)), R"({"alg":"HS256","typ":"JWT"})");
  auto payload = parse_json(*base64url_decode(part(token, 1)));
  ASSERT_TRUE(payload && payload->is_object());
  std::vector<std::string> keys;
  for (const auto& kv : payload->get_object()) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"sub", "user_id", "role", "type", "sid", "jti", "iat", "exp"}));
  EXPECT_TRUE(payload->at("exp").is_int64());
  EXPECT_EQ(payload->at("exp").as_int64(), kNow + 1800);
}

TEST(Jwt, VerifiesItsOwnTokens) {
  JwtCodec codec(kSecret);
  auto c = codec.verify(codec.sign(claims()), kNow);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->sub, "test@example.com");
  EXPECT_EQ(c->type, "access");
  EXPECT_EQ(c->sid, claims().sid);
  EXPECT_EQ(c->jti, claims().jti);
  EXPECT_EQ(c->iat, kNow);
  EXPECT_EQ(c->exp, kNow + 1800);
}

TEST(Jwt, ExpiryHasZeroLeeway) {
  JwtCodec codec(kSecret);
  auto token = codec.sign(claims());
  EXPECT_TRUE(codec.verify(token, kNow + 1799).has_value());
  EXPECT_EQ(error_of(codec, token, kNow + 1800), JwtError::Expired);
  EXPECT_EQ(error_of(codec, token, kNow + 1801), JwtError::Expired);
}

TEST(Jwt, RejectsOtherAlgorithmsIncludingNone) {
  JwtCodec codec(kSecret);
  auto payload = part(codec.sign(claims()), 1);
  std::string none = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".";
  EXPECT_EQ(error_of(codec, none), JwtError::Algorithm);
  auto body = *base64url_decode(payload);
  for (const char* h : {R"({"alg":"none"})", R"({"alg":"HS512","typ":"JWT"})",
                        R"({"alg":"hs256","typ":"JWT"})", R"({"alg":"RS256"})", R"({"typ":"JWT"})",
                        R"({"alg":["HS256"]})"})
    EXPECT_EQ(error_of(codec, forge(h, body)), JwtError::Algorithm) << h;
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256","crit":["x"]})", body)), JwtError::Malformed);
}

TEST(Jwt, RejectsBadSignatures) {
  JwtCodec codec(kSecret);
  auto token = codec.sign(claims());
  JwtCodec other("another-secret-another-secret-123456");
  EXPECT_EQ(error_of(other, token), JwtError::Signature);
  std::string flipped = token;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(error_of(codec, flipped), JwtError::Signature);
  // payload changed, signature kept
  auto c = claims();
  c.role = "admin";
  auto forged = JwtCodec("x").sign(c);
  std::string mixed = part(token, 0) + "." + part(forged, 1) + "." + part(token, 2);
  EXPECT_EQ(error_of(codec, mixed), JwtError::Signature);
  // truncated signature
  EXPECT_EQ(error_of(codec, token.substr(0, token.size() - 4)), JwtError::Signature);
  EXPECT_EQ(error_of(codec, part(token, 0) + "." + part(token, 1) + "."), JwtError::Signature);
}

TEST(Jwt, RejectsMalformedStructure) {
  JwtCodec codec(kSecret);
  auto token = codec.sign(claims());
  for (const std::string& t : {std::string("garbage"), std::string(""), std::string(".."),
                               token + ".x", part(token, 0) + "." + part(token, 1),
                               std::string("!!!.") + part(token, 1) + "." + part(token, 2)})
    EXPECT_EQ(error_of(codec, t), JwtError::Malformed) << t;
  EXPECT_EQ(error_of(codec, forge("[1]", "{}")), JwtError::Malformed);
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256"})", "not json")), JwtError::Malformed);
  EXPECT_EQ(error_of(codec, std::string(9000, 'a')), JwtError::Malformed);
}

TEST(Jwt, RequiresClaimsWithTheRightTypes) {
  JwtCodec codec(kSecret);
  const std::string h = R"({"alg":"HS256","typ":"JWT"})";
  auto with = [&](const std::string& extra) {
    return forge(h, std::string(R"({"sub":"a@b.com","user_id":"u","type":"access","sid":"s","jti":"j")") +
                        extra + "}");
  };
  EXPECT_TRUE(codec.verify(with(R"(,"exp":1800000100)"), kNow).has_value());
  EXPECT_TRUE(codec.verify(with(R"(,"exp":1.8000001E9)"), kNow).has_value());  // numeric double
  EXPECT_EQ(error_of(codec, with("")), JwtError::Claims);                         // no exp
  EXPECT_EQ(error_of(codec, with(R"(,"exp":"1800000100")")), JwtError::Claims);  // string exp
  EXPECT_EQ(error_of(codec, with(R"(,"exp":1800000100,"iat":"x")")), JwtError::Claims);
  EXPECT_EQ(error_of(codec, with(R"(,"exp":1800000100,"nbf":1800000050)")), JwtError::Claims);
  for (const char* missing : {"sub", "user_id", "type", "sid", "jti"}) {
    json::object o{{"sub", "a@b.com"}, {"user_id", "u"}, {"type", "access"}, {"sid", "s"},
                   {"jti", "j"}, {"exp", kNow + 100}};
    o.erase(missing);
    EXPECT_EQ(error_of(codec, forge(h, to_json_compact(o))), JwtError::Claims) << missing;
    o[missing] = 5;
    EXPECT_EQ(error_of(codec, forge(h, to_json_compact(o))), JwtError::Claims) << missing;
    o[missing] = "";
    EXPECT_EQ(error_of(codec, forge(h, to_json_compact(o))), JwtError::Claims) << missing;
  }
}
