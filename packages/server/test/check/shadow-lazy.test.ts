import { documentToUpdate, YDOC_PARTS } from "@accord/collab";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ShadowDocument } from "../../src/collab/permissions/shadow.js";
import { readUpdate } from "../../src/collab/read-update.js";
import type { TouchedBlock } from "../../src/collab/permissions/touched.js";

const DRAFT = `Title: Lazy
---
1. To develop plans respecting human rights.
2. To ensure a gender perspective in all programs.`;

/** A live document holding the draft, and a client replica of it. */
function documents() {
  const result = importText(DRAFT);
  if (!result.document) throw new Error("the draft does not import");
  const live = new Y.Doc();
  Y.applyUpdate(live, documentToUpdate(result.document));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
  return { live, client };
}

/** The text of block `index` of a document's content. */
const blockText = (doc: Y.Doc, index: number) => ((doc.getXmlFragment(YDOC_PARTS.content).get(index) as Y.XmlElement).get(0) as Y.XmlText);

/** What `change` does to `doc`, as one update. */
function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change();
  return Y.encodeStateAsUpdate(doc, before);
}

describe("a shadow document made when first needed", () => {
  it("judges an update against the live document as it is then, changes made before it existed included", () => {
    const { live, client } = documents();
    const shadow = new ShadowDocument(live);
    // The live document changes (an API operation) before anything needs the shadow: nothing is applied to it.
    const apiChange = updateOf(live, () => blockText(live, 0).insert(0, "Indeed, "));
    shadow.applyLive(apiChange);
    expect(shadow.isBuilt).toBe(false);
    Y.applyUpdate(client, apiChange);
    const typed = updateOf(client, () => blockText(client, 1).insert(0, "Also, "));
    const touched = shadow.apply(typed);
    expect(shadow.isBuilt).toBe(true);
    expect(touched.blocks).toHaveLength(1);
    const [{ before, after }] = touched.blocks as [TouchedBlock];
    expect(before?.id).toBe(after?.id);
    expect(JSON.stringify(before?.raw)).not.toContain("Also, ");
    expect(JSON.stringify(after?.raw)).toContain("Also, ");
    expect(touched.pending).toBe(false);
    shadow.destroy();
  });

  it("learns the ids at warm-up without making the copy: typing is judged before it is applied, and the first update that needs the copy makes it", () => {
    const { live, client } = documents();
    const shadow = new ShadowDocument(live);
    shadow.warmUp();
    expect(shadow.isBuilt).toBe(false);
    const proposal = { id: "typed-w1", op: "insert", by: ["URY"], note: "", state: "open", choice: "", choiceStyle: "adjacent", positions: "" };
    const typed = updateOf(client, () => blockText(client, 1).insert(0, "Also, ", { "proposal--AAAAAAAA": proposal }));
    const rule = (typing: { runs: readonly { value: unknown }[] }) => (typing.runs.every((run) => (run.value as { id?: unknown }).id === "typed-w1") ? { blockId: "p2", proposals: [{ id: "typed-w1", proposer: "URY" }] } : null);
    const before = shadow.typeBefore(readUpdate(typed), rule);
    expect(before?.typed?.proposals).toEqual([{ id: "typed-w1", proposer: "URY" }]);
    expect(shadow.isBuilt).toBe(false);
    shadow.accepted(typed, before!);
    Y.applyUpdate(live, typed);
    shadow.landed(typed);
    // A deletion goes the long way: the copy is made, from the live document, and reads the typed text.
    const deletion = updateOf(client, () => blockText(client, 1).delete(0, 2));
    const touched = shadow.apply(deletion);
    expect(shadow.isBuilt).toBe(true);
    expect(JSON.stringify(touched.blocks[0]!.before!.raw)).toContain("Also, ");
    shadow.destroy();
  });

  it("follows the live document's own changes once it exists", () => {
    const { live, client } = documents();
    const shadow = new ShadowDocument(live);
    shadow.build();
    const apiChange = updateOf(live, () => blockText(live, 0).insert(0, "Indeed, "));
    shadow.applyLive(apiChange);
    // A client's edit made on top of the change: the shadow has what it depends on.
    Y.applyUpdate(client, apiChange);
    const typed = updateOf(client, () => blockText(client, 0).insert(8, "and "));
    const touched = shadow.apply(typed);
    expect(touched.pending).toBe(false);
    const [{ before, after }] = touched.blocks as [TouchedBlock];
    expect(JSON.stringify(before?.read)).toContain("Indeed, To develop");
    expect(JSON.stringify(after?.read)).toContain("Indeed, and To develop");
    shadow.destroy();
  });
});

describe("a shadow document let go when idle", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("goes after `idleMs` without a change, and is made again, from the live document and what is on its way, by the next update", async () => {
    const { live, client } = documents();
    const shadow = new ShadowDocument(live, { idleMs: 40 });
    shadow.build();
    // An accepted update still on its way to the live document when the copy goes.
    const first = updateOf(client, () => blockText(client, 0).insert(0, "Indeed, "));
    shadow.apply(first);
    shadow.accepted(first);
    await sleep(120);
    // Not while an update is on its way: the copy is ahead of the live document by it.
    expect(shadow.isBuilt).toBe(true);
    shadow.landed(first);
    Y.applyUpdate(live, first);
    await sleep(150);
    expect(shadow.isBuilt).toBe(false);
    const second = updateOf(client, () => blockText(client, 0).insert(8, "and "));
    const touched = shadow.apply(second);
    expect(shadow.isBuilt).toBe(true);
    const [{ before, after }] = touched.blocks as [TouchedBlock];
    expect(JSON.stringify(before?.read)).toContain("Indeed, To develop");
    expect(JSON.stringify(after?.read)).toContain("Indeed, and To develop");
    shadow.destroy();
  });

  it("stays while an operation holds the document", async () => {
    const { live } = documents();
    const shadow = new ShadowDocument(live, { idleMs: 40 });
    shadow.build();
    const release = await shadow.hold();
    await sleep(150);
    expect(shadow.isBuilt).toBe(true);
    release();
    await sleep(150);
    expect(shadow.isBuilt).toBe(false);
    shadow.destroy();
  });

  it("stays for good without `idleMs`", async () => {
    const { live } = documents();
    const shadow = new ShadowDocument(live);
    shadow.build();
    await sleep(100);
    expect(shadow.isBuilt).toBe(true);
    shadow.destroy();
  });
});

