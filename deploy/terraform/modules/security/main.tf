# Security module: customer managed KMS keys (kms.tf), application secrets (secrets.tf) and the
# WAFv2 web ACL (waf.tf -> ./waf, instantiated with the provider of its scope).
data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  name_prefix = "${var.project_name}-${var.environment}"
  account_id  = data.aws_caller_identity.current.account_id
  region      = data.aws_region.current.name
  partition   = data.aws_partition.current.partition
}
