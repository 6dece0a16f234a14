import { documentToUpdate, readDocument, writeDocument, YDOC_PARTS } from "@accord/collab";
import { canonicalContent, DelegationRegistry, NegotiationDocument } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";

describe("Y.Doc ⇄ model", () => {
  it("writes and reads back a generated document: content, nested marks, metadata, registry", () => {
    for (const seed of [1, 2, 3]) {
      const document = generateDocument({ seed, paragraphs: 25, proposals: 70 });
      const ydoc = new Y.Doc();
      Y.applyUpdate(ydoc, documentToUpdate(document));
      const read = readDocument(ydoc);
      if (!read.ok) throw new Error(read.message);
      expect(canonicalContent(read.value.content)).toEqual(canonicalContent(document.content));
      expect(read.value.meta).toEqual(document.meta);
      expect(read.value.registry.toJSON()).toEqual(document.registry.toJSON());
    }
  });

  it("writes only what changed", () => {
    const document = importText("1. To ensure [Uru: a] crosscutting perspective.\n2. To develop plans.").document;
    const ydoc = new Y.Doc();
    writeDocument(ydoc, document);
    const before = Y.encodeStateVector(ydoc);
    const changed = document.withMeta({ title: "Draft plan" });
    writeDocument(ydoc, changed);
    const delta = Y.encodeStateAsUpdate(ydoc, before);
    // A metadata change is a few bytes, not the whole document again.
    expect(delta.length).toBeLessThan(60);
    expect(ydoc.getMap(YDOC_PARTS.meta).get("title")).toBe("Draft plan");
  });

  it("reports content that does not fit the schema without touching the Y.Doc", () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment(YDOC_PARTS.content);
    const bogus = new Y.XmlElement("table");
    fragment.insert(0, [bogus]);
    const before = Y.encodeStateAsUpdate(ydoc);
    const read = readDocument(ydoc);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(/table/);
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before);
    // An empty Y.Doc (every block deleted) reads as one empty paragraph.
    const empty = readDocument(new Y.Doc());
    expect(empty.ok && empty.value.content.childCount).toBe(1);
  });

  it("keeps a document's own delegations", () => {
    const registry = DelegationRegistry.default.with({ code: "WG", name: "Working Group", kind: "group", tags: ["Working Group"] });
    const document = NegotiationDocument.create(importText("1. Text.").document.content, {}, registry);
    const ydoc = new Y.Doc();
    writeDocument(ydoc, document);
    const read = readDocument(ydoc);
    expect(read.ok && read.value.registry.get("WG")).toMatchObject({ name: "Working Group" });
  });
});
