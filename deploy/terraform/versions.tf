# Terraform and provider constraints for the EduAutismo root module (INFRA.md §2.0).
# Provider 5.x: ECS blue/green is done with CodeDeploy (native ECS blue/green needs >= 6.4).
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
