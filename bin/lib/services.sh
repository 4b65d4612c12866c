# shellcheck shell=bash
# PostgreSQL and Redis for bin/dev and bin/test. Sourced after common.sh.
#
# Order of preference:
#   1. DATABASE_URL / REDIS_URL from the environment (nothing is started);
#   2. Docker Compose, when a Docker engine answers;
#   3. local server processes under .data/<profile>/, listening on loopback only.
# Every server this file starts is recorded in STARTED_SERVICES so stop_services stops exactly those.
#
# Ownership survives a killed run: a server started here is also recorded in
# .data/<profile>/<server>.owner as "<command> <pid>". When the same command (bin/dev, bin/test…)
# finds that server still running and its recorded pid gone, the earlier run was killed before
# it could stop it: the new run adopts it and stops it on exit, as if it had started it. A
# server recorded for another command, or not recorded at all, is used and left running.

STARTED_SERVICES=()

# The command that owns what it starts: dev, test, test-services, bench…
owner_name() { echo "${SERVICES_OWNER:-${0##*/}}"; }

owner_file() { echo "$ROOT/.data/$1/$2.owner"; }

record_owner() {
  mkdir -p "$ROOT/.data/$1"
  echo "$(owner_name) $$" >"$(owner_file "$1" "$2")"
}

# recorded_owner PROFILE SERVER: the command recorded as owner, if any.
recorded_owner() {
  local file; file=$(owner_file "$1" "$2")
  [ -f "$file" ] && cut -d' ' -f1 "$file"
  return 0
}

# adopt_if_ours PROFILE SERVER LABEL: records a running server as this run's when an earlier run
# of the same command started it and is gone; returns 1 (leave it running) otherwise.
adopt_if_ours() {
  local file owner pid
  file=$(owner_file "$1" "$2")
  [ -f "$file" ] || return 1
  read -r owner pid <"$file"
  [ "$owner" = "$(owner_name)" ] || return 1
  if [ "$pid" != "$$" ] && kill -0 "$pid" 2>/dev/null; then
    return 1
  fi
  say "taking over the $3 that an earlier run of $owner left running: it is stopped like one started now"
  record_owner "$1" "$2"
}

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

# The port a running cluster listens on (line 4 of postmaster.pid).
pg_running_port() { sed -n 4p "$1/postmaster.pid" 2>/dev/null; }

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
    local running; running=$(pg_running_port "$data")
    if [ -n "$running" ] && [ "$running" != "$port" ]; then
      warn "the PostgreSQL of .data/$profile already runs on port $running, not $port; using it"
      port=$running
    fi
    if adopt_if_ours "$profile" postgres "PostgreSQL on 127.0.0.1:$port"; then
      STARTED_SERVICES+=("postgres:$bin:$data")
    else
      local by; by=$(recorded_owner "$profile" postgres)
      say "PostgreSQL already running on 127.0.0.1:$port${by:+ (started by $by)}; leaving it running"
    fi
  else
    require_free_port "$port" "PostgreSQL of .data/$profile" "$(port_variable "$profile" POSTGRES)"
    say "starting PostgreSQL on 127.0.0.1:$port"
    as_pg_user "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
      || die "PostgreSQL did not start; see .data/$profile/postgres/server.log."
    STARTED_SERVICES+=("postgres:$bin:$data")
    record_owner "$profile" postgres
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/sokoni"
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='sokoni'" \
    | grep -q 1 || "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres sokoni
}

# The variable that moves a profile's server: DEV_POSTGRES_PORT, TEST_REDIS_PORT…
port_variable() {
  local upper; upper=$(echo "$1" | tr '[:lower:]' '[:upper:]')
  echo "${upper}_$2_PORT"
}

start_local_redis() {
  local profile=$1 port=$2
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  local dir="$ROOT/.data/$profile/redis"
  mkdir -p "$dir"
  local ours; ours=$(cat "$dir/redis.pid" 2>/dev/null || true)
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    local answering; answering=$(redis-cli -p "$port" info server | tr -d '\r' | sed -n 's/^process_id://p')
    [ -n "$ours" ] && [ "$answering" = "$ours" ] \
      || die "port $port is taken by a Redis (pid ${answering:-?}) that is not the one of .data/$profile. Stop it, or use another port: $(port_variable "$profile" REDIS)=<port>"
    if adopt_if_ours "$profile" redis "Redis on 127.0.0.1:$port"; then
      STARTED_SERVICES+=("redis:$port:$ROOT/.data/$profile")
    else
      local by; by=$(recorded_owner "$profile" redis)
      say "Redis already running on 127.0.0.1:$port${by:+ (started by $by)}; leaving it running"
    fi
  else
    if [ -n "$ours" ] && kill -0 "$ours" 2>/dev/null; then
      die "the Redis of .data/$profile runs (pid $ours) on another port than $port; stop it first (bin/dev stop stops the one of .data/dev)"
    fi
    require_free_port "$port" "Redis of .data/$profile" "$(port_variable "$profile" REDIS)"
    say "starting Redis on 127.0.0.1:$port"
    # noeviction and AOF: what BullMQ needs in production, so development behaves the same.
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
      --logfile "$dir/redis.log" --maxmemory-policy noeviction --appendonly yes --save '' >/dev/null \
      || die "Redis did not start; see .data/$profile/redis/redis.log."
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    STARTED_SERVICES+=("redis:$port:$ROOT/.data/$profile")
    record_owner "$profile" redis
  fi
  export REDIS_URL="redis://127.0.0.1:$port"
}

