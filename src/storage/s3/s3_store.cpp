// S3 object store (see s3_store.hpp).
#include "storage/s3/s3_store.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <thread>

#include "core/ids.hpp"
#include "observability/log.hpp"
#include "observability/tracing.hpp"
#include "storage/s3/xml.hpp"

namespace edu::storage {
namespace {

const std::string kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string strip_quotes(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

std::string base64_md5(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_md5(), nullptr);
  unsigned char out[64];
  int n = EVP_EncodeBlock(out, md, static_cast<int>(len));
  return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
}

Micros http_date_micros(const std::string* v) {
  if (!v) return 0;
  time_t t = curl_getdate(v->c_str(), nullptr);
  return t < 0 ? 0 : static_cast<Micros>(t) * 1000000;
}

bool retryable(const http::Response& r, const std::string& code) {
  if (r.status == 0) return true;
  if (r.status == 500 || r.status == 502 || r.status == 503 || r.status == 504) return true;
  return code == "RequestTimeout" || code == "SlowDown" || code == "InternalError";
}

// libcurl 7.88 orders the canonical headers by "name:value" instead of by name, so a header
// name that is a prefix of another (x-amz-server-side-encryption and
// x-amz-server-side-encryption-aws-kms-key-id) comes out in the wrong order and S3 answers
// SignatureDoesNotMatch (fixed upstream in curl 8.10, curl/curl#14370). Such requests are
// signed with the reference implementation instead.
bool curl_misorders(const std::vector<std::pair<std::string, std::string>>& headers) {
  std::vector<std::string> names;
  for (const auto& [k, v] : headers) {
    std::string n = k;
    for (auto& ch : n) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    names.push_back(std::move(n));
  }
  for (const auto& a : names)
    for (const auto& b : names)
      if (a.size() < b.size() && b.compare(0, a.size(), a) == 0) return true;
  return false;
}

// "host[:port]" of a URL this client built (scheme://authority/path).
std::string host_of(const std::string& url) {
  auto start = url.find("://") + 3;
  return url.substr(start, url.find('/', start) - start);
}

bool credentials_expired(const std::string& code) {
  return code == "ExpiredToken" || code == "InvalidToken" || code == "TokenRefreshRequired";
}

}  // namespace

std::pair<std::string, std::string> parse_s3_error(std::string_view body) {
  auto doc = xml::parse(body);
  if (!doc || doc->name != "Error") return {"", ""};
  return {doc->child_text("Code").value_or(""), doc->child_text("Message").value_or("")};
}

S3ObjectStore::S3ObjectStore(S3Settings s, std::shared_ptr<CredentialProvider> credentials)
    : s_(std::move(s)), credentials_(std::move(credentials)) {
  if (s_.region.empty()) throw StorageError("S3 region is required (AWS_REGION)", 0, "InvalidConfig");
  while (!s_.endpoint.empty() && s_.endpoint.back() == '/') s_.endpoint.pop_back();
  if (s_.part_size < (5u << 20)) s_.part_size = 5u << 20;
  if (s_.multipart_threshold < s_.part_size) s_.multipart_threshold = s_.part_size;
  if (s_.max_attempts < 1) s_.max_attempts = 1;
}

std::string S3ObjectStore::describe(const std::string& bucket, const std::string& key) const {
  return "s3://" + bucket + "/" + key;
}

std::string S3ObjectStore::url(const std::string& bucket, const std::string& key,
                               const std::string& query) const {
  std::string u;
  if (!s_.endpoint.empty()) {
    u = s_.endpoint + "/" + bucket;
    if (!key.empty()) u += "/" + sigv4::uri_encode(key, true);
  } else {
    u = "https://" + bucket + ".s3." + s_.region + ".amazonaws.com/" + sigv4::uri_encode(key, true);
  }
  if (!query.empty()) u += "?" + query;
  return u;
}

void S3ObjectStore::add_sse(std::vector<std::pair<std::string, std::string>>& h) const {
  if (s_.sse_kms_key_id.empty()) return;
  h.emplace_back("x-amz-server-side-encryption", "aws:kms");
  h.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", s_.sse_kms_key_id);
  h.emplace_back("x-amz-server-side-encryption-bucket-key-enabled", "true");
}

http::Response S3ObjectStore::call(const Call& c) {
  validate_bucket(c.bucket);
  if (!c.key.empty()) validate_key(c.key);
  const std::string query = sigv4::canonical_query(c.query);
  const std::string payload_hash = c.body.empty() ? kEmptySha256 : sha256_hex(c.body);
  bool refreshed = false;
  http::Response res;
  for (int attempt = 1;; ++attempt) {
    AwsCredentials cred = credentials_->get();
    http::Request req;
    req.method = c.method;
    req.url = url(c.bucket, c.key, query);
    req.body = c.body;
    req.headers = c.headers;
    req.headers.emplace_back("x-amz-content-sha256", payload_hash);
    if (!cred.session_token.empty()) req.headers.emplace_back("x-amz-security-token", cred.session_token);
    if (const Context* ctx = trace::current())
      for (auto& h : trace::outgoing_headers(ctx->trace)) req.headers.push_back(std::move(h));
    if (!curl_misorders(req.headers)) {
      req.aws_sigv4 = "aws:amz:" + s_.region + ":s3";
      req.access_key_id = cred.access_key_id;
      req.secret_access_key = cred.secret_access_key;
    } else {
      const std::string date = sigv4::amz_date(std::time(nullptr));
      req.headers.emplace_back("Host", host_of(req.url));
      req.headers.emplace_back("x-amz-date", date);
      auto path_start = req.url.find('/', req.url.find("://") + 3);
      auto qpos = req.url.find('?', path_start);
      sigv4::Request sr{c.method, req.url.substr(path_start, qpos - path_start), query, req.headers,
                        payload_hash};
      req.headers.emplace_back(
          "Authorization",
          sigv4::sign(sr, cred.access_key_id, cred.secret_access_key, s_.region, "s3", date).authorization);
    }
    req.connect_timeout_ms = s_.connect_timeout_ms;
    res = http::perform(req);
    if (res.status >= 200 && res.status < 300) return res;
    auto [code, message] = parse_s3_error(res.body);
    if (!refreshed && credentials_expired(code)) {
      refreshed = true;
      credentials_->invalidate();
      continue;
    }
    if (attempt < s_.max_attempts && c.idempotent && retryable(res, code)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << (2 * (attempt - 1))));
      continue;
    }
    return res;
  }
}

