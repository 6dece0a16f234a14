// How long a client waits for a 2,000-paragraph document when the server must
// first load it from its durable log (cold) and when it has it in memory
// (warm): a Hocuspocus client in Node, from connecting to synced. The
// server-side share of the cold case is what separates the browser's first
// open from the others in bench/web.mjs. Prints numbers; exits 0.
//
//   npm run build && node bench/cold-open.mjs [--runs N]
//   node --cpu-prof --cpu-prof-dir=/tmp/cold bench/cold-open.mjs   (where the time goes)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { DEFAULT_CONFIG, hashPassword, startServer } from "@accord/server";
import { generateDocument } from "@accord/schema/generate";
import WebSocket from "ws";
import * as Y from "yjs";

const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Math.max(1, Math.min(20, Number(process.argv[runsAt + 1]) || 1)) : 3;
const config = (dir) => ({ ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir: join(dir, "data"), quiet: true });

/** Connects to document `d` and resolves with the milliseconds until synced, and a function that disconnects. */
async function connect(server, token) {
  const t0 = performance.now();
  const socket = new HocuspocusProviderWebsocket({ url: `${server.url.replace("http", "ws")}/collab`, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: "d", document: new Y.Doc(), token });
  provider.attach();
  await new Promise((resolve, reject) => {
    provider.on("synced", resolve);
    provider.on("authenticationFailed", ({ reason }) => reject(new Error(reason)));
  });
  return { ms: performance.now() - t0, close: () => (provider.destroy(), socket.destroy()) };
}

for (let run = 0; run < runs; run++) {
  const dir = await mkdtemp(join(tmpdir(), "accord-cold-open-"));
  let server = null;
  try {
    server = await startServer(config(dir));
    await server.live.create("d", generateDocument({ seed: 2026, paragraphs: 2000, proposals: 5000 }), null, []);
    const user = await server.storage.createUser("chair", await hashPassword("chair-password"), "Chair");
    await server.storage.setMembership({ documentId: "d", userId: user.id, role: "chair", delegation: "" });
    const token = (await server.storage.createSession(user.id, 600_000)).token;
    // A restart: the document is on disk only.
    await server.close();
    server = await startServer(config(dir));
    const cold = await connect(server, token);
    const warm = await connect(server, token);
    console.log(`run ${run + 1}: cold connect → synced ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms`);
    cold.close();
    warm.close();
  } finally {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
process.exit(0);
