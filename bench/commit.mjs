// What one durable commit of the log costs in CPU: the server's own
// `SqliteStorage.appendUpdates` (WAL, synchronous = FULL), one 300-byte update
// a commit as at light load, into a document whose log starts with a 3 MB
// import. Measured back to back ("hot": SQLite's code and pages stay in the
// CPU's caches) and with `--between` MB of memory touched before each commit
// ("between work"), as a server's event loop touches its documents, sockets
// and heap in the 20 ms between two edits at 50 senders. Only the commit is
// timed, by the process's user and system CPU around it. Prints numbers;
// exits 0.
//
//   npx tsc -b && node bench/commit.mjs [--commits 1500] [--between 32] [--rounds 3]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStorage } from "@accord/server";
import { runBench } from "./support/main.mjs";
import { integer, parseOptions } from "./support/options.mjs";
import { summary } from "./support/stats.mjs";

const DOCUMENT = "d";

function parseArgs(argv) {
  return parseOptions(
    argv,
    { commits: 1500, between: 32, rounds: 3 },
    {
      "--commits": ["commits", integer(100, 1_000_000)],
      "--between": ["between", integer(1, 4096)],
      "--rounds": ["rounds", integer(1, 100)],
    },
  );
}

/** Per-commit user and system CPU and wall time (ms) of `commits` one-update commits, `before` run ahead of each. */
async function measure(storage, commits, before) {
  const update = { documentId: DOCUMENT, data: new Uint8Array(300).fill(7), userId: null, delegation: "URY", origin: "client" };
  let user = 0;
  let system = 0;
  let wall = 0;
  for (let i = 0; i < commits; i++) {
    before();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await storage.appendUpdates([update]);
    wall += performance.now() - start;
    const used = process.cpuUsage(cpu);
    user += used.user;
    system += used.system;
  }
  return { user: user / commits / 1000, system: system / commits / 1000, wall: wall / commits };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), "accord-bench-commit-"));
  const storage = openSqliteStorage({ file: join(dir, "accord.db") });
  try {
    await storage.createDocument(
      { id: DOCUMENT, title: "bench", createdBy: null, diagnostics: [] },
      { documentId: DOCUMENT, data: new Uint8Array(3_000_000).fill(3), userId: null, delegation: "", origin: "import" },
    );
    const memory = new Float64Array((options.between * 1024 * 1024) / 8);
    // One write per 64-byte cache line: every line of the block is touched, as little else as possible is done.
    const touch = () => {
      for (let i = 0; i < memory.length; i += 8) memory[i] += 1;
    };
    const kinds = [
      ["hot (back to back)", () => {}],
      [`${options.between} MB touched between commits`, touch],
    ];
    console.log(`node ${process.version}; ${options.commits} commits of one 300-byte update each, ${options.rounds} rounds, after 200 unmeasured`);
    const results = new Map(kinds.map(([label]) => [label, []]));
    await measure(storage, 200, () => {});
    // Rounds interleaved, so that a disturbance of the machine falls on both kinds.
    for (let round = 0; round < options.rounds; round++) {
      for (const [label, before] of kinds) results.get(label).push(await measure(storage, options.commits, before));
    }
    for (const [label, rounds] of results) {
      const pick = (key) => summary(rounds.map((r) => r[key])).median;
      console.log(`  ${label.padEnd(30)} CPU ${(pick("user") + pick("system")).toFixed(3)} ms a commit (user ${pick("user").toFixed(3)}, system ${pick("system").toFixed(3)}), wall ${pick("wall").toFixed(3)} ms   (medians of ${rounds.length} rounds)`);
    }
  } finally {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  }
}

runBench("bench/commit", main);
