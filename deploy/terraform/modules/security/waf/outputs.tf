output "web_acl_arn" {
  description = "Web ACL ARN (CloudFront web_acl_id or ALB association)."
  value       = aws_wafv2_web_acl.main.arn
}

output "web_acl_id" {
  description = "Web ACL id."
  value       = aws_wafv2_web_acl.main.id
}

output "web_acl_name" {
  description = "Web ACL name (CloudWatch WebACL dimension)."
  value       = aws_wafv2_web_acl.main.name
}

output "log_group_name" {
  description = "WAF log group name."
  value       = aws_cloudwatch_log_group.waf.name
}
