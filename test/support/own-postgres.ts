import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, it } from "vitest";
import { freePort } from "./ports.js";

// A PostgreSQL cluster of a test's own, for tests that stop and start the
// database (the machine's shared PostgreSQL at 127.0.0.1:5432 serves other
// test files at the same time and must never be restarted). Made with
// Debian's binaries (/usr/lib/postgresql/<version>/bin): initdb into a
// temporary directory, the server on a free port of 127.0.0.1 with its unix
// socket in that directory. initdb refuses to run as root, so as root every
// binary runs as the `postgres` user (runuser), the directory given to it.

const exec = promisify(execFile);
const PG_ROOT = "/usr/lib/postgresql";

/** The newest installed PostgreSQL's bin directory, or null when none is. */
export function postgresBinaries(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, "bin", "initdb")) && existsSync(join(PG_ROOT, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(PG_ROOT, versions[0]!, "bin") : null;
}

/** How `stop` shuts PostgreSQL down: `fast` (sessions ended cleanly) or `immediate` (a crash: recovery from the WAL at the next start). */
export type StopMode = "fast" | "immediate";

/** A running cluster of a test's own. */
export interface OwnPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` of the database `start` created. */
  readonly url: string;
  readonly port: number;
  /** The cluster's directory (data, socket, server log `server.log`). */
  readonly dir: string;
  /** Stops the server (pg_ctl stop -m `mode`), waiting until it is down. */
  stop(mode: StopMode): Promise<void>;
  /** Starts the server again on the same port, waiting until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server whatever its state and removes the directory; never rejects. */
  destroy(): Promise<void>;
}

/**
 * Makes a cluster in a new temporary directory, starts it on a free port
 * and creates database `database` in it. Rejects (having removed what it
 * made) when no PostgreSQL binaries are installed or a step fails, with the
 * step's output.
 */
export async function startOwnPostgres(database = "accord"): Promise<OwnPostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error(`no PostgreSQL binaries under ${PG_ROOT}`);
  const dir = await mkdtemp(join(tmpdir(), "accord-own-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const run = async (tool: string, args: string[]) => {
    const [command, full] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, tool), ...args]] : [join(bin, tool), args];
    try {
      await exec(command, full, { encoding: "utf8", timeout: 60_000 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${tool} ${args.join(" ")}: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
  };
  const port = await freePort();
  const cluster: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    dir,
    stop: (mode) => run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]),
    start: () =>
      run("pg_ctl", [
        "-D",
        data,
        "-l",
        join(dir, "server.log"),
        // Small: a test's few connections; the unix socket in the cluster's own directory.
        "-o",
        `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c shared_buffers=16MB -c max_connections=60`,
        "-w",
        "-t",
        "60",
        "start",
      ]),
    async destroy() {
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    if (asRoot) {
      const { stdout } = await exec("id", ["-u", "postgres"], { encoding: "utf8" });
      const { stdout: group } = await exec("id", ["-g", "postgres"], { encoding: "utf8" });
      await chown(dir, Number(stdout.trim()), Number(group.trim()));
    }
    await run("initdb", ["-D", data, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    await cluster.start();
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${database}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

/**
 * A describe block for tests that need a PostgreSQL cluster of their own:
 * skipped, saying why, where no PostgreSQL binaries are installed — failing
 * instead when ACCORD_REQUIRE_POSTGRES=1 (as .ci/run sets). The body makes
 * the cluster itself (`startOwnPostgres`, in its beforeAll).
 */
export function describeOwnPostgres(name: string, body: () => void): void {
  if (postgresBinaries()) {
    describe(name, body);
    return;
  }
  const why = `no PostgreSQL binaries (${PG_ROOT}/<version>/bin/initdb; Debian's package is postgresql)`;
  if (process.env.ACCORD_REQUIRE_POSTGRES === "1") {
    describe(name, () => {
      it("has PostgreSQL's binaries", () => {
        throw new Error(`ACCORD_REQUIRE_POSTGRES=1 but ${why}`);
      });
    });
    return;
  }
  console.warn(`[postgres] ${why}: skipping "${name}"`);
  describe.skip(`${name} (skipped: ${why})`, () => it.skip("runs on a PostgreSQL cluster of its own"));
}
