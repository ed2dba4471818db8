// AWS Signature Version 4 (header form), written from the AWS specification. The S3 client
// lets libcurl sign its requests (CURLOPT_AWS_SIGV4); this reference implementation exists
// (1) to build what libcurl 7.88 leaves to the caller — the S3 URI encoding of keys and a
// canonical (sorted, encoded, `name=` for bare names) query string, since libcurl signs the
// query exactly as given — and (2) to check in the tests that libcurl's signatures equal the
// ones computed from AWS's published examples.
#pragma once
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edu::storage::sigv4 {

using Params = std::vector<std::pair<std::string, std::string>>;

// URI-encodes every byte except the unreserved A-Z a-z 0-9 - _ . ~ (upper-case hex);
// '/' is kept when `keep_slash` (object key paths), encoded otherwise (query values).
std::string uri_encode(std::string_view s, bool keep_slash);

// "k1=v1&k2=" — names and values encoded, sorted by name then value, '=' always present.
std::string canonical_query(Params params);

// 20130524T000000Z
std::string amz_date(std::time_t t);

struct Request {
  std::string method;        // GET, PUT, ...
  std::string path;          // canonical URI, already encoded (uri_encode(key, true))
  std::string query;         // canonical query (canonical_query)
  Params headers;            // every header to sign (any case; host and x-amz-date included)
  std::string payload_hash;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;range;x-amz-content-sha256;x-amz-date"
  std::string signature;       // hex
  std::string authorization;   // the Authorization header value
};

// HMAC-SHA256 chain "AWS4"+secret → date → region → service → "aws4_request" (raw bytes).
std::string signing_key(std::string_view secret, std::string_view date8, std::string_view region,
                        std::string_view service);

// `amz_date` must equal the request's x-amz-date header value.
Signature sign(const Request& r, std::string_view access_key_id, std::string_view secret,
               std::string_view region, std::string_view service, std::string_view amz_date);

std::string hex(std::string_view bytes);

}  // namespace edu::storage::sigv4
