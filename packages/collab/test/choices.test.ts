import { writeDocument } from "@accord/collab";
import { acceptProposal } from "@accord/merge";
import { collectChoices, collectProposals, NegotiationDocument } from "@accord/schema";
import { brk, doc, p } from "@accord/schema/test-builders";
import { Transform } from "prosemirror-transform";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { read, replicas, sync, value } from "./readings.js";

// Concurrent edits cannot leave a choice group broken: every replica reads
// the same valid document (reconcileContent's rules for groups).

const option = (id: string, extra: Record<string, unknown> = {}) => ({ id, choice: "g1", ...extra });

describe("choice groups under concurrent edits", () => {
  const start = NegotiationDocument.create(doc(p({ id: "p1" }, "Parties ", brk(option("b1"), "shall"), brk(option("b2"), "should"), " report")));

  it("two options chosen at once: each rejects the other, and rejected beats accepted, so neither goes in", () => {
    const [a, b] = replicas(start);
    // Accepting an option chooses it: the other is rejected in the same step.
    writeDocument(a, value(acceptProposal(read(a), "b2")));
    writeDocument(b, value(acceptProposal(read(b), "b1")));
    sync(a, b);
    for (const replica of [a, b]) {
      const states = collectProposals(read(replica).content).map((q) => [q.id, q.state]);
      expect(states).toEqual([["b1", "rejected"], ["b2", "rejected"]]);
    }
  });

  it("two options accepted at once without the others rejected: the first in the text stays accepted", () => {
    const three = NegotiationDocument.create(doc(p({ id: "p1" }, "Parties ", brk(option("b1"), "shall"), brk(option("b2"), "should"), " report")));
    const [a, b] = replicas(three);
    // Each replica accepts one option by its mark alone, as a peer's raw update could.
    const accept = (replica: Y.Doc, id: string) => {
      const document = read(replica);
      const found = collectProposals(document.content).find((q) => q.id === id)!;
      const tr = new Transform(document.content);
      const mark = document.content.resolve(found.from + 1).marks().find((m) => m.attrs.id === id)!;
      tr.removeMark(found.from, found.to, mark).addMark(found.from, found.to, mark.type.create({ ...mark.attrs, state: "accepted" }));
      writeDocument(replica, document.withContent(tr.doc));
    };
    accept(a, "b2");
    accept(b, "b1");
    sync(a, b);
    for (const replica of [a, b]) {
      const states = collectProposals(read(replica).content).map((q) => [q.id, q.state]);
      expect(states).toEqual([["b1", "accepted"], ["b2", "rejected"]]);
    }
  });

  it("a group left with one option by a deletion is no group", () => {
    const [a] = replicas(start);
    // An edit straight on the shared text (as a peer's update can be) takes the second option out.
    const text = (a.getXmlFragment("content").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(text.toString()).toContain("should");
    const at = text.toDelta().slice(0, 2).reduce((n: number, op: { insert: string }) => n + op.insert.length, 0);
    text.delete(at, "should".length);
    const after = read(a).content;
    expect(after.textContent).toBe("Parties shall report");
    expect(collectChoices(after)).toEqual([]);
    expect(collectProposals(after).map((q) => [q.id, q.choice])).toEqual([["b1", ""]]);
  });
});
