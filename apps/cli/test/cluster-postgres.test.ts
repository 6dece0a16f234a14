import { spawnSync } from "node:child_process";
import { documentToUpdate } from "@accord/collab";
import { DEFAULT_CONFIG, hashPassword, openStorage } from "@accord/server";
import { importText } from "@accord/text";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { describePostgres } from "../../../test/support/postgres.js";
import type { Cluster, ClusterServer } from "../src/cluster/cluster.js";
import { ensureBuilt } from "./support.js";
import { storedText } from "../../../test/support/stored-document.js";
import { appendParagraph, documentText } from "../../../test/support/y-documents.js";

// A real cluster: three `accord serve` processes on one PostgreSQL database behind
// HAProxy with the generated configuration, clients of several documents connected
// through the balancer. The owner of a busy document is killed with -9 while its
// clients type, `KILLS` times (5 by default, to spare a shared CI machine; the issue's
// 20 with ACCORD_CLUSTER_KILLS=20): they reconnect through the balancer to the new
// owner and nothing acknowledged is lost. Then an owner is paused (SIGSTOP) past its
// lease and resumed: it never acknowledges an edit once another server took over.

const KILLS = Number(process.env.ACCORD_CLUSTER_KILLS ?? 5);
const DOCUMENTS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
const LEASE_MS = 3000;
const DEADLINE = 60_000;

const DRAFT = `Objective 1
1. To implement strategies to prevent crime and violence.
2. To develop plans respecting human rights.`;

function haproxyMissing(): string | null {
  const run = spawnSync("haproxy", ["-v"], { encoding: "utf8" });
  return run.error ? `haproxy cannot be run (${run.error.message}); Debian's package is haproxy` : null;
}

interface Writer {
  readonly documentId: string;
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  readonly socket: HocuspocusProviderWebsocket;
}

/** A client through the balancer that reconnects whenever its socket closes, as the web app does. */
function writer(url: string, documentId: string, token: string, options: { reconnect?: boolean } = {}): Writer {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: `${url.replace("http", "ws")}/collab/${documentId}`,
    WebSocketPolyfill: WebSocket,
    delay: 100,
    minDelay: 100,
    maxDelay: 1000,
    maxAttempts: options.reconnect === false ? 1 : 0,
  });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentId, token, document: doc });
  provider.attach();
  return { documentId, doc, provider, socket };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = DEADLINE): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Writes `count` paragraphs, each waited for until acknowledged (through any reconnection); returns them. */
async function type(client: Writer, tag: string, count: number): Promise<string[]> {
  const acknowledged: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = `${tag}-${i}`;
    appendParagraph(client.doc, word);
    await until(() => client.provider.isSynced && !client.provider.hasUnsyncedChanges, `${word} acknowledged`);
    acknowledged.push(word);
  }
  return acknowledged;
}

