import { fileURLToPath } from "node:url";
import { configFromEnv, ensureDemo, startServer, storeName, DEMO_DOCUMENT_ID } from "@accord/server";
import { CliError, runUntilStopped, UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { flag, stringOption } from "../args.js";

const SAMPLE_DRAFT = fileURLToPath(new URL("../../../../examples/draft-resolution.txt", import.meta.url));
/** The built web app (npm run build), served at / when present. */
const WEB_ROOT = fileURLToPath(new URL("../../../web/dist", import.meta.url));

/**
 * `accord serve`: the collaboration server on the embedded SQLite store (or
 * PostgreSQL, with `DATABASE_URL`), with the demo negotiation and its
 * accounts unless `--no-demo`.
 */
export const serveCommand: Command = {
  name: "serve",
  summary: "run the collaboration server (API, real-time sync)",
  help: `Usage: accord serve [--port <n>] [--data <dir>] [--no-demo]

Runs Accord: the REST API under /api and the real-time sync WebSocket at
/collab, on one port, storing everything in an SQLite file under the data
directory, or, when DATABASE_URL is set (postgres://user@host:5432/database),
in that PostgreSQL database, which several servers may share (see
docs/deployment.md). The first start creates a demo negotiation from
examples/draft-resolution.txt with a chair, a secretariat, three delegates and
an observer, and prints their usernames and passwords (every start prints them).

Environment: PORT (default 8080), ACCORD_DATA_DIR (default ./data),
DATABASE_URL, REDIS_URL. Options override the environment.

Options:
  --port <n>     the port (0: any free port)
  --data <dir>   the data directory
  --no-demo      do not create or print the demo negotiation
  -h, --help     show this help`,
  options: {
    port: { type: "string" },
    data: { type: "string" },
    "no-demo": { type: "boolean" },
  },
  async run(args, io) {
    // A served process warms its loading code up before listening (a test's server does not).
    const overrides: { port?: number; dataDir?: string; webRoot: string; warmUp: boolean } = { webRoot: WEB_ROOT, warmUp: true };
    const port = stringOption(args, "port");
    if (port !== undefined) {
      const n = Number(port);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a port number, not '${port}'`);
      overrides.port = n;
    }
    const data = stringOption(args, "data");
    if (data !== undefined) overrides.dataDir = data;
    let config;
    try {
      config = configFromEnv(process.env, overrides);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    let server;
    try {
      server = await startServer(config);
    } catch (error) {
      throw new CliError(`cannot start the server: ${(error as Error).message}`);
    }
    io.out(`Accord listening on ${server.url} (data in ${storeName(config)})\n`);
    if (!flag(args, "no-demo")) {
      const accounts = await ensureDemo(config, server.storage, server.live, SAMPLE_DRAFT);
      io.out(`\nDemo negotiation "${DEMO_DOCUMENT_ID}" (${server.url}/api/documents/${DEMO_DOCUMENT_ID}); accounts:\n`);
      for (const a of accounts) io.out(`  ${a.username.padEnd(12)} password ${a.password.padEnd(14)} ${a.role}${a.delegation ? ` of ${a.delegation}` : ""}\n`);
      io.out(`\nSign in: curl -s ${server.url}/api/login -H 'content-type: application/json' -d '{"username":"chair","password":"…"}'\n`);
    }
    await runUntilStopped(io, "Stopping…", () => server.close());
    return 0;
  },
};
