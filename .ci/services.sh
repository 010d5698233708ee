#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on loopback; install and start them from Debian
# packages when they do not. Idempotent: does nothing when both already answer.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! command -v pg_isready >/dev/null || ! pg_up; then
  command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-client
  if ! pg_up; then
    version=$(ls /etc/postgresql | sort -n | tail -1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  # A fresh Debian cluster asks for a password on TCP: give the postgres role one that
  # matches DATABASE_URL (ignored where trust authentication is configured).
  as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" || true
fi

if ! command -v redis-cli >/dev/null || ! redis_up; then
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis_up; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" \
      --appendonly no --dir /tmp
    for _ in $(seq 1 30); do redis_up && break; sleep 1; done
  fi
fi

pg_up && echo "PostgreSQL: ok" || { echo "PostgreSQL does not answer on 127.0.0.1:5432"; exit 1; }
redis_up && echo "Redis: ok" || { echo "Redis does not answer on 127.0.0.1:6379"; exit 1; }
