variable "bucket_name_prefix" {
  description = "Bucket names are <prefix>-<environment>-<purpose><suffix>."
  type        = string
  default     = "eduautismo"
}

variable "bucket_name_suffix" {
  description = "Optional suffix for global uniqueness."
  type        = string
  default     = ""
}

variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for SSE-KMS."
  type        = string
}

variable "cors_allowed_origins" {
  description = "Origins allowed by the uploads/exports CORS rules."
  type        = list(string)
}

variable "lifecycle_enabled" {
  description = "Enable the lifecycle rules."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Allow destroying non-empty buckets (dev)."
  type        = bool
  default     = false
}
