# WAFv2 web ACL (INFRA.md §2.3). The ACL lives in ./waf and is instantiated once, with the provider of
# its scope: a CLOUDFRONT-scope ACL must be managed in us-east-1 (F2), a REGIONAL one in the ALB's
# region. A provider cannot be chosen by a variable, hence two count-switched calls of one definition.
module "waf_regional" {
  source = "./waf"
  count  = var.enable_waf && var.waf_scope == "REGIONAL" ? 1 : 0

  providers = {
    aws = aws
  }

  project_name             = var.project_name
  environment              = var.environment
  scope                    = "REGIONAL"
  rate_limit               = var.waf_rate_limit
  rate_window_sec          = var.waf_rate_window_sec
  allowed_countries        = var.waf_allowed_countries
  trusted_cidrs            = var.waf_trusted_cidrs
  log_retention_days       = var.log_retention_days
  kms_deletion_window_days = var.kms_deletion_window_days
}

module "waf_cloudfront" {
  source = "./waf"
  count  = var.enable_waf && var.waf_scope == "CLOUDFRONT" ? 1 : 0

  providers = {
    aws = aws.us_east_1
  }

  project_name             = var.project_name
  environment              = var.environment
  scope                    = "CLOUDFRONT"
  rate_limit               = var.waf_rate_limit
  rate_window_sec          = var.waf_rate_window_sec
  allowed_countries        = var.waf_allowed_countries
  trusted_cidrs            = var.waf_trusted_cidrs
  log_retention_days       = var.log_retention_days
  kms_deletion_window_days = var.kms_deletion_window_days
}
