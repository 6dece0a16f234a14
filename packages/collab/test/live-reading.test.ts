import { documentToUpdate, LiveReading, randomEdit, readDocument, writeDocument, YDOC_PARTS } from "@accord/collab";
import { setStatus } from "@accord/merge";
import type { NegotiationDocument } from "@accord/schema";
import { generateDocument, Random } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { yXmlFragmentToProsemirrorJSON } from "y-prosemirror";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { contentJSON } from "../src/convert.js";
import { MemoryNetwork } from "./memory-network.js";

/** The live reading says exactly what a fresh `readDocument` says: the same document, to the byte of its JSON, or the same message. */
function expectSameReading(live: LiveReading, doc: Y.Doc, context: string): void {
  const fresh = readDocument(doc);
  const kept = live.read();
  const show = (r: typeof fresh) => (r.ok ? JSON.stringify(r.value.toJSON()) : `message: ${r.message}`);
  expect(show(kept), context).toBe(show(fresh));
}

const elements = (doc: Y.Doc) => doc.getXmlFragment(YDOC_PARTS.content).toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);

/**
 * What concurrent edits, or a client that writes Yjs directly, can leave in
 * a Y.Doc besides the negotiation edits of `randomEdit`: a block id or a
 * proposal id or a footnote id in two places, an alternative whose original
 * is gone, a block deleted, and — taken back at once, with a reading before —
 * content that does not read, bad metadata, an empty content.
 */
function oddEdit(doc: Y.Doc, rnd: Random, check: (what: string) => void): string {
  const fragment = doc.getXmlFragment(YDOC_PARTS.content);
  const blocks = elements(doc);
  const block = rnd.pick(blocks);
  const kind = rnd.pick(["duplicate-block-id", "proposal-in-two-blocks", "footnote-in-two-places", "footnote-twice-in-a-block", "alternative", "delete-block", "unreadable", "bad-meta", "bad-delegation", "empty"] as const);
  switch (kind) {
    case "duplicate-block-id": {
      const copy = new Y.XmlElement("paragraph");
      doc.transact(() => {
        fragment.insert(rnd.int(0, fragment.length), [copy]);
        copy.setAttribute("id", String(block.getAttribute("id")));
        copy.insert(0, [new Y.XmlText("copied")]);
      });
      break;
    }
    case "proposal-in-two-blocks": {
      const runs = blocks.flatMap((b) =>
        b.toArray().flatMap((t) => (t instanceof Y.XmlText ? (t.toDelta() as { attributes?: Record<string, unknown> }[]).filter((d) => d.attributes) : [])),
      );
      const target = block.toArray().find((t): t is Y.XmlText => t instanceof Y.XmlText);
      if (!runs.length || !target) return "none";
      target.insert(target.length, " moved", rnd.pick(runs).attributes);
      break;
    }
    case "footnote-in-two-places":
    case "footnote-twice-in-a-block": {
      const footnote = rnd.pick(blocks.flatMap((b) => b.toArray()).filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === "footnote"));
      if (!footnote) return "none";
      const copy = new Y.XmlElement("footnote");
      // Within one block, reconcileContent names the copy after the block's place in the document.
      const into = kind === "footnote-twice-in-a-block" ? (footnote.parent as Y.XmlElement) : block;
      doc.transact(() => {
        into.insert(into.length, [copy]);
        for (const [key, value] of Object.entries(footnote.getAttributes())) copy.setAttribute(key, value as string);
      });
      break;
    }
    case "alternative": {
      const paragraphs = blocks.filter((b) => b.nodeName === "paragraph");
      const to = rnd.pick([String(rnd.pick(paragraphs).getAttribute("id")), "gone", String(block.getAttribute("id"))]);
      if (block.nodeName === "paragraph") block.setAttribute("alternativeTo", to);
      else return "none";
      break;
    }
    case "delete-block":
      if (blocks.length < 3) return "none";
      fragment.delete(blocks.indexOf(block), 1);
      break;
    case "unreadable": {
      const strange = rnd.pick([() => new Y.XmlHook("hook"), () => new Y.XmlText("loose")]);
      const inFragment = rnd.chance(0.5);
      const where = inFragment ? fragment : block;
      const at = rnd.int(0, where.length);
      where.insert(at, [strange() as unknown as Y.XmlElement]);
      check("with a strange node");
      where.delete(at, 1);
      break;
    }
    case "bad-meta": {
      const meta = doc.getMap<string>(YDOC_PARTS.meta);
      const date = meta.get("date");
      meta.set("date", "18/11/26");
      check("with a malformed date");
      if (date === undefined) meta.delete("date");
      else meta.set("date", date);
      break;
    }
    case "bad-delegation": {
      const delegations = doc.getMap<unknown>(YDOC_PARTS.delegations);
      delegations.set("ZZZ", { code: "ZZZ", name: "", kind: "state", tags: [] });
      check("with a delegation without a name");
      delegations.delete("ZZZ");
      break;
    }
    case "empty": {
      const saved = Y.encodeStateAsUpdate(doc);
      const before = fragment.length;
      fragment.delete(0, before);
      check("with no block");
      // Put the blocks back as they were (a copy of their last state, as an undo would).
      const source = new Y.Doc();
      Y.applyUpdate(source, saved);
      fragment.insert(0, elements(source).map((e) => e.clone()));
      source.destroy();
      break;
    }
  }
  return kind;
}

