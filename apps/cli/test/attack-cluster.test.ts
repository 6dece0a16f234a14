import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";
import { playAttacksOn } from "../../../packages/server/test/support/attack-scene.js";
import { postgresUnavailable, TEST_POSTGRES_URL } from "../../../test/support/postgres.js";
import { startAttackCluster } from "./attack-cluster.js";

// The trust rule's attack files (packages/server/test/attacks/attack-*.test.ts), their
// cases unchanged, played against a cluster — two servers on PostgreSQL behind
// HAProxy (attack-cluster.ts) — instead of one server on SQLite: every attack
// still refused, every invariant kept, every document read back the same after
// the servers restart. Every file, 115 cases, takes some 45 s here (about as
// long as against one server), so CI plays them all; ACCORD_ATTACK_CLUSTER
// names a few (comma-separated) to play only those.

const ALL = [
  "attack-one-door",
  "attack-client-ids",
  "attack-co-sponsors",
  "attack-block-identity",
  "attack-proposal-ids",
  "attack-unknown-attributes",
  "attack-unreadable-content",
] as const;
/** The case files to play: every file, or those ACCORD_ATTACK_CLUSTER names (comma-separated). */
function chosen(): readonly string[] {
  const asked = process.env.ACCORD_ATTACK_CLUSTER;
  if (!asked || asked === "all") return ALL;
  const names = asked.split(",").map((n) => n.trim());
  const unknown = names.filter((n) => !(ALL as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`ACCORD_ATTACK_CLUSTER names no attack file: ${unknown.join(", ")} (files: ${ALL.join(", ")})`);
  return names;
}

const haproxy = spawnSync("haproxy", ["-v"], { encoding: "utf8" });
const missing = haproxy.error
  ? `haproxy cannot be run (${haproxy.error.message}); Debian's package is haproxy`
  : await postgresUnavailable().then((why) => (why ? `PostgreSQL does not answer at ${TEST_POSTGRES_URL} (${why})` : null));

if (missing && process.env.ACCORD_REQUIRE_POSTGRES === "1") {
  describe("the trust rule's attacks against a cluster", () => {
    it("runs", () => {
      throw new Error(`ACCORD_REQUIRE_POSTGRES=1 but ${missing}`);
    });
  });
} else if (missing) {
  console.warn(`[attack-cluster] ${missing}: skipping the attacks against a cluster`);
  describe.skip(`the trust rule's attacks against a cluster (skipped: ${missing})`, () => it.skip("runs"));
} else {
  playAttacksOn(() => startAttackCluster(2));
  for (const file of chosen()) {
    // Each file's cases in a block of their own, on a cluster of their own (the file's attackFile()).
    describe(`${file}, against two servers on PostgreSQL behind HAProxy`, async () => {
      await import(`../../../packages/server/test/attacks/${file}.test.ts`);
    });
  }
}
