# ---------------------------------------------------------------------------------------------
# Naming
# ---------------------------------------------------------------------------------------------

variable "name" {
  description = "Prefix of every resource name and of the Kubernetes Secrets (`<name>-secrets`, `<name>-redis`)."
  type        = string
  default     = "sokoni"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}$", var.name))
    error_message = "name must be 2–15 lowercase letters, digits or hyphens, starting with a letter (RDS, ElastiCache and IAM names are built from it)."
  }
}

variable "environment" {
  description = "Environment name, e.g. staging or production; part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.environment))
    error_message = "environment must be 2–12 lowercase letters or digits, starting with a letter."
  }
}

variable "tags" {
  description = "Tags added to every AWS resource."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC, /16 to /18; public, private, database and cache subnets are carved from it in each zone."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition = (
      can(cidrhost(var.vpc_cidr, 0)) &&
      try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 18, false)
    )
    error_message = "vpc_cidr must be an IPv4 CIDR block with a prefix length from /16 to /18."
  }
}

variable "availability_zone_count" {
  description = "Availability zones the VPC, the node group, RDS (Multi-AZ) and Redis (replicas) span."
  type        = number
  default     = 3

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 3
    error_message = "availability_zone_count must be 2 or 3: one zone is no high availability, and the subnet plan has room for three."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper; egress stops if its zone fails) instead of one per zone."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------
# Kubernetes (EKS)
# ---------------------------------------------------------------------------------------------

variable "kubernetes_version" {
  description = "EKS Kubernetes version (major.minor)."
  type        = string
  default     = "1.33"

  validation {
    condition     = can(regex("^1\\.(3[0-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be 1.30 or later, written as major.minor (e.g. 1.33)."
  }
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "Networks allowed to reach the Kubernetes API endpoint from the internet (Terraform, CD runners, operators). An empty list keeps the endpoint private to the VPC."
  type        = list(string)

  validation {
    condition     = alltrue([for cidr in var.cluster_endpoint_public_access_cidrs : can(cidrhost(cidr, 0))])
    error_message = "Every entry of cluster_endpoint_public_access_cidrs must be a CIDR block, e.g. 203.0.113.0/24."
  }
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group (the first one that has capacity is used)."
  type        = list(string)
  default     = ["m6i.large", "m5.large"]

  validation {
    condition     = length(var.node_instance_types) > 0 && alltrue([for type in var.node_instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", type))])
    error_message = "node_instance_types must list at least one EC2 instance type such as m6i.large."
  }
}

variable "node_group_size" {
  description = "Smallest, desired and largest number of nodes in the managed node group."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = { min = 2, desired = 3, max = 6 }

  validation {
    condition = (
      var.node_group_size.min >= 2 &&
      var.node_group_size.min <= var.node_group_size.desired &&
      var.node_group_size.desired <= var.node_group_size.max
    )
    error_message = "node_group_size needs 2 <= min <= desired <= max: the chart's PodDisruptionBudgets need more than one node to drain."
  }
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL (RDS)
# ---------------------------------------------------------------------------------------------

variable "postgres_engine_version" {
  description = "RDS PostgreSQL engine version: a major version (minor upgrades then apply automatically) or major.minor."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^(1[5-9])(\\.[0-9]+)?$", var.postgres_engine_version))
    error_message = "postgres_engine_version must be PostgreSQL 15 or later, e.g. 16 or 16.9."
  }
}

variable "postgres_instance_class" {
  description = "RDS instance class of PostgreSQL."
  type        = string
  default     = "db.t4g.medium"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.postgres_instance_class))
    error_message = "postgres_instance_class must be an RDS instance class such as db.t4g.medium or db.m6g.large."
  }
}

variable "postgres_storage_gb" {
  description = "Allocated and most (autoscaling) storage of PostgreSQL, in GiB."
  type = object({
    allocated = number
    max       = number
  })
  default = { allocated = 50, max = 500 }

  validation {
    condition     = var.postgres_storage_gb.allocated >= 20 && var.postgres_storage_gb.max >= var.postgres_storage_gb.allocated
    error_message = "postgres_storage_gb needs allocated >= 20 (gp3's minimum) and max >= allocated."
  }
}

variable "postgres_multi_az" {
  description = "Run PostgreSQL with a synchronous standby in a second zone."
  type        = bool
  default     = true
}

variable "postgres_backup_retention_days" {
  description = "Days RDS keeps automated backups (point-in-time recovery window)."
  type        = number
  default     = 14

  validation {
    condition     = var.postgres_backup_retention_days >= 7 && var.postgres_backup_retention_days <= 35
    error_message = "postgres_backup_retention_days must be 7 to 35: backups are not optional for the orders and the SMS outbox."
  }
}

variable "deletion_protection" {
  description = "Protect PostgreSQL from deletion (turn off, apply, then destroy to remove an environment)."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------------------------
# Redis (ElastiCache)
# ---------------------------------------------------------------------------------------------

variable "redis_engine_version" {
  description = "ElastiCache Redis OSS engine version (7.x; the parameter group family follows it)."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^7\\.[0-9]+$", var.redis_engine_version))
    error_message = "redis_engine_version must be a Redis 7 version such as 7.1 (BullMQ needs Redis 6.2 or later; the parameter group is family redis7)."
  }
}

variable "redis_node_type" {
  description = "ElastiCache node type of Redis."
  type        = string
  default     = "cache.t4g.medium"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.redis_node_type))
    error_message = "redis_node_type must be an ElastiCache node type such as cache.t4g.medium."
  }
}