void S3ObjectStore::fail(const std::string& op, const Call& c, const http::Response& r) const {
  auto [code, message] = parse_s3_error(r.body);
  if (r.status == 0)
    throw StorageError(op + " " + describe(c.bucket, c.key) + ": " + r.error, 0, "NetworkError");
  if (code.empty()) code = r.status == 404 ? "NotFound" : r.status == 403 ? "AccessDenied" : "HTTP" + std::to_string(r.status);
  throw StorageError(op + " " + describe(c.bucket, c.key) + ": HTTP " + std::to_string(r.status) +
                         " " + code + (message.empty() ? "" : " (" + message + ")"),
                     static_cast<int>(r.status), code);
}

void S3ObjectStore::put(const std::string& bucket, const std::string& key, std::string_view data,
                        const PutOptions& options) {
  if (data.size() <= s_.multipart_threshold) return put_single(bucket, key, data, options);
  std::size_t offset = 0;
  put_multipart(bucket, key, options, [&]() -> std::string_view {
    std::string_view part = data.substr(offset, std::min(s_.part_size, data.size() - offset));
    offset += part.size();
    return part;
  });
}

void S3ObjectStore::put_single(const std::string& bucket, const std::string& key, std::string_view data,
                               const PutOptions& options) {
  Call c{"PUT", bucket, key, {}, {{"Content-Type", options.content_type}}, data, true};
  add_sse(c.headers);
  auto r = call(c);
  if (r.status / 100 != 2) fail("PutObject", c, r);
}

