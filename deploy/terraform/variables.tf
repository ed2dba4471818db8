# Root variables (INFRA.md §2.11). Every environment sets them in environments/<env>/terraform.tfvars;
# the three files have the same key set. Secret values are never variables: they live in Secrets Manager.

# ---------------------------------------------------------------- general

variable "aws_region" {
  description = "AWS region of the environment (us-east-1 today; sa-east-1 for LGPD data residency is a tfvars change)."
  type        = string
}

variable "project_name" {
  description = "Project name used in resource names (name prefix = <project_name>-<environment>)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project_name))
    error_message = "project_name must be lowercase letters, digits and '-', 2-21 characters, starting with a letter."
  }
}

variable "environment" {
  description = "Deployment environment; selects sizing through the tfvars file (workspaces are not used)."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "production"], var.environment)
    error_message = "environment must be one of dev, staging, production."
  }
}

variable "bucket_name_prefix" {
  description = "Bucket names are <bucket_name_prefix>-<environment>-<purpose><bucket_name_suffix>."
  type        = string
  default     = "eduautismo"
}

variable "bucket_name_suffix" {
  description = "Optional suffix appended to bucket names for global uniqueness (e.g. \"-a1b2\")."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Extra tags merged into the provider default tags."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------- networking

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "az_count" {
  description = "Number of availability zones (2 or 3)."
  type        = number

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  description = "One shared NAT gateway (dev/staging) instead of one per AZ (production)."
  type        = bool
}

variable "enable_flow_logs" {
  description = "Send VPC flow logs to a KMS-encrypted CloudWatch log group."
  type        = bool
  default     = true
}

variable "enable_vpc_endpoints" {
  description = "Create the S3 gateway endpoint on the private route tables."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------- database (RDS PostgreSQL 15)

variable "rds_instance_class" {
  description = "RDS instance class of the primary and the replicas."
  type        = string
}

variable "rds_allocated_storage" {
  description = "Initial allocated storage in GB."
  type        = number
}

variable "rds_max_allocated_storage" {
  description = "Storage autoscaling ceiling in GB."
  type        = number
}

variable "rds_multi_az" {
  description = "Multi-AZ standby for the primary."
  type        = bool
}

variable "rds_backup_retention_period" {
  description = "Automated backup retention in days (>= 1; read replicas need backups on the primary)."
  type        = number

  validation {
    condition     = var.rds_backup_retention_period >= 1 && var.rds_backup_retention_period <= 35
    error_message = "rds_backup_retention_period must be between 1 and 35 days."
  }
}

variable "rds_read_replica_count" {
  description = "Number of read replicas (routed through DB_READ_HOSTS)."
  type        = number

  validation {
    condition     = var.rds_read_replica_count >= 0 && var.rds_read_replica_count <= 5
    error_message = "rds_read_replica_count must be between 0 and 5."
  }
}

variable "rds_max_connections" {
  description = "max_connections parameter (static: pending-reboot)."
  type        = number
}

variable "rds_work_mem_kb" {
  description = "work_mem parameter in kB (16 MB = 16384)."
  type        = number
}

variable "rds_effective_cache_size_pages" {
  description = "effective_cache_size in 8 kB pages (4 GiB = 524288); null keeps the RDS default formula."
  type        = number
  default     = null
}

variable "rds_deletion_protection" {
  description = "Deletion protection of the primary."
  type        = bool
}

variable "rds_skip_final_snapshot" {
  description = "Skip the final snapshot on destroy (dev only)."
  type        = bool
}

variable "rds_performance_insights_retention" {
  description = "Performance Insights retention in days (7 is the free tier; else 31 x months or 731)."
  type        = number
  default     = 7
}

variable "rds_monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds."
  type        = number

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.rds_monitoring_interval)
    error_message = "rds_monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

# ---------------------------------------------------------------- cache (ElastiCache Redis 7)

variable "redis_engine_version" {
  description = "Redis engine version, major.minor (\"7.0\")."
  type        = string

  validation {
    condition     = can(regex("^7\\.[0-9]+$", var.redis_engine_version))
    error_message = "redis_engine_version must be a 7.x major.minor string such as \"7.0\"."
  }
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "redis_cluster_mode_enabled" {
  description = "Cluster mode (sharded) replication group."
  type        = bool
}

variable "redis_num_shards" {
  description = "Number of shards (node groups) in cluster mode; 1 otherwise."
  type        = number
}

variable "redis_replicas_per_shard" {
  description = "Replicas per shard (cluster mode) or replicas of the primary (cluster mode off)."
  type        = number

  validation {
    condition     = var.redis_replicas_per_shard >= 0 && var.redis_replicas_per_shard <= 5
    error_message = "redis_replicas_per_shard must be between 0 and 5."
  }
}

variable "redis_snapshot_retention_limit" {
  description = "Days of automatic Redis snapshots (0 disables)."
  type        = number
}

# ---------------------------------------------------------------- compute (ECS Fargate)

variable "ecs_task_cpu" {
  description = "Fargate task CPU units."
  type        = number

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.ecs_task_cpu)
    error_message = "ecs_task_cpu must be a Fargate CPU size (256, 512, 1024, 2048, 4096)."
  }
}

variable "ecs_task_memory" {
  description = "Fargate task memory in MiB (must be a valid pair with ecs_task_cpu)."
  type        = number
}

variable "ecs_desired_count" {
  description = "Initial desired task count (autoscaling owns it afterwards)."
  type        = number
}

variable "ecs_min_tasks" {
  description = "Autoscaling minimum task count."
  type        = number
}

variable "ecs_max_tasks" {
  description = "Autoscaling maximum task count (connection budget: max_tasks x pool <= max_connections - 20)."
  type        = number
}

