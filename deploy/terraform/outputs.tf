output "vpc_id" {
  description = "VPC id."
  value       = module.networking.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnet ids (migration task network configuration)."
  value       = module.networking.private_subnet_ids
}

output "app_security_group_id" {
  description = "Task security group (migration task network configuration)."
  value       = module.networking.app_security_group_id
}

output "alb_dns_name" {
  description = "ALB DNS name."
  value       = module.compute.alb_dns_name
}

output "cloudfront_domain_name" {
  description = "CloudFront domain name (null without CloudFront)."
  value       = one(module.cdn[*].domain_name)
}

output "ecr_repository_url" {
  description = "ECR repository URL."
  value       = module.compute.ecr_repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = module.compute.cluster_name
}

output "ecs_service_name" {
  description = "ECS service name."
  value       = module.compute.service_name
}

output "ecs_task_definition_arn" {
  description = "Latest task definition revision."
  value       = module.compute.task_definition_arn
}

output "rds_primary_endpoint" {
  description = "RDS primary endpoint (host:port)."
  value       = module.database.primary_endpoint
}

output "rds_replica_endpoints" {
  description = "RDS replica host names."
  value       = module.database.replica_addresses
}

output "rds_engine_version" {
  description = "Running PostgreSQL version."
  value       = module.database.engine_version_actual
}

output "redis_endpoint" {
  description = "Redis configuration endpoint (cluster mode) or primary endpoint."
  value       = module.cache.endpoint_address
}

output "bucket_names" {
  description = "Bucket names by purpose."
  value       = module.storage.bucket_names
}

output "db_secret_arn" {
  description = "DB secret ARN."
  value       = module.database.db_secret_arn
}

output "redis_secret_arn" {
  description = "Redis AUTH secret ARN."
  value       = module.cache.auth_secret_arn
}

output "app_secret_arn" {
  description = "Application secret ARN."
  value       = module.security.app_secret_arn
}

output "waf_web_acl_arn" {
  description = "Web ACL ARN (null without WAF)."
  value       = module.security.web_acl_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard."
  value       = module.monitoring.dashboard_name
}

output "codedeploy_app_name" {
  description = "CodeDeploy application (null in dev)."
  value       = module.compute.codedeploy_app_name
}

output "codedeploy_deployment_group" {
  description = "CodeDeploy deployment group (null in dev)."
  value       = module.compute.codedeploy_deployment_group_name
}
