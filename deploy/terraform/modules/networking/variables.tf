variable "project_name" {
  description = "Project name (eduautismo-ia)."
  type        = string
}

variable "environment" {
  description = "dev, staging or production."
  type        = string
}

variable "vpc_cidr" {
  description = "VPC CIDR block."
  type        = string
}

variable "az_count" {
  description = "Number of availability zones (2..3)."
  type        = number

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3."
  }
}

variable "public_subnet_cidrs" {
  description = "Public subnet CIDRs; empty = cidrsubnet(vpc_cidr, 8, i)."
  type        = list(string)
  default     = []
}

variable "private_subnet_cidrs" {
  description = "Private subnet CIDRs; empty = cidrsubnet(vpc_cidr, 8, i + 10)."
  type        = list(string)
  default     = []
}

variable "single_nat_gateway" {
  description = "One NAT gateway shared by all private subnets instead of one per AZ."
  type        = bool
}

variable "container_port" {
  description = "Port the API container listens on."
  type        = number
  default     = 8000
}

variable "alb_ingress_from_cloudfront_only" {
  description = "Admit 80/443 on the ALB only from the CloudFront origin-facing prefix list."
  type        = bool
  default     = false
}

variable "trusted_cidrs" {
  description = "CIDRs admitted to the CodeDeploy test listener (8443)."
  type        = list(string)
  default     = []
}

variable "test_listener_port" {
  description = "Port of the CodeDeploy test listener."
  type        = number
  default     = 8443
}

variable "enable_flow_logs" {
  description = "Create VPC flow logs to CloudWatch Logs."
  type        = bool
  default     = true
}

variable "flow_logs_retention_days" {
  description = "Retention of the flow log group."
  type        = number
}

variable "logs_kms_key_arn" {
  description = "KMS key of the flow log group."
  type        = string
}

variable "enable_vpc_endpoints" {
  description = "Create the S3 gateway endpoint."
  type        = bool
  default     = true
}
