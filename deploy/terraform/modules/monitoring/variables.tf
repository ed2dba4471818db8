variable "project_name" {
  description = "Project name (eduautismo-ia)."
  type        = string
}

variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "aws_region" {
  description = "Region of the dashboard widgets."
  type        = string
}

variable "app_log_group_name" {
  description = "Log group of the api container (metric filters, Logs Insights queries)."
  type        = string
}

variable "cluster_name" {
  description = "ECS cluster name."
  type        = string
}

variable "service_name" {
  description = "ECS service name."
  type        = string
}

variable "min_tasks" {
  description = "Autoscaling minimum (RunningTaskCount alarm)."
  type        = number
}

variable "alb_arn_suffix" {
  description = "ALB ARN suffix."
  type        = string
}

variable "tg_arn_suffixes" {
  description = "Target group ARN suffixes by colour (blue, green)."
  type        = map(string)
}

variable "db_primary_identifier" {
  description = "RDS primary identifier."
  type        = string
}

variable "db_replica_identifiers" {
  description = "RDS replica identifiers."
  type        = list(string)
  default     = []
}

variable "db_allocated_storage_gb" {
  description = "Allocated storage of the primary (FreeStorageSpace < 10 % alarm)."
  type        = number
}

variable "db_connections_max" {
  description = "DatabaseConnections alarm threshold (0.8 x max_connections)."
  type        = number
}

variable "redis_replication_group_id" {
  description = "ElastiCache replication group id."
  type        = string
}

variable "redis_cluster_mode_enabled" {
  description = "Cluster mode (node ids are <id>-<shard 4 digits>-<node 3 digits>)."
  type        = bool
}

variable "redis_num_shards" {
  description = "Node groups (cluster mode)."
  type        = number
}

variable "redis_replicas_per_shard" {
  description = "Replicas per node group / of the primary."
  type        = number
}

variable "waf_enabled" {
  description = "Whether a web ACL exists."
  type        = bool
}

variable "waf_scope" {
  description = "REGIONAL or CLOUDFRONT."
  type        = string
}

variable "waf_web_acl_name" {
  description = "Web ACL name (null when the WAF is off)."
  type        = string
  default     = null
}

variable "alarm_email" {
  description = "E-mail subscribed to the alarm topic (null = none)."
  type        = string
  default     = null
}

variable "logs_kms_key_arn" {
  description = "KMS key of the SNS topic."
  type        = string
}

variable "p95_latency_ms" {
  description = "p95 latency alarm threshold in ms."
  type        = number
  default     = 500
}

variable "cache_hit_rate_min" {
  description = "Cache hit-rate alarm threshold in percent."
  type        = number
  default     = 80
}

variable "error_rate_max_percent" {
  description = "ALB target 5xx ratio alarm threshold in percent."
  type        = number
  default     = 1
}

variable "monitored_subjects" {
  description = "Subjects with a requests_per_subject anomaly alarm (the 25 values in production)."
  type        = list(string)
  default     = []
}

variable "deployment_alarm_names" {
  description = "Names of the alarms that stop CodeDeploy deployments (error_ratio, p95_latency)."
  type = object({
    error_ratio = string
    p95_latency = string
  })
}
