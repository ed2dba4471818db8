# RDS PostgreSQL 15: primary, read replicas, custom parameter group, Enhanced Monitoring role and the
# DB secret consumed by the tasks (INFRA.md §2.4).
locals {
  name_prefix            = "${var.project_name}-${var.environment}"
  replica_instance_class = coalesce(var.replica_instance_class, var.instance_class)
}

resource "aws_db_subnet_group" "main" {
  name       = "${local.name_prefix}-pg"
  subnet_ids = var.private_subnet_ids

  tags = {
    Name = "${local.name_prefix}-pg"
  }
}

resource "aws_security_group" "rds" {
  name_prefix = "${local.name_prefix}-rds-"
  description = "EduAutismo PostgreSQL"
  vpc_id      = var.vpc_id

  tags = {
    Name = "${local.name_prefix}-rds"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_app" {
  security_group_id            = aws_security_group.rds.id
  description                  = "PostgreSQL from the API tasks only"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.app_security_group_id
}

# Values are plain integers in the parameter's own unit (work_mem kB, effective_cache_size 8 kB pages,
# log_min_duration_statement ms). Static parameters need pending-reboot (F6).
resource "aws_db_parameter_group" "main" {
  name_prefix = "${local.name_prefix}-pg15-"
  family      = var.parameter_group_family
  description = "EduAutismo PostgreSQL 15 parameters"

  parameter {
    name         = "shared_preload_libraries"
    value        = "pg_stat_statements"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "max_connections"
    value        = tostring(var.max_connections)
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "work_mem"
    value        = tostring(var.work_mem_kb)
    apply_method = "immediate"
  }

  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "immediate"
  }

  parameter {
    name         = "log_min_duration_statement"
    value        = tostring(var.log_min_duration_statement_ms)
    apply_method = "immediate"
  }

  # Production only: dev/staging keep the RDS default formula {DBInstanceClassMemory/16384}.
  dynamic "parameter" {
    for_each = var.effective_cache_size_pages == null ? [] : [var.effective_cache_size_pages]

    content {
      name         = "effective_cache_size"
      value        = tostring(parameter.value)
      apply_method = "immediate"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

# RDS master password: printable ASCII without '/', '@', '"' and space (F8).
resource "random_password" "master" {
  length           = 32
  special          = true
  override_special = "!#$%&*()-_=+[]{}<>:?"
}

data "aws_iam_policy_document" "rds_monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rds_monitoring" {
  count = var.monitoring_interval > 0 ? 1 : 0

  name_prefix        = "${var.environment}-rds-monitoring-"
  assume_role_policy = data.aws_iam_policy_document.rds_monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  count = var.monitoring_interval > 0 ? 1 : 0

  role       = aws_iam_role.rds_monitoring[0].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "primary" {
  identifier     = "${local.name_prefix}-pg"
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = var.storage_type
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name  = var.db_name
  username = var.master_username
  password = random_password.master.result
  port     = 5432

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.rds.id]
  publicly_accessible    = false
  multi_az               = var.multi_az

  backup_retention_period = var.backup_retention_period
  backup_window           = var.backup_window
  maintenance_window      = var.maintenance_window

  parameter_group_name       = aws_db_parameter_group.main.name
  auto_minor_version_upgrade = true

  performance_insights_enabled          = true
  performance_insights_retention_period = var.performance_insights_retention
  performance_insights_kms_key_id       = var.kms_key_arn
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = one(aws_iam_role.rds_monitoring[*].arn)
  enabled_cloudwatch_logs_exports       = var.log_exports

  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = "${local.name_prefix}-pg-final"
  apply_immediately         = var.apply_immediately

  tags = {
    Name = "${local.name_prefix}-pg"
  }

  depends_on = [aws_iam_role_policy_attachment.rds_monitoring]
}

# Read replicas inherit engine version, credentials, database and encryption from the primary.
resource "aws_db_instance" "replica" {
  count = var.read_replica_count

  identifier          = "${local.name_prefix}-pg-replica-${count.index + 1}"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = local.replica_instance_class
  storage_type        = var.storage_type

  vpc_security_group_ids = [aws_security_group.rds.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.main.name

  auto_minor_version_upgrade = true

  performance_insights_enabled          = true
  performance_insights_retention_period = var.performance_insights_retention
  performance_insights_kms_key_id       = var.kms_key_arn
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = one(aws_iam_role.rds_monitoring[*].arn)
  enabled_cloudwatch_logs_exports       = var.log_exports

  copy_tags_to_snapshot = true
  skip_final_snapshot   = true
  apply_immediately     = var.apply_immediately

  tags = {
    Name = "${local.name_prefix}-pg-replica-${count.index + 1}"
  }
}
