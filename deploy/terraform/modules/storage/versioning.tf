# Versioning: ml-models (rollback of a model) and bncc-data (rollback of the reference dataset).
resource "aws_s3_bucket_versioning" "ml_models" {
  bucket = aws_s3_bucket.ml_models.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "bncc_data" {
  bucket = aws_s3_bucket.bncc_data.id

  versioning_configuration {
    status = "Enabled"
  }
}
