// The service configuration: read once from the environment (and an optional .env file in
// the working directory; real environment variables win), validated at start
// (INFRA.md §1.1). A bad value throws ConfigError naming the variable and the expected form.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace edu {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Config {
  std::string environment = "local";
  std::string app_version = EDU_VERSION;
  int port = 8000;
  std::string bind_address = "0.0.0.0";
  std::string log_level = "INFO";
  std::string log_format = "json";

  // Database: DATABASE_URL, or DB_* (PostgreSQL), or the embedded SQLite file.
  std::string database_url;  // normalised: postgresql://... or sqlite:///path
  std::string db_host, db_name, db_user, db_password;
  int db_port = 5432;
  std::vector<std::string> db_read_hosts;  // host:port
  std::string db_sslmode = "prefer";
  std::string db_sslrootcert;
  int db_pool_size = 10;
  int db_statement_timeout_ms = 15000;  // EDU_DB_STATEMENT_TIMEOUT_MS (PostgreSQL statement_timeout)
  int db_acquire_timeout_ms = 5000;     // EDU_DB_ACQUIRE_TIMEOUT_MS: wait for a pool slot, then 503
  int db_connect_timeout_ms = 5000;     // EDU_DB_CONNECT_TIMEOUT_MS
  bool migrate_on_start = true;
  std::string data_dir = "./data";  // EDU_DATA_DIR: SQLite file, local object store

  std::string redis_url;
  std::string redis_auth_token;
  bool redis_cluster_mode = false;
  bool cache_enabled = true;
  int redis_timeout_ms = 250;    // EDU_REDIS_TIMEOUT_MS: connect and command deadline
  int redis_pool_size = 8;       // EDU_REDIS_POOL_SIZE: connections per Redis node
  std::string redis_tls_ca_file; // EDU_REDIS_TLS_CA_FILE: CA bundle (default: system store)

  bool enable_multidisciplinary = true;
  int max_disciplines = 25;
  int max_grade_levels = 18;
  int bncc_cache_ttl = 3600;
  int nlp_cache_ttl = 1800;
  std::string bncc_data_path;
  std::string s3_bucket_bncc_data, bncc_data_prefix;
  // Object store (src/storage/): STORAGE_URL file://<dir> (default EDU_DATA_DIR/objects), or
  // "s3://" — the default as soon as an S3_BUCKET_* name is set and STORAGE_URL is not.
  std::string storage_url;
  std::string s3_bucket_uploads, s3_bucket_exports, s3_bucket_ml_models, aws_region;
  std::string s3_endpoint_url;
  std::string s3_sse_kms_key_id;  // S3_SSE_KMS_KEY_ID: SSE-KMS header key (AWS)
  // AWS credentials (storage/s3/credentials.hpp): the container endpoint or instance
  // metadata; static keys only with a loopback S3_ENDPOINT_URL (tests).
  std::string aws_access_key_id, aws_secret_access_key, aws_session_token;
  std::string aws_container_credentials_relative_uri, aws_container_credentials_full_uri;
  std::string aws_container_authorization_token, aws_container_authorization_token_file;
  bool aws_ec2_metadata_disabled = false;
  std::string aws_ec2_metadata_service_endpoint = "http://169.254.169.254";

  std::string jwt_secret;
  bool jwt_secret_generated = false;
  int access_token_expire_minutes = 30;
  int refresh_token_expire_days = 7;
  // Brute-force limit on failed logins (per account and per client IP, fixed windows) and
  // how long an authenticated user may be served from the in-process cache (≤ 60 s).
  int login_max_failures_per_account = 5;   // EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT, 0 = off
  int login_max_failures_per_ip = 20;       // EDU_LOGIN_MAX_FAILURES_PER_IP, 0 = off
  int login_failure_window_seconds = 900;   // EDU_LOGIN_FAILURE_WINDOW_SECONDS
  int auth_user_cache_seconds = 30;         // EDU_AUTH_USER_CACHE_SECONDS (0..60)

  std::string openai_api_key;
  std::string openai_model = "gpt-4o-mini";
  std::string openai_base_url = "https://api.openai.com/v1";
  int openai_timeout_seconds = 20;

  std::string smtp_host;
  int smtp_port = 587;
  std::string smtp_username, smtp_password;
  bool smtp_starttls = true;
  std::string mail_from = "EduAutismo IA <no-reply@localhost>";
  std::string mail_outbox_dir;
  std::string password_reset_url = "http://localhost:5173/reset-password";

  std::vector<std::string> cors_origins = {"http://localhost:3000", "http://localhost:5173"};
  int rate_limit_per_minute = 100;
  int rate_limit_user_per_minute = 300;
  int rate_limit_auth_per_minute = 10;
  bool rate_limit_fail_open = true;
  int trusted_proxy_hops = 0;

  bool geo_block_enabled = false;
  std::vector<std::string> geo_allowed_countries = {"BR"};
  std::string geoip_db_path;
  bool waf_enabled = false;
  std::string waf_rules_path;

  int notification_sweep_interval_seconds = 3600;
  std::string metrics_sink = "emf";
  int metrics_port = 0;
  std::string metrics_namespace_prefix = "eduautismo";
  std::string service_name = "eduautismo-api";
  bool tracing_enabled = false;
  std::string aws_xray_daemon_address = "127.0.0.1:2000";
  double tracing_sample_rate = 0.05;
  std::string dd_agent_host = "127.0.0.1";
  int dd_dogstatsd_port = 8125;
  std::string dd_env, dd_service, dd_version;

  int shutdown_grace_seconds = 50;
  int shutdown_settle_seconds = 5;
  int read_timeout_seconds = 30;   // EDU_READ_TIMEOUT_SECONDS: whole-request read deadline
  int idle_timeout_seconds = 75;   // EDU_IDLE_TIMEOUT_SECONDS: keep-alive idle deadline
  bool test_slow_route = false;    // EDU_TEST_SLOW_ROUTE (ENVIRONMENT=test only)
  int io_threads = 0;      // EDU_IO_THREADS, 0 = number of cores
  int worker_threads = 0;  // EDU_WORKER_THREADS, 0 = max(8, 2 × DB_POOL_SIZE)

  bool operator==(const Config&) const = default;

  bool is_postgres() const { return database_url.rfind("postgres", 0) == 0; }
  bool is_dev_environment() const { return environment == "local" || environment == "test"; }
  bool uses_s3() const { return storage_url.rfind("s3://", 0) == 0; }

  // Loads from the process environment (plus `.env` in the working directory when present).
  static Config from_env();
  // Loads from an explicit map (tests).
  static Config from_map(const std::map<std::string, std::string>& env);
  // Every variable name read, for `serve --print-env-contract`.
  static const std::vector<std::string>& variable_names();
};

// Parses a .env file body into key/value pairs (KEY=VALUE, optional quotes, # comments).
std::map<std::string, std::string> parse_dotenv(const std::string& text);

}  // namespace edu
