#!/usr/bin/env bash
# Installs, builds (Release), prepares data/chat.db with a demo site and a demo admin on the
# first start, then runs the chat server on http://127.0.0.1:8080 (override with CHAT_LISTEN).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHAT_BUILD_TESTS=OFF -DCHAT_BUILD_AGENT_APP=ON >/dev/null
# Only what this script runs: the server and the agent app (no benchmarks).
cmake --build build-release --target chat-server chat-agent
if [[ -f widget/package.json ]]; then
    (cd widget && npm run --silent build)
fi

server=build-release/server/chat-server
export CHAT_DB="${CHAT_DB:-data/chat.db}"
listen="${CHAT_LISTEN:-127.0.0.1:8080}"
base="http://${listen}"

agent_email=""
if [[ -z "$($server site list 2>/dev/null)" ]]; then
    port="${listen##*:}"
    key=$($server site add --name "Demo shop" --origin "$base" --origin "http://localhost:$port" 2>/dev/null)
    $server site set --key "$key" --title "Demo shop support" --greeting "Hi! Ask us anything." >/dev/null 2>&1
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)
    echo "$password" | $server agent add --email admin@demo.local --name "Demo Admin" --role admin >/dev/null 2>&1
    agent_email=admin@demo.local # filled in on the app's sign-in page
    cat <<MSG

  First start: created the demo site and a demo admin agent.
    email:    admin@demo.local
    password: $password      (shown once; keep it)

MSG
fi

agent_app="$PWD/build-release/agent-app/chat-agent"
agent_log="$(dirname "$CHAT_DB")/chat-agent.log"
cat <<MSG
  Chat server:   $base
  Health:        $base/healthz
  Demo page:     $base/demo          (the visitor's side: open it in a browser)
  Agent app:     $agent_app --server $base
                 (the agent's side: sign in with the demo admin above; started for you when a
                 display is available, its output goes to $agent_log)
  Stop with Ctrl+C.

MSG
if [[ -x "$agent_app" && -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    app_args=(--server "$base")
    if [[ -n "$agent_email" ]]; then
        app_args+=(--email "$agent_email")
    fi
    # Detached, a second after the server starts: it opens on its sign-in page, so it needs
    # the server only when the agent signs in. It keeps running when the server stops.
    ( (sleep 1; exec "$agent_app" "${app_args[@]}" >"$agent_log" 2>&1) & )
fi
exec "$server" serve --listen "$listen"