const missing = haproxyMissing();
if (missing && process.env.ACCORD_REQUIRE_POSTGRES === "1") {
  describe("a cluster behind HAProxy", () => {
    it("runs", () => {
      throw new Error(`ACCORD_REQUIRE_POSTGRES=1 but ${missing}`);
    });
  });
} else if (missing) {
  console.warn(`[cluster] ${missing}: skipping the cluster tests`);
  describe.skip(`a cluster behind HAProxy (skipped: ${missing})`, () => it.skip("runs"));
} else {
  await describePostgres("a cluster behind HAProxy", (db) => {
    let cluster: Cluster;
    let tokens: string[] = [];
    const writers: Writer[] = [];
    /** Every word a server acknowledged, by document. */
    const acknowledged = new Map<string, string[]>(DOCUMENTS.map((d) => [d, []]));

    async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query<T>(text, values)).rows;
      } finally {
        await client.end();
      }
    }

    /** The server whose lease the document is under now (waiting until one other than `not` holds it). */
    async function ownerOf(documentId: string, not?: ClusterServer): Promise<ClusterServer> {
      let owner: ClusterServer | undefined;
      await until(async () => {
        const [row] = await sql<{ address: string }>("SELECT address FROM accord_leases WHERE document_id = $1 AND expires_at > clock_timestamp()", [documentId]);
        owner = cluster.servers.find((s) => s.url === row?.address && s !== not && s.child.exitCode === null && s.child.signalCode === null);
        return owner !== undefined;
      }, `a living owner of ${documentId}`);
      return owner!;
    }

    /** The document as the database has it: the snapshot and the log after it. */
    const stored = (documentId: string) => storedText(db.url, documentId);

    /**
     * Waits until the document's two balancer clients and the database hold the same text
     * (what a server wrote itself reaches the clients a moment after the log), and checks
     * that it holds every word a server acknowledged.
     */
    async function converged(documentId: string): Promise<void> {
      const [a, b] = writers.filter((w) => w.documentId === documentId);
      let text = "";
      await until(async () => {
        if (!a!.provider.isSynced || !b!.provider.isSynced || documentText(a!.doc) !== documentText(b!.doc)) return false;
        text = await stored(documentId);
        return text === documentText(a!.doc);
      }, `the clients of ${documentId} and the database converging`);
      for (const word of acknowledged.get(documentId)!) expect(text, `${word} in ${documentId}`).toContain(word);
    }

    beforeAll(async () => {
      await ensureBuilt();
      const storage = await openStorage({ ...DEFAULT_CONFIG, databaseUrl: db.url });
      try {
        const chair = (await storage.createUser("chair", await hashPassword("chair-password")))!;
        for (const id of DOCUMENTS) {
          const { document } = importText(DRAFT);
          await storage.createDocument(
            { id, title: id, createdBy: chair.id, diagnostics: [] },
            { documentId: id, data: documentToUpdate(document), userId: chair.id, delegation: "", origin: "import" },
          );
          await storage.setMembership({ documentId: id, userId: chair.id, role: "chair", delegation: "" });
        }
        tokens = await Promise.all(DOCUMENTS.flatMap(() => [0, 1]).map(async () => (await storage.createSession(chair.id, 60 * 60_000)).token));
      } finally {
        await storage.close();
      }
      // The built cluster: it starts the built command line's servers beside it.
      const { startCluster } = (await import("../dist/cluster/cluster.js")) as typeof import("../src/cluster/cluster.js");
      cluster = await startCluster({ databaseUrl: db.url, processes: 3, port: 0, demo: false, leaseTtlMs: LEASE_MS });
      DOCUMENTS.forEach((id, i) => writers.push(writer(cluster.url, id, tokens[2 * i]!), writer(cluster.url, id, tokens[2 * i + 1]!)));
      await until(() => writers.every((w) => w.provider.isSynced), "every client synced");
    }, 120_000);

    afterAll(async () => {
      for (const w of writers) {
        // A socket still connecting reports its abort as an error, after the provider stopped listening.
        (w.socket.webSocket as unknown as { on?(event: string, listener: () => void): void } | null)?.on?.("error", () => {});
        w.provider.destroy();
        w.socket.destroy();
      }
      for (const server of cluster?.servers ?? []) if (server.child.signalCode === "SIGSTOP") server.child.kill("SIGCONT");
      await cluster?.stop();
    }, 60_000);

    it("spreads documents over the servers; clients of every document converge with the database", async () => {
      const typed = await Promise.all(writers.map((w, i) => type(w, `start-${i}`, 3)));
      writers.forEach((w, i) => acknowledged.get(w.documentId)!.push(...typed[i]!));
      const owners = new Set(await Promise.all(DOCUMENTS.map(async (id) => (await ownerOf(id)).name)));
      // Six documents on three servers by hashing: more than one server serves.
      expect(owners.size).toBeGreaterThan(1);
      for (const id of DOCUMENTS) await converged(id);
    }, 120_000);

    it(`the owner of a busy document killed with -9 while its clients type (${KILLS} times): they reconnect through the balancer to the new owner, nothing acknowledged is lost`, async () => {
      for (let round = 0; round < KILLS; round++) {
        const busy = DOCUMENTS[round % DOCUMENTS.length]!;
        const owner = await ownerOf(busy);
        const clients = writers.filter((w) => w.documentId === busy);
        const typing = clients.map((w, i) => type(w, `kill${round}-${i}`, 6));
        // Once some of the round's edits are acknowledged, in the middle of the others.
        await until(() => clients.some((w) => documentText(w.doc).includes(`kill${round}-0-1`)) && !clients[0]!.provider.hasUnsyncedChanges, `round ${round} under way`);
        owner.child.kill("SIGKILL");
        for (const words of await Promise.all(typing)) acknowledged.get(busy)!.push(...words);
        const next = await ownerOf(busy, owner);
        expect(next.name).not.toBe(owner.name);
        await until(() => owner.child.exitCode !== null || owner.child.signalCode !== null, `${owner.name} gone`);
        await cluster.restart(owner);
      }
      for (const id of DOCUMENTS) await converged(id);
    }, 600_000);

    it("an owner paused (SIGSTOP) past its lease and resumed never acknowledges an edit once another server took the document", async () => {
      const busy = DOCUMENTS[0]!;
      const paused = await ownerOf(busy);
      // A client on the paused server itself, not through the balancer, with an edit waiting there.
      const direct = writer(paused.url, busy, tokens[0]!, { reconnect: false });
      writers.push(direct);
      await until(() => direct.provider.isSynced, "the direct client synced");
      paused.child.kill("SIGSTOP");
      appendParagraph(direct.doc, "sent to the paused server");
      // Another server takes the document once the lease has run out; the balancer's clients follow it.
      const next = await ownerOf(busy, paused);
      expect(next.name).not.toBe(paused.name);
      const clients = writers.filter((w) => w.documentId === busy && w !== direct);
      const typed = await Promise.all(clients.map((w, i) => type(w, `pause-${i}`, 3)));
      for (const words of typed) acknowledged.get(busy)!.push(...words);

      let disconnected = false;
      direct.socket.on("disconnect", () => (disconnected = true));
      paused.child.kill("SIGCONT");
      // Resumed, it finds the document gone (its append is refused by the fence) and closes the socket.
      await until(() => disconnected, "the resumed server disconnecting its client");
      expect(direct.provider.hasUnsyncedChanges).toBe(true);
      await converged(busy);
      expect(await stored(busy)).not.toContain("sent to the paused server");
    }, 120_000);
  });
}