# Reads one variable of .env without sourcing the whole file.
env_file_value() {
  sed -n "s/^$1=//p" "$ROOT/.env" | tail -n 1
}

compose_services_running() {
  local running
  running=$(cd "$ROOT" && docker compose ps --status running --services 2>/dev/null | tr '\n' ' ')
  [[ " $running" == *" postgres "* && " $running" == *" redis "* ]]
}

start_compose_services() {
  local profile=$1
  if [ ! -f "$ROOT/.env" ]; then
    say "writing a development .env with generated secrets for Docker Compose (docker/init-env.sh --dev)"
    "$ROOT/docker/init-env.sh" --dev >/dev/null || die "could not write .env for Docker Compose."
  fi
  if compose_services_running; then
    if adopt_if_ours "$profile" compose "Docker Compose PostgreSQL and Redis"; then
      STARTED_SERVICES+=("compose:$ROOT/.data/$profile")
    else
      say "PostgreSQL and Redis already running in Docker Compose; leaving them running"
    fi
  else
    say "starting PostgreSQL and Redis with Docker Compose"
    (cd "$ROOT" && docker compose up -d --wait postgres redis) || die "docker compose could not start postgres and redis."
    STARTED_SERVICES+=("compose:$ROOT/.data/$profile")
    record_owner "$profile" compose
  fi
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
    start_compose_services "$profile"
    return
  fi
  [ -n "${DATABASE_URL:-}" ] || start_local_postgres "$profile" "$pg_port"
  [ -n "${REDIS_URL:-}" ] || start_local_redis "$profile" "$redis_port"
}

# Removes the owner record of a server that has been stopped.
forget_owner() {
  if [ -n "$1" ]; then rm -f "$1/$2.owner"; fi
}

stop_services() {
  local entry
  for entry in "${STARTED_SERVICES[@]}"; do
    case "$entry" in
      postgres:*)
        local rest=${entry#postgres:}
        local data=${rest#*:}
        say "stopping PostgreSQL"
        as_pg_user "${rest%%:*}/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
        forget_owner "$(dirname "$data")" postgres ;;
      redis:*)
        local rest=${entry#redis:}
        say "stopping Redis"
        redis-cli -p "${rest%%:*}" shutdown nosave >/dev/null 2>&1 || true
        # Entries written before the profile was part of them are "redis:<port>".
        [ "$rest" = "${rest#*:}" ] || forget_owner "${rest#*:}" redis ;;
      compose*)
        say "stopping Docker Compose services"
        (cd "$ROOT" && docker compose stop postgres redis) >/dev/null 2>&1 || true
        forget_owner "${entry#compose:}" compose ;;
    esac
  done
  STARTED_SERVICES=()
}

# stop_profile_servers PROFILE: stops the local PostgreSQL and Redis of .data/PROFILE, and the
# Docker Compose ones a run of this profile started, whoever owns them (`bin/dev stop`).
# Returns 1 when none was running.
stop_profile_servers() {
  local dir="$ROOT/.data/$1" stopped=1
  STARTED_SERVICES=()
  local bin; bin=$(pg_bin_dir)
  if [ -n "$bin" ] && [ -f "$dir/postgres/PG_VERSION" ] \
    && as_pg_user "$bin/pg_ctl" -D "$dir/postgres" status >/dev/null 2>&1; then
    STARTED_SERVICES+=("postgres:$bin:$dir/postgres")
  fi
  if [ -f "$dir/compose.owner" ] && docker_engine_answers; then
    STARTED_SERVICES+=("compose:$dir")
  fi
  [ "${#STARTED_SERVICES[@]}" -eq 0 ] || { stop_services; stopped=0; }
  local pid; pid=$(cat "$dir/redis/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # SIGTERM is Redis's own clean shutdown (the AOF is flushed), whatever port it listens on.
    say "stopping Redis"
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    forget_owner "$dir" redis
    stopped=0
  fi
  return "$stopped"
}

# Empties the Redis at REDIS_URL (the development one: `bin/dev reset`).
flush_redis() {
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -u "$REDIS_URL" flushdb >/dev/null || die "could not empty Redis at $(without_password "$REDIS_URL")."
  elif [[ " ${STARTED_SERVICES[*]} " == *" compose:"* ]]; then
    (cd "$ROOT" && docker compose exec -T redis redis-cli flushdb) >/dev/null || die "could not empty Redis in Docker Compose."
  else
    die "redis-cli is needed to empty Redis at $(without_password "$REDIS_URL") (Debian: apt-get install redis-tools)."
  fi
}

# A connection URL with its password masked, for messages.
without_password() { echo "$1" | sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#'; }
