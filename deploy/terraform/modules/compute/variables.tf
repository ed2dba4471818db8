# ---------------------------------------------------------------- placement and sizing

variable "project_name" {
  description = "Project name (eduautismo-ia)."
  type        = string
}

variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "aws_region" {
  description = "Region (AWS_REGION of the task, awslogs region)."
  type        = string
}

variable "vpc_id" {
  description = "VPC id."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets of the ALB."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Private subnets of the tasks."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "ALB security group."
  type        = string
}

variable "app_security_group_id" {
  description = "Task security group."
  type        = string
}

variable "image_tag" {
  description = "Image tag in ECR (git SHA)."
  type        = string
}

variable "container_port" {
  description = "Port of the API container."
  type        = number
  default     = 8000
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64 (must match the image)."
  type        = string
  default     = "X86_64"
}

variable "task_cpu" {
  description = "Task CPU units."
  type        = number
}

variable "task_memory" {
  description = "Task memory in MiB."
  type        = number
}

variable "desired_count" {
  description = "Initial desired count."
  type        = number
}

variable "min_capacity" {
  description = "Autoscaling minimum."
  type        = number
}

variable "max_capacity" {
  description = "Autoscaling maximum."
  type        = number
}

variable "cpu_target" {
  description = "Target average CPU utilisation (%)."
  type        = number
  default     = 60
}

variable "memory_target" {
  description = "Target average memory utilisation (%)."
  type        = number
  default     = 75
}

variable "inflight_target" {
  description = "Target average in-flight requests per task (eduautismo/api in_flight_requests)."
  type        = number
  default     = 20
}

variable "container_insights" {
  description = "Container Insights on the cluster."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the task log groups."
  type        = number
}

variable "logs_kms_key_arn" {
  description = "KMS key of the task log groups."
  type        = string
}

variable "health_check_path" {
  description = "Readiness route used by the target groups."
  type        = string
  default     = "/api/v1/health/ready"
}

variable "alb_certificate_arn" {
  description = "ACM certificate of the HTTPS listener; null = HTTP-only ALB."
  type        = string
  default     = null
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listeners."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "deployment_controller" {
  description = "ECS (rolling + circuit breaker) or CODE_DEPLOY (blue/green)."
  type        = string

  validation {
    condition     = contains(["ECS", "CODE_DEPLOY"], var.deployment_controller)
    error_message = "deployment_controller must be ECS or CODE_DEPLOY."
  }
}

variable "codedeploy_config_name" {
  description = "CodeDeploy deployment configuration."
  type        = string
  default     = "CodeDeployDefault.ECSAllAtOnce"
}

variable "deployment_alarm_names" {
  description = "CloudWatch alarms that stop a CodeDeploy deployment with rollback."
  type        = list(string)
  default     = []
}

variable "stop_timeout" {
  description = "Seconds between SIGTERM and SIGKILL (> SHUTDOWN_GRACE_SECONDS, <= 120)."
  type        = number
  default     = 60

  validation {
    condition     = var.stop_timeout > 50 && var.stop_timeout <= 120
    error_message = "stop_timeout must be greater than SHUTDOWN_GRACE_SECONDS (50) and at most 120."
  }
}

variable "deregistration_delay" {
  description = "Target group deregistration delay in seconds."
  type        = number
  default     = 30
}

variable "health_check_grace_period" {
  description = "Seconds the service ignores ALB health checks after a task starts."
  type        = number
  default     = 60
}

variable "test_listener_port" {
  description = "CodeDeploy test listener port."
  type        = number
  default     = 8443
}

variable "enable_execute_command" {
  description = "ECS Exec (dev only)."
  type        = bool
  default     = false
}

variable "ecr_keep_images" {
  description = "Images kept by the ECR lifecycle policy (>= 10 for rollback)."
  type        = number
  default     = 30

  validation {
    condition     = var.ecr_keep_images >= 10
    error_message = "ecr_keep_images must be at least 10 (rollback plan)."
  }
}

