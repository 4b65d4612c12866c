data "aws_region" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
  # Local Zones and Wavelength Zones have no EKS, RDS or ElastiCache.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  # One name for every resource of an environment, e.g. sokoni-staging.
  name = "${var.name}-${var.environment}"
  azs  = slice(data.aws_availability_zones.available.names, 0, var.availability_zone_count)

  api_url = "https://${var.api_hostname}"

  # The Secret names the chart reads (secrets.existingSecret, worker.keda.redis.passwordSecret).
  app_secret_name   = "${var.name}-secrets"
  redis_secret_name = "${var.name}-redis"

  tags = merge(var.tags, {
    "app.kubernetes.io/part-of" = "sokoni"
    "sokoni/environment"        = var.environment
    "terraform-module"          = "infra/terraform/modules/sokoni"
  })
}
