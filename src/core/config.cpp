// Configuration loading and validation.
#include "core/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/ids.hpp"
#include "core/validation.hpp"

extern char** environ;

namespace edu {
namespace {

const std::vector<std::string> kNames = {
    "ENVIRONMENT", "APP_VERSION", "PORT", "LOG_LEVEL", "LOG_FORMAT", "DATABASE_URL", "DB_HOST",
    "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_READ_HOSTS", "DB_SSLMODE",
    "DB_SSLROOTCERT", "DB_POOL_SIZE", "DB_MIGRATE_ON_START", "EDU_DATA_DIR", "REDIS_URL",
    "REDIS_AUTH_TOKEN", "REDIS_CLUSTER_MODE", "CACHE_ENABLED", "ENABLE_MULTIDISCIPLINARY",
    "MAX_DISCIPLINES", "MAX_GRADE_LEVELS", "BNCC_CACHE_TTL", "NLP_CACHE_TTL", "BNCC_DATA_PATH",
    "S3_BUCKET_BNCC_DATA", "BNCC_DATA_PREFIX", "STORAGE_URL", "S3_BUCKET_UPLOADS",
    "S3_BUCKET_EXPORTS", "S3_BUCKET_ML_MODELS", "AWS_REGION", "S3_ENDPOINT_URL", "JWT_SECRET",
    "SECRET_KEY", "ACCESS_TOKEN_EXPIRE_MINUTES", "REFRESH_TOKEN_EXPIRE_DAYS", "OPENAI_API_KEY",
    "OPENAI_MODEL", "OPENAI_BASE_URL", "OPENAI_TIMEOUT_SECONDS", "SMTP_HOST", "SMTP_PORT",
    "SMTP_USERNAME", "SMTP_STARTTLS", "SMTP_PASSWORD", "MAIL_FROM", "MAIL_OUTBOX_DIR",
    "PASSWORD_RESET_URL", "CORS_ORIGINS", "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_USER_PER_MINUTE",
    "RATE_LIMIT_AUTH_PER_MINUTE", "RATE_LIMIT_FAIL_OPEN", "TRUSTED_PROXY_HOPS",
    "GEO_BLOCK_ENABLED", "GEO_ALLOWED_COUNTRIES", "GEOIP_DB_PATH", "WAF_ENABLED",
    "WAF_RULES_PATH", "NOTIFICATION_SWEEP_INTERVAL_SECONDS", "METRICS_SINK", "METRICS_PORT",
    "METRICS_NAMESPACE_PREFIX", "SERVICE_NAME", "TRACING_ENABLED", "AWS_XRAY_DAEMON_ADDRESS",
    "TRACING_SAMPLE_RATE", "DD_AGENT_HOST", "DD_DOGSTATSD_PORT", "DD_ENV", "DD_SERVICE",
    "DD_VERSION", "SHUTDOWN_GRACE_SECONDS", "SHUTDOWN_SETTLE_SECONDS", "EDU_BIND_ADDRESS",
    "EDU_IO_THREADS", "EDU_WORKER_THREADS", "EDU_READ_TIMEOUT_SECONDS", "EDU_IDLE_TIMEOUT_SECONDS",
    "EDU_TEST_SLOW_ROUTE", "EDU_DB_STATEMENT_TIMEOUT_MS", "EDU_DB_ACQUIRE_TIMEOUT_MS",
    "EDU_DB_CONNECT_TIMEOUT_MS", "EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT", "EDU_LOGIN_MAX_FAILURES_PER_IP",
    "EDU_LOGIN_FAILURE_WINDOW_SECONDS", "EDU_AUTH_USER_CACHE_SECONDS", "EDU_REDIS_TIMEOUT_MS",
    "EDU_REDIS_POOL_SIZE", "EDU_REDIS_TLS_CA_FILE", "S3_SSE_KMS_KEY_ID",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT"};

class Reader {
 public:
  explicit Reader(const std::map<std::string, std::string>& env) : env_(env) {}

  const std::string* raw(const std::string& name) const {
    auto it = env_.find(name);
    if (it == env_.end()) return nullptr;
    return &it->second;
  }
  void str(const std::string& name, std::string& out) const {
    if (auto r = raw(name)) out = *r;
  }
  void integer(const std::string& name, int& out, int lo, int hi) const {
    auto r = raw(name);
    if (!r || r->empty()) return;
    auto v = parse_int_text(*r);
    if (!v || *v < lo || *v > hi)
      throw ConfigError(name + "=" + quote(*r) + " is invalid: expected an integer from " +
                        std::to_string(lo) + " to " + std::to_string(hi));
    out = static_cast<int>(*v);
  }
  void number(const std::string& name, double& out, double lo, double hi) const {
    auto r = raw(name);
    if (!r || r->empty()) return;
    char* end = nullptr;
    double v = std::strtod(r->c_str(), &end);
    if (end != r->c_str() + r->size() || v < lo || v > hi)
      throw ConfigError(name + "=" + quote(*r) + " is invalid: expected a number from " +
                        std::to_string(lo) + " to " + std::to_string(hi));
    out = v;
  }
  void boolean(const std::string& name, bool& out) const {
    auto r = raw(name);
    if (!r || r->empty()) return;
    auto v = parse_bool_text(*r);
    if (!v) throw ConfigError(name + "=" + quote(*r) + " is invalid: expected true or false");
    out = *v;
  }
  void one_of(const std::string& name, std::string& out,
              std::initializer_list<const char*> allowed) const {
    auto r = raw(name);
    if (!r || r->empty()) return;
    for (auto a : allowed)
      if (*r == a) {
        out = *r;
        return;
      }
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    throw ConfigError(name + "=" + quote(*r) + " is invalid: expected one of " + list);
  }
  void list(const std::string& name, std::vector<std::string>& out) const {
    auto r = raw(name);
    if (!r) return;
    out.clear();
    std::stringstream ss(*r);
    std::string item;
    while (std::getline(ss, item, ',')) {
      auto b = item.find_first_not_of(" \t");
      auto e = item.find_last_not_of(" \t");
      if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
  }
  static std::string quote(const std::string& v) {
    return "'" + (v.size() > 60 ? v.substr(0, 60) + "..." : v) + "'";
  }

 private:
  const std::map<std::string, std::string>& env_;
};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(const std::string& text) {
  std::map<std::string, std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line[b] == '#') continue;
    line = line.substr(b);
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    std::string val = line.substr(eq + 1);
    auto vb = val.find_first_not_of(" \t");
    val = vb == std::string::npos ? "" : val.substr(vb);
    if (val.size() >= 2 && (val.front() == '"' || val.front() == '\'') && val.back() == val.front()) {
      val = val.substr(1, val.size() - 2);
    } else {
      auto hash = val.find(" #");
      if (hash != std::string::npos) val = val.substr(0, hash);
      while (!val.empty() && (val.back() == ' ' || val.back() == '\t')) val.pop_back();
    }
    out[key] = val;
  }
  return out;
}

const std::vector<std::string>& Config::variable_names() { return kNames; }

Config Config::from_env() {
  std::map<std::string, std::string> env;
  std::ifstream dot(".env");
  if (dot) {
    std::stringstream buf;
    buf << dot.rdbuf();
    env = parse_dotenv(buf.str());
  }
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return from_map(env);
}

Config Config::from_map(const std::map<std::string, std::string>& env) {
  Config c;
  Reader r(env);
  r.one_of("ENVIRONMENT", c.environment, {"local", "test", "dev", "staging", "production"});
  r.str("APP_VERSION", c.app_version);
  if (c.app_version.empty()) c.app_version = EDU_VERSION;
  r.integer("PORT", c.port, 0, 65535);
  r.str("EDU_BIND_ADDRESS", c.bind_address);
  if (auto v = r.raw("LOG_LEVEL"); v && !v->empty()) {
    std::string u = upper(*v);
    if (u == "WARNING") u = "WARN";
    if (u != "DEBUG" && u != "INFO" && u != "WARN" && u != "ERROR")
      throw ConfigError("LOG_LEVEL='" + *v + "' is invalid: expected DEBUG, INFO, WARN or ERROR");
    c.log_level = u;
  }
  r.one_of("LOG_FORMAT", c.log_format, {"json", "text"});

  r.str("EDU_DATA_DIR", c.data_dir);
  r.str("DB_HOST", c.db_host);
  r.integer("DB_PORT", c.db_port, 1, 65535);
  r.str("DB_NAME", c.db_name);
  r.str("DB_USER", c.db_user);
  r.str("DB_PASSWORD", c.db_password);
  r.list("DB_READ_HOSTS", c.db_read_hosts);
  r.one_of("DB_SSLMODE", c.db_sslmode,
           {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"});
  r.str("DB_SSLROOTCERT", c.db_sslrootcert);
  r.integer("DB_POOL_SIZE", c.db_pool_size, 1, 500);
  r.boolean("DB_MIGRATE_ON_START", c.migrate_on_start);
  r.integer("EDU_DB_STATEMENT_TIMEOUT_MS", c.db_statement_timeout_ms, 0, 3600000);
  r.integer("EDU_DB_ACQUIRE_TIMEOUT_MS", c.db_acquire_timeout_ms, 1, 600000);
  r.integer("EDU_DB_CONNECT_TIMEOUT_MS", c.db_connect_timeout_ms, 100, 600000);
  if (auto v = r.raw("DATABASE_URL"); v && !v->empty()) {
    if (v->rfind("postgresql://", 0) != 0 && v->rfind("postgres://", 0) != 0 &&
        v->rfind("sqlite://", 0) != 0)
      throw ConfigError(
          "DATABASE_URL is invalid: expected postgresql://user:pass@host:port/db or "
          "sqlite:///<path>");
    c.database_url = *v;
  } else if (!c.db_host.empty()) {
    if (c.db_name.empty()) throw ConfigError("DB_NAME is required when DB_HOST is set");
    c.database_url = "postgresql://" + c.db_host + ":" + std::to_string(c.db_port) + "/" + c.db_name;
  } else {
    c.database_url = "sqlite:///" + c.data_dir + "/eduautismo.db";
  }
  for (const auto& h : c.db_read_hosts)
    if (h.find(':') == std::string::npos)
      throw ConfigError("DB_READ_HOSTS entry '" + h + "' is invalid: expected host:port");

  r.str("REDIS_URL", c.redis_url);
  if (!c.redis_url.empty() && c.redis_url.rfind("redis://", 0) != 0 &&
      c.redis_url.rfind("rediss://", 0) != 0)
    throw ConfigError("REDIS_URL is invalid: expected redis://host:port[/db] or rediss://host:port");
  r.str("REDIS_AUTH_TOKEN", c.redis_auth_token);
  r.boolean("REDIS_CLUSTER_MODE", c.redis_cluster_mode);
  r.boolean("CACHE_ENABLED", c.cache_enabled);
  r.integer("EDU_REDIS_TIMEOUT_MS", c.redis_timeout_ms, 10, 10000);
  r.integer("EDU_REDIS_POOL_SIZE", c.redis_pool_size, 1, 256);
  r.str("EDU_REDIS_TLS_CA_FILE", c.redis_tls_ca_file);

  r.boolean("ENABLE_MULTIDISCIPLINARY", c.enable_multidisciplinary);
  r.integer("MAX_DISCIPLINES", c.max_disciplines, 0, 1000000);
  if (c.max_disciplines != 25)
    throw ConfigError("MAX_DISCIPLINES=" + std::to_string(c.max_disciplines) +
                      " is invalid: expected 25 (the number of subjects)");
  r.integer("MAX_GRADE_LEVELS", c.max_grade_levels, 0, 1000000);
  if (c.max_grade_levels != 18)
    throw ConfigError("MAX_GRADE_LEVELS=" + std::to_string(c.max_grade_levels) +
                      " is invalid: expected 18 (the number of grade levels)");
  r.integer("BNCC_CACHE_TTL", c.bncc_cache_ttl, 1, 31536000);
  r.integer("NLP_CACHE_TTL", c.nlp_cache_ttl, 1, 31536000);
  r.str("BNCC_DATA_PATH", c.bncc_data_path);
  r.str("S3_BUCKET_BNCC_DATA", c.s3_bucket_bncc_data);
  r.str("BNCC_DATA_PREFIX", c.bncc_data_prefix);
  r.str("S3_BUCKET_UPLOADS", c.s3_bucket_uploads);
  r.str("S3_BUCKET_EXPORTS", c.s3_bucket_exports);
  r.str("S3_BUCKET_ML_MODELS", c.s3_bucket_ml_models);
  r.str("AWS_REGION", c.aws_region);
  r.str("S3_ENDPOINT_URL", c.s3_endpoint_url);
  r.str("S3_SSE_KMS_KEY_ID", c.s3_sse_kms_key_id);
  r.str("STORAGE_URL", c.storage_url);
  if (c.storage_url.empty()) {
    // INFRA.md §1.1: STORAGE_URL is for local runs; in AWS it is unset and the bucket names
    // select S3.
    bool any_bucket = !c.s3_bucket_uploads.empty() || !c.s3_bucket_exports.empty() ||
                      !c.s3_bucket_ml_models.empty() || !c.s3_bucket_bncc_data.empty();
    c.storage_url = any_bucket ? "s3://" : "file://" + c.data_dir + "/objects";
  }
  if (c.storage_url.rfind("file://", 0) == 0) {
    if (c.storage_url.size() == 7)
      throw ConfigError("STORAGE_URL='file://' is invalid: expected file://<directory>");
  } else if (c.storage_url != "s3://") {
    throw ConfigError("STORAGE_URL=" + Reader::quote(c.storage_url) +
                      " is invalid: expected file://<directory> or s3://");
  }
  if (!c.s3_endpoint_url.empty() && c.s3_endpoint_url.rfind("http://", 0) != 0 &&
      c.s3_endpoint_url.rfind("https://", 0) != 0)
    throw ConfigError("S3_ENDPOINT_URL=" + Reader::quote(c.s3_endpoint_url) +
                      " is invalid: expected http://host:port or https://host");
  if (c.uses_s3() && c.aws_region.empty()) {
    if (c.s3_endpoint_url.empty())
      throw ConfigError("AWS_REGION is required when the object store is S3 (S3_BUCKET_* set): "
                        "expected a region such as us-east-1");
    c.aws_region = "us-east-1";  // local S3-protocol servers ignore the region
  }
  r.str("AWS_ACCESS_KEY_ID", c.aws_access_key_id);
  r.str("AWS_SECRET_ACCESS_KEY", c.aws_secret_access_key);
  r.str("AWS_SESSION_TOKEN", c.aws_session_token);
  r.str("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", c.aws_container_credentials_relative_uri);
  r.str("AWS_CONTAINER_CREDENTIALS_FULL_URI", c.aws_container_credentials_full_uri);
  r.str("AWS_CONTAINER_AUTHORIZATION_TOKEN", c.aws_container_authorization_token);
  r.str("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", c.aws_container_authorization_token_file);
  r.boolean("AWS_EC2_METADATA_DISABLED", c.aws_ec2_metadata_disabled);
  r.str("AWS_EC2_METADATA_SERVICE_ENDPOINT", c.aws_ec2_metadata_service_endpoint);
  if (c.aws_ec2_metadata_service_endpoint.empty())
    c.aws_ec2_metadata_service_endpoint = "http://169.254.169.254";

  r.str("SECRET_KEY", c.jwt_secret);
  r.str("JWT_SECRET", c.jwt_secret);
  if (c.jwt_secret.empty()) {
    if (!c.is_dev_environment())
      throw ConfigError("JWT_SECRET is required when ENVIRONMENT=" + c.environment +
                        ": expected a secret of at least 32 bytes");
    c.jwt_secret = random_hex(32);
    c.jwt_secret_generated = true;
  } else if (c.jwt_secret.size() < 32 && !c.is_dev_environment()) {
    throw ConfigError("JWT_SECRET is invalid: expected at least 32 bytes");
  }
  r.integer("ACCESS_TOKEN_EXPIRE_MINUTES", c.access_token_expire_minutes, 1, 10080);
  r.integer("REFRESH_TOKEN_EXPIRE_DAYS", c.refresh_token_expire_days, 1, 365);
  r.integer("EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT", c.login_max_failures_per_account, 0, 1000000);
  r.integer("EDU_LOGIN_MAX_FAILURES_PER_IP", c.login_max_failures_per_ip, 0, 1000000);
  r.integer("EDU_LOGIN_FAILURE_WINDOW_SECONDS", c.login_failure_window_seconds, 1, 86400);
  r.integer("EDU_AUTH_USER_CACHE_SECONDS", c.auth_user_cache_seconds, 0, 60);

  r.str("OPENAI_API_KEY", c.openai_api_key);
  r.str("OPENAI_MODEL", c.openai_model);
  r.str("OPENAI_BASE_URL", c.openai_base_url);
  r.integer("OPENAI_TIMEOUT_SECONDS", c.openai_timeout_seconds, 1, 600);

  r.str("SMTP_HOST", c.smtp_host);
  r.integer("SMTP_PORT", c.smtp_port, 1, 65535);
  r.str("SMTP_USERNAME", c.smtp_username);
  r.str("SMTP_PASSWORD", c.smtp_password);
  r.boolean("SMTP_STARTTLS", c.smtp_starttls);
  r.str("MAIL_FROM", c.mail_from);
  r.str("MAIL_OUTBOX_DIR", c.mail_outbox_dir);
  r.str("PASSWORD_RESET_URL", c.password_reset_url);

  r.list("CORS_ORIGINS", c.cors_origins);
  r.integer("RATE_LIMIT_PER_MINUTE", c.rate_limit_per_minute, 0, 100000000);
  r.integer("RATE_LIMIT_USER_PER_MINUTE", c.rate_limit_user_per_minute, 0, 100000000);
  r.integer("RATE_LIMIT_AUTH_PER_MINUTE", c.rate_limit_auth_per_minute, 0, 100000000);
  r.boolean("RATE_LIMIT_FAIL_OPEN", c.rate_limit_fail_open);
  r.integer("TRUSTED_PROXY_HOPS", c.trusted_proxy_hops, 0, 10);

  r.boolean("GEO_BLOCK_ENABLED", c.geo_block_enabled);
  r.list("GEO_ALLOWED_COUNTRIES", c.geo_allowed_countries);
  for (auto& cc : c.geo_allowed_countries) {
    if (cc.size() != 2 || !std::isalpha(static_cast<unsigned char>(cc[0])) ||
        !std::isalpha(static_cast<unsigned char>(cc[1])))
      throw ConfigError("GEO_ALLOWED_COUNTRIES entry '" + cc +
                        "' is invalid: expected ISO 3166-1 alpha-2 codes such as BR,PT");
    cc = upper(cc);
  }
  r.str("GEOIP_DB_PATH", c.geoip_db_path);
  if (c.geo_block_enabled && c.geoip_db_path.empty())
    throw ConfigError("GEOIP_DB_PATH is required when GEO_BLOCK_ENABLED=true");
  r.boolean("WAF_ENABLED", c.waf_enabled);
  r.str("WAF_RULES_PATH", c.waf_rules_path);

  r.integer("NOTIFICATION_SWEEP_INTERVAL_SECONDS", c.notification_sweep_interval_seconds, 0,
            604800);
  r.one_of("METRICS_SINK", c.metrics_sink, {"emf", "dogstatsd", "both", "none"});
  r.integer("METRICS_PORT", c.metrics_port, 0, 65535);
  r.str("METRICS_NAMESPACE_PREFIX", c.metrics_namespace_prefix);
  r.str("SERVICE_NAME", c.service_name);
  r.boolean("TRACING_ENABLED", c.tracing_enabled);
  r.str("AWS_XRAY_DAEMON_ADDRESS", c.aws_xray_daemon_address);
  {
    auto colon = c.aws_xray_daemon_address.rfind(':');
    auto port = colon == std::string::npos ? std::nullopt
                                           : parse_int_text(c.aws_xray_daemon_address.substr(colon + 1));
    if (colon == 0 || !port || *port < 1 || *port > 65535)
      throw ConfigError("AWS_XRAY_DAEMON_ADDRESS='" + c.aws_xray_daemon_address +
                        "' is invalid: expected host:port");
  }
  r.number("TRACING_SAMPLE_RATE", c.tracing_sample_rate, 0.0, 1.0);
  r.str("DD_AGENT_HOST", c.dd_agent_host);
  r.integer("DD_DOGSTATSD_PORT", c.dd_dogstatsd_port, 1, 65535);
  r.str("DD_ENV", c.dd_env);
  r.str("DD_SERVICE", c.dd_service);
  r.str("DD_VERSION", c.dd_version);

  r.integer("SHUTDOWN_GRACE_SECONDS", c.shutdown_grace_seconds, 0, 119);
  r.integer("SHUTDOWN_SETTLE_SECONDS", c.shutdown_settle_seconds, 0, 60);
  r.integer("EDU_READ_TIMEOUT_SECONDS", c.read_timeout_seconds, 1, 3600);
  r.integer("EDU_IDLE_TIMEOUT_SECONDS", c.idle_timeout_seconds, 1, 3600);
  r.boolean("EDU_TEST_SLOW_ROUTE", c.test_slow_route);
  if (c.test_slow_route && c.environment != "test")
    throw ConfigError("EDU_TEST_SLOW_ROUTE is only allowed with ENVIRONMENT=test");
  r.integer("EDU_IO_THREADS", c.io_threads, 0, 256);
  r.integer("EDU_WORKER_THREADS", c.worker_threads, 0, 1024);
  return c;
}

}  // namespace edu
