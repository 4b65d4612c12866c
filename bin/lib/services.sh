# shellcheck shell=bash
# PostgreSQL and Redis for bin/dev and bin/test. Sourced after common.sh.
#
# Order of preference:
#   1. DATABASE_URL / REDIS_URL from the environment (nothing is started);
#   2. Docker Compose, when a Docker engine answers;
#   3. local server processes under .data/<profile>/, listening on loopback only.
# Every server this file starts is recorded in STARTED_SERVICES so stop_services stops exactly those.

STARTED_SERVICES=()

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

docker_engine_answers() {
  command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1
}

# Runs a PostgreSQL binary as the `postgres` user when we are root (initdb refuses root).
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_local_postgres() {
  local profile=$1 port=$2
  local bin; bin=$(pg_bin_dir)
  if [ -z "$bin" ]; then
    apt_install postgresql
    bin=$(pg_bin_dir)
    [ -n "$bin" ] || die "PostgreSQL binaries not found after installing (looked in /usr/lib/postgresql/*/bin and PATH)."
  fi
  local data="$ROOT/.data/$profile/postgres"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "initialising a PostgreSQL cluster in .data/$profile/postgres"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$ROOT/.data/$profile" && chmod 755 "$ROOT/.data" "$ROOT/.data/$profile"
    as_pg_user "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null \
      || die "initdb failed for $data."
  fi
  if as_pg_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "PostgreSQL already running on 127.0.0.1:$port"
  else
    say "starting PostgreSQL on 127.0.0.1:$port"
    as_pg_user "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
      || die "PostgreSQL did not start; see .data/$profile/postgres/server.log."
    STARTED_SERVICES+=("postgres:$bin:$data")
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/sokoni"
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='sokoni'" \
    | grep -q 1 || "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres sokoni
}

start_local_redis() {
  local profile=$1 port=$2
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  local dir="$ROOT/.data/$profile/redis"
  mkdir -p "$dir"
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    say "Redis already running on 127.0.0.1:$port"
  else
    say "starting Redis on 127.0.0.1:$port"
    # noeviction and AOF: what BullMQ needs in production, so development behaves the same.
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
      --logfile "$dir/redis.log" --maxmemory-policy noeviction --appendonly yes --save '' >/dev/null \
      || die "Redis did not start; see .data/$profile/redis/redis.log."
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    STARTED_SERVICES+=("redis:$port")
  fi
  export REDIS_URL="redis://127.0.0.1:$port"
}

# Reads one variable of .env without sourcing the whole file.
env_file_value() {
  sed -n "s/^$1=//p" "$ROOT/.env" | tail -n 1
}

start_compose_services() {
  if [ ! -f "$ROOT/.env" ]; then
    say "writing .env with generated secrets for Docker Compose (docker/init-env.sh)"
    "$ROOT/docker/init-env.sh" >/dev/null || die "could not write .env for Docker Compose."
  fi
  say "starting PostgreSQL and Redis with Docker Compose"
  (cd "$ROOT" && docker compose up -d --wait postgres redis) || die "docker compose could not start postgres and redis."
  STARTED_SERVICES+=("compose")
  local user password db pg_port redis_password redis_port
  user=$(env_file_value POSTGRES_USER)
  password=$(env_file_value POSTGRES_PASSWORD)
  db=$(env_file_value POSTGRES_DB)
  pg_port=$(env_file_value POSTGRES_PORT)
  redis_password=$(env_file_value REDIS_PASSWORD)
  redis_port=$(env_file_value REDIS_PORT)
  DATABASE_URL="postgres://${user:-sokoni}:$password@127.0.0.1:${pg_port:-5432}/${db:-sokoni}"
  REDIS_URL="redis://:$redis_password@127.0.0.1:${redis_port:-6379}"
  export DATABASE_URL REDIS_URL
}

# start_services PROFILE PG_PORT REDIS_PORT
start_services() {
  local profile=$1 pg_port=$2 redis_port=$3
  if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
    say "using DATABASE_URL and REDIS_URL from the environment"
    return
  fi
  if [ -z "${DATABASE_URL:-}" ] && [ -z "${REDIS_URL:-}" ] && docker_engine_answers; then
    start_compose_services
    return
  fi
  [ -n "${DATABASE_URL:-}" ] || start_local_postgres "$profile" "$pg_port"
  [ -n "${REDIS_URL:-}" ] || start_local_redis "$profile" "$redis_port"
}

stop_services() {
  local entry
  for entry in "${STARTED_SERVICES[@]}"; do
    case "$entry" in
      postgres:*)
        local rest=${entry#postgres:}
        say "stopping PostgreSQL"
        as_pg_user "${rest%%:*}/pg_ctl" -D "${rest#*:}" -m fast -w stop >/dev/null 2>&1 || true ;;
      redis:*)
        say "stopping Redis"
        redis-cli -p "${entry#redis:}" shutdown nosave >/dev/null 2>&1 || true ;;
      compose)
        say "stopping Docker Compose services"
        (cd "$ROOT" && docker compose stop postgres redis) >/dev/null 2>&1 || true ;;
    esac
  done
  STARTED_SERVICES=()
}
