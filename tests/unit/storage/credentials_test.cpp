// AWS credential sources: the rules on which source may be used, the container endpoint
// (token header, caching until near expiry, keeping cached credentials when a refresh fails)
// and IMDSv2.
#include "storage/s3/credentials.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include <fstream>

#include "core/time.hpp"
#include "storage/object_store.hpp"
#include "test_http_server.hpp"

using namespace edu::storage;
using edu::storage::testing::Captured;
using edu::storage::testing::Reply;
using edu::storage::testing::TestHttpServer;

namespace {

constexpr edu::Micros kHour = 3600LL * 1000000;

std::string doc(const std::string& key, edu::Micros expiration) {
  return "{\"RoleArn\": \"arn:aws:iam::111122223333:role/task\", \"AccessKeyId\": \"" + key +
         "\", \"SecretAccessKey\": \"secret\", \"Token\": \"tok\", \"Expiration\": \"" +
         edu::format_timestamp(expiration) + "\"}";
}

}  // namespace

TEST(Credentials, StaticKeysOnlyForALoopbackEndpoint) {
  EXPECT_TRUE(is_loopback_url("http://127.0.0.1:9000"));
  EXPECT_TRUE(is_loopback_url("http://localhost:4566/"));
  EXPECT_TRUE(is_loopback_url("http://[::1]:9000"));
  EXPECT_FALSE(is_loopback_url("https://s3.sa-east-1.amazonaws.com"));
  EXPECT_FALSE(is_loopback_url("http://minio:9000"));
  EXPECT_FALSE(is_loopback_url("http://127.0.0.1.example.com"));  // Boost.URL 1.81 says 127.0.0.1
  EXPECT_FALSE(is_loopback_url("http://127.0.0.1@example.com/"));
  EXPECT_FALSE(is_loopback_url("http://localhost.example.com"));
  EXPECT_TRUE(is_loopback_url("http://127.8.9.10"));

  CredentialSettings s;
  s.access_key_id = "AKID";
  s.secret_access_key = "SECRET";
  s.imds_enabled = false;
  CredentialProvider refused(s);  // allow_static false: the keys are not a source
  EXPECT_EQ(refused.source(), "none");
  try {
    refused.get();
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_EQ(e.code(), "NoCredentials");
  }
  s.allow_static = true;
  CredentialProvider allowed(s);
  EXPECT_EQ(allowed.source(), "environment");
  EXPECT_EQ(allowed.get().access_key_id, "AKID");
}

TEST(Credentials, FullUriRules) {
  EXPECT_TRUE(allowed_full_uri("https://auth.example.com/creds"));
  EXPECT_TRUE(allowed_full_uri("http://127.0.0.1:51679/creds"));
  EXPECT_TRUE(allowed_full_uri("http://169.254.170.2/v2/credentials/x"));
  EXPECT_TRUE(allowed_full_uri("http://169.254.170.23/v1/credentials"));
  EXPECT_TRUE(allowed_full_uri("http://[fd00:ec2::23]/v1/credentials"));
  EXPECT_FALSE(allowed_full_uri("http://evil.example.com/creds"));
  EXPECT_FALSE(allowed_full_uri("file:///etc/passwd"));
}

TEST(Credentials, ParsesTheDocument) {
  auto c = parse_credentials_document(doc("ASIAX", 1700000000LL * 1000000), "container");
  EXPECT_EQ(c.access_key_id, "ASIAX");
  EXPECT_EQ(c.secret_access_key, "secret");
  EXPECT_EQ(c.session_token, "tok");
  EXPECT_EQ(c.expiration, 1700000000LL * 1000000);
  EXPECT_THROW(parse_credentials_document("{\"Code\": \"Failure\"}", "x"), StorageError);
  EXPECT_THROW(parse_credentials_document("not json", "x"), StorageError);
  EXPECT_THROW(parse_credentials_document("{\"AccessKeyId\": \"a\"}", "x"), StorageError);
}

