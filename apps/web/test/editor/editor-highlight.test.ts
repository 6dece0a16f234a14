import { doc, p } from "@accord/schema/test-builders";
import { Fragment, Slice, type Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { highlightKey, highlightPlugin, highlightTransaction } from "../../src/editor/decorations/highlight.js";

describe("the highlight of scrollTo", () => {
  it("stays on its block through a remote change to another block (y-prosemirror replaces the whole document)", () => {
    const d = doc(p({ id: "p1" }, "One"), p({ id: "p2" }, "Two"), p({ id: "p3" }, "Three"));
    let state = EditorState.create({ doc: d, plugins: [highlightPlugin()] });
    const p2 = d.child(0).nodeSize;
    state = state.apply(highlightTransaction(state, { from: p2, to: p2 + d.child(1).nodeSize, block: true })!);
    // A remote edit of the first block, applied as y-prosemirror does: every block replaced, untouched ones reused.
    const edited = state.apply(state.tr.insertText("Well, ", 1)).doc.child(0);
    const blocks: Node[] = [edited, state.doc.child(1), state.doc.child(2)];
    state = state.apply(state.tr.replace(0, state.doc.content.size, new Slice(Fragment.from(blocks), 0, 0)));
    const found = highlightKey.getState(state)!.find();
    expect(found).toHaveLength(1);
    expect(state.doc.nodeAt(found[0]!.from)!.attrs.id).toBe("p2");
  });
});
