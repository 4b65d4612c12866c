output "api_url" {
  description = "Public URL of the API."
  value       = module.sokoni.api_url
}

output "cluster_name" {
  description = "EKS cluster (aws eks update-kubeconfig --name <cluster_name> --region <region>)."
  value       = module.sokoni.cluster_name
}

output "region" {
  description = "AWS region."
  value       = module.sokoni.region
}

output "namespace" {
  description = "Namespace of the Sokoni release."
  value       = module.sokoni.namespace
}

output "release_name" {
  description = "Helm release CD upgrades."
  value       = module.sokoni.release_name
}

output "app_secret_arn" {
  description = "Secrets Manager secret of the pods (its value is never an output)."
  value       = module.sokoni.app_secret_arn
}
