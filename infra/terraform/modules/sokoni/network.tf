# One VPC across var.availability_zone_count zones. Per zone: a public subnet (the ALB, NAT
# gateways), a private subnet (nodes and pods), a database subnet and a cache subnet (no route to
# the internet at all). Offsets keep the four tiers apart for any prefix from /16 to /18.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"

  name = local.name
  cidr = var.vpc_cidr
  azs  = local.azs

  private_subnets     = [for index, _ in local.azs : cidrsubnet(var.vpc_cidr, 4, index)]
  public_subnets      = [for index, _ in local.azs : cidrsubnet(var.vpc_cidr, 8, 48 + index)]
  database_subnets    = [for index, _ in local.azs : cidrsubnet(var.vpc_cidr, 8, 52 + index)]
  elasticache_subnets = [for index, _ in local.azs : cidrsubnet(var.vpc_cidr, 8, 56 + index)]

  create_database_subnet_group       = true
  create_database_subnet_route_table = true
  create_elasticache_subnet_group    = true

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway

  enable_dns_hostnames = true
  enable_dns_support   = true

  # The AWS Load Balancer Controller finds its subnets by these tags.
  public_subnet_tags  = { "kubernetes.io/role/elb" = "1" }
  private_subnet_tags = { "kubernetes.io/role/internal-elb" = "1" }

  tags = local.tags
}
