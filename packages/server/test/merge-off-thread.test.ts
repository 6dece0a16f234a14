import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { mergeOffThread } from "../src/collab/merge-off-thread.js";

describe("merging updates on a worker thread", () => {
  it("gives what Y.mergeUpdates gives, and goes on after a bad update", async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    const text = doc.getText("t");
    for (let i = 0; i < 50; i++) text.insert(text.length, `line ${i}\n`);
    text.format(0, 10, { bold: true });

    const merged = await mergeOffThread(updates);
    expect(merged).toEqual(Y.mergeUpdates(updates));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, merged);
    expect(copy.getText("t").toDelta()).toEqual(text.toDelta());

    const garbage = new Uint8Array([255, 255, 255, 1, 2, 3]);
    await expect(mergeOffThread([garbage, garbage])).rejects.toThrow(/merging updates failed/);
    expect(await mergeOffThread(updates.slice(0, 3))).toEqual(Y.mergeUpdates(updates.slice(0, 3)));
  });
});
