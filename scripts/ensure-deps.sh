#!/usr/bin/env bash
# Make sure what `npm start` / `npm test` need is installed. Quick (well under 1 s) when it is.
#   bash scripts/ensure-deps.sh start|test
# npm packages: `npm ci` when node_modules is missing or older than package-lock.json.
# System packages (Debian): installed with apt-get when running as root, else we print the command.
set -euo pipefail

mode="${1:-start}"
cd "$(dirname "$0")/.."

say() { echo "[deps] $*"; }

if [ -L node_modules ] && [ -f node_modules/.package-lock.json ]; then
  # A node_modules linked from another checkout (a git worktree sharing one install): npm ci would
  # empty the other checkout's install through the link, under whatever runs there. Its owner updates it.
  [ package-lock.json -nt node_modules/.package-lock.json ] && say "node_modules is a link to another checkout's install: not reinstalling it here (run npm ci there if package-lock.json changed)"
elif [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci deletes node_modules first: never under a running Pantau of this checkout (its restarts load modules).
  node scripts/running-start.mjs "$mode" || exit 1
  say "node_modules missing or older than package-lock.json: running npm ci …"
  npm ci --no-audit --no-fund
  say "npm ci done"
fi

missing=()
# Debian puts daemons in /usr/sbin (mosquitto), which is not on a non-root user's PATH: look there too,
# as the launchers do (scripts/lib/which.ts, SYSTEM_BIN_DIRS).
have() { # have <command>
  command -v "$1" >/dev/null 2>&1 && return 0
  local dir
  for dir in /usr/local/sbin /usr/sbin /sbin; do
    [ -x "$dir/$1" ] && return 0
  done
  return 1
}
need() { # need <command> <debian package>
  have "$1" || missing+=("$2")
}
need_file() { # need_file <path> <debian package>: PostgreSQL's server binaries are not on PATH
  [ -x "$1" ] || missing+=("$2")
}

case "$mode" in
  start)
    if [ -z "${INFLUX_URL:-}" ]; then need influxd influxdb; fi
    if [ -z "${DATABASE_URL:-}" ]; then need_file /usr/lib/postgresql/15/bin/postgres postgresql; fi
    # The embedded aedes broker is the default; PANTAU_BROKER=mosquitto runs a managed Mosquitto instead.
    if [ -z "${MQTT_URL:-}" ] && [ "${PANTAU_BROKER:-aedes}" = mosquitto ]; then need mosquitto mosquitto; fi
    ;;
  test)
    need influxd influxdb
    need mosquitto mosquitto
    need mosquitto_pub mosquitto-clients
    need chromium chromium
    need xmllint libxml2-utils
    need redis-server redis-server
    need_file /usr/lib/postgresql/15/bin/postgres postgresql
    ;;
  *)
    echo "usage: $0 start|test" >&2
    exit 2
    ;;
esac

# Debian starts mosquitto and influxdb as system services on install (ports 1883 and 8086).
# Our own instances run on free ports; stopping these keeps "the wrong broker" from answering.
stop_system_services() {
  for svc in mosquitto influxdb postgresql; do
    if command -v systemctl >/dev/null 2>&1; then
      systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
    if command -v service >/dev/null 2>&1; then
      service "$svc" stop >/dev/null 2>&1 || true
    fi
  done
}

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages. Install them with:"
    echo "sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing system packages: ${missing[*]} …"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  stop_system_services
  say "system packages installed"
fi
