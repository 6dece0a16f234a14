import { describe, expect, it } from "vitest";
import { doc, p, h } from "@accord/schema/test-builders";
import { schema } from "@accord/schema";
import { EditorState, TextSelection } from "prosemirror-state";
import { splitBlock } from "prosemirror-commands";
import { blocksNeedingIds, uniqueBlockIds } from "../../src/editor/input/block-ids.js";

const ids = (state: EditorState) => {
  const out: string[] = [];
  state.doc.forEach((b) => out.push(b.attrs.id as string));
  return out;
};

describe("uniqueBlockIds", () => {
  const start = doc(h({ id: "h1" }, "Heading"), p({ id: "p1", label: "3.", status: "agreed-informally", note: "moved", kind: "operative" }, "First <a>half"), p({ id: "p2" }, "Other"));
  const state = EditorState.create({ doc: start, plugins: [uniqueBlockIds()], selection: TextSelection.create(start, start.tag.a!) });

  it("gives the second half of a split paragraph a fresh id and a fresh standing; the first half keeps its own", () => {
    let next = state;
    splitBlock(next, (tr) => (next = next.apply(tr)));
    const [, first, second] = [next.doc.child(0), next.doc.child(1), next.doc.child(2)];
    expect(first!.attrs).toMatchObject({ id: "p1", label: "3.", status: "agreed-informally" });
    expect(second!.attrs.id).toMatch(/^p[0-9a-z]{12}$/);
    expect(second!.attrs).toMatchObject({ label: "", status: "open", note: "", kind: "operative", proposedBy: [] });
    expect(new Set(ids(next)).size).toBe(4);
  });

  it("renames pasted copies of paragraphs, not the originals", () => {
    const copy = start.child(2);
    const next = state.apply(state.tr.insert(start.content.size, copy));
    expect(ids(next).slice(0, 3)).toEqual(["h1", "p1", "p2"]);
    expect(ids(next)[3]).not.toBe("p2");
  });

  it("gives an empty id a fresh one", () => {
    const next = state.apply(state.tr.insert(0, schema.nodes.paragraph!.create(null, schema.text("new"))));
    expect(ids(next)[0]).toMatch(/^p/);
  });

  it("leaves a keystroke and a move alone", () => {
    const typed = state.apply(state.tr.insertText("x", start.tag.a!));
    expect(ids(typed)).toEqual(["h1", "p1", "p2"]);
    expect(blocksNeedingIds(start, typed.doc)).toEqual([]);
    const moved = state.apply(state.tr.delete(start.child(0).nodeSize + start.child(1).nodeSize, start.content.size).insert(0, start.child(2)));
    expect(ids(moved)).toEqual(["p2", "h1", "p1"]);
  });
});
