# syntax=docker/dockerfile:1.7
# One Dockerfile, one target per process: api (also runs the migrations), worker, web, idp, at-sim.
#   docker build --target api -t sokoni-api .
# Node 24 runs the TypeScript sources directly (type stripping): there is no build step, only
# a production install per app.

ARG NODE_IMAGE=node:24-bookworm-slim

# ── pnpm and the lockfile's packages ─────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS pnpm
ENV PNPM_HOME=/pnpm CI=true
ENV PATH=$PNPM_HOME:$PATH
# Kept in step with package.json's packageManager.
RUN npm install --global --loglevel=error pnpm@12.21.0
WORKDIR /src

FROM pnpm AS fetch
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
# Downloads from the lockfile alone, so this layer survives source changes.
# The store stays in this layer: the per-app installs below run --offline from it.
RUN pnpm fetch --prod --store-dir /pnpm/store --config.pm-on-fail=ignore

FROM fetch AS source
COPY . .

# ── one production tree per app, under /out ──────────────────────────────────────────────────
FROM source AS build-api
RUN docker/prune-app.sh api
FROM source AS build-worker
RUN docker/prune-app.sh worker
FROM source AS build-idp
RUN docker/prune-app.sh idp
FROM source AS build-at-sim
RUN docker/prune-app.sh at-sim
FROM source AS build-web
RUN docker/prune-app.sh web

# ── runtime base ─────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (which drains and exits) and reaps zombies.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.source="https://github.com/sokoni/sokoni" \
      org.opencontainers.image.vendor="Sokoni" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
# A young generation of 8 MB per semi-space: V8 otherwise sizes it from the host's memory, not the
# pod's, and an API or worker then holds about 100 MB more than it uses (docs/benchmarks.md).
ENV NODE_ENV=production HOST=0.0.0.0 HEALTH_PATH=/healthz NODE_OPTIONS=--max-semi-space-size=8
WORKDIR /app
# The `node` user (uid 1000) of the base image; the files stay root-owned and read-only to it.
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
# Node's fetch: the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+process.env.HEALTH_PATH,{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# ── targets ──────────────────────────────────────────────────────────────────────────────────
FROM runtime AS worker
LABEL org.opencontainers.image.title="sokoni-worker" \
      org.opencontainers.image.description="Sokoni SMS worker (BullMQ → Africa's Talking)"
COPY --from=build-worker /out/ /app/
ENV PORT=3003
EXPOSE 3003
# --import: OpenTelemetry's hooks load first when tracing is configured, and nothing otherwise.
CMD ["node", "--import", "./apps/worker/src/instrumentation.ts", "apps/worker/src/main.ts"]

FROM runtime AS idp
LABEL org.opencontainers.image.title="sokoni-idp" \
      org.opencontainers.image.description="Sokoni development OpenID provider (not for production)"
COPY --from=build-idp /out/ /app/
USER root
RUN mkdir -p /data && chown node:node /data
USER node
# Signing keys are generated once into this volume.
VOLUME /data
ENV PORT=3001 IDP_DATA_DIR=/data HEALTH_PATH=/.well-known/openid-configuration
EXPOSE 3001
CMD ["node", "apps/idp/src/server.ts"]

FROM runtime AS web
LABEL org.opencontainers.image.title="sokoni-web" \
      org.opencontainers.image.description="Sokoni web pages: customers' shop and orders, the operator console"
# The app's folder comes whole: its views/ and public/ beside src/, htmx in its node_modules.
COPY --from=build-web /out/ /app/
ENV PORT=3004 HEALTH_PATH=/readyz
EXPOSE 3004
CMD ["node", "apps/web/src/server.ts"]

FROM runtime AS at-sim
LABEL org.opencontainers.image.title="sokoni-at-sim" \
      org.opencontainers.image.description="Africa's Talking SMS simulator for development and tests"
COPY --from=build-at-sim /out/ /app/
ENV PORT=3002
EXPOSE 3002
CMD ["node", "apps/at-sim/src/server.ts"]

# Last, so a plain `docker build .` gives the API. Migrations: `docker run sokoni-api node packages/db/src/migrate.ts`.
FROM runtime AS api
LABEL org.opencontainers.image.title="sokoni-api" \
      org.opencontainers.image.description="Sokoni customers and orders API; also runs the database migrations"
COPY --from=build-api /out/ /app/
ENV PORT=3000
EXPOSE 3000
# --import: OpenTelemetry's hooks load first when tracing is configured, and nothing otherwise.
CMD ["node", "--import", "./apps/api/src/instrumentation.ts", "apps/api/src/server.ts"]
