# Every secret the pods read lives in one Secrets Manager secret (a JSON object). External
# Secrets copies it into the Kubernetes Secrets the chart names; nothing secret passes through
# Helm values or Terraform outputs. The generated values are in the Terraform state, which is
# why the state bucket is encrypted and private (docs/deployment.md).

resource "random_password" "webhook_secret" {
  # AT_WEBHOOK_SECRET is the path secret of the delivery-report webhook: 64 letters and digits
  # (about 380 bits) stay URL-safe.
  length  = 64
  special = false
}

resource "random_password" "admin_session_secret" {
  # ADMIN_SESSION_SECRET: the operators' session keys derive from it (the API wants 32 or more).
  length  = 64
  special = false
}

resource "random_password" "web_session_secret" {
  # WEB_SESSION_SECRET: the web pages' session keys derive from it (production wants 256 bits).
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "app" {
  name                    = "${var.name}/${var.environment}/app"
  description             = "Secrets of the Sokoni API and worker in ${local.name}; synced into ${var.namespace}/${local.app_secret_name} by External Secrets"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.tags
}

locals {
  # The keys are the environment variables the chart's existingSecret must hold; the
  # deploy-checks test terraform/external-secrets compares them with helm/sokoni's Secret.
  app_secret_values = {
    DATABASE_URL = format(
      # The RDS certificate authority is not in Node's trust store: encrypt like libpq's
      # sslmode=require (the network path is private and the security groups admit only the nodes).
      "postgres://%s:%s@%s:%d/%s?sslmode=require&uselibpqcompat=true",
      aws_db_instance.postgres.username,
      urlencode(random_password.postgres.result),
      aws_db_instance.postgres.address,
      aws_db_instance.postgres.port,
      aws_db_instance.postgres.db_name,
    )
    # ElastiCache's TLS certificates chain to Amazon's public roots, so rediss:// verifies them.
    REDIS_URL = format(
      "rediss://:%s@%s:%d",
      urlencode(random_password.redis_auth_token.result),
      aws_elasticache_replication_group.redis.primary_endpoint_address,
      aws_elasticache_replication_group.redis.port,
    )
    AT_API_KEY           = var.africastalking_api_key
    AT_WEBHOOK_SECRET    = random_password.webhook_secret.result
    ADMIN_SESSION_SECRET = random_password.admin_session_secret.result
    # KEDA's redis scaler reads the password alone (the chart's worker.keda.redis.passwordSecret).
    REDIS_PASSWORD = random_password.redis_auth_token.result
    # The web pages (chart value web.enabled); read only by their pods.
    WEB_SESSION_SECRET     = random_password.web_session_secret.result
    WEB_OIDC_CLIENT_SECRET = var.web_oidc_client_secret
  }
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id     = aws_secretsmanager_secret.app.id
  secret_string = jsonencode(local.app_secret_values)
}

# IRSA role of the SecretStore's ServiceAccount: read this one secret, nothing else.
data "aws_iam_policy_document" "secrets_reader_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.name}-secrets-reader"]
    }

    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "secrets_reader" {
  statement {
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
    ]
    resources = [aws_secretsmanager_secret.app.arn]
  }
}

resource "aws_iam_role" "secrets_reader" {
  name               = "${local.name}-secrets-reader"
  description        = "External Secrets reads ${aws_secretsmanager_secret.app.name} for namespace ${var.namespace}"
  assume_role_policy = data.aws_iam_policy_document.secrets_reader_trust.json
  tags               = local.tags
}

resource "aws_iam_role_policy" "secrets_reader" {
  name   = "read-sokoni-secret"
  role   = aws_iam_role.secrets_reader.id
  policy = data.aws_iam_policy_document.secrets_reader.json
}
