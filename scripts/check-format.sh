#!/usr/bin/env bash
# Fails when a tracked source file drifts from the house format: C++ (.clang-format),
# QML (qmlformat's defaults) and the widget's JavaScript (Prettier, widget/.prettierrc.json).
# Fix with: clang-format -i <files>, qmlformat -i <files>, (cd widget && npm run format).
set -euo pipefail
cd "$(dirname "$0")/.."

qmlformat=$(command -v qmlformat || echo /usr/lib/qt6/bin/qmlformat)
status=0

mapfile -t cpp < <(git ls-files '*.cpp' '*.h')
if ! clang-format --dry-run -Werror "${cpp[@]}" 2>/tmp/clang-format.$$; then
    grep -oE '^[^ :]+\.(cpp|h):' /tmp/clang-format.$$ | sort -u | sed 's/:$//; s/^/not clang-formatted: /' >&2
    status=1
fi
rm -f /tmp/clang-format.$$

while read -r file; do
    if ! "$qmlformat" "$file" | cmp -s - "$file"; then
        echo "not qmlformatted: $file" >&2
        status=1
    fi
done < <(git ls-files '*.qml')

if [[ -f widget/package.json ]]; then
    (cd widget && npm run --silent format:check) || status=1
fi

exit $status
