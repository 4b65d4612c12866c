# State in S3, locked with S3's own lock file (no DynamoDB table needed since Terraform 1.10),
# encrypted at rest. The bucket is per account and created once (docs/deployment.md,
# "Terraform on AWS"), so it is given at init time:
#   terraform init -backend-config=backend.hcl      (backend.hcl: bucket = "...", see backend.hcl.example)
terraform {
  backend "s3" {
    key          = "sokoni/example/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
