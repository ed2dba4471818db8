output "distribution_id" {
  description = "Distribution id (invalidations)."
  value       = aws_cloudfront_distribution.main.id
}

output "domain_name" {
  description = "Distribution domain name (CNAME target of the aliases)."
  value       = aws_cloudfront_distribution.main.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone id for alias records."
  value       = aws_cloudfront_distribution.main.hosted_zone_id
}
