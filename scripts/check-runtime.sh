#!/usr/bin/env bash
# Checks the container image's runtime command without a container engine:
# compiles src/ into a clean directory, installs production dependencies only
# (as the Dockerfile's runtime stage does), then starts `node dist/server.js`
# as an unprivileged user with ROOT_ENV=production and waits for /health to
# answer 200: once on the embedded store (PGlite) and once on a fresh
# PostgreSQL database, dropped afterwards.
#
# usage: scripts/check-runtime.sh            (npm run check:runtime)
# env:   CHECK_DATABASE_URL  maintenance database to create the test database
#                            from (default: TEST_DATABASE_URL, then
#                            postgresql://postgres@127.0.0.1:5432/postgres)
#        CHECK_PORT          first port to serve on (default 18090; PostgreSQL uses +1)
#        CHECK_SKIP_POSTGRES=1 checks the embedded store only
set -euo pipefail
cd "$(dirname "$0")/.."

admin_url=${CHECK_DATABASE_URL:-${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}}
port=${CHECK_PORT:-18090}
work=$(mktemp -d "${TMPDIR:-/tmp}/root-runtime.XXXXXX")
chmod 755 "$work"
database=
server=

say() { echo "check-runtime: $*"; }
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi
  if [[ -n $database ]]; then psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The unprivileged user: `nobody` when we are root (CI here), else ourselves.
if [[ $(id -u) -eq 0 ]]; then
  run_as=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups --)
  owner=nobody
else
  run_as=()
  owner=$(id -un)
fi

# 1. The build output, as the Dockerfile's build stage makes it.
[[ -d src/generated ]] || npm run --silent generate >/dev/null
npx tsc -p tsconfig.build.json --outDir "$work/app/dist"
cp package.json package-lock.json "$work/app/"
mkdir -p "$work/app/prisma" && cp -R prisma/migrations "$work/app/prisma/"

# 2. Production dependencies only, as the runtime stage installs them.
(cd "$work/app" && npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error)
for dev in prisma tsx typescript tap; do
  if [[ -e $work/app/node_modules/$dev ]]; then say "FAIL dev dependency $dev was installed"; exit 1; fi
done
say "build output and production dependencies ready ($(du -sh "$work/app" | cut -f1))"

# 3. Start the image's command and wait for /health.
start() { # name port [VAR=value...]; sets $server and $status
  local name=$1 port=$2
  shift 2
  (cd "$work/app" && exec "${run_as[@]}" env -i PATH="$PATH" NODE_ENV=production ROOT_ENV=production MALLOC_TRIM_THRESHOLD_=131072 \
    HMAC_SECRET=check-runtime-secret-of-at-least-32-bytes LOG_LEVEL=info PORT="$port" ROOT_DATA_DIR="$work/data-$name" "$@" \
    node dist/server.js) >>"$work/$name.log" 2>&1 &
  server=$!
  status=
  for _ in $(seq 1 120); do
    status=$(node -e "fetch('http://127.0.0.1:$port/health').then(r => console.log(r.status), () => console.log(0))")
    [[ $status == 200 ]] && break
    if ! kill -0 "$server" 2>/dev/null; then break; fi
    sleep 0.5
  done
}

check() { # name port [VAR=value...]
  local name=$1 port=$2
  mkdir -p "$work/data-$name" && chown "$owner" "$work/data-$name"
  start "$@"
  # Fastify gives each plugin 10 s to start (pluginTimeout); opening PGlite and
  # migrating can take longer on a busy machine (e.g. during the test suite).
  # Say so and try once more rather than fail on the machine's load.
  if [[ $status != 200 ]] && grep -q 'Plugin did not start in time' "$work/$name.log"; then
    say "WARN $name: start-up exceeded Fastify's plugin timeout (busy machine?); retrying once"
    wait "$server" 2>/dev/null || true
    start "$@"
  fi
  if [[ $status != 200 ]]; then
    tail -n 20 "$work/$name.log"
    say "FAIL $name: /health never answered 200 (last status ${status:-none})"
    exit 1
  fi
  local user body
  user=$(ps -o user= -p "$server" | tr -d " ")
  body=$(node -e "fetch('http://127.0.0.1:$port/health').then(r => r.text()).then(console.log)")
  say "$name: /health 200 as user $user: $body"
  if [[ $user == root ]]; then say "FAIL $name: the server runs as root"; exit 1; fi
  grep -q '"database migrated"' "$work/$name.log" || { say "FAIL $name: no migration was logged"; exit 1; }
  kill -TERM "$server"
  local code=0
  wait "$server" || code=$?
  server=
  if [[ $code -ne 0 ]]; then
    tail -n 20 "$work/$name.log"
    say "FAIL $name: exit code $code after SIGTERM"
    exit 1
  fi
  say "$name: migrations applied at start, clean exit on SIGTERM"
}

if [[ ${CHECK_SKIP_POSTGRES:-} != 1 ]]; then
  database="root_runtime_$(date +%s)_$$"
  psql -q "$admin_url" -c "CREATE DATABASE $database" >/dev/null
  url=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$admin_url" "$database")
  check postgresql "$((port + 1))" DATABASE_URL="$url"
fi

check pglite "$port"
say ok
