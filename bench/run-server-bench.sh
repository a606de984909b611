#!/usr/bin/env bash
# The server benchmark (issue #12): builds chat-server (Release), the load generator and the
# peers, runs every scenario against chat-server and the peers, interleaved and repeated, and
# writes the "Server throughput and latency" section of docs/performance.md.
#
#   bench/run-server-bench.sh                 3 rounds, 5 s measured per load (~10 minutes)
#   bench/run-server-bench.sh --long          5 rounds, 20 s measured
#   bench/run-server-bench.sh --rounds 1 --scenarios "A" --peers "chat-server ws" --no-doc
#
# Options: --rounds N, --duration S, --warmup S, --peers "chat-server ws ws-sqlite qt-echo",
# --scenarios "A B C D E", --conversations N, --rate N, --storm N, --idle N, --threads N,
# --all-rounds (the peers' D and E in every round, not only the first), --server PATH (measure
# that chat-server binary, e.g. another commit's, instead of this tree's; it must know
# --health-listen, 5b21bf9 and later), --no-doc (only print
# the table), --keep (keep the work directory).
# Peers run scenarios A, D and E (they answer hello, conversation.start and message.send only).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

rounds=3 duration=5 warmup=1 threads=1
peers="chat-server ws ws-sqlite qt-echo"
scenarios="A B C D E"
conversations=5000 rate=2000 agents=55 storm=10000 idle=10000 drain=5
write_doc=1 keep=0 all_rounds=0 server_override=
command_line="bench/run-server-bench.sh${*:+ $*}"
while (($#)); do
    case "$1" in
        --rounds) rounds=$2; shift ;;
        --duration) duration=$2; shift ;;
        --warmup) warmup=$2; shift ;;
        --threads) threads=$2; shift ;;
        --peers) peers=$2; shift ;;
        --scenarios) scenarios=$2; shift ;;
        --conversations) conversations=$2; agents=$(( (conversations + 99) / 100 + 5 )); shift ;;
        --rate) rate=$2; shift ;;
        --storm) storm=$2; shift ;;
        --idle) idle=$2; shift ;;
        --long) rounds=5 duration=20 warmup=3 all_rounds=1 ;;
        --all-rounds) all_rounds=1 ;;
        --no-doc) write_doc=0 ;;
        --keep) keep=1 ;;
        --server) server_override=$2; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

# 10,000 sockets on each side of loopback: the generator and the servers need the hard limit.
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < storm + 1000 || $(ulimit -n) < idle + 1000 )); then
    echo "warning: ulimit -n is $(ulimit -n); the storm and idle scenarios need more" >&2
fi

build=$repo/build-release
echo "== building (Release, $build)" >&2
if [[ ! -f $build/CMakeCache.txt ]]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAT_BUILD_AGENT_APP=OFF \
        -DCHAT_BUILD_TESTS=ON "${launcher[@]}" >/dev/null
fi
ninja -C "$build" chat-server chat-loadgen bench-qt-echo >/dev/null
server=${server_override:-$build/server/chat-server}
loadgen=$build/bench/chat-loadgen
qtecho=$build/bench/bench-qt-echo
if [[ " $peers " == *" ws"* && ! -d bench/peers/node_modules/better-sqlite3/build/Release ]]; then
    scripts/install-deps.sh --bench
fi

work=$(mktemp -d /tmp/chat-bench.XXXXXX)
results=$work/results.jsonl
peer_pid=""
cleanup() {
    if [[ -n $peer_pid ]]; then kill "$peer_pid" 2>/dev/null || true; wait "$peer_pid" 2>/dev/null || true; fi
    if ((keep == 0)); then rm -rf "$work"; else echo "work directory kept: $work" >&2; fi
}
trap cleanup EXIT

# One database with the site and the agents, signed in once (B resumes their sessions, so no
# run pays for dozens of PBKDF2 sign-ins); each chat-server run gets a fresh copy of it.
echo "== preparing the database ($agents agents)" >&2
template=$work/template.db
"$server" site add --db "$template" --name Bench --origin http://bench.localhost 2>/dev/null >"$work/site-key"
site_key=$(cat "$work/site-key")
for i in $(seq "$agents"); do
    echo bench-password-1 | "$server" agent add --db "$template" --email "bench-agent-$i@bench.localhost" \
        --name "Agent $i" --max-chats 100 >/dev/null 2>&1
done

