# No output carries a secret: the secrets stay in Secrets Manager (see app_secret_arn).

output "region" {
  description = "AWS region of the environment."
  value       = data.aws_region.current.name
}

output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name <cluster_name>)."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint of the cluster."
  value       = module.eks.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 certificate authority of the Kubernetes API (public)."
  value       = module.eks.cluster_certificate_authority_data
}

output "namespace" {
  description = "Namespace of the Sokoni release."
  value       = var.namespace
}

output "release_name" {
  description = "Helm release name of Sokoni (CD upgrades this release)."
  value       = helm_release.sokoni.name
}

output "api_url" {
  description = "Public URL of the API."
  value       = local.api_url
}

output "postgres_address" {
  description = "Private host name of PostgreSQL (reachable from the cluster only)."
  value       = aws_db_instance.postgres.address
}

output "redis_primary_endpoint" {
  description = "Private host name of the Redis primary (TLS, AUTH; reachable from the cluster only)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "app_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the pods' secrets (read it with aws secretsmanager get-secret-value)."
  value       = aws_secretsmanager_secret.app.arn
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.vpc.vpc_id
}
