#!/usr/bin/env bash
# deploy.sh ENVIRONMENT — the pipeline's deployment of one environment, for a commit whose tests
# passed and whose images were scanned, pushed and signed by the same run:
#   1. verifies the cosign signatures of the API and worker images (this repository's workflow);
#   2. helm upgrade --install --atomic --wait with the release's own values and the new image tag
#      (the release was installed by Terraform or the Ansible playbook, which own its values and
#      Secrets; CD changes only the images);
#   3. helm test; when it fails, helm rollback to the revision that ran before, and fail.
# Cluster access: an EKS cluster through the AWS role the job assumed (EKS_CLUSTER_NAME), or the
# environment's KUBECONFIG secret (KUBECONFIG_DATA).
set -euo pipefail
environment=$1
: "${SOKONI_IMAGE_TAG:?no image tag to deploy}"
: "${GITHUB_REPOSITORY:?run from GitHub Actions (GITHUB_REPOSITORY is not set)}"
namespace=${SOKONI_NAMESPACE:-sokoni}
release=${SOKONI_RELEASE:-sokoni}
owner=${GITHUB_REPOSITORY_OWNER,,}
registry=ghcr.io

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
export KUBECONFIG="$work/kubeconfig"
if [ -n "${EKS_CLUSTER_NAME:-}" ]; then
  aws eks update-kubeconfig --name "$EKS_CLUSTER_NAME" --kubeconfig "$KUBECONFIG" >/dev/null
elif [ -n "${KUBECONFIG_DATA:-}" ]; then
  printf '%s' "$KUBECONFIG_DATA" > "$KUBECONFIG"
else
  echo "::error::$environment has neither EKS_CLUSTER_NAME (with AWS_DEPLOY_ROLE_ARN) nor KUBECONFIG among its secrets" >&2
  exit 1
fi

echo "::group::cosign verify (signed by this repository's pipeline)"
for app in api worker; do
  cosign verify "$registry/$owner/sokoni-$app:$SOKONI_IMAGE_TAG" \
    --certificate-identity-regexp "^https://github\.com/${GITHUB_REPOSITORY}/\.github/workflows/pipeline\.yml@" \
    --certificate-oidc-issuer https://token.actions.githubusercontent.com >/dev/null
done
echo "::endgroup::"

if ! previous=$(helm history "$release" --namespace "$namespace" --max 1 --output json 2>/dev/null | jq -e '.[0].revision'); then
  echo "::error::no release $release in namespace $namespace on $environment: install it first (terraform apply, or the Ansible playbook); CD only moves its image tag" >&2
  exit 1
fi

echo "::group::helm upgrade (revision $previous is running)"
# --reset-then-reuse-values: the new chart's defaults, then the release's values, then the tag.
helm upgrade --install "$release" helm/sokoni --namespace "$namespace" \
  --reset-then-reuse-values \
  --set "image.registry=$registry" --set "image.namespace=$owner" --set "image.tag=$SOKONI_IMAGE_TAG" \
  --atomic --wait --timeout 15m
echo "::endgroup::"

if ! helm test "$release" --namespace "$namespace" --logs --timeout 5m; then
  echo "::error::helm test failed on $environment with $SOKONI_IMAGE_TAG: rolling back to revision $previous" >&2
  helm rollback "$release" "$previous" --namespace "$namespace" --wait --timeout 10m
  exit 1
fi

url=$(helm get values "$release" --namespace "$namespace" --all --output json | jq -r '.api.publicUrl // empty')
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "url=$url" >> "$GITHUB_OUTPUT"; fi
echo "deployed $SOKONI_IMAGE_TAG to $environment ($url)"
