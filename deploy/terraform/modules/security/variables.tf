variable "project_name" {
  description = "Project name (eduautismo-ia)."
  type        = string
}

variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "kms_deletion_window_days" {
  description = "Deletion window of the customer managed keys."
  type        = number
}

variable "secrets_recovery_window_days" {
  description = "Recovery window of the application secrets (0 = immediate)."
  type        = number
}

variable "enable_datadog" {
  description = "Create the Datadog API key secret."
  type        = bool
}

variable "enable_waf" {
  description = "Create the WAFv2 web ACL."
  type        = bool
}

variable "waf_scope" {
  description = "REGIONAL (ALB) or CLOUDFRONT (distribution; managed through the us-east-1 provider)."
  type        = string
}

variable "waf_rate_limit" {
  description = "Requests per IP per evaluation window."
  type        = number
}

variable "waf_rate_window_sec" {
  description = "Evaluation window of the rate-based rule (60, 120, 300, 600)."
  type        = number
}

variable "waf_allowed_countries" {
  description = "ISO country codes allowed by the geo rule."
  type        = list(string)
}

variable "waf_trusted_cidrs" {
  description = "CIDRs allowed before the geo and rate rules (CI, uptime monitors, operators)."
  type        = list(string)
}

variable "log_retention_days" {
  description = "Retention of the WAF log group."
  type        = number
}
