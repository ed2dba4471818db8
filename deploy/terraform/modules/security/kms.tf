# One customer managed key per purpose, rotated yearly (LGPD: encryption at rest).
resource "aws_kms_key" "rds" {
  description             = "${local.name_prefix} RDS storage and Performance Insights"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
}

resource "aws_kms_alias" "rds" {
  name          = "alias/eduautismo-${var.environment}-rds"
  target_key_id = aws_kms_key.rds.key_id
}

resource "aws_kms_key" "s3" {
  description             = "${local.name_prefix} S3 buckets (SSE-KMS)"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
}

resource "aws_kms_alias" "s3" {
  name          = "alias/eduautismo-${var.environment}-s3"
  target_key_id = aws_kms_key.s3.key_id
}

resource "aws_kms_key" "cache" {
  description             = "${local.name_prefix} ElastiCache at-rest encryption"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
}

resource "aws_kms_alias" "cache" {
  name          = "alias/eduautismo-${var.environment}-cache"
  target_key_id = aws_kms_key.cache.key_id
}

resource "aws_kms_key" "secrets" {
  description             = "${local.name_prefix} Secrets Manager secrets"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/eduautismo-${var.environment}-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

# The logs key is used by CloudWatch Logs (log groups) and by the SNS alarm topic, so its policy
# admits the regional logs service (scoped by encryption context) and CloudWatch alarms.
data "aws_iam_policy_document" "logs_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:*"]
    }
  }

  statement {
    sid       = "CloudWatchAlarmsToEncryptedSns"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "logs" {
  description             = "${local.name_prefix} CloudWatch Logs and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.logs_key.json
}

resource "aws_kms_alias" "logs" {
  name          = "alias/eduautismo-${var.environment}-logs"
  target_key_id = aws_kms_key.logs.key_id
}
