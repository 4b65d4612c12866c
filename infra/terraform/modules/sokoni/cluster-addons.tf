# What the cluster needs before Sokoni: External Secrets (Secrets Manager → Kubernetes Secrets),
# KEDA (the worker scales on the SMS queue's depth), the AWS Load Balancer Controller (the
# Ingress becomes an ALB that ends TLS with the ACM certificate) and ExternalDNS (the API's
# host name points at that ALB).

resource "helm_release" "external_secrets" {
  name             = "external-secrets"
  repository       = "https://charts.external-secrets.io"
  chart            = "external-secrets"
  version          = var.addon_chart_versions.external_secrets
  namespace        = "external-secrets"
  create_namespace = true
  wait             = true

  values = [yamlencode({ installCRDs = true })]

  depends_on = [module.eks]
}

resource "helm_release" "keda" {
  name             = "keda"
  repository       = "https://kedacore.github.io/charts"
  chart            = "keda"
  version          = var.addon_chart_versions.keda
  namespace        = "keda"
  create_namespace = true
  wait             = true

  depends_on = [module.eks]
}

module "load_balancer_controller_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "5.55.0"

  role_name                              = "${local.name}-load-balancer-controller"
  attach_load_balancer_controller_policy = true

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }

  tags = local.tags
}

resource "helm_release" "aws_load_balancer_controller" {
  name       = "aws-load-balancer-controller"
  repository = "https://aws.github.io/eks-charts"
  chart      = "aws-load-balancer-controller"
  version    = var.addon_chart_versions.aws_load_balancer_controller
  namespace  = "kube-system"
  wait       = true

  values = [yamlencode({
    clusterName = module.eks.cluster_name
    region      = data.aws_region.current.name
    vpcId       = module.vpc.vpc_id
    serviceAccount = {
      name        = "aws-load-balancer-controller"
      annotations = { "eks.amazonaws.com/role-arn" = module.load_balancer_controller_irsa.iam_role_arn }
    }
  })]

  depends_on = [module.eks]
}

data "aws_route53_zone" "public" {
  name         = var.route53_zone_name
  private_zone = false
}

module "external_dns_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "5.55.0"

  role_name                     = "${local.name}-external-dns"
  attach_external_dns_policy    = true
  external_dns_hosted_zone_arns = [data.aws_route53_zone.public.arn]

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:external-dns"]
    }
  }

  tags = local.tags
}

resource "helm_release" "external_dns" {
  name       = "external-dns"
  repository = "https://kubernetes-sigs.github.io/external-dns"
  chart      = "external-dns"
  version    = var.addon_chart_versions.external_dns
  namespace  = "kube-system"
  wait       = true

  values = [yamlencode({
    provider      = { name = "aws" }
    sources       = ["ingress"]
    domainFilters = [var.route53_zone_name]
    # Never delete records it did not create; the TXT registry marks its own.
    policy     = "upsert-only"
    registry   = "txt"
    txtOwnerId = local.name
    serviceAccount = {
      name        = "external-dns"
      annotations = { "eks.amazonaws.com/role-arn" = module.external_dns_irsa.iam_role_arn }
    }
  })]

  depends_on = [module.eks]
}

# The API's certificate, validated through the same hosted zone.
resource "aws_acm_certificate" "api" {
  domain_name       = var.api_hostname
  validation_method = "DNS"
  tags              = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "api_certificate_validation" {
  for_each = {
    for option in aws_acm_certificate.api.domain_validation_options : option.domain_name => {
      name   = option.resource_record_name
      type   = option.resource_record_type
      record = option.resource_record_value
    }
  }

  zone_id         = data.aws_route53_zone.public.zone_id
  name            = each.value.name
  type            = each.value.type
  records         = [each.value.record]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "api" {
  certificate_arn         = aws_acm_certificate.api.arn
  validation_record_fqdns = [for record in aws_route53_record.api_certificate_validation : record.fqdn]
}
