#!/usr/bin/env bash
# The cluster benchmark: the same load (chat-loadgen) against one node on SQLite (the default),
# one node on PostgreSQL, and two nodes on PostgreSQL with a Redis bus behind nginx (no sticky
# sessions), interleaved and repeated in one run, so only ratios between them are read.
#
#   bench/run-cluster-bench.sh                 2 rounds, scenarios A and B, 5 s measured
#   bench/run-cluster-bench.sh --rounds 3 --duration 10
#
# A: 100 visitors, 8 message.send in flight each, acknowledged durable messages per second.
# B: agents signed in, visitors sending at a fixed rate; latency from send to the agent's copy
#    (in the cluster the visitor and its agent are often on different nodes: the bus is on the
#    path). Each configuration gets a fresh database made from one template (site, agents and
#    their sessions). PostgreSQL and redis-server are private instances on loopback ports.
# Results: one JSON line per run in the work folder, and a table on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
command_line="bench/run-cluster-bench.sh${*:+ $*}"

rounds=2 duration=5 warmup=2 conversations=1000 rate=1000 agents=20 keep=0
while (($#)); do
    case $1 in
        --rounds) rounds=$2; shift ;;
        --duration) duration=$2; shift ;;
        --conversations) conversations=$2; shift ;;
        --rate) rate=$2; shift ;;
        --keep) keep=1 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
ulimit -n "$(ulimit -Hn)"

build=$repo/build-release
echo "== building (Release, $build)" >&2
if [[ ! -f $build/CMakeCache.txt ]]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAT_BUILD_AGENT_APP=OFF \
        -DCHAT_BUILD_TESTS=ON "${launcher[@]}" >/dev/null
fi
ninja -C "$build" chat-server chat-loadgen >/dev/null
server=$build/server/chat-server
loadgen=$build/bench/chat-loadgen
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

work=$(mktemp -d /tmp/chat-cluster-bench.XXXXXX)
chmod 755 "$work"
results=$work/results.jsonl
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ -d $work/pg ]] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
    if ((keep == 0)); then rm -rf "$work"; else echo "work folder kept: $work" >&2; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== PostgreSQL and redis-server on loopback" >&2
pg_port=$(free_port)
mkdir -p "$work/pg" "$work/pgsock" && chown postgres "$work/pg" "$work/pgsock"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
# Durable as shipped (fsync, synchronous_commit on): acknowledged means committed to disk.
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pgsock/postgres.log" -w \
    -o "-p $pg_port -k $work/pgsock -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
psql_do() { "$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)

limits_off=(--max-sockets-per-address 0 --new-connections-per-second 0
    --limit-visitor-frames 0 --limit-agent-frames 0 --limit-pings 0 --limit-visitor-messages 0
    --limit-agent-messages 0 --limit-conversations 0 --limit-flood-close 0
    --visitor-grace-seconds 3600 --agent-grace-seconds 3600)

# start_node DB [BUS] → prints "PID PORT"
start_node() {
    local out; out=$(mktemp "$work/node.XXXXXX")
    local bus=(); [[ -n ${2:-} ]] && bus=(--bus "$2")
    "$server" serve --db "$1" --files "$work/files" --listen 127.0.0.1:0 "${limits_off[@]}" \
        "${bus[@]}" >"$out" 2>>"$work/server.log" &
    local pid=$!
    for _ in $(seq 200); do grep -q '^listening on' "$out" && break; sleep 0.05; done
    local port; port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out")
    [[ -n $port ]] || { echo "node did not start:" >&2; tail "$work/server.log" >&2; exit 1; }
    echo "$pid $port"
}
stop_pids() { for pid in "$@"; do kill "$pid" 2>/dev/null || true; done; for pid in "$@"; do wait "$pid" 2>/dev/null || true; done; }

start_nginx() { # start_nginx PORT_A PORT_B → prints "PID PORT"
    local port; port=$(free_port)
    mkdir -p "$work/nginx"
    cat >"$work/nginx/nginx.conf" <<EOF
user root;
worker_processes 1;
worker_rlimit_nofile 65536;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 30000; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    upstream chat { server 127.0.0.1:$1; server 127.0.0.1:$2; }
    server {
        listen 127.0.0.1:$port backlog=4096;
        location / {
            proxy_pass http://chat;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$host;
            proxy_read_timeout 1h;
            proxy_buffering off;
        }
    }
}
EOF
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
    local pid=$!
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
    echo "$pid $port"
}

