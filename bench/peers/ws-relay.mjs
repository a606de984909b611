// The Node.js peers of the server benchmark (bench/run-server-bench.sh):
//   node ws-relay.mjs [--port 0]                   answers at once, stores nothing
//   node ws-relay.mjs --sqlite FILE [--port 0]     inserts each message first (WAL, one INSERT)
// They answer only what the load generator's scenarios A, D and E send (hello,
// conversation.start, message.send), with the frame shapes chat-server uses.
import { WebSocketServer } from "ws";

const args = process.argv.slice(2);
const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(option("--port") ?? 0);
const sqlitePath = option("--sqlite");

let insert = null;
if (sqlitePath) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(sqlitePath);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(`CREATE TABLE IF NOT EXISTS messages (
        conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, client_id TEXT NOT NULL,
        body TEXT NOT NULL, created_at INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, seq))`);
    const statement = db.prepare(
        "INSERT INTO messages (conversation_id, seq, client_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
    );
    insert = (conversationId, seq, clientId, body, at) =>
        statement.run(conversationId, seq, clientId, body, at);
}

let nextId = 0;
const lastSeq = new Map(); // per conversation

const server = new WebSocketServer({
    host: "127.0.0.1",
    port,
    backlog: 4096,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has("chat.v1") ? "chat.v1" : false),
});

server.on("connection", (socket) => {
    socket.on("message", (data) => {
        let request;
        try {
            request = JSON.parse(data);
        } catch {
            socket.send(JSON.stringify({ type: "error", code: "bad_json", message: "not JSON" }));
            return;
        }
        const rid = request.rid;
        if (request.type === "message.send") {
            const conversationId = request.conversationId;
            const seq = (lastSeq.get(conversationId) ?? 0) + 1;
            lastSeq.set(conversationId, seq);
            const at = Date.now();
            if (insert) insert(conversationId, seq, request.clientId, request.body, at);
            socket.send(
                JSON.stringify({
                    type: "message.ack",
                    rid,
                    conversationId,
                    clientId: request.clientId,
                    seq,
                    at,
                    duplicate: false,
                }),
            );
        } else if (request.type === "hello") {
            const id = ++nextId;
            socket.send(
                JSON.stringify({
                    type: "welcome",
                    rid,
                    visitorId: `v${id}`,
                    visitorToken: `t${id}`,
                    site: { id: "s1", name: "bench" },
                    conversations: [],
                }),
            );
        } else if (request.type === "conversation.start") {
            const at = Date.now();
            socket.send(
                JSON.stringify({
                    type: "conversation.started",
                    rid,
                    conversation: {
                        id: `c${++nextId}`,
                        status: "queued",
                        createdAt: at,
                        queuedAt: at,
                        lastSeq: 0,
                        queuePosition: 1,
                    },
                }),
            );
        } else {
            socket.send(
                JSON.stringify({ type: "error", rid, code: "unknown_type", message: "not part of the benchmark" }),
            );
        }
    });
    socket.on("error", () => {});
});

server.on("listening", () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
