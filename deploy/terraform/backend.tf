# Remote state: partial S3 backend. The bucket, key and region come from
# environments/<env>/backend.hcl:
#   terraform init -backend-config=environments/<env>/backend.hcl
# The state bucket is created out of band with versioning enabled (rollback plan, docs/operations/rollback.md).
# Locking uses the S3 lock file (use_lockfile, Terraform >= 1.10); DynamoDB locking is not used.
terraform {
  backend "s3" {}
}
