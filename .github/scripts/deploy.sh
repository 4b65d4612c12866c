#!/usr/bin/env bash
# deploy.sh ENVIRONMENT — CD's deployment step: writes the kubeconfig and the vault password
# from the environment's secrets (KUBECONFIG_DATA, ANSIBLE_VAULT_PASSWORD) into a private
# temporary folder, then runs the Ansible playbook for ansible/inventories/ENVIRONMENT.
set -euo pipefail
environment=$1
: "${KUBECONFIG_DATA:?the GitHub environment secret KUBECONFIG is not set}"
: "${ANSIBLE_VAULT_PASSWORD:?the GitHub environment secret ANSIBLE_VAULT_PASSWORD is not set}"
: "${SOKONI_IMAGE_TAG:?no image tag to deploy}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
printf '%s' "$KUBECONFIG_DATA" > "$work/kubeconfig"
printf '%s' "$ANSIBLE_VAULT_PASSWORD" > "$work/vault-password"
export KUBECONFIG="$work/kubeconfig" ANSIBLE_CONFIG=ansible/ansible.cfg
ansible-playbook -i "ansible/inventories/$environment/hosts.yml" ansible/playbooks/deploy-kubernetes.yml \
  --vault-password-file "$work/vault-password" \
  -e "sokoni_image_tag=$SOKONI_IMAGE_TAG" -e "sokoni_image_namespace=${GITHUB_REPOSITORY_OWNER:-sokoni}"
