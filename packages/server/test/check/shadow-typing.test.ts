import { documentToUpdate, YDOC_PARTS } from "@accord/collab";
import { Random } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { judgeUpdate, RejectedUpdate, typedProposals, type Sender } from "../../src/collab/permissions/judge.js";
import { ShadowDocument } from "../../src/collab/permissions/shadow.js";
import { readUpdate } from "../../src/collab/read-update.js";
import { stableJSON } from "../../src/collab/permissions/stable-json.js";
import type { Touched } from "../../src/collab/permissions/touched.js";
import { ATTACK_DRAFT } from "../support/attack-scene.js";
import { FUZZ_DELEGATION, fuzzCase } from "../support/fuzz-delegate.js";
import { replicaOf, updateOf } from "../support/raw-client.js";

// An update that only types a delegation's own proposed insertion is judged as
// it is applied (typing.ts, `typedProposals`), and its block is not read again
// until an update changes it the long way — then as it was just before that
// update, from inside its transaction (`readElementAsBefore`). The invariants,
// each checked by every case below:
//
// - judged as applied, an update is accepted only if the long way (every
//   touched block read before and after, `judgeUpdate`) accepts it too, and a
//   shadow that judges typing so accepts exactly what one that never does
//   accepts;
// - the long way sees the same blocks, before and after, on both shadows,
//   stale blocks included.

const DELEGATE: Sender = { role: "delegate", delegation: FUZZ_DELEGATION };
const CHAIR: Sender = { role: "chair", delegation: "" };

interface Verdict {
  readonly accepted: boolean;
  readonly reason: string;
  readonly touched: Touched | null;
}

/** What the server's check decides on `update` (validator.ts, without the client ids), with typing judged as applied or not. */
function judge(shadow: ShadowDocument, update: Uint8Array, sender: Sender, asTyped: boolean): Verdict {
  let touched: Touched;
  try {
    touched = asTyped ? shadow.apply(update, (typing, block) => typedProposals(typing, sender, block)) : shadow.apply(update);
  } catch {
    shadow.reset();
    return { accepted: false, reason: "the edit cannot be read", touched: null };
  }
  try {
    judgeUpdate(touched, sender, shadow);
  } catch (error) {
    if (!(error instanceof RejectedUpdate)) throw error;
    shadow.reset();
    return { accepted: false, reason: error.reason, touched };
  }
  shadow.remember(touched);
  return { accepted: true, reason: "", touched };
}

/** The blocks an update touched, before and after, as comparable text. */
function seen(touched: Touched): string[] {
  return touched.blocks.map(({ before, after }) => `${before ? stableJSON(before.read) : "-"} → ${after ? stableJSON(after.read) : "-"}`).sort();
}

/** A live document holding `draft`, and a delegate's replica of it. */
function scene(draft = ATTACK_DRAFT) {
  const imported = importText(draft);
  if (!imported.document) throw new Error("the draft does not import");
  const live = new Y.Doc();
  Y.applyUpdate(live, documentToUpdate(imported.document));
  return { live, replica: () => replicaOf(live) };
}

/** The first text of the paragraph whose id is `id`. */
function textOf(doc: Y.Doc, id: string): Y.XmlText {
  for (const element of doc.getXmlFragment(YDOC_PARTS.content).toArray()) {
    if (element instanceof Y.XmlElement && element.getAttribute("id") === id) return element.get(0) as Y.XmlText;
  }
  throw new Error(`no paragraph ${id}`);
}

/** The formatting key and attributes of the first run of `text` that carries a proposal of `id`. */
function proposalFormat(text: Y.XmlText, id: string): [string, Record<string, unknown>] {
  for (const d of text.toDelta() as { attributes?: Record<string, Record<string, unknown>> }[]) {
    for (const [key, value] of Object.entries(d.attributes ?? {})) if (value.id === id) return [key, value];
  }
  throw new Error(`no proposal ${id}`);
}

const OWN = (id: string) => ({ id, op: "insert", by: [FUZZ_DELEGATION], note: "", state: "open" });

