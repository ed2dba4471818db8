variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "origin_domain_name" {
  description = "Origin host name covered by the ALB certificate (e.g. origin-api.<domain>), CNAME to the ALB."
  type        = string
}

variable "aliases" {
  description = "Alternate domain names of the distribution."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn_us_east_1" {
  description = "ACM certificate (us-east-1) covering the aliases."
  type        = string
}

variable "web_acl_arn" {
  description = "CLOUDFRONT-scope web ACL ARN."
  type        = string
}

variable "origin_verify_secret" {
  description = "Value of the X-Origin-Verify header checked by the ALB listener rule."
  type        = string
  sensitive   = true
}

variable "price_class" {
  description = "Price class (PriceClass_All: South American edges are only in this class)."
  type        = string
  default     = "PriceClass_All"
}

variable "logging_bucket" {
  description = "Optional bucket domain name for standard access logs (null = off)."
  type        = string
  default     = null
}

variable "catalog_max_ttl" {
  description = "Upper bound of the catalog cache TTL (origin Cache-Control decides below it)."
  type        = number
  default     = 86400
}
