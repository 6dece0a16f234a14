import { documentToUpdate, readDocument, readHeader, writeDocument, YDOC_PARTS } from "@accord/collab";
import { canonicalContent, DelegationRegistry, NegotiationDocument } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { supportProposal } from "@accord/merge";
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

  it("a support re-marks the supported proposal only, and leaves other paragraphs alone", () => {
    const text = "1. To ensure [Uru: a] crosscutting [Bra: and coherent] perspective [Mex: in all areas].\n2. To develop [Arg: national] plans.";
    const ydoc = new Y.Doc();
    writeDocument(ydoc, importText(text).document);
    // Read back as from a live document: the marks' values come from the Y.Doc (a decoded update).
    const live = new Y.Doc();
    Y.applyUpdate(live, Y.encodeStateAsUpdate(ydoc));
    const read = readDocument(live);
    if (!read.ok) throw new Error(read.message);
    let id = "";
    read.value.content.descendants((node) => {
      for (const mark of node.marks) if (mark.attrs.by[0] === "BRA") id = mark.attrs.id;
    });
    const supported = supportProposal(read.value, id, "ARG");
    if (!supported.ok) throw new Error(supported.reason);

    for (const readFrom of [undefined, read.value]) {
      const target = new Y.Doc();
      Y.applyUpdate(target, Y.encodeStateAsUpdate(live));
      const before = Y.encodeStateVector(target);
      writeDocument(target, supported.document, null, readFrom);
      const written = Y.decodeUpdate(Y.encodeStateAsUpdate(target, before)).structs;
      // One new opening and one closing format, both for Brazil's proposal; nothing else is re-marked.
      const formats = written.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentFormat ? [s.content] : []));
      expect(formats.map((f) => (f.value ? (f.value as { by: string[] }).by.join("+") : null))).toEqual(["BRA+ARG", null]);
      const after = readDocument(target);
      expect(after.ok && canonicalContent(after.value.content)).toEqual(canonicalContent(supported.document.content));
    }
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

  it("reports, naming it, what y-prosemirror's conversion cannot read at all (it throws on these) instead of throwing", () => {
    const cases: [string, (fragment: Y.XmlFragment) => void, RegExp][] = [
      ["a text under the content", (f) => f.insert(0, [new Y.XmlText("loose")]), /Y\.XmlText at position 1 of the content/],
      ["an XmlHook", (f) => f.insert(0, [new Y.XmlHook("hook") as unknown as Y.XmlElement]), /XmlHook at position 1 of the content/],
      ["an XmlHook in a paragraph", (f) => {
        const p = new Y.XmlElement("paragraph");
        f.insert(0, [p]);
        p.insert(0, [new Y.XmlHook("hook") as unknown as Y.XmlElement]);
      }, /XmlHook at position 1 of paragraph 1 of the content/],
    ];
    for (const [what, make, message] of cases) {
      const ydoc = new Y.Doc();
      make(ydoc.getXmlFragment(YDOC_PARTS.content));
      const read = readDocument(ydoc);
      expect(read.ok, what).toBe(false);
      expect(!read.ok && read.message, what).toMatch(message);
    }
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

describe("readHeader", () => {
  it("reads the metadata and registry as readDocument does, and reports a malformed part", () => {
    const document = generateDocument({ seed: 5, paragraphs: 30, proposals: 40 }).withMeta({ title: "Plan", symbol: "CSH/GT-1", date: "2026-12-02" });
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, documentToUpdate(document));
    const header = readHeader(ydoc);
    const whole = readDocument(ydoc);
    expect(header.ok && whole.ok).toBe(true);
    if (!header.ok || !whole.ok) return;
    expect(header.value.meta).toEqual(whole.value.meta);
    expect(header.value.registry.toJSON()).toEqual(whole.value.registry.toJSON());

    ydoc.getMap(YDOC_PARTS.meta).set("date", "yesterday");
    const bad = readHeader(ydoc);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/date/);
  });
});
