#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on) and runs each for a bounded time over its committed seed
# corpus. Exits non-zero on the first crash, leak, hang or sanitizer finding, which is left in
# build-fuzz/findings/ to reproduce with `build-fuzz/fuzz_<target> <file>`.
#   scripts/fuzz.sh                 every target, 20 s each
#   scripts/fuzz.sh 300             every target, 5 minutes each
#   scripts/fuzz.sh 60 client_messages
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(client_messages server_messages websocket_frames request_head)

cmake -S tests/fuzz -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz

mkdir -p build-fuzz/findings
for target in "${targets[@]}"; do
    seeds=tests/fuzz/corpus/${target%%_*}
    # New inputs go to a scratch corpus; the committed seeds stay as they are.
    work=build-fuzz/corpus/$target
    mkdir -p "$work"
    echo "fuzzing $target for ${seconds}s"
    set +e
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "build-fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -dict=tests/fuzz/json.dict -print_final_stats=1 \
        -artifact_prefix="build-fuzz/findings/$target-" "$work" "$seeds" >"build-fuzz/$target.log" 2>&1
    status=$?
    set -e
    grep -E '^(INFO: seed corpus|stat::number_of_executed_units|stat::peak_rss_mb)' "build-fuzz/$target.log" || true
    if ((status != 0)); then
        # The whole report: the finding, its stack and the input that caused it.
        tail -n 60 "build-fuzz/$target.log" >&2
        echo "fuzz_$target found a problem (exit $status); the input is in build-fuzz/findings/" >&2
        exit "$status"
    fi
done
