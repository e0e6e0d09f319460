#!/usr/bin/env bash
# A local Flink session cluster (one job manager + one task manager, separate JVMs) bound to
# 127.0.0.1, from the Flink jars scripts/setup_engines.sh put under .venv/engines/flink/lib
# (the same Flink version the job server was built against). What Flink's bin/start-cluster.sh
# does, without needing a Flink distribution.
#
#   scripts/flink_local_cluster.sh start    # prints the --flink_master address (localhost:PORT)
#   scripts/flink_local_cluster.sh stop
#
# Environment: FLINK_REST_PORT (8081), FLINK_RPC_PORT (6123), FLINK_SLOTS (2),
# FLINK_TM_MEMORY (2048m), FLINK_JM_MEMORY (1024m), NEWS_ENGINES (.venv/engines),
# FLINK_CLUSTER_HOME (the cluster's conf/log/tmp/pid folder; $NEWS_ENGINES/flink/cluster): give each
# concurrent cluster its own (the engines folder may be shared by several worktrees).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINES="${NEWS_ENGINES:-$ROOT/.venv/engines}"
LIB="$ENGINES/flink/lib"
HOME_DIR="${FLINK_CLUSTER_HOME:-$ENGINES/flink/cluster}"
REST_PORT="${FLINK_REST_PORT:-8081}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
SLOTS="${FLINK_SLOTS:-2}"
OPENS=()
for p in java.lang java.lang.reflect java.io java.net java.nio sun.nio.ch java.text java.time java.util \
  java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks java.math; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

classpath() { echo "$LIB/*:$ENGINES/flink/log-lib/*"; }

# BashJavaUtils prints two result lines: JVM memory flags, then -D dynamic properties.
resource_params() {  # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  java -cp "$(classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$HOME_DIR/conf" 2>/dev/null |
    sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

start() {
  ls "$LIB"/flink-runtime-*.jar >/dev/null 2>&1 || {
    echo "no Flink jars under $LIB: run scripts/setup_engines.sh flink first" >&2
    exit 1
  }
  stop >/dev/null 2>&1 || true
  mkdir -p "$HOME_DIR/conf" "$HOME_DIR/log" "$HOME_DIR/tmp"
  cat >"$HOME_DIR/conf/flink-conf.yaml" <<EOF
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
rest.address: localhost
rest.bind-address: 127.0.0.1
rest.port: $REST_PORT
taskmanager.host: localhost
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $SLOTS
parallelism.default: $SLOTS
jobmanager.memory.process.size: ${FLINK_JM_MEMORY:-1024m}
taskmanager.memory.process.size: ${FLINK_TM_MEMORY:-2048m}
# Beam's batch translation chains many operators per slot: it needs more network buffers
# than Flink's default share gives a small task manager.
taskmanager.memory.network.min: 512mb
taskmanager.memory.network.max: 512mb
# each blocking (batch) result partition reserves this many buffers: 512 by default
taskmanager.network.sort-shuffle.min-buffers: 64
io.tmp.dirs: $HOME_DIR/tmp
# On a 2-core machine the task manager's JVM competes with the Python SDK workers and the test
# itself: a missed heartbeat within Flink's default 50 s failed a streaming test once
# ("Heartbeat of TaskManager ... timed out"); a starved JVM is not a dead one.
heartbeat.interval: 10000
heartbeat.timeout: 180000
EOF
  local jm_jvm jm_dyn tm_jvm tm_dyn
  { read -r jm_jvm; read -r jm_dyn; } < <(resource_params GET_JM_RESOURCE_PARAMS)
  # -Xss8m: the JobManager deserialises a submitted Beam job graph recursively (ObjectInputStream,
  # in JobSubmitHandler on a Flink-DispatcherRestEndpoint thread); this project's batch graph once
  # overflowed the default thread stack (StackOverflowError on job submission in
  # tests/test_runners.py, 2026-11-30), passing on a second try. Measured on 30 Nov (batch ingest of
  # seeds/, 426 tasks): -Xss512k and -Xss768k overflow (one submission each), -Xss1m (the JDK 17
  # default) passes: under a third of headroom, which a larger graph or (likely) the bigger frames of
  # code not yet JIT-compiled in a fresh, starved JVM can use up. 8 MB gives 8x.
  # shellcheck disable=SC2086  # the flags are word lists
  nohup java -Xss8m $jm_jvm "${OPENS[@]}" -cp "$(classpath)" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$HOME_DIR/conf" $jm_dyn \
    >"$HOME_DIR/log/jobmanager.log" 2>&1 &
  echo $! >"$HOME_DIR/jobmanager.pid"
  { read -r tm_jvm; read -r tm_dyn; } < <(resource_params GET_TM_RESOURCE_PARAMS)
  # shellcheck disable=SC2086
  nohup java $tm_jvm "${OPENS[@]}" -cp "$(classpath)" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$HOME_DIR/conf" $tm_dyn \
    >"$HOME_DIR/log/taskmanager.log" 2>&1 &
  echo $! >"$HOME_DIR/taskmanager.pid"
  for _ in $(seq 1 120); do
    if curl -fsS --max-time 2 "http://127.0.0.1:$REST_PORT/overview" 2>/dev/null | grep -q '"taskmanagers":[1-9]'; then
      echo "localhost:$REST_PORT"
      return 0
    fi
    for role in jobmanager taskmanager; do
      if ! kill -0 "$(cat "$HOME_DIR/$role.pid")" 2>/dev/null; then
        echo "the Flink $role exited; last lines of $HOME_DIR/log/$role.log:" >&2
        tail -n 20 "$HOME_DIR/log/$role.log" >&2
        stop >/dev/null 2>&1 || true
        exit 1
      fi
    done
    sleep 1
  done
  echo "the local Flink cluster did not come up within 120 s (logs: $HOME_DIR/log)" >&2
  stop >/dev/null 2>&1 || true
  exit 1
}

stop() {
  local role pid
  for role in taskmanager jobmanager; do
    if [ -f "$HOME_DIR/$role.pid" ]; then
      pid="$(cat "$HOME_DIR/$role.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$HOME_DIR/$role.pid"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
