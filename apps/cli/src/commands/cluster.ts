import { flag, stringOption } from "../args.js";
import { CliError, runUntilStopped, UsageError } from "../cli.js";
import { startCluster } from "../cluster/cluster.js";
import type { Command } from "../command.js";

/** The database a local cluster uses when DATABASE_URL is not set: this machine's PostgreSQL. */
const LOCAL_DATABASE = "postgres://postgres@127.0.0.1:5432/accord";

/**
 * `accord cluster`: several servers on one PostgreSQL database behind HAProxy
 * with a generated configuration (every document on one server), on this
 * machine, until interrupted.
 */
export const clusterCommand: Command = {
  name: "cluster",
  summary: "run several servers on PostgreSQL behind HAProxy on this machine",
  help: `Usage: accord cluster [--processes <n>] [--port <n>] [--no-demo]

Runs a local cluster: <n> Accord servers (default 3) sharing the PostgreSQL
database DATABASE_URL names (default ${LOCAL_DATABASE}, created
if missing), and HAProxy (Debian's haproxy, 2.6 or newer, on the PATH) in front
of them on one port, with a generated configuration that sends every request
about a document — /collab/<id>, /api/documents/<id>/… — to one server
(consistent hashing, health checks). Each server serves a document only while
it holds its lease; when one dies its documents move to the others. The first
server creates the demo negotiation and prints its accounts (kept in the data
directory, as accord serve does). Ctrl-C stops everything. See
docs/deployment.md.

Environment: DATABASE_URL, ACCORD_DATA_DIR (default ./data), ACCORD_LEASE_TTL_MS.

Options:
  --processes <n>  how many servers, 1 to 16 (default 3)
  --port <n>       the balancer's port (default 8080; 0: any free port)
  --no-demo        do not create or print the demo negotiation
  -h, --help       show this help`,
  options: {
    processes: { type: "string" },
    port: { type: "string" },
    "no-demo": { type: "boolean" },
  },
  async run(args, io) {
    const processes = Number(stringOption(args, "processes") ?? "3");
    if (!Number.isInteger(processes) || processes < 1 || processes > 16) throw new UsageError(`--processes must be a whole number from 1 to 16, not '${stringOption(args, "processes")}'`);
    const portText = stringOption(args, "port") ?? "8080";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not '${portText}'`);
    const databaseUrl = process.env.DATABASE_URL || LOCAL_DATABASE;
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError("DATABASE_URL must be a postgres:// URL (postgres://user@host:5432/database)");
    let cluster;
    try {
      const dataDir = process.env.ACCORD_DATA_DIR || "./data";
      cluster = await startCluster({ databaseUrl, processes, port, dataDir, demo: !flag(args, "no-demo"), log: (line) => io.out(`${line}\n`) });
    } catch (error) {
      throw new CliError(`cannot start the cluster: ${(error as Error).message}`);
    }
    io.out(`\nAccord cluster listening on ${cluster.url}: ${cluster.servers.map((s) => `${s.name} ${s.url}`).join(", ")}; HAProxy configuration ${cluster.configFile}\n`);
    await runUntilStopped(io, "Stopping the cluster…", () => cluster.stop());
    return 0;
  },
};
