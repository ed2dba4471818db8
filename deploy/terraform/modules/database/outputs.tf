output "primary_address" {
  description = "Primary host name."
  value       = aws_db_instance.primary.address
}

output "primary_port" {
  description = "Primary port."
  value       = aws_db_instance.primary.port
}

output "primary_endpoint" {
  description = "Primary host:port."
  value       = aws_db_instance.primary.endpoint
}

output "replica_addresses" {
  description = "Read replica host names (DB_READ_HOSTS)."
  value       = aws_db_instance.replica[*].address
}

output "db_name" {
  description = "Database name."
  value       = aws_db_instance.primary.db_name
}

output "db_secret_arn" {
  description = "ARN of eduautismo-ia/<env>/db."
  value       = aws_secretsmanager_secret.db.arn
}

output "security_group_id" {
  description = "RDS security group."
  value       = aws_security_group.rds.id
}

output "parameter_group_name" {
  description = "Parameter group name."
  value       = aws_db_parameter_group.main.name
}

output "primary_identifier" {
  description = "Primary instance identifier."
  value       = aws_db_instance.primary.identifier
}

output "replica_identifiers" {
  description = "Replica instance identifiers."
  value       = aws_db_instance.replica[*].identifier
}

output "engine_version_actual" {
  description = "Running engine version (major pinned, minors automatic)."
  value       = aws_db_instance.primary.engine_version_actual
}
