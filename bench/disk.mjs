// What the database holds after many small edits: the 2,000-paragraph
// generated document created in a real server (SQLite, the default store),
// then `--edits` proposals typed by `--senders` delegates over WebSockets
// (bench/sync's senders and edits: each a few words under its delegation's
// proposal mark, checked, logged and compacted by the server's own code).
// Prints the database's size on disk next to the document's state (its
// latest snapshot) and the log since that snapshot, while the document is
// open and after the server has closed (its last store, then SQLite's
// checkpoint). Prints numbers; exits 0.
//
//   npx tsc -b && node bench/disk.mjs [--edits 20000] [--senders 10] [--paragraphs 2000]
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OAS_MEMBER_STATES } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { DEFAULT_CONFIG, hashPassword, openSqliteStorage, sqliteFile, startServer } from "@accord/server";
import Database from "better-sqlite3";
import * as Y from "yjs";
import { EditMaker } from "./sync/edits.mjs";
import { SYNC, syncFrame } from "./sync/frames.mjs";
import { openSender } from "./sync/load.mjs";
import { runBench } from "./support/main.mjs";
import { integer, parseOptions } from "./support/options.mjs";

const DOCUMENT = "d";
const MB = 1024 * 1024;
const mb = (bytes) => `${(bytes / MB).toFixed(2)} MB`;

const options = parseOptions(process.argv.slice(2), { edits: 20_000, senders: 10, paragraphs: 2000 }, {
  "--edits": ["edits", integer(1, 1_000_000)],
  "--senders": ["senders", integer(1, 35)],
  "--paragraphs": ["paragraphs", integer(50, 20_000)],
});

/** The file and its write-ahead log, in bytes. */
function onDisk(file) {
  const size = (path) => (existsSync(path) ? statSync(path).size : 0);
  return { file: size(file), wal: size(`${file}-wal`) };
}

/** What the database holds, read by a connection of its own (WAL lets it read beside the server). */
function contents(file) {
  const db = new Database(file, { readonly: true });
  try {
    const one = (sql, ...args) => db.prepare(sql).get(...args);
    const snapshots = db.prepare("SELECT upto_seq AS upto, length(data) AS bytes FROM snapshots WHERE document_id = ? ORDER BY upto_seq").all(DOCUMENT);
    const latest = snapshots.at(-1) ?? { upto: 0, bytes: 0 };
    const log = one("SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS bytes FROM updates WHERE document_id = ?", DOCUMENT);
    const tail = one("SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS bytes FROM updates WHERE document_id = ? AND seq > ?", DOCUMENT, latest.upto);
    const pageSize = db.pragma("page_size", { simple: true });
    const pages = db.pragma("page_count", { simple: true });
    const free = db.pragma("freelist_count", { simple: true });
    return { snapshots, latest, log, tail, usedBytes: (pages - free) * pageSize, freeBytes: free * pageSize };
  } finally {
    db.close();
  }
}

function report(label, file, state) {
  const disk = onDisk(file);
  const c = contents(file);
  const total = disk.file + disk.wal;
  const bound = 2 * (state + c.tail.bytes);
  console.log(`${label}:`);
  console.log(`  on disk ${mb(total)} (file ${mb(disk.file)}, of which free pages ${mb(c.freeBytes)}; WAL ${mb(disk.wal)})`);
  console.log(`  snapshots kept: ${c.snapshots.length} (${c.snapshots.map((s) => `up to ${s.upto}: ${mb(s.bytes)}`).join(", ") || "none"})`);
  console.log(`  log: ${c.log.n} entries, ${mb(c.log.bytes)} of updates; since the last snapshot ${c.tail.n} entries, ${mb(c.tail.bytes)}`);
  console.log(`  document's state (encodeStateAsUpdate) ${mb(state)}`);
  console.log(`  on disk / (state + log since the snapshot) = ${(total / (state + c.tail.bytes)).toFixed(2)} (target ≤ 2: ${total <= bound ? "met" : "NOT MET"})`);
}

