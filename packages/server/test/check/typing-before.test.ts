import { documentToUpdate, YDOC_PARTS } from "@accord/collab";
import { Random } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { typingBefore } from "../../src/collab/permissions/typing-before.js";
import { readUpdate } from "../../src/collab/read-update.js";
import { typingOf, type Typing } from "../../src/collab/permissions/typing.js";
import { ATTACK_DRAFT } from "../support/attack-scene.js";
import { FUZZ_DELEGATION, fuzzCase } from "../support/fuzz-delegate.js";
import { replicaOf, updateOf } from "../support/raw-client.js";

// What an update would type is read before it is applied (typing-before.ts),
// so that typing is judged without a copy of the document to try it on. The
// invariant, checked by every case below: read before, the answer is either
// null (judge it the long way) or exactly what `typingOf` reads from the
// transaction that applies the update — same block, same text, same runs.

/** `typingOf` of the transaction that applies `update` to a copy of `doc`, with the copy. */
function typingAfter(doc: Y.Doc, update: Uint8Array): { copy: Y.Doc; typing: Typing | null; transaction: string } {
  const copy = replicaOf(doc);
  let typing: Typing | null = null;
  let seen = "";
  let first = true;
  copy.on("afterTransaction", (transaction: Y.Transaction) => {
    if (first) {
      typing = typingOf(transaction, copy.getXmlFragment(YDOC_PARTS.content));
      const deleted: string[] = [];
      transaction.deleteSet.clients.forEach((items, client) => items.forEach((d) => deleted.push(`${client}:${d.clock}+${d.len}`)));
      seen = `changed ${transaction.changed.size}, deleted ${deleted.join(" ") || "nothing"}`;
    }
    first = false;
  });
  Y.applyUpdate(copy, update);
  return { copy, typing, transaction: seen };
}

/** A typing as comparable values: where (by Yjs item id, the same in every copy) and the runs. */
function comparable(typing: Typing | null) {
  if (!typing) return null;
  const at = (type: Y.AbstractType<any>) => `${type._item!.id.client}:${type._item!.id.clock}`;
  return { block: at(typing.block), text: at(typing.text), runs: typing.runs.map((run) => ({ key: run.key, value: JSON.stringify(run.value), text: run.text })) };
}

function scene() {
  const imported = importText(ATTACK_DRAFT);
  const live = new Y.Doc();
  Y.applyUpdate(live, documentToUpdate(imported.document));
  return live;
}

function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const element = doc.getXmlFragment(YDOC_PARTS.content).get(index) as Y.XmlElement;
  return element.toArray().find((child) => child instanceof Y.XmlText) as Y.XmlText;
}

const OWN = (id: string) => ({ id, op: "insert", by: [FUZZ_DELEGATION], note: "", state: "open" });