describe("typing judged as it is applied", () => {
  it("takes a new proposal of the delegation's own, and more of one it has, without reading the block", () => {
    const { live, replica } = scene();
    const shadow = new ShadowDocument(live);
    const client = replica();
    const fresh = updateOf(client, () => textOf(client, "p2").insert(3, " newly", { "proposal--AAAAAAAA": OWN("typed-1") }));
    const first = judge(shadow, fresh, DELEGATE, true);
    expect(first).toMatchObject({ accepted: true });
    expect(first.touched!.typed).toEqual({ blockId: "p2", proposals: [{ id: "typed-1", proposer: FUZZ_DELEGATION }] });
    expect(first.touched!.blocks).toEqual([]);

    // More of Uruguay's b1, with its very attributes, where it stands.
    const text = textOf(client, "p2");
    const [key, attrs] = proposalFormat(text, "b1");
    const more = updateOf(client, () => text.insert(text.toString().indexOf("while") + 2, "x", { [key]: attrs }));
    expect(judge(shadow, more, DELEGATE, true).touched!.typed).toEqual({ blockId: "p2", proposals: [{ id: "b1", proposer: FUZZ_DELEGATION }] });
  });

  it("takes a chair typing a proposal for a delegation, as the long way does", () => {
    const { live, replica } = scene();
    const shadow = new ShadowDocument(live);
    const client = replica();
    const update = updateOf(client, () => textOf(client, "p2").insert(3, " newly", { "proposal--AAAAAAAA": OWN("typed-c1") }));
    const verdict = judge(shadow, update, CHAIR, true);
    expect(verdict).toMatchObject({ accepted: true });
    expect(verdict.touched!.typed).toEqual({ blockId: "p2", proposals: [{ id: "typed-c1", proposer: FUZZ_DELEGATION }] });
    expect(judge(new ShadowDocument(live), update, CHAIR, false).accepted).toBe(true);
  });

  it("leaves to the long way what is not only typing: a marker that changes text that was there, a support asserted, another's id, a chair", () => {
    const { live, replica } = scene();
    const cases: [string, (doc: Y.Doc) => void, Sender][] = [
      [
        "typing, and taking Argentina's proposal off the text after",
        (doc) => {
          const text = textOf(doc, "p3");
          const [key] = proposalFormat(text, "b2");
          text.insert(0, "Also ", { "proposal--AAAAAAAA": OWN("typed-2") });
          text.format(5, text.length - 5, { [key]: null });
        },
        DELEGATE,
      ],
      ["a new proposal Argentina is said to support", (doc) => textOf(doc, "p2").insert(0, "So ", { "proposal--AAAAAAAA": { ...OWN("typed-3"), by: [FUZZ_DELEGATION, "ARG"] } }), DELEGATE],
      ["Argentina's proposal b2's id in its paragraph", (doc) => textOf(doc, "p3").insert(0, "So ", { "proposal--AAAAAAAA": OWN("b2") }), DELEGATE],
      ["typing into the agreed paragraph", (doc) => textOf(doc, "p1").insert(0, "So ", { "proposal--AAAAAAAA": OWN("typed-4") }), DELEGATE],
      // The id is checked on its own and the rest of the attributes by what they are (judge.ts, `validProposalText`):
      ["a new proposal whose id is longer than the schema allows", (doc) => textOf(doc, "p2").insert(0, "So ", { "proposal--AAAAAAAA": OWN("x".repeat(65)) }), DELEGATE],
      ["a new proposal with a state the schema does not know", (doc) => textOf(doc, "p2").insert(0, "So ", { "proposal--AAAAAAAA": { ...OWN("typed-6"), state: "sealed" } }), DELEGATE],
      ["a new proposal with a note of a number", (doc) => textOf(doc, "p2").insert(0, "So ", { "proposal--AAAAAAAA": { ...OWN("typed-7"), note: 7 } }), DELEGATE],
      ["a chair typing a proposal of two delegations", (doc) => textOf(doc, "p2").insert(0, "So ", { "proposal--AAAAAAAA": { ...OWN("typed-5"), by: [FUZZ_DELEGATION, "ARG"] } }), CHAIR],
      ["a chair typing under Argentina's id in Uruguay's name", (doc) => textOf(doc, "p3").insert(0, "So ", { "proposal--AAAAAAAA": OWN("b2") }), CHAIR],
    ];
    for (const [story, change, sender] of cases) {
      const shadow = new ShadowDocument(live);
      const client = replica();
      const update = updateOf(client, () => change(client));
      const verdict = judge(shadow, update, sender, true);
      expect(verdict.touched?.typed ?? null, story).toBeNull();
      // And the long way decides as it does with typing never judged as applied.
      expect(verdict.accepted, story).toBe(judge(new ShadowDocument(live), update, sender, false).accepted);
    }
  });

  it("reads a stale block as it was just before the update that changes it the long way", () => {
    const { live, replica } = scene();
    const typing = new ShadowDocument(live);
    const longWay = new ShadowDocument(live);
    const client = replica();
    const text = textOf(client, "p2");
    for (const [i, word] of [" first", " second"].entries()) {
      const update = updateOf(client, () => text.insert(0, word, { "proposal--AAAAAAAA": OWN(`typed-s${i}`) }));
      expect(judge(typing, update, DELEGATE, true).touched!.typed).not.toBeNull();
      expect(judge(longWay, update, DELEGATE, false).accepted).toBe(true);
      Y.applyUpdate(live, update);
    }
    // Uruguay takes back part of its own typing: a deletion, judged the long way.
    const update = updateOf(client, () => text.delete(0, 3));
    const stale = judge(typing, update, DELEGATE, true);
    const fresh = judge(longWay, update, DELEGATE, false);
    expect(stale.accepted).toBe(true);
    expect(stale.touched!.typed).toBeNull();
    expect(seen(stale.touched!)).toEqual(seen(fresh.touched!));
    expect(stableJSON(stale.touched!.blocks[0]!.before!.read)).toContain("second");
  });

  it("accepts what the long way accepts and nothing else, on seeded random updates of a delegate (every kind the fuzzer makes)", () => {
    const RUNS = Number(process.env.TYPING_RUNS ?? 40);
    const PER_RUN = 25;
    let typed = 0;
    let compared = 0;
    for (let run = 0; run < RUNS; run++) {
      const seed = 9100 + run;
      const rnd = new Random(seed);
      const { live } = scene();
      const typing = new ShadowDocument(live);
      const longWay = new ShadowDocument(live);
      let client = replicaOf(live);
      for (let i = 0; i < PER_RUN; i++) {
        const c = fuzzCase(client, rnd);
        const a = judge(typing, c.update, DELEGATE, true);
        const b = judge(longWay, c.update, DELEGATE, false);
        const where = `seed=${seed} #${i} ${c.story.join("; ")}`;
        expect(a.accepted, `${where}: judged as typed ${a.reason || "accepted"}, the long way ${b.reason || "accepted"}`).toBe(b.accepted);
        if (a.touched?.typed) typed++;
        else if (a.accepted) {
          expect(seen(a.touched!), where).toEqual(seen(b.touched!));
          compared++;
        }
        if (a.accepted) Y.applyUpdate(live, c.update);
        else client = replicaOf(live); // the refused client reconnects
      }
    }
    // The cases reach both paths (the fuzzer's kinds are many: some runs type little).
    expect(typed).toBeGreaterThan(RUNS / 2);
    expect(compared).toBeGreaterThan(RUNS);
  }, 120_000);

  it("judged before it is applied, typing is accepted exactly when the long way accepts it, for a delegate and for the chair, and the shadow that catches up later reads the blocks as one that took every update", () => {
    const RUNS = Number(process.env.TYPING_RUNS ?? 40);
    const PER_RUN = 25;
    let before = 0;
    let compared = 0;
    for (let run = 0; run < RUNS; run++) {
      const seed = 9400 + run;
      const rnd = new Random(seed);
      const { live } = scene();
      const early = new ShadowDocument(live);
      early.build();
      const longWay = new ShadowDocument(live);
      let client = replicaOf(live);
      for (let i = 0; i < PER_RUN; i++) {
        const c = fuzzCase(client, rnd);
        const sender = run % 3 === 2 ? CHAIR : DELEGATE;
        const where = `seed=${seed} #${i} ${sender.role}: ${c.story.join("; ")}`;
        // As validator.ts does: typing judged before it is applied, else on the shadow.
        const rule = (typing: Parameters<typeof typedProposals>[0], block: Parameters<typeof typedProposals>[2]) => typedProposals(typing, sender, block);
        let typedBefore: ReturnType<ShadowDocument["typeBefore"]> = null;
        let a: Verdict;
        try {
          typedBefore = early.typeBefore(readUpdate(c.update), rule);
          const touched = typedBefore ?? early.apply(c.update, rule);
          judgeUpdate(touched, sender, early);
          early.remember(touched);
          a = { accepted: true, reason: "", touched };
        } catch (error) {
          if (!typedBefore) early.reset();
          a = { accepted: false, reason: error instanceof RejectedUpdate ? error.reason : "the edit cannot be read", touched: null };
        }
        const b = judge(longWay, c.update, sender, false);
        expect(a.accepted, `${where}: judged first ${a.reason || "accepted"}, the long way ${b.reason || "accepted"}`).toBe(b.accepted);
        if (typedBefore) before++;
        else if (a.accepted && !a.touched!.typed) {
          // The blocks a long-way update reads are the same on a shadow that caught up with deferred typing.
          expect(seen(a.touched!), where).toEqual(seen(b.touched!));
          compared++;
        }
        if (a.accepted) {
          early.accepted(c.update, typedBefore ?? undefined);
          Y.applyUpdate(live, c.update);
          early.landed(c.update);
        } else client = replicaOf(live);
      }
    }
    expect(before).toBeGreaterThan(RUNS / 2);
    expect(compared).toBeGreaterThan(RUNS);
  }, 120_000);
});
