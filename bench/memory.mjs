// How many open 2,000-paragraph documents a server holds in a 1 GB heap, and
// what each costs beside a bare Y.Doc of it. The server runs in a child
// (bench/memory/server-child.mjs, --max-old-space-size=1024 --expose-gc) on a
// database holding `--documents` copies of the generated document; this
// process opens them one after the other — a delegate connects to each over
// a WebSocket and sends one proposal, so the server has loaded, read and
// checked it (its shadow copy made), and the child holds it open with a
// direct connection — and after each asks the child for its
// heap after a full collection, until the child runs out of memory or every
// document is open. Prints the heap and RSS per open document, the bare
// Y.Doc's heap, how many fit and the longest garbage-collection pause the
// child saw (perf_hooks, collections forced by the measurement left out).
// Target: ≤ 1.5× the bare Y.Doc per document. Prints numbers; exits 0.
//
// With --idle-ms N the server lets a document's check copy go after N ms
// without an update (its `shadowIdleMs`, 5 minutes by default), and once every
// document is open the bench waits that long and measures again: what
// documents open but not being edited cost.
//
//   npx tsc -b && node bench/memory.mjs [--documents 40] [--heap-mb 1024] [--idle-ms 5000]
import { fork } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { documentToUpdate } from "@accord/collab";
import { generateDocument } from "@accord/schema/generate";
import { hashPassword, openSqliteStorage, sqliteFile } from "@accord/server";
import * as Y from "yjs";
import { EditMaker } from "./sync/edits.mjs";
import { SYNC, syncFrame } from "./sync/frames.mjs";
import { openSender } from "./sync/load.mjs";
import { runBench } from "./support/main.mjs";
import { integer, parseOptions } from "./support/options.mjs";

const CHILD = fileURLToPath(new URL("./memory/server-child.mjs", import.meta.url));
const MB = 1024 * 1024;
const options = parseOptions(process.argv.slice(2), { documents: 40, heapMb: 1024, idleMs: null }, {
  "--documents": ["documents", integer(1, 500)],
  "--heap-mb": ["heapMb", integer(256, 16_384)],
  "--idle-ms": ["idleMs", integer(100, 3_600_000)],
});

/** The database: `count` copies of the document, a delegate of Uruguay in each, and the delegate's token. */
async function prepare(dataDir, initial, count) {
  const storage = openSqliteStorage({ file: sqliteFile({ dataDir }) });
  try {
    const user = await storage.createUser("delegate", await hashPassword("bench-memory-password"), "Delegate");
    for (let i = 0; i < count; i++) {
      const id = `d${i}`;
      await storage.createDocument({ id, title: id, createdBy: null, diagnostics: [] }, { documentId: id, data: initial, userId: null, delegation: "", origin: "import" });
      await storage.setMembership({ documentId: id, userId: user.id, role: "delegate", delegation: "URY" });
    }
    return (await storage.createSession(user.id, 6 * 60 * 60 * 1000)).token;
  } finally {
    await storage.close();
  }
}