TEST(Credentials, ContainerEndpointIsCachedUntilNearExpiry) {
  edu::Micros now = 1700000000LL * 1000000;
  std::atomic<int> served{0};
  std::atomic<bool> fail{false};
  TestHttpServer srv([&](const Captured& r) -> Reply {
    if (fail) return {500, {}, ""};
    ++served;
    return {200, {}, doc("KEY" + std::to_string(served.load()), now + kHour)};
  });
  const std::string token_file = ::testing::TempDir() + "/edu-token-" + std::to_string(::getpid());
  struct RemoveAtEnd {
    std::string path;
    ~RemoveAtEnd() { std::remove(path.c_str()); }
  } remove_token{token_file};
  std::ofstream(token_file) << "file-token\n";
  CredentialSettings s;
  s.container_full_uri = srv.url() + "/creds";
  s.container_token = "ignored-when-a-file-is-given";
  s.container_token_file = token_file;
  s.imds_enabled = false;
  CredentialProvider p(s, [&] { return now; });
  EXPECT_EQ(p.source(), "container");
  EXPECT_EQ(p.get().access_key_id, "KEY1");
  EXPECT_EQ(p.get().access_key_id, "KEY1");  // cached
  EXPECT_EQ(served.load(), 1);
  EXPECT_EQ(srv.requests().at(0).header("authorization"), "file-token");
  EXPECT_EQ(srv.requests().at(0).path, "/creds");

  now += kHour - 4 * 60 * 1000000LL;  // 4 minutes before expiry: refresh
  EXPECT_EQ(p.get().access_key_id, "KEY2");
  EXPECT_EQ(served.load(), 2);

  // A failed refresh keeps the cached credentials while they are valid...
  const edu::Micros exp2 = now + kHour;
  now = exp2 - 60 * 1000000LL;
  fail = true;
  EXPECT_EQ(p.get().access_key_id, "KEY2");
  // ...and not after.
  now = exp2 + 1;
  EXPECT_THROW(p.get(), StorageError);
  fail = false;
  EXPECT_EQ(p.get().access_key_id, "KEY3");
  p.invalidate();
  EXPECT_EQ(p.get().access_key_id, "KEY4");
}

TEST(Credentials, FullUriWithoutTheAllowedHostsIsRefused) {
  CredentialSettings s;
  s.container_full_uri = "http://198.51.100.7/creds";
  s.imds_enabled = false;
  CredentialProvider p(s);
  try {
    p.get();
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("AWS_CONTAINER_CREDENTIALS_FULL_URI"), std::string::npos);
  }
}

TEST(Credentials, RelativeUriUsesTheEcsHost) {
  TestHttpServer srv([&](const Captured&) -> Reply { return {200, {}, doc("ECS", edu::now_micros() + kHour)}; });
  CredentialSettings s;
  s.container_relative_uri = "/v2/credentials/abc-123";
  s.container_host = srv.url();  // 169.254.170.2 in ECS
  CredentialProvider p(s);
  EXPECT_EQ(p.get().access_key_id, "ECS");
  EXPECT_EQ(srv.requests().at(0).path, "/v2/credentials/abc-123");
  EXPECT_FALSE(srv.requests().at(0).has_header("authorization"));
}

TEST(Credentials, InstanceMetadataV2) {
  TestHttpServer srv([&](const Captured& r) -> Reply {
    if (r.method == "PUT" && r.path == "/latest/api/token") {
      if (r.header("x-aws-ec2-metadata-token-ttl-seconds") != "21600") return {400, {}, ""};
      return {200, {}, "imds-token"};
    }
    if (r.header("x-aws-ec2-metadata-token") != "imds-token") return {401, {}, ""};
    if (r.path == "/latest/meta-data/iam/security-credentials/") return {200, {}, "my-role\n"};
    if (r.path == "/latest/meta-data/iam/security-credentials/my-role")
      return {200, {}, "{\"Code\": \"Success\", " + doc("IMDS", edu::now_micros() + kHour).substr(1)};
    return {404, {}, ""};
  });
  CredentialSettings s;
  s.imds_endpoint = srv.url() + "/";
  CredentialProvider p(s);
  EXPECT_EQ(p.source(), "instance-metadata");
  auto c = p.get();
  EXPECT_EQ(c.access_key_id, "IMDS");
  EXPECT_EQ(c.source, "instance-metadata");
  EXPECT_EQ(srv.requests().size(), 3u);
}
