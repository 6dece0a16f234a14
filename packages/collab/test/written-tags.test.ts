import { documentToUpdate, writeDocument } from "@accord/collab";
import { supportProposal } from "@accord/merge";
import { collectProposals, proposalMarks, type NegotiationDocument } from "@accord/schema";
import { exportMarkupText, importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { read, value } from "./readings.js";

// A proposal's tag as written (written-tags.ts) travels through the Y.Doc and merges like its other attributes.

/** `document` with the tag as written of proposal `id` set to `tag`, every span of it. */
function withTag(document: NegotiationDocument, id: string, tag: string): NegotiationDocument {
  const json = document.content.toJSON() as { content: { content?: { marks?: { type: string; attrs: Record<string, unknown> }[] }[] }[] };
  for (const block of json.content) for (const child of block.content ?? []) for (const mark of child.marks ?? []) if (mark.type === "proposal" && mark.attrs.id === id) mark.attrs = { ...mark.attrs, tag };
  return document.withContent(document.content.type.schema.nodeFromJSON(json));
}

const tagsOf = (document: NegotiationDocument) => {
  const tags = new Set<string>();
  document.content.descendants((node) => {
    for (const mark of proposalMarks(node.marks)) tags.add(`${mark.attrs.id}:${mark.attrs.tag}`);
  });
  return [...tags].sort();
};

function replicas(start: NegotiationDocument): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, documentToUpdate(start));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
}

describe("a proposal's tag as written in the Y.Doc", () => {
  const start = importText("1. Parties [Uru: shall] report [Uruguay: now].").document;
  const now = collectProposals(start.content).find((p) => p.spans[0]!.text === "now")!.id;

  // Invariant: what the import kept, the Y.Doc keeps: the document read back equals the one written.
  it("is carried by the Y.Doc", () => {
    const [a] = replicas(start);
    expect(read(a).eq(start)).toBe(true);
    expect(tagsOf(read(a))).toContain(`${now}:Uruguay`);
  });

  // Invariant: replicas that saw the same edits read the same tag, and a spelling is not lost to a concurrent edit.
  it("merges concurrent changes alike on every replica", () => {
    const [a, b] = replicas(start);
    writeDocument(a, withTag(read(a), now, "URU"));
    writeDocument(b, withTag(read(b), now, "Uruguay del Sur"));
    sync(a, b);
    expect(tagsOf(read(a))).toEqual(tagsOf(read(b)));
    expect(tagsOf(read(a))).toContain(`${now}:Uruguay del Sur`);
  });

  // Invariant: a support merged with a respelling never makes the export write a tag that names fewer delegations.
  it("is written only while it names the merged delegations", () => {
    const [a, b] = replicas(start);
    writeDocument(a, withTag(read(a), now, "URU"));
    writeDocument(b, value(supportProposal(read(b), now, "ARG")));
    sync(a, b);
    for (const replica of [a, b]) {
      expect(collectProposals(read(replica).content).find((p) => p.id === now)).toMatchObject({ by: ["URY", "ARG"] });
      expect(exportMarkupText(read(replica), { header: false })).toBe("1. Parties [Uru: shall] report [Uru, Arg: now].\n");
    }
  });
});
