// Object store wiring (see storage.hpp).
#include "storage/storage.hpp"

#include "observability/log.hpp"
#include "storage/local/local_store.hpp"
#include "storage/s3/credentials.hpp"
#include "storage/s3/s3_store.hpp"

namespace edu::storage {
namespace {

CredentialSettings credential_settings(const Config& c) {
  CredentialSettings s;
  s.access_key_id = c.aws_access_key_id;
  s.secret_access_key = c.aws_secret_access_key;
  s.session_token = c.aws_session_token;
  // Static keys are for tests against a local S3-protocol server only (INFRA.md §1.1).
  s.allow_static = !c.s3_endpoint_url.empty() && is_loopback_url(c.s3_endpoint_url);
  s.container_relative_uri = c.aws_container_credentials_relative_uri;
  s.container_full_uri = c.aws_container_credentials_full_uri;
  s.container_token = c.aws_container_authorization_token;
  s.container_token_file = c.aws_container_authorization_token_file;
  s.imds_enabled = !c.aws_ec2_metadata_disabled;
  s.imds_endpoint = c.aws_ec2_metadata_service_endpoint;
  return s;
}

std::string local_root(const Config& c) { return c.storage_url.substr(7); }

}  // namespace

std::string Buckets::of(const std::string& purpose) const {
  if (purpose == "uploads") return uploads;
  if (purpose == "exports") return exports;
  if (purpose == "ml-models") return ml_models;
  if (purpose == "bncc-data") return bncc_data;
  return "";
}

std::vector<std::pair<std::string, std::string>> Buckets::configured() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* p : kPurposes)
    if (auto b = of(p); !b.empty()) out.emplace_back(p, b);
  return out;
}

Buckets bucket_names(const Config& c) {
  Buckets b{c.s3_bucket_uploads, c.s3_bucket_exports, c.s3_bucket_ml_models, c.s3_bucket_bncc_data};
  if (!c.uses_s3()) {
    if (b.uploads.empty()) b.uploads = "uploads";
    if (b.exports.empty()) b.exports = "exports";
    if (b.ml_models.empty()) b.ml_models = "ml-models";
    if (b.bncc_data.empty()) b.bncc_data = "bncc-data";
  }
  return b;
}

std::unique_ptr<ObjectStore> make_object_store(const Config& c) {
  if (!c.uses_s3()) return std::make_unique<LocalObjectStore>(local_root(c));
  S3Settings s;
  s.region = c.aws_region;
  s.endpoint = c.s3_endpoint_url;
  s.sse_kms_key_id = c.s3_sse_kms_key_id;
  auto cs = credential_settings(c);
  if (!cs.access_key_id.empty() && !cs.allow_static)
    log::warn(
        "AWS_ACCESS_KEY_ID is ignored: static keys are only used with a loopback S3_ENDPOINT_URL "
        "(tests); credentials come from the task role",
        {{"event", "storage_credentials"}});
  auto creds = std::make_shared<CredentialProvider>(cs);
  return std::make_unique<S3ObjectStore>(s, std::move(creds));
}

std::string describe_store(const Config& c) {
  if (!c.uses_s3()) return "file " + local_root(c);
  CredentialProvider p(credential_settings(c));
  std::string d = "s3 (region " + c.aws_region;
  if (!c.s3_endpoint_url.empty()) d += ", endpoint " + c.s3_endpoint_url + ", path-style";
  d += ", credentials: " + p.source();
  d += c.s3_sse_kms_key_id.empty() ? ", SSE: bucket default" : ", SSE: aws:kms";
  return d + ")";
}

}  // namespace edu::storage
