# ElastiCache Redis 7 replication group: standalone with optional replicas (dev/staging) or cluster
# mode with num_shards x replicas_per_shard (production); TLS + AUTH, KMS at rest (INFRA.md §2.5).
locals {
  name_prefix          = "${var.project_name}-${var.environment}"
  replication_group_id = "${local.name_prefix}-redis"
  failover             = var.cluster_mode_enabled || var.replicas_per_shard > 0
}

resource "aws_elasticache_subnet_group" "main" {
  name       = "${local.name_prefix}-redis"
  subnet_ids = var.private_subnet_ids
}

resource "aws_security_group" "redis" {
  name_prefix = "${local.name_prefix}-redis-"
  description = "EduAutismo Redis"
  vpc_id      = var.vpc_id

  tags = {
    Name = "${local.name_prefix}-redis"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_app" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from the API tasks only"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = var.app_security_group_id
}

resource "aws_elasticache_parameter_group" "main" {
  name        = "${local.name_prefix}-redis7"
  family      = "redis7"
  description = "EduAutismo Redis 7 parameters"

  parameter {
    name  = "cluster-enabled"
    value = var.cluster_mode_enabled ? "yes" : "no"
  }

  parameter {
    name  = "maxmemory-policy"
    value = var.maxmemory_policy
  }

  lifecycle {
    create_before_destroy = true
  }
}

# AUTH token: 16-128 printable characters, only ! & # $ ^ < > - as non-alphanumerics (F4).
resource "random_password" "auth" {
  length           = 32
  special          = true
  override_special = "!&#$^<>-"
}

resource "aws_secretsmanager_secret" "redis" {
  name                    = "${var.project_name}/${var.environment}/redis"
  description             = "EduAutismo Redis AUTH token"
  kms_key_id              = var.secrets_kms_key_arn
  recovery_window_in_days = var.secrets_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id     = aws_secretsmanager_secret.redis.id
  secret_string = jsonencode({ auth_token = random_password.auth.result })
}

resource "aws_cloudwatch_log_group" "slow_log" {
  name              = "/aws/elasticache/${local.name_prefix}/slow-log"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = local.replication_group_id
  description          = "EduAutismo ${var.environment} Redis"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = 6379

  parameter_group_name = aws_elasticache_parameter_group.main.name
  subnet_group_name    = aws_elasticache_subnet_group.main.name
  security_group_ids   = [aws_security_group.redis.id]

  # Cluster mode off: one primary + replicas. Cluster mode on: node groups x replicas.
  num_cache_clusters      = var.cluster_mode_enabled ? null : 1 + var.replicas_per_shard
  num_node_groups         = var.cluster_mode_enabled ? var.num_shards : null
  replicas_per_node_group = var.cluster_mode_enabled ? var.replicas_per_shard : null

  automatic_failover_enabled = local.failover
  multi_az_enabled           = local.failover

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = random_password.auth.result

  auto_minor_version_upgrade = true
  snapshot_retention_limit   = var.snapshot_retention_limit
  snapshot_window            = var.snapshot_window
  maintenance_window         = var.maintenance_window
  apply_immediately          = var.apply_immediately

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  tags = {
    Name = local.replication_group_id
  }

  lifecycle {
    precondition {
      condition     = length(local.replication_group_id) <= 40 && can(regex("^[a-z][a-z0-9-]*$", local.replication_group_id)) && !strcontains(local.replication_group_id, "--")
      error_message = "replication_group_id must be <= 40 lowercase characters, start with a letter and contain no '--'."
    }
  }
}
