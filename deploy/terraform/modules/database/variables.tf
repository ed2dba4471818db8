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
  description = "Private subnets of the DB subnet group."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "Security group of the API tasks (the only source admitted on 5432)."
  type        = string
}

variable "instance_class" {
  description = "Instance class of the primary."
  type        = string
}

variable "replica_instance_class" {
  description = "Instance class of the read replicas; null = instance_class."
  type        = string
  default     = null
}

variable "allocated_storage" {
  description = "Allocated storage in GB."
  type        = number
}

variable "max_allocated_storage" {
  description = "Storage autoscaling ceiling in GB."
  type        = number
}

variable "storage_type" {
  description = "Storage type."
  type        = string
  default     = "gp3"
}

variable "multi_az" {
  description = "Multi-AZ standby."
  type        = bool
}

variable "backup_retention_period" {
  description = "Automated backup retention in days (>= 1)."
  type        = number

  validation {
    condition     = var.backup_retention_period >= 1
    error_message = "backup_retention_period must be >= 1 (read replicas and point-in-time restore need backups)."
  }
}

variable "backup_window" {
  description = "Daily backup window (UTC)."
  type        = string
  default     = "03:00-04:00"
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC)."
  type        = string
  default     = "sun:04:30-sun:05:30"
}

variable "read_replica_count" {
  description = "Number of read replicas."
  type        = number
}

variable "engine_version" {
  description = "PostgreSQL major version (minor upgrades are automatic)."
  type        = string
  default     = "15"
}

variable "parameter_group_family" {
  description = "Parameter group family."
  type        = string
  default     = "postgres15"
}

variable "max_connections" {
  description = "max_connections (static parameter: pending-reboot)."
  type        = number
}

variable "work_mem_kb" {
  description = "work_mem in kB."
  type        = number
}

variable "effective_cache_size_pages" {
  description = "effective_cache_size in 8 kB pages; null keeps the RDS default formula."
  type        = number
  default     = null
}

variable "log_min_duration_statement_ms" {
  description = "Log statements slower than this many milliseconds."
  type        = number
  default     = 500
}

variable "performance_insights_retention" {
  description = "Performance Insights retention in days."
  type        = number
  default     = 7
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval (0, 1, 5, 10, 15, 30, 60)."
  type        = number

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

variable "kms_key_arn" {
  description = "KMS key for storage and Performance Insights."
  type        = string
}

variable "secrets_kms_key_arn" {
  description = "KMS key of the DB secret."
  type        = string
}

variable "secrets_recovery_window_days" {
  description = "Recovery window of the DB secret."
  type        = number
  default     = 7
}

variable "deletion_protection" {
  description = "Deletion protection of the primary."
  type        = bool
}

variable "skip_final_snapshot" {
  description = "Skip the final snapshot on destroy."
  type        = bool
}

variable "apply_immediately" {
  description = "Apply modifications immediately instead of in the maintenance window."
  type        = bool
  default     = false
}

variable "log_exports" {
  description = "Logs exported to CloudWatch Logs."
  type        = list(string)
  default     = ["postgresql", "upgrade"]
}

variable "db_name" {
  description = "Database name."
  type        = string
  default     = "eduautismo"
}

variable "master_username" {
  description = "Master user name (the password is generated and stored in the DB secret)."
  type        = string
  default     = "eduautismo_admin"
}

variable "secret_host_override" {
  description = "Host written to the DB secret instead of the primary (restore runbook)."
  type        = string
  default     = null
}

variable "secret_read_hosts_override" {
  description = "Read hosts written to the DB secret instead of the replicas (restore runbook)."
  type        = list(string)
  default     = null
}
