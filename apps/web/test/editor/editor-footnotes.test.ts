import { describe, expect, it } from "vitest";
import { doc, fn, p } from "@accord/schema/test-builders";
import { EditorState } from "prosemirror-state";
import { blockFootnotes, collectFootnotes, type FootnoteEntry } from "../../src/editor/views/footnote-list.js";
import type { Node } from "prosemirror-model";

describe("footnotes at the foot", () => {
  const d = doc(
    p({ id: "p1" }, "One", fn({ id: "f1", kind: "reservation", delegation: "ECU", text: "Ecuador reserves." }), " two"),
    p({ id: "p2", status: "agreed-ad-referendum", statusFootnote: "Quorum was not present." }, "Three", fn({ id: "f2", kind: "editorial", text: "Moved." })),
    p({ id: "p3" }, "Nothing"),
  );

  it("are numbered in document order: a block's own footnotes, then its status marker's", () => {
    expect(collectFootnotes(d).map((f) => f.id)).toEqual(["f1", "f2", "p2-status"]);
    expect(blockFootnotes(d.child(1))[1]).toEqual({ id: "p2-status", kind: "procedural", delegation: "", text: "Quorum was not present.", blockId: "p2" });
  });

  it("are read again only for the blocks that changed", () => {
    const cache = new WeakMap<Node, FootnoteEntry[]>();
    const first = collectFootnotes(d, cache);
    const state = EditorState.create({ doc: d });
    const typed = state.apply(state.tr.insertText("x", d.child(0).nodeSize + d.child(1).nodeSize + 2)).doc;
    const second = collectFootnotes(typed, cache);
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
  });
});
