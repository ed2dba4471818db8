// S3 object store over libcurl (DESIGN.md §5: CURLOPT_AWS_SIGV4). libcurl 7.88 signs the
// request as given, so this client supplies what it does not: `x-amz-content-sha256` (the
// payload hash libcurl then signs), a canonical query (sorted keys, encoded, `uploads=` for
// bare names) and S3-encoded key paths. Addressing is virtual-hosted on AWS
// (https://<bucket>.s3.<region>.amazonaws.com/<key>) and path-style when an endpoint is set
// (S3_ENDPOINT_URL: local S3-protocol servers). Objects above `multipart_threshold` go up as
// multipart uploads (aborted on failure). When a KMS key is configured (AWS), PutObject and
// CreateMultipartUpload carry `x-amz-server-side-encryption: aws:kms` with that key and the
// bucket key flag; without one the bucket's default encryption applies (SSE-KMS, INFRA.md
// §2.8) — `aws:kms` without a key id would select the AWS managed key aws/s3 instead.
// Transport errors, 5xx and SlowDown are retried with backoff (idempotent requests only);
// ExpiredToken/InvalidToken refresh the credentials once.
#pragma once
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "storage/object_store.hpp"
#include "storage/s3/credentials.hpp"
#include "storage/s3/http.hpp"
#include "storage/s3/sigv4.hpp"

namespace edu::storage {

struct S3Settings {
  std::string region;    // required
  std::string endpoint;  // empty: AWS; otherwise path-style requests to this base URL
  std::string sse_kms_key_id;  // sends the SSE-KMS headers when set
  std::size_t multipart_threshold = 16u << 20;
  std::size_t part_size = 8u << 20;  // S3 minimum: 5 MiB (except the last part)
  int list_page_size = 1000;
  int max_attempts = 3;
  long connect_timeout_ms = 5000;
};

class S3ObjectStore : public ObjectStore {
 public:
  S3ObjectStore(S3Settings s, std::shared_ptr<CredentialProvider> credentials);

  std::string kind() const override { return "s3"; }
  std::string describe(const std::string& bucket, const std::string& key) const override;
  void put(const std::string& bucket, const std::string& key, std::string_view data,
           const PutOptions& options = {}) override;
  void put_file(const std::string& bucket, const std::string& key, const std::string& path,
                const PutOptions& options = {}) override;
  std::optional<std::string> get(const std::string& bucket, const std::string& key) override;
  std::optional<ObjectInfo> head(const std::string& bucket, const std::string& key) override;
  void remove(const std::string& bucket, const std::string& key) override;
  std::vector<ObjectInfo> list(const std::string& bucket, const std::string& prefix) override;

  // Bucket lifecycle configuration (GetBucketLifecycleConfiguration): the XML document, or
  // nullopt when the bucket has none (NoSuchLifecycleConfiguration).
  std::optional<std::string> get_lifecycle(const std::string& bucket);
  // PutBucketLifecycleConfiguration (Content-MD5 included).
  void put_lifecycle(const std::string& bucket, const std::string& xml);
  // DeleteBucketLifecycle.
  void delete_lifecycle(const std::string& bucket);

  const S3Settings& settings() const { return s_; }
  std::string url(const std::string& bucket, const std::string& key, const std::string& query) const;

 private:
  struct Call {
    std::string method;
    std::string bucket, key;
    sigv4::Params query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string_view body;
    bool idempotent = true;
  };
  http::Response call(const Call& c);
  [[noreturn]] void fail(const std::string& op, const Call& c, const http::Response& r) const;
  void put_single(const std::string& bucket, const std::string& key, std::string_view data,
                  const PutOptions& options);
  // Multipart upload; `next` returns the next part (empty view at the end).
  void put_multipart(const std::string& bucket, const std::string& key, const PutOptions& options,
                     const std::function<std::string_view()>& next);
  void add_sse(std::vector<std::pair<std::string, std::string>>& h) const;

  S3Settings s_;
  std::shared_ptr<CredentialProvider> credentials_;
};

// Parses `<Error><Code>…</Code><Message>…</Message></Error>`; empty strings if absent.
std::pair<std::string, std::string> parse_s3_error(std::string_view body);

}  // namespace edu::storage
