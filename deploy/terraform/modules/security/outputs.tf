output "kms_key_arns" {
  description = "Customer managed key ARNs by purpose."
  value = {
    rds     = aws_kms_key.rds.arn
    s3      = aws_kms_key.s3.arn
    cache   = aws_kms_key.cache.arn
    secrets = aws_kms_key.secrets.arn
    logs    = aws_kms_key.logs.arn
  }
}

output "app_secret_arn" {
  description = "ARN of eduautismo-ia/<env>/app."
  value       = aws_secretsmanager_secret.app.arn
}

output "datadog_secret_arn" {
  description = "ARN of eduautismo-ia/<env>/datadog (null when Datadog is off)."
  value       = one(aws_secretsmanager_secret.datadog[*].arn)
}

output "web_acl_arn" {
  description = "Web ACL ARN (null when the WAF is off)."
  value       = one(concat(module.waf_regional[*].web_acl_arn, module.waf_cloudfront[*].web_acl_arn))
}

output "web_acl_id" {
  description = "Web ACL id (null when the WAF is off)."
  value       = one(concat(module.waf_regional[*].web_acl_id, module.waf_cloudfront[*].web_acl_id))
}

output "web_acl_name" {
  description = "Web ACL name (null when the WAF is off)."
  value       = one(concat(module.waf_regional[*].web_acl_name, module.waf_cloudfront[*].web_acl_name))
}

output "waf_log_group_name" {
  description = "WAF log group (aws-waf-logs-*), null when the WAF is off."
  value       = one(concat(module.waf_regional[*].log_group_name, module.waf_cloudfront[*].log_group_name))
}