server_limits_off=(--max-sockets-per-address 0 --new-connections-per-second 0
    --limit-visitor-frames 0 --limit-agent-frames 0 --limit-pings 0 --limit-visitor-messages 0
    --limit-agent-messages 0 --limit-conversations 0 --limit-flood-close 0
    --visitor-grace-seconds 3600 --agent-grace-seconds 3600)

# start_peer NAME DB: starts it on a free port; sets peer_pid and peer_port.
start_peer() {
    local name=$1 db=$2 out=$work/peer.out
    : >"$out"
    case $name in
        chat-server) "$server" serve --db "$db" --listen 127.0.0.1:0 --health-listen 127.0.0.1:0 \
                         "${server_limits_off[@]}" >"$out" 2>"$work/server.log" & ;;
        ws) node bench/peers/ws-relay.mjs >"$out" 2>&1 & ;;
        ws-sqlite) node bench/peers/ws-relay.mjs --sqlite "$db" >"$out" 2>&1 & ;;
        qt-echo) "$qtecho" >"$out" 2>&1 & ;;
        *) echo "unknown peer $name" >&2; exit 2 ;;
    esac
    peer_pid=$!
    # chat-server prints its health port on the next line
    local ready='^listening on'
    [[ $name == chat-server ]] && ready='^health checks on'
    for _ in $(seq 100); do
        grep -q "$ready" "$out" && break
        sleep 0.1
    done
    peer_port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out")
    health_port=$(sed -n 's/^health checks on .*:\([0-9]*\)\/healthz$/\1/p' "$out")
    [[ -n $peer_port ]] || { echo "$name did not start:" >&2; cat "$out" >&2; exit 1; }
}

stop_peer() {
    kill "$peer_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$peer_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$peer_pid" 2>/dev/null || true
    wait "$peer_pid" 2>/dev/null || true
    peer_pid=""
}

fresh_db() { # fresh_db PEER → prints the database path for this run
    rm -f "$work"/run.db "$work"/run.db-wal "$work"/run.db-shm
    if [[ $1 == chat-server ]]; then cp "$template" "$work/run.db"; fi
    echo "$work/run.db"
}

start_peer chat-server "$template"
"$loadgen" --scenario L --port "$peer_port" --agents "$agents" --agent-tokens "$work/agent-tokens" >/dev/null
stop_peer

common=(--site-key "$site_key" --duration "$duration" --warmup "$warmup" --threads "$threads")
run() { # run ROUND PEER SCENARIO
    local round=$1 peer=$2 scenario=$3 extra=()
    case $scenario in
        B) extra=(--conversations "$conversations" --rate "$rate" --agents "$agents" --drain "$drain"
                  --agent-tokens "$work/agent-tokens") ;;
        D) extra=(--storm "$storm") ;;
        E) extra=(--idle "$idle") ;;
    esac
    start_peer "$peer" "$(fresh_db "$peer")"
    if [[ $scenario == D && -n $health_port ]]; then extra+=(--health-port "$health_port"); fi
    echo "== round $round: $peer, scenario $scenario ($(date -u +%T))" >&2
    local line
    if line=$(timeout 300 "$loadgen" --scenario "$scenario" --peer "$peer" --port "$peer_port" \
        --server-pid "$peer_pid" "${common[@]}" "${extra[@]}"); then
        echo "$line" | sed "s/^{/{\"round\":$round,/" >>"$results"
        echo "   $line" | cut -c1-300 >&2
    else
        echo "   (failed)" >&2
    fi
    stop_peer
}

started=$(date -u +%s)
for round in $(seq "$rounds"); do
    for peer in $peers; do
        for scenario in $scenarios; do
            if [[ $peer != chat-server && $scenario != [ADE] ]]; then continue; fi
            # The peers' storm and idle figures vary little; repeating them costs minutes.
            if [[ $peer != chat-server && $scenario != A && $round -gt 1 && $all_rounds == 0 ]]; then continue; fi
            run "$round" "$peer" "$scenario"
        done
    done
done
echo "== $(( $(date -u +%s) - started )) s of runs; results in $results" >&2

report_args=(--results "$results" --command "$command_line" --rounds "$rounds"
    --duration "$duration" --conversations "$conversations" --rate "$rate" --storm "$storm"
    --idle "$idle" --agents "$agents")
if ((write_doc)); then
    python3 bench/server_bench_report.py "${report_args[@]}" --doc docs/performance.md
else
    python3 bench/server_bench_report.py "${report_args[@]}"
fi