/** The child and `ask(message, replyType)`, which rejects when the child exits first (out of memory, say). */
function startChild(execArgv) {
  const child = fork(CHILD, [], { execArgv, stdio: ["ignore", "inherit", "pipe", "ipc"] });
  // Writing to a child that has just died fails with EPIPE; its exit says why.
  child.on("error", () => {});
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const ask = (message, replyType, timeoutMs = 300_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${replyType} within ${timeoutMs / 1000} s`)), timeoutMs);
      const onMessage = (m) => {
        if (m.type === "error") done(new Error(m.message));
        else if (m.type === replyType) done(null, m);
      };
      const onExit = () => done(new Error("the server child exited"));
      const done = (error, value) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (error) reject(error);
        else resolve(value);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
      if (child.exitCode !== null || child.signalCode !== null || !child.connected) done(new Error("the server child exited"));
      else child.send(message);
    });
  return { child, ask, exited, stderr: () => stderr };
}

/** Resolves when the sender's edit is acknowledged; rejects when its socket closes or the child exits first. */
async function acknowledged(sender, exited) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + 300_000;
  while (sender.pendingAcks.length > 0) {
    if (gone) throw new Error("the server child exited");
    if (sender.closed) throw new Error(`the connection closed: ${sender.closeReason}`);
    if (Date.now() > deadline) throw new Error("not acknowledged within 300 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

runBench("bench:memory", async () => {
  const dir = await mkdtemp(join(tmpdir(), "accord-bench-memory-"));
  const dataDir = join(dir, "data");
  const senders = [];
  let running = null;
  try {
    const initial = documentToUpdate(generateDocument({ seed: 2026, paragraphs: 2000, proposals: 5000 }));
    const initialPath = join(dir, "initial.bin");
    await writeFile(initialPath, initial);
    const token = await prepare(dataDir, initial, options.documents);
    // One proposal, the same for every copy: each starts from the same state.
    const maker = new EditMaker(initial, [{ role: "delegate", delegation: "URY", proposeFor: "URY" }], { seed: 2026 });
    const { update } = maker.make(0);
    maker.destroy();

    running = startChild([`--max-old-space-size=${options.heapMb}`, "--expose-gc"]);
    let longestPause = { ms: 0, kind: "", heapMB: 0 };
    running.child.on("message", (m) => {
      if (m.type === "pause" && m.ms > longestPause.ms) longestPause = m;
    });
    const ready = await running.ask({ type: "start", dataDir, initialPath, ...(options.idleMs === null ? {} : { shadowIdleMs: options.idleMs }) }, "ready");
    console.log(`2,000 paragraphs (${(initial.length / MB).toFixed(2)} MB as one update); server child with --max-old-space-size=${options.heapMb}`);
    console.log(`bare Y.Doc of it: ${ready.bare.heapMB.toFixed(1)} MB of heap (${ready.bare.count} measured together)`);
    const base = await running.ask({ type: "measure" }, "measured");
    console.log(`server started, nothing open: heap ${(base.heapUsed / MB).toFixed(0)} MB, RSS ${(base.rss / MB).toFixed(0)} MB`);

    const url = `ws://127.0.0.1:${ready.port}/collab`;
    const stateVector = Y.encodeStateVectorFromUpdate(initial);
    const counters = { broadcastsReceived: 0, ackLatencies: [], nacks: 0, refusals: 0, reasons: new Set() };
    let last = base;
    let opened = 0;
    let timedOut = 0;
    let stopped = "every document is open";
    for (let i = 0; i < options.documents; i++) {
      const started = performance.now();
      try {
        const sender = await openSender({ url, documentName: `d${i}`, token, stateVector, index: i, counters });
        senders.push(sender);
        sender.pendingAcks.push(performance.now());
        sender.ws.send(syncFrame(`d${i}`, SYNC.Update, update));
        await acknowledged(sender, running.exited);
        if (counters.refusals) throw new Error(`the edit was refused: ${[...counters.reasons].join("; ")}`);
        await running.ask({ type: "hold", id: `d${i}` }, "held");
        const measured = await running.ask({ type: "measure" }, "measured");
        opened = i + 1;
        const perDocument = (measured.heapUsed - base.heapUsed) / opened / MB;
        console.log(
          `${String(opened).padStart(3)} open: heap ${(measured.heapUsed / MB).toFixed(0)} MB (+${((measured.heapUsed - last.heapUsed) / MB).toFixed(1)}), ` +
            `${perDocument.toFixed(1)} MB per document = ${(perDocument / ready.bare.heapMB).toFixed(2)}× the bare Y.Doc; RSS ${(measured.rss / MB).toFixed(0)} MB; ` +
            `opened in ${((performance.now() - started) / 1000).toFixed(1)} s; longest GC pause so far ${measured.longestPause.ms.toFixed(0)} ms (${measured.longestPause.kind})`,
        );
        if (measured.loaded !== opened) throw new Error(`the server holds ${measured.loaded} of the ${opened} documents`);
        timedOut = senders.filter((s) => s.closed).length;
        last = measured;
      } catch (error) {
        stopped = `document ${i + 1} did not open: ${error.message}`;
        break;
      }
    }
    if (timedOut) console.log(`${timedOut} of the delegates' connections were closed by the server meanwhile (${senders.find((s) => s.closed).closeReason}): its event loop was blocked past Hocuspocus' ping timeout`);
    // When a document did not open, the child may be dying (out of memory): wait for it a little.
    if (opened < options.documents) await Promise.race([running.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    const { code, signal } = running.child.exitCode !== null || running.child.signalCode !== null ? { code: running.child.exitCode, signal: running.child.signalCode } : {};
    const died = code !== undefined;
    const fatal = /FATAL ERROR[^\n]*/.exec(running.stderr())?.[0];
    console.log(`${opened} documents open and measured; ${stopped}${died ? ` (the child exited: ${code ?? signal}${fatal ? `, ${fatal}` : ""})` : ""}`);
    if (opened > 0) {
      const perDocument = (last.heapUsed - base.heapUsed) / opened / MB;
      console.log(`per open document: ${perDocument.toFixed(1)} MB of heap (${(perDocument / ready.bare.heapMB).toFixed(2)}× the bare Y.Doc's ${ready.bare.heapMB.toFixed(1)} MB; target ≤ 1.5×), ${((last.rss - base.rss) / opened / MB).toFixed(1)} MB of RSS`);
      console.log(`longest garbage-collection pause: ${longestPause.ms.toFixed(0)} ms (${longestPause.kind}, heap ${longestPause.heapMB.toFixed(0)} MB), until the end`);
    }
    if (opened > 0 && options.idleMs !== null && !died) {
      await new Promise((resolve) => setTimeout(resolve, options.idleMs + 2000));
      const idle = await running.ask({ type: "measure" }, "measured");
      const perDocument = (idle.heapUsed - base.heapUsed) / opened / MB;
      console.log(
        `after ${((options.idleMs + 2000) / 1000).toFixed(0)} s without an update (check copies let go after ${options.idleMs} ms): heap ${(idle.heapUsed / MB).toFixed(0)} MB, ` +
          `${perDocument.toFixed(1)} MB per open document = ${(perDocument / ready.bare.heapMB).toFixed(2)}× the bare Y.Doc (target ≤ 1.5×); RSS ${(idle.rss / MB).toFixed(0)} MB; ${idle.loaded} documents loaded`,
      );
    }
  } finally {
    for (const sender of senders) sender.ws.terminate();
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      await running.ask({ type: "stop" }, "stopped", 60_000).catch(() => running.child.kill("SIGKILL"));
    }
    await rm(dir, { recursive: true, force: true });
  }
});
