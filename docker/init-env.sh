#!/bin/sh
# init-env.sh — writes .env from .env.example with freshly generated random secrets (32 bytes).
#   docker/init-env.sh        production: then set OIDC_ISSUER, WEB_OIDC_CLIENT_SECRET, AT_BASE_URL, AT_USERNAME, AT_API_KEY
#   docker/init-env.sh --dev  development: NODE_ENV=development and the `dev` profile's idp, at-sim and maildev
# Refuses to overwrite an existing .env. Run from the repository root.
set -eu
cd "$(dirname "$0")/.."
if [ -e .env ]; then
  echo ".env already exists; edit it or remove it first." >&2
  exit 1
fi
random() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
case "${1:-}" in
  --dev)
    # The development provider and the simulator, which the API accepts only outside production.
    development='
s|^# COMPOSE_PROFILES=dev$|COMPOSE_PROFILES=dev|
s|^# NODE_ENV=production$|NODE_ENV=development|
s|^OIDC_ISSUER=$|OIDC_ISSUER=http://idp:3001|
s|^AT_BASE_URL=$|AT_BASE_URL=http://at-sim:3002|
s|^# SMTP_HOST=$|SMTP_HOST=maildev|
s|^WEB_OIDC_CLIENT_SECRET=$|WEB_OIDC_CLIENT_SECRET=sokoni-web-secret|' ;;
  '') development='' ;;
  *) echo "usage: docker/init-env.sh [--dev]" >&2; exit 2 ;;
esac
umask 077
sed -e "s/^POSTGRES_PASSWORD=\$/POSTGRES_PASSWORD=$(random)/" \
    -e "s/^REDIS_PASSWORD=\$/REDIS_PASSWORD=$(random)/" \
    -e "s/^AT_WEBHOOK_SECRET=\$/AT_WEBHOOK_SECRET=$(random)/" \
    -e "s/^ADMIN_SESSION_SECRET=\$/ADMIN_SESSION_SECRET=$(random)/" \
    -e "s/^WEB_SESSION_SECRET=\$/WEB_SESSION_SECRET=$(random)/" \
    -e "s/^AT_API_KEY=\$/AT_API_KEY=$(random)/" \
    -e "$development" \
    .env.example > .env
if [ -n "$development" ]; then
  echo "wrote a development .env (mode 600): docker compose up also runs the dev profile (idp, at-sim, maildev)."
else
  echo "wrote .env with generated secrets (mode 600). Set OIDC_ISSUER, WEB_OIDC_CLIENT_SECRET, AT_BASE_URL, AT_USERNAME and AT_API_KEY."
fi
