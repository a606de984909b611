#!/usr/bin/env bash
# Installs what the build, the server and the tests need on Debian 12, as root.
# Safe to run again: it installs only what is missing.
#   scripts/install-deps.sh          build + run
#   scripts/install-deps.sh --test   also what the tests need (Chromium, Xvfb, ...)
#   scripts/install-deps.sh --bench  also the server benchmark's Node peers (bench/peers)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-websockets-dev qt6-declarative-dev
    libqt6sql6-sqlite libsqlite3-dev libgl-dev
    libqt6sql6-psql libpq-dev # PostgreSQL storage (--db postgres://...)
    libhiredis-dev # the cluster bus (Redis pub/sub between nodes)
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtqml-workerscript qml6-module-qtquick-templates
    qml6-module-qt-labs-settings qml6-module-qt-labs-platform qml6-module-qtquick-dialogs
    qml6-module-qtqml-models
    libssl3 # TLS (--tls-cert): Qt's OpenSSL backend loads it at run time
    qt6-image-formats-plugins # WebP among the attachments the server thumbnails
    curl
)
# Node.js may come from another source than Debian (this project is tested on Node 20);
# Debian's own nodejs and npm are installed only when there is none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
fi
if [[ "${1:-}" == "--test" ]]; then
    packages+=(qml6-module-qttest chromium xvfb xauth imagemagick fonts-dejavu-core
               prometheus # promtool checks the /metrics text format
               clang-format qt6-declarative-dev-tools # the format check (qmlformat)
               clang libclang-rt-14-dev # the fuzz targets (libFuzzer)
               openssl # certificates made at test time (TLS)
               dbus-daemon # a session bus with a locked screen saver (agent app tests)
               redis-server # the cluster bus's tests start their own (ctest -L cluster)
               nginx # in front of two nodes in the cluster's failover test
               postgresql) # the storage suites run on PostgreSQL too (label cluster)
fi

if [[ "${1:-}" == "--bench" ]]; then
    # better-sqlite3 is compiled here: its prebuilt binaries come from GitHub, not from npm.
    packages+=(python3 make g++)
    [[ -f /usr/include/node/node_version.h ]] || packages+=(libnode-dev) # Node headers
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: missing packages (${missing[*]}); run as root or install them" >&2
        exit 1
    fi
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The widget's build and test tools, pinned by widget/package-lock.json.
if [[ -f widget/package-lock.json ]]; then
    if [[ ! -d widget/node_modules ]] || [[ widget/package-lock.json -nt widget/node_modules/.package-lock.json ]]; then
        (cd widget && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi

# The server benchmark's peers (not part of the test run), pinned by bench/peers/package-lock.json.
# better-sqlite3 builds from source against the installed Node's headers, offline.
if [[ "${1:-}" == "--bench" ]]; then
    (cd bench/peers && npm_config_build_from_source=true npm_config_nodedir=/usr \
        npm ci --no-audit --no-fund --loglevel=error)
fi
