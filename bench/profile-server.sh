#!/usr/bin/env bash
# Where chat-server's time goes under scenario A: samples the Release server with `perf record`
# while chat-loadgen runs A, then prints the share of each thread, library and function.
#   bench/profile-server.sh [--duration 10] [--visitors 100] [--depth 8] [--keep]
# Needs perf (Debian: apt-get install linux-perf) and build-release/ (bench/run-server-bench.sh
# makes it). perf_event_paranoid ≤ 2 suffices: it profiles a process this user started.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10 visitors=100 depth=8 keep=0
while (($#)); do
    case "$1" in
        --duration) duration=$2; shift ;;
        --visitors) visitors=$2; shift ;;
        --depth) depth=$2; shift ;;
        --keep) keep=1 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
command -v perf >/dev/null || { echo "perf is missing (apt-get install linux-perf)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"

build=build-release
ninja -C "$build" chat-server chat-loadgen >/dev/null
work=$(mktemp -d /tmp/chat-profile.XXXXXX)
server_pid=""
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if ((keep)); then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$build/server/chat-server" site add --db "$work/chat.db" --name Bench \
    --origin http://bench.localhost 2>/dev/null >"$work/site-key"
"$build/server/chat-server" serve --db "$work/chat.db" --listen 127.0.0.1:0 \
    --max-sockets-per-address 0 --new-connections-per-second 0 --limit-visitor-frames 0 \
    --limit-agent-frames 0 --limit-pings 0 --limit-visitor-messages 0 --limit-agent-messages 0 \
    --limit-conversations 0 --limit-flood-close 0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/server.out")

# Record from the end of the warm-up to the end of the measured window.
"$build/bench/chat-loadgen" --scenario A --port "$port" --site-key "$(cat "$work/site-key")" \
    --server-pid "$server_pid" --visitors "$visitors" --depth "$depth" --warmup 2 \
    --duration "$duration" >"$work/result.json" &
loadgen_pid=$!
sleep 3
perf record -F 499 -p "$server_pid" -o "$work/perf.data" -- sleep "$((duration - 2))" 2>/dev/null
wait "$loadgen_pid"
echo "scenario A while profiled: $(cat "$work/result.json")"
echo
echo "== by thread"
perf report -i "$work/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -10
echo "== by library"
perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo "== by thread and function"
perf report -i "$work/perf.data" --no-children --sort comm,dso,sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -40
