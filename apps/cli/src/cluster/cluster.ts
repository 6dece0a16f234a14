import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { haproxyConfig } from "./haproxy-config.js";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

/** How to run a local cluster. */
export interface ClusterOptions {
  /** `postgres://…` of the shared database; created when the server has none of that name. */
  readonly databaseUrl: string;
  /** How many server processes (1 to 16). */
  readonly processes: number;
  /** The balancer's port; 0 picks a free one. */
  readonly port: number;
  /** Create the demo negotiation (by the first server) and print its accounts. */
  readonly demo: boolean;
  /** The first server's data directory (where the demo's accounts are kept); the others get temporary ones. Default: a temporary one. */
  readonly dataDir?: string;
  /** The servers' lease on a document, in ms (`ACCORD_LEASE_TTL_MS`); their default when absent. */
  readonly leaseTtlMs?: number;
  /** The HAProxy program; default `haproxy` on the PATH. */
  readonly haproxy?: string;
  /** Where the servers' and HAProxy's output goes, line by line, prefixed with who wrote it. */
  readonly log?: (line: string) => void;
}

/** One server process of the cluster. */
export interface ClusterServer {
  readonly name: string;
  /** The running process (a new one after `restart`). */
  readonly child: ChildProcess;
  /** `http://127.0.0.1:port`, as its leases name it. */
  readonly url: string;
}

/** A running cluster: servers behind HAProxy on one address. */
export interface Cluster {
  /** The balancer's address, `http://127.0.0.1:port`: what clients use. */
  readonly url: string;
  readonly servers: readonly ClusterServer[];
  /** Where the generated HAProxy configuration is. */
  readonly configFile: string;
  /**
   * Starts again, on its port, a server that was killed (the test of
   * failover does): resolves once it listens. Rejects when it is running.
   */
  restart(server: ClusterServer): Promise<void>;
  /** Stops HAProxy and every server still running (SIGTERM, then SIGKILL after 10 s), and removes the configuration. */
  stop(): Promise<void>;
}

/**
 * Starts `processes` Accord servers on the shared PostgreSQL database, each
 * on a free port, and HAProxy in front of them with a generated
 * configuration (haproxy-config.ts), waiting until HAProxy answers and sees
 * every server up. Rejects, having stopped what it started, when the
 * database, a server or HAProxy does not start within 30 s.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!Number.isInteger(options.processes) || options.processes < 1 || options.processes > 16) {
    throw new RangeError(`a cluster has 1 to 16 processes, not ${options.processes}`);
  }
  await ensureDatabase(options.databaseUrl);
  const log = options.log ?? (() => {});
  const dir = await mkdtemp(join(tmpdir(), "accord-cluster-"));
  const servers: ClusterServer[] = [];
  let haproxy: ChildProcess | null = null;
  let restart: Cluster["restart"] = async () => {};
  const stop = async () => {
    await Promise.all([...(haproxy ? [haproxy] : []), ...servers.map((s) => s.child)].map(terminate));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: options.databaseUrl, PORT: "0" };
    if (options.leaseTtlMs !== undefined) env.ACCORD_LEASE_TTL_MS = String(options.leaseTtlMs);
    // The first server creates the demo negotiation alone; the others start together after it.
    const run = async (name: string, port: number, data: string, demo: boolean) => {
      const args = [MAIN, "serve", "--port", String(port), "--data", data, ...(demo ? [] : ["--no-demo"])];
      const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
      return { child, url: waitFor(child, name, /listening on (http:\/\/\S+)/, log) };
    };
    const start = async (index: number) => {
      const name = `s${index + 1}`;
      // Its data directory holds only what a server writes beside the database (the demo's accounts).
      const data = index === 0 && options.dataDir ? options.dataDir : join(dir, name);
      await mkdir(data, { recursive: true });
      const { child, url } = await run(name, 0, data, options.demo && index === 0);
      const server = { name, child, url: "", data };
      servers.push(server);
      Object.assign(server, { url: await url });
    };
    restart = async (server) => {
      if (server.child.exitCode === null && server.child.signalCode === null) throw new Error(`${server.name} is running`);
      const data = (server as ClusterServer & { data: string }).data;
      const { child, url } = await run(server.name, Number(new URL(server.url).port), data, false);
      Object.assign(server, { child });
      await url;
    };
    await start(0);
    await Promise.all(Array.from({ length: options.processes - 1 }, (_, i) => start(i + 1)));

    const port = options.port || (await freePort());
    const configFile = join(dir, "haproxy.cfg");
    const backends = servers.map((s) => ({ name: s.name, host: "127.0.0.1", port: Number(new URL(s.url).port) }));
    await writeFile(configFile, haproxyConfig({ host: "127.0.0.1", port, backends }));
    haproxy = spawn(options.haproxy ?? "haproxy", ["-db", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
    forward(haproxy, "haproxy", log);
    const url = `http://127.0.0.1:${port}`;
    await untilUp(url, haproxy);
    return { url, servers, configFile, restart: (server) => restart(server), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Creates the URL's database when its server has none of that name (the migrations need it to exist). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new RangeError(`the database name must be a plain identifier, not ${JSON.stringify(name)}`);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  // A connection lost meanwhile fails the query below; unheard, its error would end the process.
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rows.length === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** Resolves with the first match of `pattern` in the child's output; rejects when it exits first or after 30 s. */
function waitFor(child: ChildProcess, name: string, pattern: RegExp, log: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s: ${seen.slice(-2000)}`)), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (seen += chunk.toString()));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it started: ${seen.slice(-2000)}`));
    });
    forward(child, name, log);
  });
}

/** Passes a child's output on, line by line, prefixed with its name. */
function forward(child: ChildProcess, name: string, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop()!;
      for (const line of lines) log(`[${name}] ${line}`);
    });
  }
}

/** Waits until the balancer answers /health through a server, polling for up to 30 s. */
async function untilUp(url: string, haproxy: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (haproxy.exitCode !== null) throw new Error(`haproxy exited (${haproxy.exitCode}); see its output above`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the balancer at ${url} did not answer within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A TCP port nobody listens on now (HAProxy cannot be told to pick one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Ends a child: SIGTERM, SIGKILL after 10 s; resolves when it has exited. */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
