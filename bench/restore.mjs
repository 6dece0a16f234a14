// How long `accord restore` (planRestore) takes to find the last state that
// reads in a long log of a large document: a 2,000-paragraph generated
// document imported as entry 1, then `--edits` small edits (a few characters
// typed into a random paragraph each), one of them — `--break-at` entries
// before the end — a Y.Text put directly under the content, after which the
// document does not read. Real SQLite, the server's own code. Compares with
// replaying the log entry by entry and reading after each (timed on a sample
// of steps). Prints numbers; exits 0.
//
//   npx tsc -b && node bench/restore.mjs [--edits 3000] [--break-at 1000]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { documentToUpdate, readDocument } from "@accord/collab";
import { generateDocument, Random } from "@accord/schema/generate";
import { applyRestore, openSqliteStorage, planRestore } from "@accord/server";
import * as Y from "yjs";

const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number`);
  return value;
};
const edits = option("--edits", 3000);
const breakAt = Math.min(option("--break-at", 1000), edits);

const dir = await mkdtemp(join(tmpdir(), "accord-bench-restore-"));
const storage = openSqliteStorage({ file: join(dir, "accord.sqlite") });
try {
  const document = generateDocument({ seed: 2026, paragraphs: 2000, proposals: 5000 });
  const initial = documentToUpdate(document);
  await storage.createDocument({ id: "d", title: "Bench", createdBy: null, diagnostics: [] }, { documentId: "d", data: initial, userId: null, delegation: "", origin: "import" });

  // The edits, made on one replica; each logged as the client would send it.
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, initial);
  const texts = [];
  for (const block of ydoc.getXmlFragment("content").toArray()) {
    if (block instanceof Y.XmlElement && block.nodeName === "paragraph") for (const child of block.toArray()) if (child instanceof Y.XmlText) texts.push(child);
  }
  const random = new Random(7);
  const batch = [];
  for (let i = 0; i < edits; i++) {
    const before = Y.encodeStateVector(ydoc);
    if (i === edits - breakAt) ydoc.getXmlFragment("content").insert(random.int(0, 100), [new Y.Text("stray")]);
    else {
      const text = random.pick(texts);
      text.insert(random.int(0, text.length), random.pick(["a", "the ", "and ", "x"]));
    }
    batch.push({ documentId: "d", data: Y.encodeStateAsUpdate(ydoc, before), userId: null, delegation: "", origin: "client" });
  }
  await storage.appendUpdates(batch);
  const log = await storage.readUpdates("d");
  const bytes = log.reduce((n, u) => n + u.data.length, 0);
  console.log(`log: ${log.length} entries, ${(bytes / 1e6).toFixed(2)} MB; the break is entry ${log.length - breakAt + 1}`);

  let t = performance.now();
  const plan = await planRestore(storage, "d");
  const planMs = performance.now() - t;
  if (!plan.ok) throw new Error(plan.message);
  console.log(`planRestore: ${planMs.toFixed(0)} ms, ${plan.value.reads} states read; keeps ${plan.value.kept}, sets aside ${plan.value.setAside.count}`);

  // Entry by entry from the first, reading after each: timed on the 20 steps before the break.
  const replay = new Y.Doc();
  const sample = Math.max(1, log.length - breakAt - 20);
  for (const update of log.slice(0, sample)) Y.applyUpdate(replay, update.data);
  t = performance.now();
  for (const update of log.slice(sample, sample + 20)) {
    Y.applyUpdate(replay, update.data);
    try {
      readDocument(replay);
    } catch {
      // Past the break, the read throws (y-prosemirror's "Unexpected case"): it still took its time.
    }
  }
  const perStep = (performance.now() - t) / 20;
  console.log(`entry by entry: ${perStep.toFixed(0)} ms per entry read, so about ${((perStep * (log.length - breakAt)) / 1000).toFixed(0)} s to reach the break`);

  t = performance.now();
  const done = await applyRestore(storage, plan.value, { userId: null, username: "", delegation: "", via: "cli" });
  if (!done.ok) throw new Error(done.message);
  console.log(`setting ${done.value.setAside.count} entries aside: ${(performance.now() - t).toFixed(0)} ms`);
} finally {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
}
