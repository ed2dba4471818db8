// AWS credentials for the S3 client (INFRA.md §1.1: "credentials only from the task role").
// Sources, in order:
//   1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) — ONLY when
//      S3_ENDPOINT_URL points at a loopback test server (127.0.0.0/8, ::1, localhost);
//      otherwise they are ignored (a WARN says so). Never used against AWS.
//   2. The container credentials endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (ECS task
//      role, http://169.254.170.2<uri>) or AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or http
//      on loopback / 169.254.170.2 / 169.254.170.23 / fd00:ec2::23) with the Authorization
//      token of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or AWS_CONTAINER_AUTHORIZATION_TOKEN.
//   3. EC2 instance metadata (IMDSv2: token, role name, role credentials) unless
//      AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the address.
// Temporary credentials are cached until 5 minutes before their expiry, fetched by one
// caller at a time; a failed refresh keeps serving the cached ones while they are valid.
#pragma once
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace edu::storage {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  Micros expiration = 0;      // 0: does not expire
  std::string source;         // "environment", "container", "instance-metadata"
};

struct CredentialSettings {
  std::string access_key_id, secret_access_key, session_token;
  bool allow_static = false;  // S3_ENDPOINT_URL is a loopback test server
  std::string container_relative_uri, container_full_uri;
  std::string container_token, container_token_file;
  std::string container_host = "http://169.254.170.2";
  bool imds_enabled = true;
  std::string imds_endpoint = "http://169.254.169.254";
  long timeout_ms = 2000;
  std::chrono::seconds refresh_before{300};
};

class CredentialProvider {
 public:
  explicit CredentialProvider(CredentialSettings s, std::function<Micros()> clock = now_micros);

  // Valid credentials (cached or freshly fetched). Throws StorageError (code
  // "NoCredentials") when no source answers.
  AwsCredentials get();
  // Forgets the cache (S3 answered ExpiredToken / InvalidToken).
  void invalidate();
  // Which source will be used, for logs: "environment", "container", "instance-metadata".
  std::string source() const;

 private:
  AwsCredentials fetch() const;
  AwsCredentials from_container() const;
  AwsCredentials from_instance_metadata() const;

  CredentialSettings s_;
  std::function<Micros()> clock_;
  std::mutex mu_;
  std::optional<AwsCredentials> cached_;
};

// The JSON document of the container endpoint and of IMDS
// ({"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}). Throws StorageError.
AwsCredentials parse_credentials_document(std::string_view body, const std::string& source);

// Whether a URL's host is loopback (127.0.0.0/8, ::1, localhost).
bool is_loopback_url(std::string_view url);
// The AWS SDK rule for AWS_CONTAINER_CREDENTIALS_FULL_URI: https, or http to loopback or the
// ECS/EKS link-local addresses.
bool allowed_full_uri(std::string_view url);

}  // namespace edu::storage