describe("LiveReading", () => {
  // Invariant: LiveReading.read() equals a fresh readDocument of the same Y.Doc — the same document (its JSON
  // byte for byte) or the same message — after any sequence of edits: negotiation edits on peers that
  // disconnect and merge, and odd states that only the whole document's reading reconciles.
  it("reads what readDocument reads, after random edits, merges and odd states (seeded)", async () => {
    const kinds: Record<string, number> = {};
    for (const seed of [1, 2, 3]) {
      const rnd = new Random(seed);
      const network = new MemoryNetwork();
      const initial = documentToUpdate(generateDocument({ seed, paragraphs: 24, proposals: 60 }));
      const peers = ["a", "b", "c"].map((name) => network.peer(name, initial));
      for (const peer of peers) peer.connect();
      // The last peer's reading reads changed blocks ahead, in the background, when the test lets timers run.
      const readings = peers.map((peer, i) => new LiveReading(peer.doc, i === peers.length - 1 ? { readAheadMs: 0 } : {}));
      for (let step = 0; step < 150; step++) {
        const i = rnd.int(0, peers.length - 1);
        const peer = peers[i]!;
        const context = (what: string) => `seed ${seed}, step ${step}, ${peer.name} ${what}`;
        let kind: string;
        if (rnd.chance(0.1)) {
          if (peer.connected) peer.disconnect();
          else peer.connect();
          kind = "connection";
        } else if (rnd.chance(0.25)) {
          kind = oddEdit(peer.doc, rnd, (what) => expectSameReading(readings[i]!, peer.doc, context(what)));
        } else {
          const current = readDocument(peer.doc);
          const edit = current.ok ? randomEdit(current.value, rnd) : null;
          if (edit) writeDocument(peer.doc, edit.document, null, current.ok ? current.value : undefined);
          kind = edit?.kind ?? "none";
        }
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        if (rnd.chance(0.3)) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          kinds["read ahead"] = (kinds["read ahead"] ?? 0) + 1;
        }
        // Reading only sometimes lets changes pile up between two readings.
        peers.forEach((p, j) => {
          if (j === i || rnd.chance(0.5)) expectSameReading(readings[j]!, p.doc, context(`after ${kind}`));
        });
      }
      for (const peer of peers) if (!peer.connected) peer.connect();
      peers.forEach((p, j) => expectSameReading(readings[j]!, p.doc, `seed ${seed}, merged`));
    }
    // Every kind of edit happened, so both ways of reading were exercised.
    for (const kind of ["type", "propose-insert", "decide", "support", "status", "paragraph", "connection", "read ahead"]) expect(kinds[kind] ?? 0, kind).toBeGreaterThan(0);
    for (const kind of ["duplicate-block-id", "proposal-in-two-blocks", "footnote-in-two-places", "footnote-twice-in-a-block", "alternative", "delete-block", "unreadable", "bad-meta", "bad-delegation", "empty"]) {
      expect(kinds[kind] ?? 0, kind).toBeGreaterThan(0);
    }
  });

  // Invariant: a reading costs the blocks that changed: every other block is the very node of the last reading
  // (so writeDocument skips it), and with no change the reading itself is the same object.
  it("reads again only the blocks that changed, and gives the others as the same nodes", () => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, documentToUpdate(generateDocument({ seed: 7, paragraphs: 200, proposals: 300 })));
    const live = new LiveReading(ydoc);
    const first = live.read();
    if (!first.ok) throw new Error(first.message);
    expect(live.read()).toBe(first);

    const id = first.value.content.child(5).attrs.id as string;
    const changed = setStatus(first.value, id, "agreed-ad-referendum", { date: "2026-12-07" });
    if (!changed.ok) throw new Error(changed.reason);
    writeDocument(ydoc, changed.document, null, first.value);
    const second = live.read();
    if (!second.ok) throw new Error(second.message);
    const renewed: number[] = [];
    second.value.content.forEach((block, _offset, index) => {
      if (block !== first.value.content.child(index)) renewed.push(index);
    });
    expect(renewed).toEqual([5]);
    expect(second.value.content.child(5).attrs.status).toBe("agreed-ad-referendum");

    // A change elsewhere in the Y.Doc (a part no negotiation has) keeps the reading.
    ydoc.getMap("elsewhere").set("x", 1);
    expect(live.read()).toBe(second);
    live.destroy();
    ydoc.getXmlFragment(YDOC_PARTS.content).delete(0, 1);
    // Once destroyed it follows the Y.Doc no more.
    expect(live.read()).toBe(second);
  });

  it("with readAheadMs, reads changed blocks in the background, and stops when the Y.Doc is destroyed", async () => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, documentToUpdate(generateDocument({ seed: 8, paragraphs: 40, proposals: 60 })));
    const live = new LiveReading(ydoc, { readAheadMs: 5 });
    const first = live.read();
    expect(live.unread).toBe(0);
    const texts = elements(ydoc).map((e) => e.get(0)).filter((t): t is Y.XmlText => t instanceof Y.XmlText);
    texts[3]!.insert(0, "Further ");
    texts[9]!.insert(0, "Also ");
    expect(live.unread).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live.unread).toBe(0);
    expectSameReading(live, ydoc, "after reading ahead");
    expect(live.read()).not.toBe(first);
    ydoc.destroy();
    texts[4]!.insert(0, "Never ");
    expect(live.unread).toBe(0);
  });

  it("reads an imported document with footnotes, alternatives and statuses as readDocument does", () => {
    const text = [
      "1. To ensure [Uru: a] crosscutting perspective.[1]",
      "2. To develop [Arg: national] plans. (AGREED INF 04/19/12)",
      "[2 alt. To develop regional plans.] [Bra]",
      "[1] Footnote text.",
    ].join("\n");
    const ydoc = new Y.Doc();
    writeDocument(ydoc, importText(text).document);
    const live = new LiveReading(ydoc);
    expectSameReading(live, ydoc, "imported");
    const read = live.read() as { value: NegotiationDocument };
    writeDocument(ydoc, read.value.withMeta({ title: "Plan" }), null, read.value);
    expectSameReading(live, ydoc, "after a metadata change");
    expect((live.read() as { value: NegotiationDocument }).value.meta.title).toBe("Plan");
  });
});

describe("contentJSON", () => {
  // Canary: the per-block conversion relies on y-prosemirror's yXmlFragmentToProsemirrorJSON asking nothing of
  // its fragment but its children; when an upgrade changes that, the two differ here.
  it("converts blocks exactly as y-prosemirror converts the whole fragment", () => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, documentToUpdate(generateDocument({ seed: 3, paragraphs: 60, proposals: 150 })));
    const fragment = ydoc.getXmlFragment(YDOC_PARTS.content);
    expect(contentJSON(fragment.toArray() as Y.XmlElement[])).toEqual(yXmlFragmentToProsemirrorJSON(fragment));
    expect(contentJSON(elements(ydoc).slice(3, 4)).content).toEqual([yXmlFragmentToProsemirrorJSON(fragment).content[3]]);
  });
});
