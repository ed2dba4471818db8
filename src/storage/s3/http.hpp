// A minimal blocking HTTP client on libcurl for the object store and the AWS credential
// endpoints: one reusable easy handle per thread (connection reuse, TLS session cache),
// explicit timeouts, optional libcurl SigV4 signing. HTTP error statuses are returned, not
// thrown; transport failures give status 0 and `error`.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edu::storage::http {

struct Request {
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // sent for PUT/POST (not copied: must outlive perform())
  // libcurl SigV4 ("aws:amz:<region>:<service>") with the access key id / secret key.
  std::string aws_sigv4;
  std::string access_key_id, secret_access_key;
  long connect_timeout_ms = 5000;
  long timeout_ms = 0;              // 0: no total limit (large parts); the low-speed guard applies
  long low_speed_seconds = 30;      // abort below 1 KiB/s for that long
};

struct Response {
  long status = 0;  // 0: transport error (see `error`)
  std::string error;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  const std::string* header(std::string_view lower_name) const;
};

Response perform(const Request& r);

}  // namespace edu::storage::http
