// The cluster under load: `accord cluster`'s servers on PostgreSQL behind HAProxy
// (apps/cli/src/cluster), for each count of --processes (default 1,3):
//
// - propagation: for each count of --clients (default 50,100,200), that many
//   editors over --documents (default 50) documents, each typing one edit a
//   second for --seconds (default 20), connected through the balancer; every
//   other client of the same document (the editors, and one more per document
//   that only watches) times the edit's arrival. Prints p50,
//   p99 and max per load and, per process count, the largest load whose p99
//   stayed under 100 ms.
// - takeover: a client of a --paragraphs (default 2,000) paragraph document
//   is connected through the balancer, the document's server is killed with
//   -9, and the time until the client is synced again and its next edit is
//   acknowledged (by the new owner, loading the document from the log) is
//   measured, --takeovers times (default 3). Clients reconnect 100 ms after a
//   close (the provider's default is 1 s; add it for a browser).
//
// Every editor runs in this process (full Hocuspocus providers applying
// everything): on a 2-core machine shared with the servers the load generator
// itself is part of what is measured. Prints numbers, exits 0; a benchmark,
// not a test. See docs/benchmarks.md, "Cluster".
//
//   npm run bench:cluster                            (builds first)
//   node bench/cluster.mjs --processes 3 --clients 100 --seconds 10
// Needs PostgreSQL (ACCORD_TEST_POSTGRES, default postgres://postgres@127.0.0.1:5432/test;
// a throwaway database is made on its server and dropped) and haproxy on the PATH.
import { loadavg } from "node:os";
import { documentToUpdate, YDOC_PARTS } from "@accord/collab";
import { DEFAULT_CONFIG, hashPassword, openStorage } from "@accord/server";
import { importText } from "@accord/text";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import pg from "pg";
import WebSocket from "ws";
import * as Y from "yjs";
import { startCluster } from "../apps/cli/dist/cluster/cluster.js";
import { runBench } from "./support/main.mjs";
import { integer, number, parseOptions } from "./support/options.mjs";
import { summary } from "./support/stats.mjs";

const TARGET_P99_MS = 100;
const TARGET_TAKEOVER_MS = 2000;
const SERVER = process.env.ACCORD_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test";

function list(min, max) {
  const one = integer(min, max);
  return { takesValue: true, read: (value, arg) => value.split(",").map((part) => one.read(part, arg)) };
}

const options = parseOptions(
  process.argv.slice(2),
  { processes: [1, 3], clients: [50, 100, 200], documents: 50, seconds: 20, paragraphs: 2000, takeovers: 3 },
  {
    "--processes": ["processes", list(1, 16)],
    "--clients": ["clients", list(1, 2000)],
    "--documents": ["documents", integer(1, 1000)],
    "--seconds": ["seconds", number(1, 3600)],
    "--paragraphs": ["paragraphs", integer(10, 20_000)],
    "--takeovers": ["takeovers", integer(0, 50)],
  },
);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await sleep(10);
  }
}

async function admin(work) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function draft(paragraphs) {
  const lines = ["Objective 1"];
  for (let i = 1; i <= paragraphs; i++) lines.push(`${i}. To implement strategies number ${i} to prevent crime and violence in the region.`);
  return lines.join("\n");
}

