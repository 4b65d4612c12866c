# EKS with one managed node group in the private subnets. Pods reach PostgreSQL and Redis with
# the node security group, which is the only source their security groups admit.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.37.1"

  cluster_name    = local.name
  cluster_version = var.kubernetes_version

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  cluster_endpoint_private_access      = true
  cluster_endpoint_public_access       = length(var.cluster_endpoint_public_access_cidrs) > 0
  cluster_endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs

  # Whoever applies (the Terraform role) administers the cluster through an access entry.
  enable_cluster_creator_admin_permissions = true
  authentication_mode                      = "API"

  # IRSA: External Secrets, the load balancer controller and ExternalDNS assume IAM roles.
  enable_irsa = true

  cluster_addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
      # The chart's NetworkPolicies are enforced by the VPC CNI's network policy agent.
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
  }

  eks_managed_node_groups = {
    default = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.node_instance_types
      min_size       = var.node_group_size.min
      desired_size   = var.node_group_size.desired
      max_size       = var.node_group_size.max
      # Replace nodes one at a time so the PodDisruptionBudgets hold during upgrades.
      update_config = { max_unavailable = 1 }
    }
  }

  tags = local.tags
}
