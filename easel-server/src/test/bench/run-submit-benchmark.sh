#!/usr/bin/env bash
# Submit benchmark of the HTTP API: starts the packaged server on a fresh SQLite file with the
# timed back end, warms up for 10 s, then runs wrk for 20 s (32 connections, 2 threads) on
# loopback and prints the server's CPU seconds during the measured run. Then measures the
# submit-to-dispatch latency on an idle worker with dispatch_latency.py.
#
#   mvn -DskipTests package -pl easel-server -am
#   easel-server/src/test/bench/run-submit-benchmark.sh [FULL|NORMAL]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
sync=${1:-FULL}
work=$(mktemp -d /tmp/easel-bench.XXXXXX)
cd "$work"
java -jar "$root/easel-server/target/easel.jar" serve --port=18081 --easel.workers.backends=timed \
  --easel.backends.timed.step-time=1ms \
  "--spring.datasource.url=jdbc:sqlite:$work/easel.db?journal_mode=WAL&synchronous=$sync&busy_timeout=10000&foreign_keys=true" \
  "--easel.outputs.dir=$work/outputs" > server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf localhost:18081/actuator/health/readiness >/dev/null && break; sleep 1; done

python3 "$here/dispatch_latency.py" http://127.0.0.1:18081 300

wrk -t2 -c32 -d10s -s "$here/submit.lua" http://127.0.0.1:18081/v1/tasks > /dev/null
ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
before=$(ticks)
uptime
wrk -t2 -c32 -d20s --latency -s "$here/submit.lua" http://127.0.0.1:18081/v1/tasks
after=$(ticks)
echo "server CPU seconds during the measured run: $(( (after - before) / $(getconf CLK_TCK) ))"
curl -s localhost:18081/actuator/prometheus | grep -E '^easel_store_group_writes_(sum|count)|^easel_jobs_queued'
