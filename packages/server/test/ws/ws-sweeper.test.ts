import { openSqliteStorage, sqliteFile } from "@accord/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, startTestServer, type Client, type TestServer } from "../support.js";

// The sweeper (collab/sweeper.ts) with a short interval, so that each test sees many periodic checks.
const INTERVAL_MS = 100;

let t: TestServer;
// Session reads by the server's store since the counter was last set to 0: each is one connection checked (or one sign-in).
let sessionReads = 0;
beforeAll(async () => {
  t = await startTestServer({ sweepIntervalMs: INTERVAL_MS });
  await t.create("plan", DRAFT);
  const storage = t.server.storage;
  const findSession = storage.findSession.bind(storage);
  storage.findSession = (token) => {
    sessionReads++;
    return findSession(token);
  };
});
afterAll(async () => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const closedWithin = (client: Client, ms: number) =>
  Promise.race([
    new Promise<number>((resolve) => client.provider.on("close", () => resolve(Date.now()))),
    sleep(ms).then(() => null),
  ]);

describe("periodic checks of open connections", () => {
  // Invariant: a periodic check reads a connection's session and membership only when they could have changed — the
  // connection is new, its session's time is up, or the store's access version moved — and reads every connection then.
  it("read nothing while nothing changes, then every connection once something does", async () => {
    const clients = await Promise.all(["a", "b", "c"].map(async (name) => connect(t.server, "plan", await t.member(`sweep-${name}`, "plan", "chair"))));
    try {
      // The new connections are read once by the next checks; afterwards, ten intervals of nothing read nothing.
      await sleep(3 * INTERVAL_MS);
      sessionReads = 0;
      await sleep(10 * INTERVAL_MS);
      expect(sessionReads).toBe(0);
      // Control: a change to a membership (of someone not connected) has every connection read again, once.
      const outsider = await t.server.storage.createUser("sweep-outsider", "unused-hash");
      await t.server.storage.setMembership({ documentId: "plan", userId: outsider!.id, role: "observer", delegation: "" });
      await sleep(5 * INTERVAL_MS);
      expect(sessionReads).toBe(3);
      expect(clients.every((c) => c.provider.isSynced)).toBe(true);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it("close a connection whose membership another connection to the database removed (accord member beside the server)", async () => {
    const client = await connect(t.server, "plan", await t.member("sweep-removed", "plan", "delegate", "URY"));
    const beside = openSqliteStorage({ file: sqliteFile(t.config) });
    try {
      await sleep(3 * INTERVAL_MS);
      const user = (await beside.findUserByName("sweep-removed"))!;
      const removedAt = Date.now();
      const closed = closedWithin(client, 3000);
      expect(await beside.removeMembership("plan", user.id)).toBe(true);
      const at = await closed;
      expect(at).not.toBeNull();
      expect(at! - removedAt).toBeLessThan(1000);
    } finally {
      client.destroy();
      await beside.close();
    }
  });

  it("close a connection whose role another connection changed, and one whose session it ended", async () => {
    const changed = await connect(t.server, "plan", await t.member("sweep-role", "plan", "chair"));
    const token = await t.member("sweep-session", "plan", "chair");
    const ended = await connect(t.server, "plan", token);
    const kept = await connect(t.server, "plan", await t.member("sweep-kept", "plan", "chair"));
    const beside = openSqliteStorage({ file: sqliteFile(t.config) });
    try {
      await sleep(3 * INTERVAL_MS);
      const user = (await beside.findUserByName("sweep-role"))!;
      const closes = [closedWithin(changed, 3000), closedWithin(ended, 3000), closedWithin(kept, 1500)];
      await beside.setMembership({ documentId: "plan", userId: user.id, role: "observer", delegation: "" });
      await beside.deleteSession(token);
      const [roleAt, sessionAt, keptAt] = await Promise.all(closes);
      expect(roleAt).not.toBeNull();
      expect(sessionAt).not.toBeNull();
      // Control: a connection whose access did not change stays open.
      expect(keptAt).toBeNull();
    } finally {
      for (const c of [changed, ended, kept]) c.destroy();
      await beside.close();
    }
  });

  it("close a connection when its session's time is up, with nothing else changing", async () => {
    const user = (await t.server.storage.createUser("sweep-short", "unused-hash"))!;
    await t.server.storage.setMembership({ documentId: "plan", userId: user.id, role: "chair", delegation: "" });
    const { token } = await t.server.storage.createSession(user.id, 1500);
    const client = await connect(t.server, "plan", token);
    try {
      await sleep(3 * INTERVAL_MS);
      sessionReads = 0;
      const at = await closedWithin(client, 4000);
      expect(at).not.toBeNull();
      // It was read when its time was up, not at every check before.
      expect(sessionReads).toBeLessThanOrEqual(2);
    } finally {
      client.destroy();
    }
  });
});
