// libcurl client (see http.hpp).
#include "storage/s3/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace edu::storage::http {
namespace {

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

CURL* thread_handle() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  thread_local std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  return handle.get();
}

size_t on_body(char* p, size_t size, size_t n, void* ud) {
  static_cast<Response*>(ud)->body.append(p, size * n);
  return size * n;
}

size_t on_header(char* p, size_t size, size_t n, void* ud) {
  auto* res = static_cast<Response*>(ud);
  std::string_view line(p, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    res->headers.clear();  // a new status line (e.g. after 100 Continue or a redirect)
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string_view v = line.substr(colon + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
  res->headers.emplace_back(std::move(name), std::string(v));
  return size * n;
}

}  // namespace

const std::string* Response::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return &v;
  return nullptr;
}

Response perform(const Request& r) {
  Response res;
  CURL* c = thread_handle();
  if (!c) {
    res.error = "curl_easy_init failed";
    return res;
  }
  curl_slist* list = nullptr;
  for (const auto& [k, v] : r.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
  const bool sends_body = r.method == "PUT" || r.method == "POST";
  // No "Expect:" removal header here: libcurl 7.88's SigV4 lists every user header in
  // SignedHeaders, including one that is never sent, and the server would refuse the
  // signature. The Expect header curl adds by itself for large bodies is not signed.
  std::unique_ptr<curl_slist, SlistDeleter> headers(list);

  curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  // Object keys may contain "." and ".." segments: send the path exactly as built.
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, r.connect_timeout_ms);
  if (r.timeout_ms > 0) curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, r.timeout_ms);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, r.low_speed_seconds);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &res);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &res);
  if (r.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, r.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  } else if (r.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  if (!r.aws_sigv4.empty()) {
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, r.aws_sigv4.c_str());
    curl_easy_setopt(c, CURLOPT_USERNAME, r.access_key_id.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, r.secret_access_key.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.status);
  // Reset for the next request on this thread: clears the options (credentials included) and
  // keeps the connection and TLS session caches.
  curl_easy_reset(c);
  if (rc != CURLE_OK) {
    res.status = 0;
    res.error = curl_easy_strerror(rc);
    return res;
  }
  return res;
}

}  // namespace edu::storage::http
