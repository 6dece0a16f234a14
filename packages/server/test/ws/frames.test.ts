import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { readClientFrame, RefusedFrame } from "../../src/collab/frames.js";
import { awarenessUpdate, frame, MessageType, SyncStep } from "../support/raw-client.js";

// Invariant (the one door): every frame a client sends is read as Hocuspocus'
// MessageReceiver reads it. Whatever it would apply as a Yjs update — a sync
// step 2 or an update, under Sync or under SyncReply — is named an update
// (and so is checked and logged); what it would not understand, and what
// only servers send, is refused outright.

const update = new Uint8Array([1, 0, 0]);
const sync = (type: number, step: number, payload = update) =>
  frame("doc", type, (e) => {
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

describe("readClientFrame", () => {
  it("finds the update of a sync step 2 or an update, under Sync and under SyncReply alike", () => {
    for (const type of [MessageType.Sync, MessageType.SyncReply]) {
      for (const step of [SyncStep.step2, SyncStep.update]) {
        expect(readClientFrame(sync(type, step))).toEqual({ kind: "update", update });
      }
      expect(readClientFrame(sync(type, SyncStep.step1))).toEqual({ kind: "other" });
    }
  });

  it("names the client ids a presence message publishes a state for, not those it removes", () => {
    const presence = frame("doc", MessageType.Awareness, (e) =>
      encoding.writeVarUint8Array(e, awarenessUpdate([{ clientID: 7, clock: 1, state: {} }, { clientID: 8, clock: 2, state: null }, { clientID: 9, clock: 1, state: { cursor: 1 } }])),
    );
    expect(readClientFrame(presence)).toEqual({ kind: "presence", clients: [7, 9] });
  });

  it("lets through what never changes the document", () => {
    for (const type of [MessageType.QueryAwareness, MessageType.Close]) expect(readClientFrame(frame("doc", type)).kind).toBe("other");
    expect(readClientFrame(frame("doc", MessageType.Stateless, (e) => encoding.writeVarString(e, "{}"))).kind).toBe("other");
  });

  it("refuses what only servers send, what it does not know, and what does not decode", () => {
    const refused: [string, Uint8Array][] = [
      ["broadcast", frame("doc", MessageType.BroadcastStateless, (e) => encoding.writeVarString(e, "{}"))],
      ["sync status", frame("doc", MessageType.SyncStatus, (e) => encoding.writeVarUint(e, 1))],
      ["unknown type", frame("doc", 99)],
      ["unknown sync step", sync(MessageType.Sync, 7)],
      ["truncated update", sync(MessageType.Sync, SyncStep.update).slice(0, -2)],
      ["no type", new Uint8Array([3, 100, 111, 99])],
    ];
    for (const [what, bytes] of refused) expect(() => readClientFrame(bytes), what).toThrow(RefusedFrame);
  });
});