variable "redis_node_count" {
  description = "Redis nodes: one primary plus replicas in other zones, with automatic failover."
  type        = number
  default     = 2

  validation {
    condition     = var.redis_node_count >= 2 && var.redis_node_count <= 6
    error_message = "redis_node_count must be 2 to 6: the queues need a replica to fail over to."
  }
}

variable "redis_snapshot_retention_days" {
  description = "Days ElastiCache keeps daily snapshots of Redis."
  type        = number
  default     = 7

  validation {
    condition     = var.redis_snapshot_retention_days >= 1 && var.redis_snapshot_retention_days <= 35
    error_message = "redis_snapshot_retention_days must be 1 to 35."
  }
}

# ---------------------------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------------------------

variable "africastalking_api_key" {
  description = "Africa's Talking API key (the one secret that cannot be generated); stored in Secrets Manager. Pass it as TF_VAR_africastalking_api_key, never in a committed file."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.africastalking_api_key) >= 8
    error_message = "africastalking_api_key must be the API key of the Africa's Talking application."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted Secrets Manager secret can still be restored (0 deletes at once)."
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or 7 to 30 (Secrets Manager's limits)."
  }
}

# ---------------------------------------------------------------------------------------------
# DNS and TLS
# ---------------------------------------------------------------------------------------------

variable "route53_zone_name" {
  description = "Public Route 53 hosted zone that holds api_hostname (it must exist and be delegated)."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.route53_zone_name))
    error_message = "route53_zone_name must be a DNS name such as shop.example.com (no trailing dot)."
  }
}

variable "api_hostname" {
  description = "Host name of the API (PUBLIC_URL is https://<api_hostname>); inside route53_zone_name."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.api_hostname))
    error_message = "api_hostname must be a DNS name such as api.shop.example.com."
  }
}

# ---------------------------------------------------------------------------------------------
# Sokoni (the Helm chart)
# ---------------------------------------------------------------------------------------------

variable "chart_path" {
  description = "Path of the Sokoni chart (helm/sokoni of this repository), from the environment's folder."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of Sokoni and of its synced Secrets."
  type        = string
  default     = "sokoni"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a Kubernetes namespace name (DNS label)."
  }
}

variable "image" {
  description = "Where the Sokoni images are: registry, namespace (usually the GitHub owner) and the tag of the first install (CD moves the tag afterwards)."
  type = object({
    registry  = optional(string, "ghcr.io")
    namespace = string
    tag       = string
  })

  validation {
    condition     = can(regex("^([0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?|sha-[0-9a-f]{7,40})$", var.image.tag))
    error_message = "image.tag must be a release version (1.4.0) or a commit tag (sha-abc1234): the tags CD pushes, never a moving tag such as latest or main."
  }
}

variable "oidc" {
  description = "The OpenID Connect provider the API trusts: issuer URL and the audience of its access tokens."
  type = object({
    issuer   = string
    audience = optional(string, "urn:sokoni:api")
  })

  validation {
    condition     = startswith(var.oidc.issuer, "https://")
    error_message = "oidc.issuer must be an https:// URL; the development provider (apps/idp) is not for production."
  }
}

variable "africastalking" {
  description = "Africa's Talking settings that are not secret: application username, sender id, base URL."
  type = object({
    username  = string
    sender_id = optional(string, "")
    base_url  = optional(string, "https://api.africastalking.com")
  })

  validation {
    condition     = length(var.africastalking.username) > 0 && startswith(var.africastalking.base_url, "https://")
    error_message = "africastalking.username is required and africastalking.base_url must be https:// (the simulator is for development only)."
  }
}

variable "chart_values" {
  description = "Extra values of the Sokoni chart, merged over the ones this module derives (e.g. replica counts, resources, worker rate limit)."
  type        = any
  default     = {}
}

variable "addon_chart_versions" {
  description = "Versions of the cluster add-on charts this module installs."
  type = object({
    external_secrets             = optional(string, "0.18.2")
    keda                         = optional(string, "2.17.2")
    aws_load_balancer_controller = optional(string, "1.13.3")
    external_dns                 = optional(string, "1.16.1")
  })
  default = {}
}

variable "web_oidc_client_secret" {
  description = "Secret of the web pages' confidential client at the OpenID provider (WEB_OIDC_CLIENT_SECRET, read when chart_values sets web.enabled); stored in Secrets Manager. Pass it as TF_VAR_web_oidc_client_secret, never in a committed file; empty while the web pages are off."
  type        = string
  default     = ""
  sensitive   = true
}
