import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { documentToUpdate } from "@accord/collab";
import type { RunningServer } from "@accord/server";
import { importText } from "@accord/text";
import pg from "pg";
import type { Hocuspocus } from "@hocuspocus/server";
import { startTestServer, type TestServer } from "../../../packages/server/test/support.js";
import type { AttackServer } from "../../../packages/server/test/support/attack-scene.js";
import { freePort } from "../../../test/support/ports.js";
import { TEST_POSTGRES_URL } from "../../../test/support/postgres.js";
import { haproxyConfig } from "../src/cluster/haproxy-config.js";

// The attack files' server, made a cluster: `processes` servers on one fresh
// PostgreSQL database (TEST_POSTGRES_URL's server) behind HAProxy with the
// generated configuration, as `accord cluster` runs them. The servers run in
// this test process, so that the unchanged cases can still look at the live
// document (on whichever server holds it); each has its own pools, process
// key, leases and LISTEN, as a process of its own has. Clients and API calls
// go through the balancer, which hashes the document id.

async function admin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Waits until HAProxy answers `/health` through to a server; throws when it exits or 20 s pass. */
async function untilBalancing(url: string, haproxy: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (haproxy.exitCode !== null) throw new Error(`haproxy exited (${haproxy.exitCode})`);
    const answer = await fetch(`${url}/health`).catch(() => null);
    if (answer?.ok) return;
    if (Date.now() > deadline) throw new Error(`HAProxy at ${url} does not answer after 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `processes` servers on a new database behind HAProxy, as an
 * `AttackServer` whose `t` is the cluster seen from outside: its URL the
 * balancer's, its live documents those of whichever server holds them, its
 * store the shared database; `create` stores a document without loading it,
 * so that the server the balancer sends its clients to loads it. `restart`
 * restarts every server on its port; `close` stops everything and drops the
 * database. Rejects when PostgreSQL or HAProxy cannot be started.
 */
export async function startAttackCluster(processes = 2): Promise<AttackServer> {
  const database = `accord_attack_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${database}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const dir = await mkdtemp(join(tmpdir(), "accord-attack-cluster-"));
  const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
  const start = () => Promise.all(ports.map((port, i) => startTestServer({ databaseUrl, port, leaseTtlMs: 5000 }, join(dir, `server-${i}`))));
  let servers: TestServer[] = [];
  let haproxy: ChildProcess | null = null;
  const stopServers = async () => {
    for (const s of servers) await s.close();
    servers = [];
  };
  // Which servers had documents loaded, until the restart (after which the cases open every document on the first):
  // a cluster whose balancer sent everything to one server would test nothing of it.
  const serving = new Set<number>();
  const sampling = setInterval(() => servers.forEach((s, i) => s.server.hocuspocus.documents.size > 0 && serving.add(i)), 50);
  const close = async () => {
    clearInterval(sampling);
    haproxy?.kill("SIGTERM");
    await stopServers();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    if (ready && processes > 1 && serving.size < 2) throw new Error(`only ${serving.size} of the ${processes} servers had documents loaded: the balancer did not spread them`);
  };
  let ready = false;
  try {
    servers = await start();
    const port = await freePort();
    const config = join(dir, "haproxy.cfg");
    await writeFile(config, haproxyConfig({ host: "127.0.0.1", port, backends: ports.map((p, i) => ({ name: `s${i}`, host: "127.0.0.1", port: p })) }));
    haproxy = spawn("haproxy", ["-db", "-f", config], { stdio: "ignore" });
    const balancer = `http://127.0.0.1:${port}`;
    await untilBalancing(balancer, haproxy);
    ready = true;
    const holder: AttackServer = {
      t: clusterSeenFromOutside(() => servers, balancer, databaseUrl, dir),
      dataDir: dir,
      expected: new Map(),
      async restart() {
        clearInterval(sampling);
        await stopServers();
        servers = await start();
      },
      close,
    };
    return holder;
  } catch (error) {
    await close();
    throw error;
  }
}

/** The cluster as one `TestServer`: see `startAttackCluster`. */
function clusterSeenFromOutside(servers: () => readonly TestServer[], balancer: string, databaseUrl: string, dir: string): TestServer {
  const first = () => servers()[0]!;
  const loaded = (id: string) => servers().map((s) => s.server.hocuspocus.documents.get(id)).find((doc) => doc !== undefined);
  // The first server's Hocuspocus, but its documents those loaded on any server (a method runs on the first server itself).
  const hocuspocus = new Proxy({} as Hocuspocus, {
    get(_, property) {
      if (property === "documents") return { get: loaded, has: (id: string) => loaded(id) !== undefined };
      const value = Reflect.get(first().server.hocuspocus, property) as unknown;
      return typeof value === "function" ? value.bind(first().server.hocuspocus) : value;
    },
  });
  const server = new Proxy({} as RunningServer, {
    get(_, property) {
      if (property === "url") return balancer;
      if (property === "hocuspocus") return hocuspocus;
      return Reflect.get(first().server, property);
    },
  });
  return {
    server,
    dataDir: dir,
    get config() {
      return { ...first().config, databaseUrl };
    },
    member: (...args) => first().member(...args),
    async create(id, text) {
      const { document, diagnostics } = importText(text);
      const created = await first().server.storage.createDocument(
        { id, title: document.meta.title, createdBy: null, diagnostics },
        { documentId: id, data: documentToUpdate(document), userId: null, delegation: "", origin: "import" },
      );
      if (!created) throw new Error(`document ${id} exists`);
    },
    close: async () => {
      for (const s of servers()) await s.close();
    },
  };
}
