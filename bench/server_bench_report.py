#!/usr/bin/env python3
"""Turns the server benchmark's results (one JSON object per run, from chat-loadgen) into the
"Server throughput and latency" section of docs/performance.md: the median of the rounds per
scenario and peer, and the issue's five targets marked met or not met with their ratios.
Called by bench/run-server-bench.sh; prints the section, and with --doc replaces it there."""
import argparse
import json
import platform
import re
import statistics
import subprocess
import textwrap
from collections import defaultdict
from datetime import datetime, timezone

SECTION = "## Server throughput and latency"
PEERS = ["chat-server", "ws", "ws-sqlite", "qt-echo"]
PEER_NAMES = {
    "chat-server": "chat-server",
    "ws": "Node `ws` relay (stores nothing)",
    "ws-sqlite": "Node `ws` + better-sqlite3",
    "qt-echo": "naive Qt echo",
}


def sh(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine():
    cpu = ""
    for line in sh("lscpu").splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    debian = ""
    try:
        with open("/etc/debian_version") as f:
            debian = "Debian " + f.read().strip()
    except OSError:
        debian = platform.platform()
    load = open("/proc/loadavg").read().split()[:3]
    return (f"{sh('nproc')} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GB RAM, {debian}, "
            f"Linux {platform.release()}, Node {sh('node', '--version')}; "
            f"load average at the end {' / '.join(load)}")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=0, unit=""):
    if v is None:
        return "—"
    if v == float("inf"):
        return "not all"
    if isinstance(v, float) and digits == 0:
        v = round(v)
    s = f"{v:,.{digits}f}" if isinstance(v, (int, float)) else str(v)
    return s + unit


def ms(us):
    return None if us is None or us < 0 else us / 1000.0


