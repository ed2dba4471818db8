# DB credentials and endpoints for the tasks: DB_USER/DB_PASSWORD are injected from this secret;
# host/read_hosts document the endpoints for operators (restore runbook updates them).
resource "aws_secretsmanager_secret" "db" {
  name                    = "${var.project_name}/${var.environment}/db"
  description             = "EduAutismo PostgreSQL credentials and endpoints"
  kms_key_id              = var.secrets_kms_key_arn
  recovery_window_in_days = var.secrets_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username   = var.master_username
    password   = random_password.master.result
    host       = coalesce(var.secret_host_override, aws_db_instance.primary.address)
    port       = 5432
    dbname     = var.db_name
    read_hosts = var.secret_read_hosts_override != null ? var.secret_read_hosts_override : aws_db_instance.replica[*].address
  })
}
