variable "project_name" {
  description = "Project name (eduautismo-ia)."
  type        = string
}

variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "vpc_id" {
  description = "VPC id."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets of the cache subnet group."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "Security group of the API tasks (the only source admitted on 6379)."
  type        = string
}

variable "engine_version" {
  description = "Redis version, major.minor."
  type        = string
  default     = "7.0"
}

variable "node_type" {
  description = "Node type."
  type        = string
}

variable "cluster_mode_enabled" {
  description = "Sharded (cluster mode) replication group."
  type        = bool
}

variable "num_shards" {
  description = "Node groups in cluster mode."
  type        = number
}

variable "replicas_per_shard" {
  description = "Replicas per node group (cluster mode) or of the primary (cluster mode off)."
  type        = number
}

variable "kms_key_arn" {
  description = "KMS key for at-rest encryption."
  type        = string
}

variable "secrets_kms_key_arn" {
  description = "KMS key of the auth-token secret."
  type        = string
}

variable "secrets_recovery_window_days" {
  description = "Recovery window of the auth-token secret."
  type        = number
  default     = 7
}

variable "snapshot_retention_limit" {
  description = "Days of automatic snapshots (0 disables)."
  type        = number
}

variable "snapshot_window" {
  description = "Daily snapshot window (UTC)."
  type        = string
  default     = "05:00-06:00"
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC)."
  type        = string
  default     = "sun:06:30-sun:07:30"
}

variable "apply_immediately" {
  description = "Apply modifications immediately."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the slow-log group."
  type        = number
}

variable "logs_kms_key_arn" {
  description = "KMS key of the slow-log group."
  type        = string
}

variable "maxmemory_policy" {
  description = "Eviction policy (every key has a TTL)."
  type        = string
  default     = "volatile-lru"
}
