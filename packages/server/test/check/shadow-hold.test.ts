import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ShadowDocument } from "../../src/collab/permissions/shadow.js";

describe("holding a shadow document", () => {
  it("lets one operation hold at a time; updates wait at the gate until the last release", async () => {
    const shadow = new ShadowDocument(new Y.Doc());
    const order: string[] = [];
    const first = shadow.hold();
    const second = shadow.hold().then((release) => {
      order.push("second holds");
      return release;
    });
    const releaseFirst = await first;
    order.push("first holds");
    const passed = shadow.gate().then(() => order.push("update passes"));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(["first holds"]);
    expect(shadow.isHeld).toBe(true);

    releaseFirst();
    const releaseSecond = await second;
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(["first holds", "second holds"]);
    releaseSecond();
    await passed;
    expect(order).toEqual(["first holds", "second holds", "update passes"]);
    expect(shadow.isHeld).toBe(false);
    shadow.destroy();
  });
});
