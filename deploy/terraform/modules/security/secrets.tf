# Application secrets (INFRA.md §1.7, §2.3). Terraform writes an initial version only; real values
# (OpenAI key, SMTP password, rotated JWT key) are set out of band (docs/operations/rotate-secrets.md)
# and never overwritten because secret_string is ignored after creation. The initial JWT key is random
# so that a fresh environment starts (the server refuses a JWT_SECRET shorter than 32 bytes).
resource "random_password" "jwt_secret" {
  length  = 64
  special = false
}

# Master key of the LGPD field encryption (FIELD_ENCRYPTION_KEY: 32 bytes, base64). Generated once;
# never rotated by Terraform (rotation: docs/operations/rotate-secrets.md, previous keys go to
# field_encryption_previous_keys so that old rows still decrypt).
resource "random_id" "field_encryption_key" {
  byte_length = 32
}

resource "aws_secretsmanager_secret" "app" {
  name                    = "${var.project_name}/${var.environment}/app"
  description             = "EduAutismo application secrets (jwt_secret, field_encryption_key, openai_api_key, smtp_password)"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = var.secrets_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    jwt_secret                     = random_password.jwt_secret.result
    field_encryption_key           = random_id.field_encryption_key.b64_std
    field_encryption_previous_keys = ""
    openai_api_key                 = ""
    smtp_password                  = ""
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret" "datadog" {
  count = var.enable_datadog ? 1 : 0

  name                    = "${var.project_name}/${var.environment}/datadog"
  description             = "Datadog agent API key (api_key), set out of band"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = var.secrets_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "datadog" {
  count = var.enable_datadog ? 1 : 0

  secret_id     = aws_secretsmanager_secret.datadog[0].id
  secret_string = jsonencode({ api_key = "" })

  lifecycle {
    ignore_changes = [secret_string]
  }
}
