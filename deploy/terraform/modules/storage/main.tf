# Buckets uploads, exports, ml-models and bncc-data (INFRA.md §2.8): private, SSE-KMS with bucket
# keys, TLS-only policies, versioning where objects must be recoverable, lifecycle rules, CORS.
locals {
  bucket_names = {
    "uploads"   = "${var.bucket_name_prefix}-${var.environment}-uploads${var.bucket_name_suffix}"
    "exports"   = "${var.bucket_name_prefix}-${var.environment}-exports${var.bucket_name_suffix}"
    "ml-models" = "${var.bucket_name_prefix}-${var.environment}-ml-models${var.bucket_name_suffix}"
    "bncc-data" = "${var.bucket_name_prefix}-${var.environment}-bncc-data${var.bucket_name_suffix}"
  }

  buckets = {
    "uploads"   = aws_s3_bucket.uploads
    "exports"   = aws_s3_bucket.exports
    "ml-models" = aws_s3_bucket.ml_models
    "bncc-data" = aws_s3_bucket.bncc_data
  }

  lifecycle_status = var.lifecycle_enabled ? "Enabled" : "Disabled"
}

resource "aws_s3_bucket" "uploads" {
  bucket        = local.bucket_names["uploads"]
  force_destroy = var.force_destroy

  tags = {
    Name = local.bucket_names["uploads"]
  }
}

resource "aws_s3_bucket" "exports" {
  bucket        = local.bucket_names["exports"]
  force_destroy = var.force_destroy

  tags = {
    Name = local.bucket_names["exports"]
  }
}

resource "aws_s3_bucket" "ml_models" {
  bucket        = local.bucket_names["ml-models"]
  force_destroy = var.force_destroy

  tags = {
    Name = local.bucket_names["ml-models"]
  }
}

resource "aws_s3_bucket" "bncc_data" {
  bucket        = local.bucket_names["bncc-data"]
  force_destroy = var.force_destroy

  tags = {
    Name = local.bucket_names["bncc-data"]
  }

  lifecycle {
    precondition {
      condition     = alltrue([for n in values(local.bucket_names) : length(n) <= 63 && lower(n) == n])
      error_message = "Bucket names must be lowercase and at most 63 characters."
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

# Deny every request that is not over TLS.
data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = local.buckets

  bucket = each.value.id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}