# ---------------------------------------------------------------- sidecars

variable "enable_xray" {
  description = "X-Ray daemon sidecar and TRACING_ENABLED."
  type        = bool
  default     = true
}

variable "xray_image" {
  description = "Pinned X-Ray daemon image (successor: ADOT collector with the awsxray receiver)."
  type        = string
  default     = "public.ecr.aws/xray/aws-xray-daemon:3.3.12"
}

variable "enable_datadog" {
  description = "Datadog agent sidecar (METRICS_SINK=both)."
  type        = bool
  default     = false
}

variable "datadog_secret_arn" {
  description = "Secret holding the Datadog api_key (required when enable_datadog)."
  type        = string
  default     = null
}

variable "datadog_site" {
  description = "Datadog site."
  type        = string
  default     = "datadoghq.com"
}

# ---------------------------------------------------------------- CloudFront origin lock

variable "origin_verify_enabled" {
  description = "Forward only requests carrying the X-Origin-Verify secret (CloudFront in front)."
  type        = bool
  default     = false
}

variable "cloudfront_origin_secret" {
  description = "Value of the X-Origin-Verify header sent by CloudFront."
  type        = string
  default     = null
  sensitive   = true
}


# ---------------------------------------------------------------- application wiring

variable "db_host" {
  description = "Primary host name (DB_HOST)."
  type        = string
}

variable "db_port" {
  description = "PostgreSQL port (DB_PORT)."
  type        = number
  default     = 5432
}

variable "db_name" {
  description = "Database name (DB_NAME)."
  type        = string
}

variable "db_read_hosts" {
  description = "Replica host names (DB_READ_HOSTS, port appended)."
  type        = list(string)
  default     = []
}

variable "db_secret_arn" {
  description = "DB secret (username, password)."
  type        = string
}

variable "db_pool_size" {
  description = "DB_POOL_SIZE."
  type        = number
}

variable "db_ssl_root_cert" {
  description = "Path of the RDS CA bundle inside the image (DB_SSLROOTCERT)."
  type        = string
  default     = "/app/certs/rds-global-bundle.pem"
}

variable "redis_url" {
  description = "REDIS_URL (rediss://, no password)."
  type        = string
}

variable "redis_cluster_mode" {
  description = "REDIS_CLUSTER_MODE."
  type        = bool
}

variable "redis_secret_arn" {
  description = "Redis secret (auth_token)."
  type        = string
}

variable "app_secret_arn" {
  description = "Application secret (jwt_secret, field_encryption_key, field_encryption_previous_keys, openai_api_key, smtp_password)."
  type        = string
}

variable "secrets_kms_key_arn" {
  description = "KMS key of the secrets (execution role kms:Decrypt)."
  type        = string
}

variable "s3_kms_key_arn" {
  description = "KMS key of the buckets (task role)."
  type        = string
}

variable "bucket_names" {
  description = "Bucket names by purpose (uploads, exports, ml-models, bncc-data)."
  type        = map(string)
}

variable "bucket_arns" {
  description = "Bucket ARNs by purpose."
  type        = map(string)
}

variable "cors_origins" {
  description = "CORS_ORIGINS."
  type        = list(string)
}

variable "log_level" {
  description = "LOG_LEVEL."
  type        = string
  default     = "INFO"
}

variable "rate_limit_per_minute" {
  description = "RATE_LIMIT_PER_MINUTE."
  type        = number
  default     = 100
}

variable "trusted_proxy_hops" {
  description = "TRUSTED_PROXY_HOPS (1 behind the ALB, 2 behind CloudFront + ALB)."
  type        = number
}

variable "password_reset_url" {
  description = "PASSWORD_RESET_URL."
  type        = string
}

variable "cache_enabled" {
  description = "CACHE_ENABLED (false = rollback lever disabling the BNCC/NLP caches)."
  type        = bool
  default     = true
}
