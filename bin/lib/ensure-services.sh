#!/usr/bin/env bash
# Starts each of the machine's backing services that is not answering on its loopback port, so the suite
# never fails for a service that was merely stopped. The commands are the ones the machine itself uses.
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { for _ in $(seq 1 120); do up "$1" && return 0; sleep 0.5; done; echo "ensure-services: port $1 still closed" >&2; return 1; }
start() { # port, name, command...
  local port="$1" name="$2"; shift 2
  up "$port" && return 0
  command -v "$1" >/dev/null 2>&1 || { echo "ensure-services: $name is not installed ($1)" >&2; return 0; }
  echo "ensure-services: starting $name" >&2
  "$@" >/dev/null 2>&1 || true
  wait_up "$port"
}
start 5432 PostgreSQL pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql 2>/dev/null | head -n1)" main start
start 3306 MariaDB start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
start 6379 Redis redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
start 5672 RabbitMQ rabbitmq-server -detached
start 1883 Mosquitto mosquitto -d -c /etc/mosquitto/mosquitto.conf
start 4222 NATS start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
# The RabbitMQ target administers users through the management API, which the machine's node does not enable.
up 5672 && ! up 15672 && "$(dirname "${BASH_SOURCE[0]}")/rabbitmq-management.sh" || true
exit 0
