output "bucket_names" {
  description = "Bucket names by purpose."
  value       = { for k, b in local.buckets : k => b.bucket }
}

output "bucket_arns" {
  description = "Bucket ARNs by purpose."
  value       = { for k, b in local.buckets : k => b.arn }
}

output "uploads_bucket" {
  description = "Uploads bucket name."
  value       = aws_s3_bucket.uploads.bucket
}

output "exports_bucket" {
  description = "Exports bucket name."
  value       = aws_s3_bucket.exports.bucket
}

output "ml_models_bucket" {
  description = "ML models bucket name."
  value       = aws_s3_bucket.ml_models.bucket
}

output "bncc_data_bucket" {
  description = "BNCC dataset bucket name."
  value       = aws_s3_bucket.bncc_data.bucket
}
