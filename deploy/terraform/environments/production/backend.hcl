# Partial backend configuration for the production environment:
#   terraform init -reconfigure -backend-config=environments/production/backend.hcl
# The bucket is created out of band with versioning enabled and SSE; locking uses the S3 lock file.
bucket       = "eduautismo-ia-terraform-state"
key          = "production/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