def wrap(line):
    """Prose and list items at 100 columns, as in the rest of the doc; tables stay whole."""
    if line.startswith("|") or len(line) <= 100:
        return line
    indent = "   " if re.match(r"\d\. ", line) else "  " if line.startswith("- ") else ""
    return textwrap.fill(line, 100, subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--doc")
    for name in ["rounds", "duration", "conversations", "rate", "storm", "idle", "agents"]:
        ap.add_argument("--" + name, default="")
    args = ap.parse_args()

    runs = defaultdict(list)  # (scenario, peer) -> [result]
    with open(args.results) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                runs[(r["scenario"], r["peer"])].append(r)

    def med(scenario, peer, key, transform=None):
        vals = [r.get(key) for r in runs.get((scenario, peer), [])]
        vals = [transform(v) if transform and v is not None else v for v in vals]
        return median(vals)

    def per_round(scenario_a, peer_a, key_a, scenario_b, peer_b, key_b):
        """Median over rounds of a/b, each ratio taken within one round."""
        b = {r["round"]: r.get(key_b) for r in runs.get((scenario_b, peer_b), [])}
        ratios = [r.get(key_a) / b[r["round"]] for r in runs.get((scenario_a, peer_a), [])
                  if r.get(key_a) and b.get(r["round"])]
        return median(ratios)

    peers = [p for p in PEERS if any(k[1] == p for k in runs)]
    rows = []

    def row(label, scenario, key, digits=0, transform=None, unit=""):
        cells = [fmt(med(scenario, p, key, transform), digits, unit)
                 if runs.get((scenario, p)) else "—" for p in peers]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")

    header = "| scenario | " + " | ".join(PEER_NAMES[p] for p in peers) + " |"
    rows.append(header)
    rows.append("| --- |" + " --- |" * len(peers))
    row("**A** acked msg/s (100 visitors × depth 8)", "A", "msgs_per_s")
    row("A ack latency p50 / ms", "A", "ack_p50_us", 1, ms)
    row("A ack latency p99 / ms", "A", "ack_p99_us", 1, ms)
    row("A ack latency p99.9 / ms", "A", "ack_p999_us", 1, ms)
    row("A server CPU µs per message", "A", "server_cpu_us_per_msg", 1)
    row("A server CPU cores busy", "A", "server_cpu_cores", 2)
    row("A generator CPU cores busy", "A", "loadgen_cpu_cores", 2)
    row(f"**B** delivered msg/s ({args.rate}/s offered, {args.conversations} conversations)",
        "B", "delivered_msgs_per_s")
    row("B visitor→agent p50 / ms", "B", "delivery_p50_us", 1, ms)
    row("B visitor→agent p99 / ms", "B", "delivery_p99_us", 1, ms)
    row("B visitor→agent p99.9 / ms", "B", "delivery_p999_us", 1, ms)
    row("B undelivered when sending stops / %", "B", "undelivered_at_end_pct", 1)
    row("B undelivered 5 s later (messages)", "B", "undelivered_after_drain")
    row("B server CPU µs per message", "B", "server_cpu_us_per_msg", 1)
    row("**C** latest-50 history p50 / ms (under A)", "C", "history_p50_us", 1, ms)
    row("C history p99 / ms", "C", "history_p99_us", 1, ms)
    row("C acked msg/s meanwhile", "C", "msgs_per_s")
    row(f"**D** of {args.storm} reconnects, served within 3 s", "D", "served_within_3s")
    row("D served within 1 s", "D", "served_within_1s")
    row("D time until all served / s", "D", "all_served_s", 2,
        lambda v: float("inf") if v < 0 else v)
    row("D failed (refused, reset, errors)", "D", "failed")
    row("D server CPU µs per reconnect", "D", "server_cpu_us_per_socket")
    row("D slowest GET /healthz during the storm / ms (main port)", "D", "healthz_max_ms", 1)
    row("D GET /healthz unanswered within 30 s (main port)", "D", "healthz_failed")
    row("D slowest GET /healthz during the storm / ms (--health-listen port)", "D",
        "health_port_max_ms", 1)
    row("D GET /healthz unanswered within 30 s (--health-listen port)", "D", "health_port_failed")
    row(f"**E** RSS per idle socket / KB ({args.idle} sockets)", "E", "rss_per_socket_kb", 1)
    row("E acked msg/s with them open", "E", "msgs_per_s")
    row("E server CPU µs per message", "E", "server_cpu_us_per_msg", 1)

    # The targets, each from ratios within one round.
    targets = []

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    vs_ws = per_round("A", "chat-server", "msgs_per_s", "A", "ws", "msgs_per_s")
    vs_sqlite = per_round("A", "chat-server", "msgs_per_s", "A", "ws-sqlite", "msgs_per_s")
    cpu = med("A", "chat-server", "server_cpu_us_per_msg")
    if vs_ws is not None and vs_sqlite is not None and cpu is not None:
        ok = vs_ws >= 1.0 and vs_sqlite >= 3.0 and cpu <= 30
        targets.append(
            f"1. Durable acked throughput ≥ 1.0× Node `ws`, ≥ 3× Node + better-sqlite3, CPU ≤ 30 µs/msg: "
            f"{verdict(ok)} — {vs_ws:.3f}× `ws`, {vs_sqlite:.2f}× `ws`+sqlite, {cpu:.0f} µs/msg "
            f"({cpu / 30:.1f}× the budget).")
    p99 = ms(med("B", "chat-server", "delivery_p99_us"))
    p999 = ms(med("B", "chat-server", "delivery_p999_us"))
    undelivered = med("B", "chat-server", "undelivered_at_end_pct")
    if p99 is not None:
        ok = p99 <= 2.0 and (undelivered or 0) < 1
        targets.append(
            f"2. Visitor→agent p99 ≤ 2 ms at {args.rate} msg/s over {args.conversations} conversations: "
            f"{verdict(ok)} — p99 {p99:,.1f} ms ({p99 / 2:,.0f}× the target), p99.9 {p999:,.1f} ms, "
            f"{undelivered:.1f}% undelivered when sending stopped.")
    rss = med("E", "chat-server", "rss_per_socket_kb")
    loss = per_round("E", "chat-server", "msgs_per_s", "A", "chat-server", "msgs_per_s")
    if rss is not None and loss is not None:
        ok = rss <= 10 and loss >= 0.9
        targets.append(
            f"3. {args.idle} idle sockets ≤ 10 KB each and ≤ 10% off throughput: {verdict(ok)} — "
            f"{rss:.1f} KB each ({rss / 10:.1f}× the budget), throughput with them open "
            f"{loss:.2f}× A of the same round ({(loss - 1) * 100:+.0f}%).")
    within3 = med("D", "chat-server", "served_within_3s")
    failed = med("D", "chat-server", "failed")
    if within3 is not None:
        total = int(args.storm) if args.storm else 0
        ok = total and within3 >= total and not failed
        targets.append(
            f"4. {args.storm} simultaneous reconnects all served within 3 s, none refused: "
            f"{verdict(ok)} — {within3:,.0f} of {total:,} within 3 s ({within3 / total:.2f}×), "
            f"{failed:,.0f} failed.")
    hp99 = ms(med("C", "chat-server", "history_p99_us"))
    if hp99 is not None:
        targets.append(
            f"5. Latest-50 history p99 ≤ 2 ms while A runs: {verdict(hp99 <= 2)} — p99 "
            f"{hp99:,.1f} ms ({hp99 / 2:,.0f}× the target).")

    commit = sh("git", "rev-parse", "--short", "HEAD")
    if sh("git", "status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    counts = sorted({len(v) for v in runs.values()})
    lines = [
        SECTION,
        "",
        "Written by `bench/run-server-bench.sh` (do not edit by hand: run it again). Each figure is "
        f"the median of {args.rounds} rounds run interleaved (every round runs chat-server and "
        "each peer in turn, each on a fresh database and process); ratios are taken within a round. "
        "One generator (`chat-loadgen`, epoll, one load thread) on the same machine, loopback, "
        "120-character `message.send` bodies. The peers' D and E run in the first round only "
        "unless `--all-rounds` (or `--long`) is given.",
        "",
        f"- Machine: {machine()}",
        f"- Date: {date}; commit {commit}; Release build",
        f"- Command: `{args.command}` ({args.duration} s measured per load, runs per cell: "
        f"{', '.join(map(str, counts))})",
        "- chat-server runs with its per-address and message limits off "
        "(`--max-sockets-per-address 0 --new-connections-per-second 0 --limit-* 0`). The peers "
        "answer `message.send` with the ack only; chat-server also sends the `message` event to "
        "the sender, i.e. two frames per message.",
        "",
        "Targets (issue #12):",
        "",
        *targets,
        "",
        *rows,
        "",
        "B: visitors each in a conversation assigned to one of "
        f"{args.agents} signed-in agents, messages offered at a fixed total rate (open loop); latency "
        "from the visitor's send to the agent receiving the `message` event, for messages "
        "delivered. C: 4 visitors each fetching their latest 50 messages in a loop while A runs. "
        "D: visitors that had a token reconnect and send `hello` all at once; served = `welcome` "
        "received. E: RSS from `/proc/PID/status` before and after opening the idle sockets "
        "(`hello` sent, no conversation), then A with them open. Server CPU is utime+stime from "
        "`/proc/PID/stat` over the measured window.",
        "",
    ]
    section = "\n".join(wrap(line) for line in lines)
    print(section)
    if args.doc:
        with open(args.doc) as f:
            doc = f.read()
        pattern = re.compile(re.escape(SECTION) + r"\n.*?(?=^## |\Z)", re.S | re.M)
        if pattern.search(doc):
            doc = pattern.sub(lambda _: section + "\n", doc, count=1)
        elif "## Not measured yet" in doc:
            doc = doc.replace("## Not measured yet", section + "\n## Not measured yet", 1)
        else:
            doc = doc.rstrip("\n") + "\n\n" + section
        with open(args.doc, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
