output "endpoint_address" {
  description = "Configuration endpoint (cluster mode) or primary endpoint."
  value       = var.cluster_mode_enabled ? aws_elasticache_replication_group.main.configuration_endpoint_address : aws_elasticache_replication_group.main.primary_endpoint_address
}

output "reader_endpoint_address" {
  description = "Reader endpoint (cluster mode off), else null."
  value       = var.cluster_mode_enabled ? null : aws_elasticache_replication_group.main.reader_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = 6379
}

output "redis_url" {
  description = "REDIS_URL (TLS, no password)."
  value       = "rediss://${var.cluster_mode_enabled ? aws_elasticache_replication_group.main.configuration_endpoint_address : aws_elasticache_replication_group.main.primary_endpoint_address}:6379"
}

output "cluster_mode_enabled" {
  description = "Whether the group is sharded (REDIS_CLUSTER_MODE)."
  value       = var.cluster_mode_enabled
}

output "auth_secret_arn" {
  description = "ARN of eduautismo-ia/<env>/redis."
  value       = aws_secretsmanager_secret.redis.arn
}

output "security_group_id" {
  description = "Redis security group."
  value       = aws_security_group.redis.id
}

output "replication_group_id" {
  description = "Replication group id."
  value       = aws_elasticache_replication_group.main.replication_group_id
}

output "member_clusters" {
  description = "Member cache cluster ids."
  value       = aws_elasticache_replication_group.main.member_clusters
}