echo "== templates: a site, $agents agents and their sessions (SQLite and PostgreSQL)" >&2
prepare() { # prepare DB: site, agents, sessions (scenario L writes the tokens)
    "$server" site add --db "$1" --name Bench --origin http://bench.localhost 2>/dev/null >"$work/site-key"
    for i in $(seq "$agents"); do
        echo bench-password-1 | "$server" agent add --db "$1" --email "bench-agent-$i@bench.localhost" \
            --name "Agent $i" --max-chats 100 >/dev/null 2>&1
    done
    read -r pid port < <(start_node "$1")
    "$loadgen" --scenario L --port "$port" --agents "$agents" --agent-tokens "$2" >/dev/null
    stop_pids "$pid"
}
pg_url() { echo "postgres://postgres@127.0.0.1:$pg_port/$1"; }
psql_do "CREATE DATABASE template_bench"
prepare "$(pg_url template_bench)" "$work/tokens-pg"
pg_site_key=$(cat "$work/site-key")
prepare "$work/template.db" "$work/tokens-sqlite"
sqlite_site_key=$(cat "$work/site-key")

run=0
measure() { # measure ROUND CONFIG SCENARIO
    local round=$1 config=$2 scenario=$3 db key tokens node_pids=() target pid port
    run=$((run + 1))
    case $config in
        sqlite-1) rm -f "$work"/run.db*; cp "$work/template.db" "$work/run.db"; db=$work/run.db
                  key=$sqlite_site_key tokens=$work/tokens-sqlite ;;
        *) psql_do "CREATE DATABASE run_$run TEMPLATE template_bench"; db=$(pg_url "run_$run")
           key=$pg_site_key tokens=$work/tokens-pg ;;
    esac
    case $config in
        sqlite-1|pg-1) read -r pid port < <(start_node "$db"); node_pids=("$pid"); target=$port ;;
        pg-2) read -r pid port < <(start_node "$db" "redis://127.0.0.1:$redis_port"); node_pids=("$pid")
              local port_a=$port
              read -r pid port < <(start_node "$db" "redis://127.0.0.1:$redis_port"); node_pids+=("$pid")
              read -r pid target < <(start_nginx "$port_a" "$port"); node_pids+=("$pid")
              sleep 2 ;; # the nodes hear each other's first heartbeats
    esac
    local extra=()
    [[ $scenario == B ]] && extra=(--conversations "$conversations" --rate "$rate" --agents "$agents"
                                   --agent-tokens "$tokens")
    echo "== round $round: $config, scenario $scenario ($(date -u +%T))" >&2
    local line
    if line=$(timeout 300 "$loadgen" --scenario "$scenario" --peer "$config" --port "$target" \
        --server-pid "${node_pids[0]}" --site-key "$key" --duration "$duration" --warmup "$warmup" \
        "${extra[@]}"); then
        echo "$line" | sed "s/^{/{\"round\":$round,/" >>"$results"
        echo "   $line" | cut -c1-300 >&2
    else
        echo "   (failed)" >&2
    fi
    stop_pids "${node_pids[@]}"
    [[ $config == sqlite-1 ]] || psql_do "DROP DATABASE run_$run"
}

for round in $(seq "$rounds"); do
    for scenario in A B; do
        for config in sqlite-1 pg-1 pg-2; do measure "$round" "$config" "$scenario"; done
    done
done

echo "== $(nproc) cores, $(date -u +%F), ${PGOPTIONS:+PGOPTIONS='$PGOPTIONS' }$command_line" >&2
python3 - "$results" <<'EOF'
import json, sys, statistics
rows = [json.loads(l) for l in open(sys.argv[1])]
def med(scenario, peer, key):
    vals = [r[key] for r in rows if r.get("scenario") == scenario and r.get("peer") == peer and key in r]
    return statistics.median(vals) if vals else None
print("| configuration | A: acked msg/s | A: ack p99 ms | B: delivered msg/s | B: delivery p50 ms | B: delivery p99 ms |")
print("| --- | --- | --- | --- | --- | --- |")
for peer in ("sqlite-1", "pg-1", "pg-2"):
    def f(v, scale=1):
        return "-" if v is None else f"{v / scale:,.1f}"
    print(f"| {peer} | {f(med('A', peer, 'msgs_per_s'))} | {f(med('A', peer, 'ack_p99_us'), 1000)} | "
          f"{f(med('B', peer, 'delivered_msgs_per_s'))} | {f(med('B', peer, 'delivery_p50_us'), 1000)} | "
          f"{f(med('B', peer, 'delivery_p99_us'), 1000)} |")
EOF