variable "ecs_container_insights" {
  description = "Enable Container Insights on the cluster."
  type        = bool
}

variable "ecs_deployment_controller" {
  description = "ECS (rolling + circuit breaker) or CODE_DEPLOY (blue/green)."
  type        = string

  validation {
    condition     = contains(["ECS", "CODE_DEPLOY"], var.ecs_deployment_controller)
    error_message = "ecs_deployment_controller must be ECS or CODE_DEPLOY."
  }
}

variable "ecs_image_tag" {
  description = "Image tag in ECR (the git SHA; the pipeline passes -var ecs_image_tag=<sha>)."
  type        = string

  validation {
    condition     = length(var.ecs_image_tag) > 0
    error_message = "ecs_image_tag must not be empty."
  }
}

# ---------------------------------------------------------------- application settings (non-secret)

variable "app_db_pool_size" {
  description = "DB_POOL_SIZE per task and per pool."
  type        = number
}

variable "app_log_level" {
  description = "LOG_LEVEL of the server."
  type        = string

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.app_log_level)
    error_message = "app_log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "app_cors_origins" {
  description = "CORS_ORIGINS of the server."
  type        = list(string)
}

variable "app_rate_limit_per_minute" {
  description = "RATE_LIMIT_PER_MINUTE (per client IP, unauthenticated)."
  type        = number
}

variable "app_trusted_proxy_hops" {
  description = "TRUSTED_PROXY_HOPS: 1 behind the ALB, 2 behind CloudFront + ALB."
  type        = number
}

variable "app_password_reset_url" {
  description = "PASSWORD_RESET_URL sent in reset e-mails."
  type        = string
}

variable "alb_certificate_arn" {
  description = "ACM certificate of the ALB HTTPS listener; null gives an HTTP-only ALB (dev). Pass it with -var at apply time."
  type        = string
  default     = null
}

# ---------------------------------------------------------------- WAF

variable "enable_waf" {
  description = "Create the WAFv2 web ACL."
  type        = bool
}

variable "waf_scope" {
  description = "REGIONAL (on the ALB) or CLOUDFRONT (on the distribution, managed in us-east-1)."
  type        = string

  validation {
    condition     = contains(["REGIONAL", "CLOUDFRONT"], var.waf_scope)
    error_message = "waf_scope must be REGIONAL or CLOUDFRONT."
  }
}

variable "waf_rate_limit" {
  description = "Rate-based rule limit per IP per evaluation window."
  type        = number
  default     = 100

  validation {
    condition     = var.waf_rate_limit >= 10
    error_message = "waf_rate_limit must be at least 10 (WAF minimum)."
  }
}

variable "waf_rate_window_sec" {
  description = "Rate-based rule evaluation window in seconds."
  type        = number
  default     = 60

  validation {
    condition     = contains([60, 120, 300, 600], var.waf_rate_window_sec)
    error_message = "waf_rate_window_sec must be 60, 120, 300 or 600."
  }
}

variable "waf_allowed_countries" {
  description = "Countries allowed by the geo rule."
  type        = list(string)
  default     = ["BR"]
}

variable "waf_trusted_cidrs" {
  description = "Operator/CI/uptime-monitor CIDRs allowed past the geo and rate rules and to the ALB test listener."
  type        = list(string)
}

# ---------------------------------------------------------------- CDN

variable "enable_cloudfront" {
  description = "Put CloudFront in front of the ALB (production)."
  type        = bool
}

variable "cdn_aliases" {
  description = "Alternate domain names of the distribution."
  type        = list(string)
}

variable "cdn_acm_certificate_arn" {
  description = "ACM certificate in us-east-1 for the distribution aliases (pass with -var at apply time)."
  type        = string
  default     = null
}

variable "cdn_origin_domain_name" {
  description = "Origin host name covered by the ALB certificate, e.g. origin-api.<domain> (pass with -var at apply time)."
  type        = string
  default     = null
}

# ---------------------------------------------------------------- observability

variable "enable_xray" {
  description = "Run the X-Ray daemon sidecar and enable tracing."
  type        = bool
  default     = true
}

variable "enable_datadog" {
  description = "Run the Datadog agent sidecar (DogStatsD + APM)."
  type        = bool
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of every log group of the environment."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value."
  }
}

variable "alarm_email" {
  description = "E-mail subscribed to the alarm topic; null for none."
  type        = string
  default     = null
}

# ---------------------------------------------------------------- security

variable "kms_deletion_window_days" {
  description = "Deletion window of the customer managed keys (7-30)."
  type        = number

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30."
  }
}

variable "secrets_recovery_window_days" {
  description = "Recovery window of Secrets Manager secrets (0 = immediate delete, else 7-30)."
  type        = number

  validation {
    condition     = var.secrets_recovery_window_days == 0 || (var.secrets_recovery_window_days >= 7 && var.secrets_recovery_window_days <= 30)
    error_message = "secrets_recovery_window_days must be 0 or between 7 and 30."
  }
}

# ---------------------------------------------------------------- storage

variable "s3_cors_allowed_origins" {
  description = "Origins allowed by the CORS rules of the uploads and exports buckets."
  type        = list(string)
}

variable "s3_force_destroy" {
  description = "Allow destroying non-empty buckets (dev only)."
  type        = bool
}

variable "app_cache_enabled" {
  description = "CACHE_ENABLED; false is the cache-incident rollback lever (rate limits and sessions keep using Redis)."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------- restore (docs/operations/restore.md)

variable "app_db_host_override" {
  description = "Restore runbook: primary host of a restored RDS instance the application must use (null = the managed primary)."
  type        = string
  default     = null
}

variable "app_db_read_hosts_override" {
  description = "Restore runbook: replica hosts of a restored instance (null = the managed replicas)."
  type        = list(string)
  default     = null
}
