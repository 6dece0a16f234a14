import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { OwnUpdates, updateInMessage } from "../../src/editor/sync/own-updates.js";

/** A Hocuspocus message as the server sends it: document name, Sync, then a sync step or update with its bytes. */
function message(update: Uint8Array, step = 2, name = "draft"): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, name);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Updates made by typing into a Y.Doc, one per keystroke. */
function typed(text: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const ytext = doc.getText("t");
  for (const ch of text) ytext.insert(ytext.length, ch);
  return updates;
}

describe("updateInMessage", () => {
  it("reads the update of a sync update message and nothing else", () => {
    const [update] = typed("a");
    expect(updateInMessage(message(update!))).toEqual(update);
    expect(updateInMessage(message(update!, 1))).toBeNull(); // sync step 2: the server's answer to a sync step 1
    expect(updateInMessage(message(update!, 0))).toBeNull();
    expect(updateInMessage(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(updateInMessage(new Uint8Array())).toBeNull();
    const trailing = new Uint8Array([...message(update!), 7]);
    expect(updateInMessage(trailing)).toBeNull();
  });
});

describe("OwnUpdates", () => {
  it("recognises each remembered update once, and no other", () => {
    const own = new OwnUpdates();
    const [a, b] = typed("ab");
    const [other] = typed("z");
    own.remember(a!);
    own.remember(b!);
    expect(own.isEcho(message(other!))).toBe(false);
    expect(own.isEcho(message(b!))).toBe(true);
    expect(own.isEcho(message(b!))).toBe(false);
    expect(own.isEcho(message(a!, 1))).toBe(false);
    expect(own.isEcho(message(a!))).toBe(true);
  });

  it("keeps only the latest updates", () => {
    const own = new OwnUpdates();
    const updates = typed("x".repeat(100));
    for (const update of updates) own.remember(update);
    expect(own.isEcho(message(updates[0]!))).toBe(false);
    expect(own.isEcho(message(updates[99]!))).toBe(true);
    expect(own.isEcho(message(updates[36]!))).toBe(true);
    expect(own.isEcho(message(updates[35]!))).toBe(false);
  });
});
