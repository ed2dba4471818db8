// AWS credential sources (see credentials.hpp).
#include "storage/s3/credentials.hpp"

#include <arpa/inet.h>

#include <fstream>
#include <sstream>

#include "core/json.hpp"
#include "observability/log.hpp"
#include "storage/object_store.hpp"
#include "storage/s3/http.hpp"

namespace edu::storage {
namespace {

struct Host {
  std::string scheme;
  std::string host;  // lower-case; IPv6 without brackets
  bool ipv4 = false;
};

// Scheme and host of an absolute URL, parsed by hand: Boost.URL 1.81 reads
// "http://127.0.0.1.example.com" as the IPv4 host 127.0.0.1, which would turn a remote
// endpoint into a "loopback" one.
std::optional<Host> url_host(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  Host h;
  h.scheme = std::string(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    h.host = std::string(authority.substr(1, close - 1));
  } else {
    h.host = std::string(authority.substr(0, authority.find(':')));
    in_addr a{};
    h.ipv4 = inet_pton(AF_INET, h.host.c_str(), &a) == 1;
  }
  if (h.host.empty()) return std::nullopt;
  for (auto& c : h.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : h.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return h;
}

bool loopback_host(const Host& h) {
  return h.host == "localhost" || h.host == "::1" || (h.ipv4 && h.host.rfind("127.", 0) == 0);
}

[[noreturn]] void no_credentials(const std::string& why) {
  throw StorageError("no AWS credentials: " + why, 0, "NoCredentials");
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) no_credentials("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string t = ss.str();
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  return t;
}

}  // namespace

bool is_loopback_url(std::string_view url) {
  auto h = url_host(url);
  return h && loopback_host(*h);
}

bool allowed_full_uri(std::string_view url) {
  auto h = url_host(url);
  if (!h) return false;
  if (h->scheme == "https") return true;
  if (h->scheme != "http") return false;
  return loopback_host(*h) || h->host == "169.254.170.2" || h->host == "169.254.170.23" ||
         h->host == "fd00:ec2::23";
}

AwsCredentials parse_credentials_document(std::string_view body, const std::string& source) {
  auto v = parse_json(body);
  if (!v || !v->is_object()) no_credentials(source + " answered a malformed document");
  const auto& o = v->as_object();
  auto str = [&](const char* k) -> std::string {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
  };
  if (auto code = str("Code"); !code.empty() && code != "Success")
    no_credentials(source + " answered Code=" + code);
  AwsCredentials c;
  c.access_key_id = str("AccessKeyId");
  c.secret_access_key = str("SecretAccessKey");
  c.session_token = str("Token");
  c.source = source;
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    no_credentials(source + " answered without AccessKeyId/SecretAccessKey");
  if (auto exp = str("Expiration"); !exp.empty()) {
    auto t = parse_timestamp(exp);
    if (!t) no_credentials(source + " answered an unreadable Expiration");
    c.expiration = *t;
  }
  return c;
}

CredentialProvider::CredentialProvider(CredentialSettings s, std::function<Micros()> clock)
    : s_(std::move(s)), clock_(std::move(clock)) {}

std::string CredentialProvider::source() const {
  if (s_.allow_static && !s_.access_key_id.empty() && !s_.secret_access_key.empty())
    return "environment";
  if (!s_.container_relative_uri.empty() || !s_.container_full_uri.empty()) return "container";
  if (s_.imds_enabled) return "instance-metadata";
  return "none";
}

void CredentialProvider::invalidate() {
  std::lock_guard lock(mu_);
  cached_.reset();
}

AwsCredentials CredentialProvider::get() {
  std::lock_guard lock(mu_);  // one fetch at a time; the others wait for its result
  const Micros now = clock_();
  const Micros margin = std::chrono::duration_cast<std::chrono::microseconds>(s_.refresh_before).count();
  if (cached_ && (cached_->expiration == 0 || now < cached_->expiration - margin)) return *cached_;
  try {
    cached_ = fetch();
  } catch (const StorageError& e) {
    if (cached_ && now < cached_->expiration) {
      log::warn(std::string("AWS credentials refresh failed; using the cached ones until expiry: ") +
                    e.what(),
                {{"event", "storage_credentials"}});
      return *cached_;
    }
    cached_.reset();
    throw;
  }
  return *cached_;
}

AwsCredentials CredentialProvider::fetch() const {
  if (s_.allow_static && !s_.access_key_id.empty()) {
    if (s_.secret_access_key.empty()) no_credentials("AWS_SECRET_ACCESS_KEY is not set");
    return AwsCredentials{s_.access_key_id, s_.secret_access_key, s_.session_token, 0, "environment"};
  }
  if (!s_.container_relative_uri.empty() || !s_.container_full_uri.empty()) return from_container();
  if (s_.imds_enabled) return from_instance_metadata();
  no_credentials("no container credentials endpoint and instance metadata disabled");
}

AwsCredentials CredentialProvider::from_container() const {
  std::string url;
  http::Request req;
  if (!s_.container_relative_uri.empty()) {
    url = s_.container_host + s_.container_relative_uri;
  } else {
    url = s_.container_full_uri;
    if (!allowed_full_uri(url))
      no_credentials("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or http on loopback / "
                     "169.254.170.2 / 169.254.170.23");
    std::string token = !s_.container_token_file.empty() ? read_token_file(s_.container_token_file)
                                                          : s_.container_token;
    if (!token.empty()) req.headers.emplace_back("Authorization", token);
  }
  req.url = url;
  req.connect_timeout_ms = s_.timeout_ms;
  req.timeout_ms = s_.timeout_ms * 2;
  auto res = http::perform(req);
  if (res.status == 0) no_credentials("container credentials endpoint unreachable: " + res.error);
  if (res.status != 200)
    no_credentials("container credentials endpoint answered HTTP " + std::to_string(res.status));
  return parse_credentials_document(res.body, "container");
}

AwsCredentials CredentialProvider::from_instance_metadata() const {
  std::string base = s_.imds_endpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();
  http::Request treq;
  treq.method = "PUT";
  treq.url = base + "/latest/api/token";
  treq.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  treq.connect_timeout_ms = s_.timeout_ms;
  treq.timeout_ms = s_.timeout_ms * 2;
  auto tres = http::perform(treq);
  if (tres.status == 0) no_credentials("instance metadata unreachable: " + tres.error);
  if (tres.status != 200)
    no_credentials("instance metadata token request answered HTTP " + std::to_string(tres.status));
  const std::string token = tres.body;

  auto get = [&](const std::string& path) {
    http::Request r;
    r.url = base + path;
    r.headers = {{"X-aws-ec2-metadata-token", token}};
    r.connect_timeout_ms = s_.timeout_ms;
    r.timeout_ms = s_.timeout_ms * 2;
    auto res = http::perform(r);
    if (res.status != 200)
      no_credentials("instance metadata " + path + " answered " +
                     (res.status ? "HTTP " + std::to_string(res.status) : res.error));
    return res.body;
  };
  std::string roles = get("/latest/meta-data/iam/security-credentials/");
  std::string role = roles.substr(0, roles.find('\n'));
  while (!role.empty() && (role.back() == '\r' || role.back() == ' ')) role.pop_back();
  if (role.empty()) no_credentials("the instance has no IAM role");
  return parse_credentials_document(get("/latest/meta-data/iam/security-credentials/" + role),
                                    "instance-metadata");
}

}  // namespace edu::storage
