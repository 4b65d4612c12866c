variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region such as eu-west-1 or af-south-1."
  }
}

variable "environment" {
  description = "Environment name (part of every resource name)."
  type        = string
  default     = "example"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.environment))
    error_message = "environment must be 2–12 lowercase letters or digits, starting with a letter."
  }
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "Networks that may reach the Kubernetes API (where Terraform and CD run); [] keeps it private."
  type        = list(string)

  validation {
    condition     = alltrue([for cidr in var.cluster_endpoint_public_access_cidrs : can(cidrhost(cidr, 0))])
    error_message = "Every entry must be a CIDR block, e.g. 203.0.113.0/24."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (cheaper, for non-production environments)."
  type        = bool
  default     = false
}

variable "postgres_multi_az" {
  description = "PostgreSQL with a standby in a second zone."
  type        = bool
  default     = true
}

variable "route53_zone_name" {
  description = "Public Route 53 hosted zone of the API's host name, e.g. shop.example.com."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.route53_zone_name))
    error_message = "route53_zone_name must be a DNS name such as shop.example.com."
  }
}

variable "api_hostname" {
  description = "Host name of the API, inside route53_zone_name, e.g. api.shop.example.com."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.api_hostname))
    error_message = "api_hostname must be a DNS name such as api.shop.example.com."
  }
}

variable "image_namespace" {
  description = "GHCR namespace of the images (the GitHub owner CD pushes to)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*$", var.image_namespace))
    error_message = "image_namespace must be a lowercase GitHub owner name."
  }
}

variable "image_tag" {
  description = "Image tag to install: a release version (1.4.0) or a commit tag (sha-abc1234) that CD pushed. Keep it at the deployed tag when applying later changes."
  type        = string

  validation {
    condition     = can(regex("^([0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?|sha-[0-9a-f]{7,40})$", var.image_tag))
    error_message = "image_tag must be a release version such as 1.4.0 or a commit tag such as sha-abc1234."
  }
}

variable "oidc_issuer" {
  description = "Issuer URL of the OpenID Connect provider the API trusts (https)."
  type        = string

  validation {
    condition     = startswith(var.oidc_issuer, "https://")
    error_message = "oidc_issuer must be an https:// URL."
  }
}

variable "africastalking_username" {
  description = "Africa's Talking application username."
  type        = string

  validation {
    condition     = length(var.africastalking_username) > 0
    error_message = "africastalking_username is required."
  }
}

variable "africastalking_sender_id" {
  description = "Registered sender id or short code; empty uses Africa's Talking's default."
  type        = string
  default     = ""
}

variable "africastalking_api_key" {
  description = "Africa's Talking API key; give it as TF_VAR_africastalking_api_key, never in a file."
  type        = string
  sensitive   = true
}

variable "sms_per_second" {
  description = "Most SMS sent per second across all workers (the account's limit at Africa's Talking)."
  type        = number
  default     = 50

  validation {
    condition     = var.sms_per_second >= 1 && var.sms_per_second <= 1000
    error_message = "sms_per_second must be 1 to 1000."
  }
}
