terraform {
  # 1.10 brings S3 state locking without DynamoDB (use_lockfile), which the environments use.
  required_version = ">= 1.10.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The EKS module 20.x supports the 5.x provider only.
      version = ">= 5.95.0, < 6.0.0"
    }
    helm = {
      source = "hashicorp/helm"
      # 3.x changed the provider's kubernetes block into an attribute; the environments configure 2.x.
      version = ">= 2.17.0, < 3.0.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.7.0, < 4.0.0"
    }
  }
}
