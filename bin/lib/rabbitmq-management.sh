#!/usr/bin/env bash
# Enables the management plugin (HTTP API) on the machine's RabbitMQ node and waits until it listens.
# Idempotent: returns at once when the port already answers; 'rabbitmq-plugins enable' of an enabled plugin is a
# no-op. The plugin stays enabled (it is recorded in the node's enabled_plugins file), so this runs once per machine.
# Usage: rabbitmq-management.sh [port=15672] [timeout-seconds=60]
set -euo pipefail
port="${1:-15672}"
timeout="${2:-60}"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if listening; then exit 0; fi
if ! command -v rabbitmq-plugins >/dev/null; then
  echo "rabbitmq-management: rabbitmq-plugins is not installed" >&2
  exit 2
fi
if ! (exec 3<>"/dev/tcp/127.0.0.1/5672") 2>/dev/null; then
  echo "rabbitmq-management: RabbitMQ is not running on 127.0.0.1:5672 (see bin/lib/ensure-services.sh)" >&2
  exit 3
fi
rabbitmq-plugins enable --quiet rabbitmq_management >&2
for _ in $(seq 1 "$timeout"); do
  if listening; then exit 0; fi
  sleep 1
done
echo "rabbitmq-management: the management API did not start listening on 127.0.0.1:$port within ${timeout}s" >&2
exit 1
