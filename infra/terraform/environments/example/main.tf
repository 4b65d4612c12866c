# An example environment: everything Sokoni needs in one AWS account and region. Copy this
# folder per environment (staging, production), change the backend key and terraform.tfvars.
module "sokoni" {
  source = "../../modules/sokoni"

  environment = var.environment

  cluster_endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs
  single_nat_gateway                   = var.single_nat_gateway
  postgres_multi_az                    = var.postgres_multi_az

  route53_zone_name = var.route53_zone_name
  api_hostname      = var.api_hostname

  # The chart of this repository, so the infrastructure and the chart change in one commit.
  chart_path = "${path.root}/../../../../helm/sokoni"
  image = {
    namespace = var.image_namespace
    tag       = var.image_tag
  }
  oidc = {
    issuer = var.oidc_issuer
  }
  africastalking = {
    username  = var.africastalking_username
    sender_id = var.africastalking_sender_id
  }
  africastalking_api_key = var.africastalking_api_key

  chart_values = {
    worker = {
      # Africa's Talking's per-account limit for this application.
      rateLimit = { max = var.sms_per_second, durationMs = 1000 }
    }
  }
}
