#!/usr/bin/env bash
# Installs what is missing, builds everything (warnings as errors, AddressSanitizer and
# UndefinedBehaviorSanitizer on), and runs every suite through ctest. Exits non-zero on any
# failure, and a source file out of the house format (ctest label `format`). Pass ctest options
# through, e.g. `scripts/test.sh -L unit` for the quick subset.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCHAT_WERROR=ON -DCHAT_SANITIZE=ON >/dev/null
cmake --build build-test
if [[ -f widget/package.json ]]; then
    (cd widget && npm run --silent build)
fi

# Qt's and fontconfig's one-time allocations are not this project's leaks.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-test --output-on-failure --timeout 600 "$@"