describe("typing read before it is applied", () => {
  it("reads a new proposal typed into a paragraph, and more of a run typed inside it, as typingOf does after", () => {
    const live = scene();
    const client = replicaOf(live);
    const text = firstText(client, 2);
    for (const [at, attributes] of [
      [3, { "proposal--AAAAAAAA": OWN("typed-1") }],
      [0, { "proposal--AAAAAAAA": OWN("typed-2") }],
      [text.length, { "proposal--AAAAAAAA": OWN("typed-3") }],
    ] as const) {
      const update = updateOf(client, () => text.insert(at, " words", attributes));
      const before = typingBefore(readUpdate(update), live, live.getXmlFragment(YDOC_PARTS.content));
      expect(before).not.toBeNull();
      expect(comparable(before)).toEqual(comparable(typingAfter(live, update).typing));
      Y.applyUpdate(live, update);
    }
  });

  it("answers null where Yjs would have to order the run against one the document has and the sender had not seen", () => {
    const live = scene();
    const a = replicaOf(live);
    const b = replicaOf(live);
    const ua = updateOf(a, () => firstText(a, 2).insert(3, "aa", { "proposal--AAAAAAAA": OWN("typed-a") }));
    const ub = updateOf(b, () => firstText(b, 2).insert(3, "bb", { "proposal--AAAAAAAA": OWN("typed-b") }));
    const fragment = live.getXmlFragment(YDOC_PARTS.content);
    expect(typingBefore(readUpdate(ua), live, fragment)).not.toBeNull();
    Y.applyUpdate(live, ua);
    // b typed at the same place without having seen a's run: which comes first is Yjs' to decide.
    expect(typingBefore(readUpdate(ub), live, fragment)).toBeNull();
    expect(typingAfter(live, ub).typing).not.toBeNull();
  });

  it("answers null for what is not typing, and for what it cannot read", () => {
    const live = scene();
    const fragment = live.getXmlFragment(YDOC_PARTS.content);
    const client = replicaOf(live);
    const cases: [string, Uint8Array][] = [
      ["a deletion", updateOf(client, () => firstText(client, 2).delete(0, 2))],
      ["typing with no formatting", updateOf(client, () => firstText(client, 2).insert(0, "plain"))],
      ["typing into two paragraphs", updateOf(client, () => (firstText(client, 2).insert(0, "x", { "proposal--AAAAAAAA": OWN("t1") }), firstText(client, 3).insert(0, "y", { "proposal--AAAAAAAA": OWN("t2") })))],
      ["a new paragraph", updateOf(client, () => fragment.doc && client.getXmlFragment(YDOC_PARTS.content).insert(1, [new Y.XmlElement("paragraph")]))],
      ["an attribute of a paragraph", updateOf(client, () => (client.getXmlFragment(YDOC_PARTS.content).get(2) as Y.XmlElement).setAttribute("status", "approved"))],
    ];
    for (const [story, update] of cases) expect(typingBefore(readUpdate(update), live, fragment), story).toBeNull();
    // Bytes that are no update are refused when read, before anything asks what they type.
    expect(() => readUpdate(new Uint8Array([1, 2, 3, 4, 250, 251]))).toThrow();
  });

  it("agrees with typingOf on every seeded random update of a delegate (the fuzzer's every kind), by two clients that see each other's edits now and then", () => {
    const RUNS = Number(process.env.TYPING_RUNS ?? 40);
    let read = 0;
    let typed = 0;
    for (let run = 0; run < RUNS; run++) {
      const seed = 7300 + run;
      const rnd = new Random(seed);
      const live = scene();
      const fragment = live.getXmlFragment(YDOC_PARTS.content);
      // Two clients typing at once: each sees the other's edits only now and then.
      const clients = [replicaOf(live), replicaOf(live)];
      for (let i = 0; i < 30; i++) {
        const which = rnd.int(0, 1);
        const client = clients[which]!;
        const c = fuzzCase(client, rnd);
        const where = `seed=${seed} #${i} ${c.story.join("; ")}`;
        const before = typingBefore(readUpdate(c.update), live, fragment);
        let after: ReturnType<typeof typingAfter>;
        try {
          after = typingAfter(live, c.update);
        } catch (error) {
          // An update Yjs cannot apply (the fuzzer writes some) is never read as typing.
          expect(before, `${where}: ${(error as Error).message}`).toBeNull();
          continue;
        }
        const ds: string[] = [];
        Y.decodeUpdate(c.update).ds.clients.forEach((items, client) => items.forEach((d) => ds.push(`${client}:${d.clock}+${d.len}`)));
        if (before) expect(comparable(before), `${where} (${after.transaction}; update deletes ${ds.join(" ")}; state ${Y.getState(live.store, before.block._item!.id.client)})`).toEqual(comparable(after.typing));
        if (before) read++;
        if (after.typing) typed++;
        // As on the server: what the rule allows reaches the document; a client refused starts again from it.
        if (c.legitimate) Y.applyUpdate(live, c.update);
        else clients[which] = replicaOf(live);
        if (rnd.int(0, 3) === 0) for (const other of clients) Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
      }
    }
    // Most typing is read before it is applied.
    expect(typed).toBeGreaterThan(RUNS / 2);
    expect(read).toBeGreaterThan(typed / 2);
  });
});
