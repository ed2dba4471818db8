variable "project_name" {
  description = "Project name (eduautismo-ia)."
  type        = string
}

variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "scope" {
  description = "REGIONAL or CLOUDFRONT; the caller passes the provider of the matching region."
  type        = string

  validation {
    condition     = contains(["REGIONAL", "CLOUDFRONT"], var.scope)
    error_message = "scope must be REGIONAL or CLOUDFRONT."
  }
}

variable "rate_limit" {
  description = "Requests per client IP per evaluation window (100)."
  type        = number
}

variable "rate_window_sec" {
  description = "Evaluation window in seconds (60)."
  type        = number
}

variable "allowed_countries" {
  description = "Countries allowed by the geo rule ([\"BR\"])."
  type        = list(string)
}

variable "trusted_cidrs" {
  description = "IPv4 CIDRs allowed before every other rule."
  type        = list(string)
}

variable "log_retention_days" {
  description = "Retention of the WAF log group."
  type        = number
}

variable "kms_deletion_window_days" {
  description = "Deletion window of the WAF log key."
  type        = number
}
