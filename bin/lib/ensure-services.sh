#!/usr/bin/env bash
# Starts the machine's PostgreSQL if it is not answering on 127.0.0.1:5432, so the suite never fails
# for a service that was merely stopped. Later targets add their own lines here.
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { for _ in $(seq 1 60); do up "$1" && return 0; sleep 0.5; done; echo "ensure-services: port $1 still closed" >&2; return 1; }
if ! up 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure-services: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  wait_up 5432
fi
exit 0
