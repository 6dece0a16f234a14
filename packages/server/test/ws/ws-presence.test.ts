import { readDocument, writeDocument } from "@accord/collab";
import { schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, eventually, startTestServer, type TestServer } from "../support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.create("plan", DRAFT);
});
afterAll(async () => t.close());

describe("presence", () => {
  it("carries the identity the session gives, whatever the client claims", async () => {
    const forger = await connect(t.server, "plan", await t.member("presence-uru", "plan", "delegate", "URY"));
    const watcher = await connect(t.server, "plan", await t.member("presence-chair", "plan", "chair"));
    try {
      forger.provider.setAwarenessField("user", { name: "Brazil", delegation: "BRA", colour: "#000000" });
      forger.provider.setAwarenessField("cursor", { anchor: 3, head: 5 });
      const id = forger.doc.clientID;
      await eventually(() => watcher.provider.awareness!.getStates().get(id)?.cursor !== undefined, 5000, "presence arrives");
      const seen = watcher.provider.awareness!.getStates().get(id)!;
      expect(seen.cursor).toEqual({ anchor: 3, head: 5 });
      expect(seen.user).toMatchObject({ username: "presence-uru", delegation: "URY", role: "delegate" });
      expect(seen.user.colour).not.toBe("#000000");
    } finally {
      forger.destroy();
      watcher.destroy();
    }
  });

  it("bounds a presence flood: the burst's tail is dropped, the next second passes again", async () => {
    const flooder = await connect(t.server, "plan", await t.member("flood-uru", "plan", "delegate", "URY"));
    const watcher = await connect(t.server, "plan", await t.member("flood-chair", "plan", "chair"));
    try {
      const id = flooder.doc.clientID;
      // What the server accepted from the flooder, counted where it is applied (the
      // broadcast to others is batched, so a watcher's events would not count it).
      const served = t.server.hocuspocus.documents.get("plan")!.awareness;
      let accepted = 0;
      const count = ({ added, updated }: { added: number[]; updated: number[] }) => {
        if (added.includes(id) || updated.includes(id)) accepted++;
      };
      served.on("change", count);
      const cursorSeen = () => watcher.provider.awareness!.getStates().get(id)?.cursor?.anchor as number | undefined;

      const start = Date.now();
      for (let i = 0; i < 200; i++) flooder.provider.setAwarenessField("cursor", { anchor: i, head: i });
      const sent = Date.now() - start;
      await eventually(() => cursorSeen() !== undefined, 5000, "some presence arrives");
      await new Promise((r) => setTimeout(r, 300));
      // 30 a second: the 200 updates, sent within `sent` ms, span at most that many one-second windows.
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThanOrEqual(30 * (Math.ceil(sent / 1000) + 1) + 1);
      expect(cursorSeen()).toBeLessThan(199);

      // The budget is per second, not a ban: once the window has passed, presence flows again.
      await new Promise((r) => setTimeout(r, 1100));
      flooder.provider.setAwarenessField("cursor", { anchor: 500, head: 500 });
      await eventually(() => cursorSeen() === 500, 5000, "presence after the flood");
      served.off("change", count);
    } finally {
      flooder.destroy();
      watcher.destroy();
    }
  });
});

describe("sessions and memberships are checked while connected", () => {
  const write = (doc: import("yjs").Doc, words: string) => {
    const read = readDocument(doc);
    if (!read.ok) throw new Error(read.message);
    const end = read.value.content.content.size - 1;
    writeDocument(doc, read.value.withContent(new Transform(read.value.content).insert(end, schema.text(words)).doc));
  };

  it("a membership revoked while connected takes effect within a second", async () => {
    const token = await t.member("revoked-secretariat", "plan", "secretariat");
    const client = await connect(t.server, "plan", token);
    try {
      const user = (await t.server.storage.findUserByName("revoked-secretariat"))!;
      const closed = new Promise<number>((resolve) => client.provider.on("close", () => resolve(Date.now())));
      const revokedAt = Date.now();
      await t.server.storage.removeMembership("plan", user.id);
      const at = await Promise.race([closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error("still connected")), 3000))]);
      expect(at - revokedAt).toBeLessThan(1000);
      write(client.doc, " after revocation");
      await new Promise((r) => setTimeout(r, 300));
      const live = await t.server.live.read("plan");
      expect(live.ok && live.value.content.textContent).not.toContain("after revocation");
    } finally {
      client.destroy();
    }
  });

  it("an expired session closes the connection", async () => {
    const user = (await t.server.storage.createUser("short-session", "unused-hash"))!;
    await t.server.storage.setMembership({ documentId: "plan", userId: user.id, role: "chair", delegation: "" });
    const { token } = await t.server.storage.createSession(user.id, 1200);
    const client = await connect(t.server, "plan", token);
    try {
      const closed = new Promise<void>((resolve) => client.provider.on("close", () => resolve()));
      await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error("still connected")), 4000))]);
    } finally {
      client.destroy();
    }
  });
});
