#!/usr/bin/env bash
# Backups under load: how long `chat-server backup` takes on a database of about --messages
# messages while chat-server serves scenario A (chat-loadgen, closed loop), and the senders' ack
# latency during the backups next to the same load without one. Rounds are interleaved (without,
# with, without, …) so both see the same machine. With --nice, backups under `nice -n 19 ionice
# -c 3` too; with --sqlite3, the sqlite3 shell's `.backup` (the online backup API), for
# comparison. The load keeps adding messages: each row shows the database at its start (its WAL
# checkpointed) and the WAL's size at its end.
#
#   bench/backup-bench.sh [--messages 100000] [--rounds 3] [--duration 10] [--visitors 20]
#                         [--depth 4] [--nice] [--sqlite3] [--server PATH] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."

messages=100000 rounds=3 duration=10 visitors=20 depth=4 with_sqlite3=0 with_nice=0 keep=0 server=
while (($#)); do
    case "$1" in
        --messages) messages=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --duration) duration=$2; shift ;;
        --visitors) visitors=$2; shift ;;
        --depth) depth=$2; shift ;;
        --sqlite3) with_sqlite3=1 ;;
        --nice) with_nice=1 ;;
        --server) server=$2; shift ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

build=build-release
if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAT_BUILD_AGENT_APP=OFF \
        -DCHAT_BUILD_TESTS=ON >/dev/null
fi
ninja -C "$build" chat-server chat-loadgen >/dev/null
server=${server:-$build/server/chat-server}
loadgen=$build/bench/chat-loadgen

work=$(mktemp -d /tmp/chat-backup-bench.XXXXXX)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if ((keep == 0)); then rm -rf "$work"; else echo "work directory kept: $work" >&2; fi
}
trap cleanup EXIT

db=$work/chat.db
site_key=$("$server" site add --db "$db" --name Bench --origin http://bench.localhost 2>/dev/null)
"$server" serve --db "$db" --listen 127.0.0.1:0 --max-sockets-per-address 0 \
    --new-connections-per-second 0 --limit-visitor-frames 0 --limit-visitor-messages 0 \
    --limit-conversations 0 --limit-flood-close 0 >"$work/out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/out" && break; sleep 0.1; done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/out")

load() { # load SECONDS → one JSON line
    "$loadgen" --scenario A --port "$port" --site-key "$site_key" --server-pid "$server_pid" \
        --visitors "$visitors" --depth "$depth" --duration "$1" --warmup 1 2>/dev/null
}
count() { python3 - "$db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT count(*) FROM messages").fetchone()[0])
PY
}

echo "== filling the database to $messages messages" >&2
while (( $(count) < messages )); do
    load 10 >/dev/null
done
echo "messages: $(count), database: $(du -k "$db" | cut -f1) KiB (+ WAL $(du -k "$db-wal" 2>/dev/null | cut -f1) KiB)" >&2

# backups KIND LOADGEN_PID: backs up again and again while the load runs; prints the times (ms).
backups() {
    local kind=$1 pid=$2 target=$work/backup.db
    sleep 1.5 # the generator's warm-up
    while kill -0 "$pid" 2>/dev/null; do
        rm -f "$target"
        local t0 t1
        t0=$(date +%s%N)
        if [[ $kind == vacuum ]]; then
            "$server" backup --db "$db" "$target" 2>/dev/null
        elif [[ $kind == nice ]]; then
            nice -n 19 ionice -c 3 "$server" backup --db "$db" "$target" 2>/dev/null
        else
            # It may never finish under load: given up after the load's own length.
            timeout "$duration" sqlite3 "$db" ".backup '$target'" || { echo "unfinished"; continue; }
        fi
        t1=$(date +%s%N)
        if kill -0 "$pid" 2>/dev/null; then echo $(( (t1 - t0) / 1000000 )); fi
    done
}

modes=(none vacuum)
if ((with_nice)); then modes+=(nice); fi
if ((with_sqlite3)); then modes+=(sqlite3); fi
printf '%-6s %-8s %9s %8s %10s %10s %10s %8s %8s %s\n' round backup messages "db MiB" "msg/s" "p50 ms" "p99 ms" "WAL MiB" backups "backup ms (each)"
for round in $(seq "$rounds"); do
    for mode in "${modes[@]}"; do
        # Each round starts with the WAL folded into the database: a backup holds checkpoints
        # back (the WAL grows meanwhile), and the round after it would pay for them.
        python3 -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$db"
        size="$(count) $(( $(stat -c %s "$db") / 1048576 ))"
        if [[ $mode == none ]]; then
            result=$(load "$duration"); times=""
        else
            load "$duration" >"$work/load.json" &
            lpid=$!
            times=$(backups "$mode" "$lpid" | tr '\n' ' ')
            wait "$lpid"
            result=$(cat "$work/load.json")
        fi
        wal=$(( $(stat -c %s "$db-wal" 2>/dev/null || echo 0) / 1048576 ))
        python3 - "$round" "$mode" "$times" "$result" $size "$wal" <<'PY'
import json, sys
r = json.loads(sys.argv[4])
times = sys.argv[3].split()
print(f"{sys.argv[1]:<6} {sys.argv[2]:<8} {sys.argv[5]:>9} {sys.argv[6]:>8} {r['msgs_per_s']:>10} "
      f"{r['ack_p50_us']/1000:>10.1f} {r['ack_p99_us']/1000:>10.1f} {sys.argv[7]:>8} {len(times):>8} "
      f"{' '.join(times)}")
PY
    done
done
echo "messages at the end: $(count); backup file: $(du -k "$work/backup.db" 2>/dev/null | cut -f1) KiB" >&2