runBench("bench:disk", async () => {
  const dir = await mkdtemp(join(tmpdir(), "accord-bench-disk-"));
  const config = { ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir: join(dir, "data"), quiet: true };
  const file = sqliteFile(config);
  let server = null;
  const senders = [];
  let maker = null;
  try {
    server = await startServer(config);
    const document = generateDocument({ seed: 2026, paragraphs: options.paragraphs, proposals: Math.round(options.paragraphs * 2.5) });
    if (!(await server.live.create(DOCUMENT, document, null, []))) throw new Error("document exists");
    const { snapshot, updates } = await server.storage.loadDocumentState(DOCUMENT);
    const initial = Y.mergeUpdates([...(snapshot ? [snapshot.data] : []), ...updates.map((u) => u.data)]);
    const plan = Array.from({ length: options.senders }, (_, i) => ({ role: "delegate", delegation: OAS_MEMBER_STATES[i].code, proposeFor: OAS_MEMBER_STATES[i].code }));
    maker = new EditMaker(initial, plan, { seed: 2026 });
    const hash = await hashPassword("bench-disk-password");
    const stateVector = Y.encodeStateVectorFromUpdate(initial);
    const counters = { broadcastsReceived: 0, ackLatencies: [], nacks: 0, refusals: 0, reasons: new Set() };
    const url = `${server.url.replace("http", "ws")}/collab`;
    for (const [i, s] of plan.entries()) {
      const user = await server.storage.createUser(`sender-${i}`, hash, `Sender ${i}`);
      await server.storage.setMembership({ documentId: DOCUMENT, userId: user.id, role: s.role, delegation: s.delegation });
      const token = (await server.storage.createSession(user.id, 6 * 60 * 60 * 1000)).token;
      senders.push(await openSender({ url, documentName: DOCUMENT, token, stateVector, index: i, counters }));
    }
    console.log(`${options.paragraphs} paragraphs (${mb(initial.length)} as one update), ${options.edits} edits by ${options.senders} delegates`);

    // Each sender keeps a few edits in flight; the server's group commit and debounced compaction run as they do.
    const started = performance.now();
    let sent = 0;
    while (sent < options.edits) {
      for (const sender of senders) {
        if (sent >= options.edits) break;
        if (sender.closed) throw new Error(`sender ${sender.index} was closed: ${sender.closeReason}`);
        if (sender.pendingAcks.length >= 4) continue;
        const { update } = maker.make(sender.index);
        sender.pendingAcks.push(performance.now());
        sender.ws.send(syncFrame(DOCUMENT, SYNC.Update, update));
        sent++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const deadline = Date.now() + 120_000;
    while (senders.some((s) => s.pendingAcks.length > 0 && !s.closed)) {
      if (Date.now() > deadline) throw new Error("edits not acknowledged within 120 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (counters.refusals) throw new Error(`${counters.refusals} edits refused: ${[...counters.reasons].join("; ")}`);
    console.log(`sent and acknowledged in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const live = server.hocuspocus.documents.get(DOCUMENT);
    report("with the document open, after the last edit", file, Y.encodeStateAsUpdate(live).length);

    // The last connection gone, the server stores (compacts) and unloads the document, as it does in use.
    for (const sender of senders) sender.ws.close();
    senders.length = 0;
    const unloaded = Date.now() + 60_000;
    while (server.hocuspocus.documents.has(DOCUMENT)) {
      if (Date.now() > unloaded) throw new Error("the document was not unloaded within 60 s of its last connection closing");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.close();
    server = null;
    // The state as the next load makes it: the snapshot and the log after it.
    const storage = openSqliteStorage({ file });
    const loaded = new Y.Doc();
    try {
      const after = await storage.loadDocumentState(DOCUMENT);
      if (after.snapshot) Y.applyUpdate(loaded, after.snapshot.data);
      for (const u of after.updates) Y.applyUpdate(loaded, u.data);
    } finally {
      await storage.close();
    }
    report("after the server closed (its last store and checkpoint)", file, Y.encodeStateAsUpdate(loaded).length);
  } finally {
    for (const sender of senders) sender.ws.terminate();
    maker?.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
});