/** A throwaway database with the documents and a chair's tokens; returns its URL and the tokens. */
async function seed(documents, paragraphs, tokenCount) {
  const name = `accord_bench_cluster_${process.pid}_${Date.now()}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const storage = await openStorage({ ...DEFAULT_CONFIG, databaseUrl: url.toString() });
  try {
    const chair = await storage.createUser("chair", await hashPassword("chair-password"));
    for (const [id, size] of documents.map((d) => [d, d === "large" ? paragraphs : 10])) {
      const { document } = importText(draft(size));
      await storage.createDocument(
        { id, title: id, createdBy: chair.id, diagnostics: [] },
        { documentId: id, data: documentToUpdate(document), userId: chair.id, delegation: "", origin: "import" },
      );
      await storage.setMembership({ documentId: id, userId: chair.id, role: "chair", delegation: "" });
    }
    const tokens = [];
    for (let i = 0; i < tokenCount; i++) tokens.push((await storage.createSession(chair.id, 4 * 60 * 60_000)).token);
    return { name, url: url.toString(), tokens };
  } finally {
    await storage.close();
  }
}

function editor(url, documentId, token) {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: `${url.replace("http", "ws")}/collab/${documentId}`, WebSocketPolyfill: WebSocket, delay: 100, minDelay: 100, maxDelay: 1000 });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentId, token, document: doc });
  provider.attach();
  return { documentId, doc, provider, socket };
}

function close(e) {
  e.socket.webSocket?.on?.("error", () => {});
  e.provider.destroy();
  e.socket.destroy();
}

/** Types `text` at the start of the document's last paragraph (a chair edits base text). */
function type(e, text) {
  const fragment = e.doc.getXmlFragment(YDOC_PARTS.content);
  const paragraph = fragment.get(fragment.length - 1);
  const xmlText = paragraph.toArray().find((child) => child instanceof Y.XmlText);
  xmlText.insert(0, text);
}

const MARK = /m(\d+)_(\d+)_/g;

async function propagation(cluster, documents, tokens, clients, seconds) {
  const editors = Array.from({ length: clients }, (_, i) => editor(cluster.url, documents[i % documents.length], tokens[i]));
  // One more client per document that only watches, so that an edit has someone to reach however few type.
  const observers = documents.map((id, i) => editor(cluster.url, id, tokens[clients + i]));
  const sentAt = new Map();
  const latencies = [];
  [...editors, ...observers].forEach((e, index) => {
    e.doc.on("update", (update, origin) => {
      if (origin !== e.provider) return;
      const now = performance.now();
      for (const struct of Y.decodeUpdate(update).structs) {
        const text = struct.content?.str;
        if (!text) continue;
        for (const [, from, seq] of text.matchAll(MARK)) {
          if (Number(from) === index) continue;
          const sent = sentAt.get(`${from}_${seq}`);
          if (sent !== undefined) latencies.push(now - sent);
        }
      }
    });
  });
  try {
    await until(() => [...editors, ...observers].every((e) => e.provider.isSynced), `${clients} editors synced`, 120_000);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let sent = 0;
    // Each editor once a second, spread evenly over the second.
    for (let tick = 0; performance.now() - started < seconds * 1000; tick++) {
      const index = tick % clients;
      const due = started + (tick * 1000) / clients;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      sentAt.set(`${index}_${tick}`, performance.now());
      type(editors[index], `m${index}_${tick}_ `);
      sent++;
    }
    const used = process.cpuUsage(cpu);
    const generatorCpu = (used.user + used.system) / 1000 / (performance.now() - started);
    await sleep(2000);
    return { sent, generatorCpu, load: loadavg()[0], ...summary(latencies) };
  } finally {
    [...editors, ...observers].forEach(close);
  }
}

async function takeover(cluster, dbUrl, token) {
  const e = editor(cluster.url, "large", token);
  try {
    await until(() => e.provider.isSynced, "the large document synced", 120_000);
    type(e, "before ");
    await until(() => !e.provider.hasUnsyncedChanges, "the first edit acknowledged");
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const { rows } = await client.query("SELECT address FROM accord_leases WHERE document_id = 'large'").finally(() => client.end());
    const owner = cluster.servers.find((s) => s.url === rows[0]?.address);
    if (!owner) throw new Error("no owner of the large document");
    let down = false;
    e.socket.on("disconnect", () => (down = true));
    const killed = performance.now();
    owner.child.kill("SIGKILL");
    await until(() => down, "the client disconnected");
    type(e, "after ");
    await until(() => e.provider.isSynced && !e.provider.hasUnsyncedChanges, "the edit after the kill acknowledged", 120_000);
    const ms = performance.now() - killed;
    await until(() => owner.child.exitCode !== null || owner.child.signalCode !== null, "the killed server gone");
    await cluster.restart(owner);
    return ms;
  } finally {
    close(e);
  }
}

async function main() {
  const documents = [...Array.from({ length: options.documents }, (_, i) => `doc-${i + 1}`), "large"];
  // A token for each editor, each observer and the takeover's client.
  const most = Math.max(...options.clients) + options.documents + 1;
  for (const processes of options.processes) {
    const { name, url, tokens } = await seed(documents, options.paragraphs, most);
    const cluster = await startCluster({ databaseUrl: url, processes, port: 0, demo: false });
    try {
      console.log(
        `\n${processes} process${processes === 1 ? "" : "es"} behind HAProxy, ${options.documents} documents (each with one more client that only watches), 1 edit a second per editor, ${options.seconds} s each`,
      );
      let best = 0;
      for (const clients of options.clients) {
        const r = await propagation(cluster, documents.slice(0, -1), tokens, clients, options.seconds);
        const fine = r.p99 < TARGET_P99_MS;
        if (fine) best = Math.max(best, clients);
        console.log(
          `  ${String(clients).padStart(5)} editors: ${r.sent} edits, ${r.n} arrivals timed; propagation p50 ${r.median.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; this process (the clients) ${(100 * r.generatorCpu).toFixed(0)}% of a core, load average ${r.load.toFixed(1)}${fine ? "" : "  OVER TARGET"}`,
        );
      }
      console.log(`  largest load with p99 under ${TARGET_P99_MS} ms: ${best ? `${best} editors` : "none of those tried"}`);
      if (options.takeovers > 0 && processes > 1) {
        const times = [];
        for (let i = 0; i < options.takeovers; i++) times.push(await takeover(cluster, url, tokens[most - 1]));
        const t = summary(times);
        console.log(
          `  takeover after kill -9 of the owner of a ${options.paragraphs}-paragraph document (client synced and its edit acknowledged): ` +
            `median ${t.median.toFixed(0)} ms, max ${t.max.toFixed(0)} ms over ${t.n}${t.max < TARGET_TAKEOVER_MS ? "" : "  OVER TARGET"}`,
        );
      }
    } finally {
      await cluster.stop();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  }
}

runBench("bench:cluster", main);
