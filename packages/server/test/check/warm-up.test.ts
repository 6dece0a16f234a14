import { describe, expect, it } from "vitest";
import { warmUpLoading } from "../../src/collab/warm-up.js";
import { DRAFT, startTestServer } from "../support.js";

describe("warmUpLoading", () => {
  it("applies, reads and encodes a generated document that reads back (it throws when it does not)", () => {
    expect(() => warmUpLoading(2, 40)).not.toThrow();
  });

  it("leaves a server that loads and reads documents as one started cold", async () => {
    const t = await startTestServer({ warmUp: true });
    try {
      await t.create("plan", DRAFT);
      const fromLog = await t.server.live.read("plan");
      const direct = await t.server.hocuspocus.openDirectConnection("plan", {});
      const loaded = await t.server.live.read("plan");
      await direct.disconnect();
      if (!fromLog.ok || !loaded.ok) throw new Error("the document does not read");
      expect(fromLog.value.content.childCount).toBeGreaterThan(1);
      expect(loaded.value.eq(fromLog.value)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