void S3ObjectStore::put_file(const std::string& bucket, const std::string& key, const std::string& path,
                             const PutOptions& options) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StorageError("cannot open " + path + ": " + std::strerror(errno), 0, "IOError");
  std::unique_ptr<int, void (*)(int*)> guard(&fd, [](int* f) { ::close(*f); });
  struct stat st{};
  if (::fstat(fd, &st) != 0) throw StorageError("cannot stat " + path, 0, "IOError");
  auto read_up_to = [&](std::string& buf, std::size_t n) {
    buf.resize(n);
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::read(fd, buf.data() + got, n - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        throw StorageError("cannot read " + path + ": " + std::strerror(errno), 0, "IOError");
      }
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    buf.resize(got);
  };
  std::string buf;
  if (static_cast<std::uint64_t>(st.st_size) <= s_.multipart_threshold) {
    read_up_to(buf, static_cast<std::size_t>(st.st_size));
    return put_single(bucket, key, buf, options);
  }
  put_multipart(bucket, key, options, [&]() -> std::string_view {
    read_up_to(buf, s_.part_size);
    return buf;
  });
}

void S3ObjectStore::put_multipart(const std::string& bucket, const std::string& key,
                                  const PutOptions& options,
                                  const std::function<std::string_view()>& next) {
  Call init{"POST", bucket, key, {{"uploads", ""}}, {{"Content-Type", options.content_type}}, {}, false};
  add_sse(init.headers);
  auto r = call(init);
  if (r.status / 100 != 2) fail("CreateMultipartUpload", init, r);
  auto doc = xml::parse(r.body);
  std::string upload_id = doc ? doc->child_text("UploadId").value_or("") : "";
  if (upload_id.empty())
    throw StorageError("CreateMultipartUpload " + describe(bucket, key) + ": no UploadId in the answer",
                       static_cast<int>(r.status), "MalformedResponse");
  auto abort = [&] {
    Call a{"DELETE", bucket, key, {{"uploadId", upload_id}}, {}, {}, true};
    auto ar = call(a);
    if (ar.status / 100 != 2)
      log::warn("multipart upload not aborted (the bucket lifecycle rule removes it after 7 days)",
                {{"event", "storage_multipart_abort_failed"}, {"status", static_cast<std::int64_t>(ar.status)}});
  };
  try {
    std::string complete = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (int part = 1;; ++part) {
      std::string_view body = next();
      if (body.empty() && part > 1) break;
      Call up{"PUT", bucket, key, {{"partNumber", std::to_string(part)}, {"uploadId", upload_id}},
              {{"Content-Type", "application/octet-stream"}}, body, true};
      auto pr = call(up);
      if (pr.status / 100 != 2) fail("UploadPart", up, pr);
      const std::string* etag = pr.header("etag");
      if (!etag) throw StorageError("UploadPart " + describe(bucket, key) + ": no ETag", 0, "MalformedResponse");
      complete += "<Part><PartNumber>" + std::to_string(part) + "</PartNumber><ETag>" + xml::escape(*etag) +
                  "</ETag></Part>";
      if (body.size() < s_.part_size) break;  // short part: the last one
    }
    complete += "</CompleteMultipartUpload>";
    Call done{"POST", bucket, key, {{"uploadId", upload_id}}, {{"Content-Type", "application/xml"}}, complete, false};
    auto cr = call(done);
    // S3 may answer 200 with an <Error> document when completion fails late.
    if (cr.status / 100 != 2 || !parse_s3_error(cr.body).first.empty()) fail("CompleteMultipartUpload", done, cr);
  } catch (...) {
    abort();
    throw;
  }
}

std::optional<std::string> S3ObjectStore::get(const std::string& bucket, const std::string& key) {
  Call c{"GET", bucket, key, {}, {}, {}, true};
  auto r = call(c);
  if (r.status == 404) {
    auto code = parse_s3_error(r.body).first;
    if (code == "NoSuchBucket") fail("GetObject", c, r);
    return std::nullopt;
  }
  if (r.status / 100 != 2) fail("GetObject", c, r);
  return std::move(r.body);
}

