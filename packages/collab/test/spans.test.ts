import { writeDocument, YDOC_PARTS } from "@accord/collab";
import { acceptProposal, rejectProposal } from "@accord/merge";
import { collectProposals, collectSpanningBrackets, NegotiationDocument, registryNamed } from "@accord/schema";
import { doc, ins, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { read, replicas, sync, value } from "./readings.js";

// Edits cannot leave a bracket spanning paragraphs broken in a way that makes the document unreadable: a broken span
// is unlinked on reading (reconcileSpans), every word kept, and every replica reads the same.

const part = (id: string) => ({ id, by: ["G77"], span: "s1" });
const start = NegotiationDocument.create(
  doc(
    p({ id: "p1", label: "4." }, ins(part("s1"), "Parties shall communicate")),
    p({ id: "p2", label: "5." }, ins(part("s2"), "every five years;")),
    p({ id: "p3", label: "6." }, ins(part("s3"), "a public registry."), " Further text."),
  ),
  {},
  registryNamed("un"),
);
const spans = (d: NegotiationDocument) => collectSpanningBrackets(d.content).map((span) => span.parts.map((x) => x.id));

describe("brackets spanning paragraphs in a live document", () => {
  it("a span reads as written", () => {
    const [a] = replicas(start);
    expect(spans(read(a))).toEqual([["s1", "s2", "s3"]]);
  });

  it("its first paragraph deleted: the span is unlinked on reading, its parts stay brackets, every word kept", () => {
    const [a] = replicas(start);
    a.getXmlFragment(YDOC_PARTS.content).delete(0, 1);
    const d = read(a);
    expect(spans(d)).toEqual([]);
    expect(collectProposals(d.content).map((x) => [x.id, x.by, x.span])).toEqual([
      ["s2", ["G77"], ""],
      ["s3", ["G77"], ""],
    ]);
    expect(d.content.textContent).toBe("every five years;a public registry. Further text.");
  });

  it("its middle paragraph deleted: the parts left still meet, and span the two paragraphs", () => {
    const [a] = replicas(start);
    a.getXmlFragment(YDOC_PARTS.content).delete(1, 1);
    expect(spans(read(a))).toEqual([["s1", "s3"]]);
  });

  it("an empty paragraph put between two parts (Enter where they meet) leaves the span whole; text typed into it breaks it", () => {
    const [a, b] = replicas(start);
    const fragment = a.getXmlFragment(YDOC_PARTS.content);
    const empty = new Y.XmlElement("paragraph");
    empty.setAttribute("id", "p9");
    fragment.insert(1, [empty]);
    sync(a, b);
    expect(spans(read(a))).toEqual([["s1", "s2", "s3"]]);
    expect(spans(read(b))).toEqual([["s1", "s2", "s3"]]);
    // Text with no part of the span in it between two parts: the span is unlinked, every word kept.
    const text = new Y.XmlText();
    empty.insert(0, [text]);
    text.insert(0, "typed");
    sync(a, b);
    expect(spans(read(b))).toEqual([]);
    expect(read(b).content.textContent).toBe("Parties shall communicatetypedevery five years;a public registry. Further text.");
  });

  it("one replica accepts the span while another rejects it: every replica reads the same, and never a span split in two states", () => {
    const [a, b] = replicas(start);
    writeDocument(a, value(acceptProposal(read(a), "s1")));
    writeDocument(b, value(rejectProposal(read(b), "s3")));
    sync(a, b);
    const [x, y] = [read(a), read(b)];
    expect(x.content.eq(y.content)).toBe(true);
    for (const span of collectSpanningBrackets(x.content)) expect(new Set(span.parts.map((part) => part.state)).size).toBe(1);
  });
});
