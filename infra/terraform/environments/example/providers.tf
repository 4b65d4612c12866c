provider "aws" {
  region = var.region

  default_tags {
    tags = {
      "managed-by" = "terraform"
      "repository" = "sokoni"
    }
  }
}

# Helm reaches the cluster the module creates with a short-lived token from the caller's AWS
# credentials (no kubeconfig file, nothing long-lived in the state).
provider "helm" {
  kubernetes {
    host                   = module.sokoni.cluster_endpoint
    cluster_ca_certificate = base64decode(module.sokoni.cluster_certificate_authority_data)

    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.sokoni.cluster_name, "--region", var.region]
    }
  }
}
