# Lifecycle rules (INFRA.md §2.8). The plan's "uploads: 7 days -> IA" is impossible (STANDARD_IA needs
# >= 30 days, F12), so uploads move to INTELLIGENT_TIERING at day 7 and GLACIER at day 30.
resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    id     = "uploads-tiering"
    status = local.lifecycle_status

    filter {}

    transition {
      days          = 7
      storage_class = "INTELLIGENT_TIERING"
    }

    transition {
      days          = 30
      storage_class = "GLACIER"
    }
  }

  rule {
    id     = "abort-incomplete-multipart"
    status = local.lifecycle_status

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    id     = "exports-archive-and-expire"
    status = local.lifecycle_status

    filter {}

    transition {
      days          = 30
      storage_class = "GLACIER"
    }

    expiration {
      days = 90
    }
  }

  rule {
    id     = "abort-incomplete-multipart"
    status = local.lifecycle_status

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "ml_models" {
  bucket = aws_s3_bucket.ml_models.id

  rule {
    id     = "noncurrent-model-versions"
    status = local.lifecycle_status

    filter {}

    noncurrent_version_expiration {
      noncurrent_days           = 90
      newer_noncurrent_versions = 3
    }
  }

  depends_on = [aws_s3_bucket_versioning.ml_models]
}
