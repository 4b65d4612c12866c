# shellcheck shell=bash
# Shared helpers for bin/dev and bin/test: logging and the project-local toolchain.
# Sourced, not executed. Everything installed here goes under .tools/ (git-ignored).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_MAJOR=24
NODE_SPEC="node@24"
PNPM_SPEC="pnpm@12.21.0"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

# Ports, all in this one place; each can be changed from the environment (e.g. `API_PORT=4000
# bin/dev`). The apps of bin/dev, then the PostgreSQL and Redis that bin/dev and bin/test start
# when DATABASE_URL / REDIS_URL are not given (loopback only, away from the usual 5432/6379).
API_PORT=${API_PORT:-3000}
IDP_PORT=${IDP_PORT:-3001}
AT_SIM_PORT=${AT_SIM_PORT:-3002}
WORKER_PORT=${WORKER_PORT:-3003}
WEB_PORT=${WEB_PORT:-3004}
# MailDev, the SMTP capture server of bin/dev: SMTP and its web UI / REST API.
MAILDEV_SMTP_PORT=${MAILDEV_SMTP_PORT:-1025}
MAILDEV_WEB_PORT=${MAILDEV_WEB_PORT:-1080}
DEV_POSTGRES_PORT=${DEV_POSTGRES_PORT:-55432}
DEV_REDIS_PORT=${DEV_REDIS_PORT:-56379}
TEST_POSTGRES_PORT=${TEST_POSTGRES_PORT:-55433}
TEST_REDIS_PORT=${TEST_REDIS_PORT:-56380}

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_free_port PORT WHAT VARIABLE: stops with a message naming the variable that moves it.
require_free_port() {
  port_in_use "$1" || return 0
  die "port $1 ($2) is taken by another process (\`ss -ltnp 'sport = :$1'\` shows which). Stop it, or use another port: $3=<port>"
}

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Node 24: the system one when it is new enough, else the npm package `node@24`
# (a binary inside a registry package) installed under .tools/node.
ensure_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge "$NODE_MAJOR" ]; then
    return
  fi
  local local_bin="$TOOLS/node/node_modules/node/bin"
  if [ ! -x "$local_bin/node" ] || [ "$(node_major "$local_bin/node")" -lt "$NODE_MAJOR" ]; then
    command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js (any version >= 18) with npm first."
    say "installing Node $NODE_MAJOR into .tools/node (system node is $(node -v 2>/dev/null || echo 'absent'))"
    mkdir -p "$TOOLS/node"
    npm install --prefix "$TOOLS/node" --no-save --loglevel=error "$NODE_SPEC" >/dev/null \
      || die "could not install $NODE_SPEC from the npm registry."
  fi
  export PATH="$local_bin:$PATH"
}

# pnpm, pinned, under .tools/pnpm (corepack is avoided: it needs integrity keys here).
ensure_pnpm() {
  local pnpm_bin="$TOOLS/pnpm/node_modules/.bin"
  if [ ! -x "$pnpm_bin/pnpm" ]; then
    say "installing $PNPM_SPEC into .tools/pnpm"
    mkdir -p "$TOOLS/pnpm"
    npm install --prefix "$TOOLS/pnpm" --no-save --loglevel=error "$PNPM_SPEC" >/dev/null \
      || die "could not install $PNPM_SPEC from the npm registry."
  fi
  export PATH="$pnpm_bin:$PATH"
}

# The workspace's packages, from the committed lockfile.
ensure_packages() {
  local stamp="$ROOT/node_modules/.sokoni-install-stamp"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$ROOT/pnpm-lock.yaml" ]; then
    return
  fi
  say "installing the workspace's packages (pnpm install --frozen-lockfile)"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2) || die "pnpm install failed."
  touch "$stamp"
}

apt_install() {
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing $* with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >/dev/null 2>&1 \
      || die "apt-get could not install $*."
  else
    die "$* is missing and apt-get is not usable here (not root?). Install it, or set DATABASE_URL / REDIS_URL."
  fi
}

# Chromium from Debian for the browser tests (playwright-core drives it; no browser download).
ensure_chromium() {
  local path
  path=$(command -v chromium || command -v google-chrome || command -v chromium-browser || true)
  if [ -z "$path" ]; then
    apt_install chromium
    path=$(command -v chromium) || die "chromium is missing after installing it."
  fi
  export CHROMIUM_PATH="$path"
}

ensure_toolchain() {
  ensure_node
  ensure_pnpm
  say "using node $(node -v), pnpm $(pnpm -v)"
}
