# Default provider in the environment's region, and an us-east-1 alias for the CloudFront-scope
# WAF web ACL and CloudFront resources (INFRA.md §2.0, F2).
provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.default_tags
  }
}