std::optional<ObjectInfo> S3ObjectStore::head(const std::string& bucket, const std::string& key) {
  Call c{"HEAD", bucket, key, {}, {}, {}, true};
  auto r = call(c);
  if (r.status == 404) return std::nullopt;
  if (r.status / 100 != 2) fail("HeadObject", c, r);
  ObjectInfo info;
  info.key = key;
  if (auto v = r.header("content-length")) info.size = std::strtoull(v->c_str(), nullptr, 10);
  if (auto v = r.header("content-type")) info.content_type = *v;
  if (auto v = r.header("etag")) info.etag = strip_quotes(*v);
  info.last_modified = http_date_micros(r.header("last-modified"));
  return info;
}

void S3ObjectStore::remove(const std::string& bucket, const std::string& key) {
  Call c{"DELETE", bucket, key, {}, {}, {}, true};
  auto r = call(c);
  if (r.status == 404 && parse_s3_error(r.body).first != "NoSuchBucket") return;
  if (r.status / 100 != 2) fail("DeleteObject", c, r);
}

std::vector<ObjectInfo> S3ObjectStore::list(const std::string& bucket, const std::string& prefix) {
  std::vector<ObjectInfo> out;
  std::string token;
  for (;;) {
    Call c{"GET", bucket, "", {{"list-type", "2"}, {"prefix", prefix}}, {}, {}, true};
    if (s_.list_page_size != 1000) c.query.emplace_back("max-keys", std::to_string(s_.list_page_size));
    if (!token.empty()) c.query.emplace_back("continuation-token", token);
    auto r = call(c);
    if (r.status / 100 != 2) fail("ListObjectsV2", c, r);
    auto doc = xml::parse(r.body);
    if (!doc || doc->name != "ListBucketResult")
      throw StorageError("ListObjectsV2 " + describe(bucket, prefix) + ": malformed answer", 0, "MalformedResponse");
    for (const auto* e : doc->children_named("Contents")) {
      ObjectInfo info;
      info.key = e->child_text("Key").value_or("");
      info.size = std::strtoull(e->child_text("Size").value_or("0").c_str(), nullptr, 10);
      info.etag = strip_quotes(e->child_text("ETag").value_or(""));
      info.last_modified = parse_timestamp(e->child_text("LastModified").value_or("")).value_or(0);
      if (!info.key.empty()) out.push_back(std::move(info));
    }
    token = doc->child_text("NextContinuationToken").value_or("");
    if (doc->child_text("IsTruncated").value_or("false") != "true" || token.empty()) break;
  }
  return out;
}

std::optional<std::string> S3ObjectStore::get_lifecycle(const std::string& bucket) {
  Call c{"GET", bucket, "", {{"lifecycle", ""}}, {}, {}, true};
  auto r = call(c);
  if (r.status == 404 && parse_s3_error(r.body).first == "NoSuchLifecycleConfiguration") return std::nullopt;
  if (r.status / 100 != 2) fail("GetBucketLifecycleConfiguration", c, r);
  return std::move(r.body);
}

void S3ObjectStore::put_lifecycle(const std::string& bucket, const std::string& xml_doc) {
  Call c{"PUT", bucket, "", {{"lifecycle", ""}},
         {{"Content-Type", "application/xml"}, {"Content-MD5", base64_md5(xml_doc)}}, xml_doc, true};
  auto r = call(c);
  if (r.status / 100 != 2) fail("PutBucketLifecycleConfiguration", c, r);
}

void S3ObjectStore::delete_lifecycle(const std::string& bucket) {
  Call c{"DELETE", bucket, "", {{"lifecycle", ""}}, {}, {}, true};
  auto r = call(c);
  if (r.status / 100 != 2) fail("DeleteBucketLifecycle", c, r);
}

}  // namespace edu::storage
