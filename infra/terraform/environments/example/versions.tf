terraform {
  required_version = ">= 1.10.0, < 2.0.0"

  # Exact versions: an environment changes providers only in a reviewed commit.
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "2.17.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "3.7.2"
    }
  }
}
