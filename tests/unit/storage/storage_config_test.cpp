// Which object store the configuration selects (INFRA.md §1.1) and the bucket names.
#include <gtest/gtest.h>

#include "core/config.hpp"
#include "storage/local/local_store.hpp"
#include "storage/s3/s3_store.hpp"
#include "storage/s3/xml.hpp"
#include "storage/storage.hpp"

using namespace edu;

namespace {

Config load(std::map<std::string, std::string> env) {
  env.emplace("JWT_SECRET", "test-secret-0123456789-0123456789-abcdef");
  return Config::from_map(env);
}

std::string error_of(std::map<std::string, std::string> env) {
  try {
    load(std::move(env));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(StorageConfig, EmbeddedDefaultIsALocalDirectoryWithFourBuckets) {
  Config c = load({{"EDU_DATA_DIR", "/var/lib/edu"}});
  EXPECT_EQ(c.storage_url, "file:///var/lib/edu/objects");
  EXPECT_FALSE(c.uses_s3());
  auto store = storage::make_object_store(c);
  auto* local = dynamic_cast<storage::LocalObjectStore*>(store.get());
  ASSERT_TRUE(local);
  EXPECT_EQ(local->root(), "/var/lib/edu/objects");
  auto b = storage::bucket_names(c);
  EXPECT_EQ(b.configured().size(), 4u);
  EXPECT_EQ(b.of("bncc-data"), "bncc-data");
  EXPECT_EQ(storage::describe_store(c), "file /var/lib/edu/objects");
}

TEST(StorageConfig, BucketNamesSelectS3WhenStorageUrlIsUnset) {
  Config c = load({{"S3_BUCKET_EXPORTS", "eduautismo-production-exports"},
                   {"S3_BUCKET_BNCC_DATA", "eduautismo-production-bncc-data"},
                   {"AWS_REGION", "sa-east-1"},
                   {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"},
                   {"S3_SSE_KMS_KEY_ID", "arn:aws:kms:sa-east-1:1:key/k"}});
  EXPECT_TRUE(c.uses_s3());
  auto store = storage::make_object_store(c);
  auto* s3 = dynamic_cast<storage::S3ObjectStore*>(store.get());
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->settings().region, "sa-east-1");
  EXPECT_TRUE(s3->settings().endpoint.empty());
  EXPECT_EQ(s3->settings().sse_kms_key_id, "arn:aws:kms:sa-east-1:1:key/k");
  auto b = storage::bucket_names(c);
  ASSERT_EQ(b.configured().size(), 2u);  // only the configured ones on S3
  EXPECT_EQ(b.configured()[0], (std::pair<std::string, std::string>{"exports", "eduautismo-production-exports"}));
  EXPECT_EQ(storage::describe_store(c), "s3 (region sa-east-1, credentials: container, SSE: aws:kms)");
}

TEST(StorageConfig, StorageUrlWinsAndMapsBucketsToDirectories) {
  Config c = load({{"STORAGE_URL", "file:///tmp/objs"}, {"S3_BUCKET_BNCC_DATA", "catalog"}});
  EXPECT_FALSE(c.uses_s3());
  EXPECT_EQ(storage::bucket_names(c).of("bncc-data"), "catalog");
  EXPECT_EQ(storage::bucket_names(c).of("exports"), "exports");
}

TEST(StorageConfig, EndpointMeansPathStyleAndLoopbackAllowsStaticKeys) {
  Config c = load({{"S3_BUCKET_UPLOADS", "up"},
                   {"S3_ENDPOINT_URL", "http://127.0.0.1:9000"},
                   {"AWS_ACCESS_KEY_ID", "S3RVER"},
                   {"AWS_SECRET_ACCESS_KEY", "S3RVER"}});
  EXPECT_EQ(c.aws_region, "us-east-1");  // local servers ignore it
  EXPECT_EQ(storage::describe_store(c),
            "s3 (region us-east-1, endpoint http://127.0.0.1:9000, path-style, credentials: environment, "
            "SSE: bucket default)");
  // The same keys with a remote endpoint are not a credential source.
  Config remote = load({{"S3_BUCKET_UPLOADS", "up"},
                        {"S3_ENDPOINT_URL", "https://minio.example.com"},
                        {"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
                        {"AWS_SECRET_ACCESS_KEY", "x"},
                        {"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_NE(storage::describe_store(remote).find("credentials: none"), std::string::npos);
  Config aws = load({{"S3_BUCKET_UPLOADS", "up"}, {"AWS_REGION", "sa-east-1"}, {"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
                     {"AWS_SECRET_ACCESS_KEY", "x"}});
  EXPECT_NE(storage::describe_store(aws).find("credentials: instance-metadata"), std::string::npos);
}

TEST(StorageConfig, InvalidValuesNameTheVariable) {
  EXPECT_NE(error_of({{"STORAGE_URL", "ftp://x"}}).find("STORAGE_URL"), std::string::npos);
  EXPECT_NE(error_of({{"STORAGE_URL", "file://"}}).find("STORAGE_URL"), std::string::npos);
  EXPECT_NE(error_of({{"S3_ENDPOINT_URL", "localhost:9000"}}).find("S3_ENDPOINT_URL"), std::string::npos);
  EXPECT_NE(error_of({{"S3_BUCKET_EXPORTS", "x-exports"}}).find("AWS_REGION"), std::string::npos);
  EXPECT_NE(error_of({{"AWS_EC2_METADATA_DISABLED", "maybe"}}).find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_EQ(error_of({{"STORAGE_URL", "s3://"}, {"AWS_REGION", "sa-east-1"}}), "");
}

TEST(StorageConfig, EveryCredentialVariableIsInTheEnvContract) {
  const auto& names = Config::variable_names();
  for (const char* n : {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                        "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "S3_SSE_KMS_KEY_ID",
                        "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
}

TEST(StorageXml, ParsesAndEscapes) {
  auto doc = storage::xml::parse("<a xmlns=\"urn:x\"><b> one &amp; two </b><c/><b>2</b></a>");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->name, "a");
  EXPECT_EQ(doc->child_text("b").value(), "one & two");
  EXPECT_EQ(doc->children_named("b").size(), 2u);
  EXPECT_EQ(doc->child_text("c").value(), "");
  EXPECT_FALSE(doc->child_text("d"));
  EXPECT_FALSE(storage::xml::parse("<a><b></a>"));
  EXPECT_FALSE(storage::xml::parse(""));
  EXPECT_EQ(storage::xml::escape("<\"a&b'>"), "&lt;&quot;a&amp;b&apos;&gt;");
  EXPECT_EQ(storage::parse_s3_error("<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>"),
            (std::pair<std::string, std::string>{"NoSuchKey", "gone"}));
}
