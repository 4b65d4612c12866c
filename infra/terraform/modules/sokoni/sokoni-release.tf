# The Secrets of the namespace (External Secrets), then the Sokoni chart with production values:
# no development components (the chart's dev.* stay off), Secrets by name only, KEDA on the
# SMS queue, an internet-facing ALB with the ACM certificate, NetworkPolicies.

resource "helm_release" "secrets_sync" {
  name             = "${var.name}-external-secrets"
  chart            = "${path.module}/charts/sokoni-external-secrets"
  namespace        = var.namespace
  create_namespace = true
  atomic           = true
  max_history      = 10

  values = [yamlencode({
    aws = {
      region     = data.aws_region.current.name
      secretName = aws_secretsmanager_secret.app.name
    }
    serviceAccount = {
      name    = "${var.name}-secrets-reader"
      roleArn = aws_iam_role.secrets_reader.arn
    }
    secrets = {
      app   = { name = local.app_secret_name }
      redis = { name = local.redis_secret_name }
    }
  })]

  depends_on = [helm_release.external_secrets, aws_secretsmanager_secret_version.app, aws_iam_role_policy.secrets_reader]
}

locals {
  chart_values = {
    image = var.image
    config = {
      nodeEnv = "production"
      oidc    = var.oidc
      africastalking = {
        baseUrl  = var.africastalking.base_url
        username = var.africastalking.username
        senderId = var.africastalking.sender_id
      }
    }
    secrets = { existingSecret = local.app_secret_name }
    api = {
      publicUrl   = local.api_url
      autoscaling = { enabled = true, minReplicas = 2, maxReplicas = 10 }
      ingress = {
        enabled   = true
        className = "alb"
        annotations = {
          "alb.ingress.kubernetes.io/scheme"           = "internet-facing"
          "alb.ingress.kubernetes.io/target-type"      = "ip"
          "alb.ingress.kubernetes.io/listen-ports"     = jsonencode([{ HTTP = 80 }, { HTTPS = 443 }])
          "alb.ingress.kubernetes.io/ssl-redirect"     = "443"
          "alb.ingress.kubernetes.io/certificate-arn"  = aws_acm_certificate_validation.api.certificate_arn
          "alb.ingress.kubernetes.io/ssl-policy"       = "ELBSecurityPolicy-TLS13-1-2-2021-06"
          "alb.ingress.kubernetes.io/healthcheck-path" = "/readyz"
        }
        hosts = [{ host = var.api_hostname, paths = [{ path = "/", pathType = "Prefix" }] }]
        # TLS ends at the ALB, which forwards X-Forwarded-Proto: https.
        tls = []
      }
      topologySpreadConstraints = [{
        maxSkew           = 1
        topologyKey       = "topology.kubernetes.io/zone"
        whenUnsatisfiable = "ScheduleAnyway"
        labelSelector     = { matchLabels = { "app.kubernetes.io/name" = "sokoni", "app.kubernetes.io/component" = "api" } }
      }]
    }
    worker = {
      keda = {
        enabled         = true
        minReplicaCount = 2
        maxReplicaCount = 20
        redis = {
          address        = "${aws_elasticache_replication_group.redis.primary_endpoint_address}:${aws_elasticache_replication_group.redis.port}"
          enableTLS      = true
          passwordSecret = { name = local.redis_secret_name, key = "redis-password" }
        }
      }
    }
    networkPolicy = {
      enabled = true
      # The ALB sends to pod IPs (target-type ip) from the public subnets.
      apiIngressFrom = [for cidr in module.vpc.public_subnets_cidr_blocks : { ipBlock = { cidr = cidr } }]
      dataStoresTo = [
        for cidr in concat(module.vpc.database_subnets_cidr_blocks, module.vpc.elasticache_subnets_cidr_blocks) : { ipBlock = { cidr = cidr } }
      ]
    }
  }
}

resource "helm_release" "sokoni" {
  name        = var.name
  chart       = var.chart_path
  namespace   = var.namespace
  atomic      = true
  wait        = true
  timeout     = 900
  max_history = 10

  # Later values files win, key by key: the caller's chart_values refine the derived ones.
  values = [yamlencode(local.chart_values), yamlencode(var.chart_values)]

  depends_on = [
    helm_release.secrets_sync,
    helm_release.keda,
    helm_release.aws_load_balancer_controller,
    helm_release.external_dns,
  ]
}
