#!/bin/sh
# init-env.sh — writes .env from .env.example with freshly generated random secrets.
# Refuses to overwrite an existing .env. Run from the repository root.
set -eu
cd "$(dirname "$0")/.."
if [ -e .env ]; then
  echo ".env already exists; edit it or remove it first." >&2
  exit 1
fi
random() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
umask 077
sed -e "s/^POSTGRES_PASSWORD=\$/POSTGRES_PASSWORD=$(random)/" \
    -e "s/^REDIS_PASSWORD=\$/REDIS_PASSWORD=$(random)/" \
    -e "s/^AT_WEBHOOK_SECRET=\$/AT_WEBHOOK_SECRET=$(random)/" \
    -e "s/^ADMIN_SESSION_SECRET=\$/ADMIN_SESSION_SECRET=$(random)/" \
    -e "s/^AT_API_KEY=\$/AT_API_KEY=$(random)/" \
    .env.example > .env
echo "wrote .env with generated secrets (mode 600). For live SMS set AT_BASE_URL, AT_USERNAME and AT_API_KEY."
