// SigV4 against the examples AWS publishes in "Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk" (Amazon S3 API Reference): access key
// AKIAIOSFODNN7EXAMPLE, secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, bucket examplebucket,
// 20130524T000000Z, us-east-1 — GET Object, PUT Object, GET Bucket Lifecycle and GET Bucket
// (List Objects) — and the signing-key example of the general SigV4 documentation.
#include "storage/s3/sigv4.hpp"

#include <gtest/gtest.h>

#include "core/ids.hpp"

using namespace edu::storage::sigv4;

namespace {

const char* kKeyId = "AKIAIOSFODNN7EXAMPLE";
const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const char* kDate = "20130524T000000Z";
const char* kHost = "examplebucket.s3.amazonaws.com";
const char* kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

Signature sign_example(Request r) { return sign(r, kKeyId, kSecret, "us-east-1", "s3", kDate); }

}  // namespace

TEST(SigV4, AwsExampleGetObject) {
  Request r{"GET", "/test.txt", "",
            {{"Host", kHost}, {"Range", "bytes=0-9"}, {"x-amz-content-sha256", kEmpty}, {"x-amz-date", kDate}},
            kEmpty};
  Signature s = sign_example(r);
  EXPECT_EQ(s.canonical_request,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(s.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, AwsExamplePutObject) {
  const std::string body = "Welcome to Amazon S3.";
  const std::string hash = edu::sha256_hex(body);
  ASSERT_EQ(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  // The key "test$file.text" is sent encoded: '$' → %24.
  Request r{"PUT", "/" + uri_encode("test$file.text", true), "",
            {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
             {"Host", kHost},
             {"x-amz-content-sha256", hash},
             {"x-amz-date", kDate},
             {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
            hash};
  Signature s = sign_example(r);
  EXPECT_EQ(s.canonical_request,
            "PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"
            "host:examplebucket.s3.amazonaws.com\n"
            "x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n"
            "x-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n"
            "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
  EXPECT_EQ(s.signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, AwsExampleGetBucketLifecycleSignsABareNameWithEquals) {
  // "GET /?lifecycle": the canonical query is "lifecycle=".
  EXPECT_EQ(canonical_query({{"lifecycle", ""}}), "lifecycle=");
  Request r{"GET", "/", canonical_query({{"lifecycle", ""}}),
            {{"host", kHost}, {"x-amz-content-sha256", kEmpty}, {"x-amz-date", kDate}},
            kEmpty};
  Signature s = sign_example(r);
  EXPECT_EQ(edu::sha256_hex(s.canonical_request),
            "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca");
  EXPECT_EQ(s.signature, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, AwsExampleListObjectsSortsTheQuery) {
  // Given out of order; signed as max-keys=2&prefix=J.
  const std::string q = canonical_query({{"prefix", "J"}, {"max-keys", "2"}});
  EXPECT_EQ(q, "max-keys=2&prefix=J");
  Request r{"GET", "/", q, {{"host", kHost}, {"x-amz-content-sha256", kEmpty}, {"x-amz-date", kDate}}, kEmpty};
  EXPECT_EQ(sign_example(r).signature, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, AwsDocumentationSigningKey) {
  // General SigV4 documentation: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830,
  // us-east-1, iam.
  EXPECT_EQ(hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(SigV4, UriEncodingIsTheS3One) {
  EXPECT_EQ(uri_encode("A-Z_a.z~09", false), "A-Z_a.z~09");
  EXPECT_EQ(uri_encode("a b+c=d&e", false), "a%20b%2Bc%3Dd%26e");
  EXPECT_EQ(uri_encode("!'()*$", false), "%21%27%28%29%2A%24");  // encodeURIComponent keeps these
  EXPECT_EQ(uri_encode("dir/sub/é.csv", true), "dir/sub/%C3%A9.csv");
  EXPECT_EQ(uri_encode("dir/sub", false), "dir%2Fsub");
}

TEST(SigV4, CanonicalQuerySortsEncodedNamesAndValues) {
  EXPECT_EQ(canonical_query({{"uploads", ""}}), "uploads=");
  EXPECT_EQ(canonical_query({{"uploadId", "a/b+c=="}, {"partNumber", "2"}}), "partNumber=2&uploadId=a%2Fb%2Bc%3D%3D");
  EXPECT_EQ(canonical_query({{"prefix", "a b/"}, {"list-type", "2"}, {"continuation-token", "x=="}}),
            "continuation-token=x%3D%3D&list-type=2&prefix=a%20b%2F");
  EXPECT_EQ(canonical_query({}), "");
}

TEST(SigV4, HeaderValuesAreTrimmedAndRepeatedNamesJoined) {
  Request r{"GET", "/", "", {{"X-Custom", "  a   b  "}, {"x-custom", "c"}, {"host", "h"}}, kEmpty};
  Signature s = sign(r, "k", "s", "us-east-1", "s3", kDate);
  EXPECT_NE(s.canonical_request.find("x-custom:a b,c\n"), std::string::npos) << s.canonical_request;
  EXPECT_EQ(s.signed_headers, "host;x-custom");
}

TEST(SigV4, AmzDate) {
  EXPECT_EQ(amz_date(1369353600), "20130524T000000Z");
  EXPECT_EQ(amz_date(0), "19700101T000000Z");
}
