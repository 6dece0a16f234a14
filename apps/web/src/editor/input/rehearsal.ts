import { schema } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { EditorState, TextSelection, type Plugin } from "prosemirror-state";
import { EditorView, type EditorProps } from "prosemirror-view";
import { initProseMirrorDoc, prosemirrorToYXmlFragment } from "y-prosemirror";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { whenIdle } from "../timing/when-idle.js";

/** What a rehearsal builds its view from: the editor's own parts. */
export interface RehearsalParts {
  /** The document shown; a stretch of its blocks is copied. */
  readonly doc: Node;
  readonly nodeViews: EditorProps["nodeViews"];
  /** The editor's plugins, bound to the rehearsal's own Y.Doc. */
  plugins(fragment: Y.XmlFragment, awareness: Awareness, mapping: ReturnType<typeof initProseMirrorDoc>["mapping"]): Plugin[];
}

/**
 * How a rehearsal ended: "typed" (the copy's paragraph holds what was typed
 * and not deleted again), "failed" with the reason (it did not, or something
 * threw), "stopped" (stopped before its end), "nowhere" (no paragraph to type in).
 */
export type RehearsalOutcome = { readonly kind: "typed" | "stopped" | "nowhere" } | { readonly kind: "failed"; readonly reason: string };

/** Blocks copied on each side of the paragraph typed in: enough for the view's loops over blocks to warm up, few enough to copy in a moment. */
const BLOCKS_AROUND = 20;
/** What is typed, then partly deleted again. */
const REHEARSED_TEXT = " and further";
const REHEARSED_DELETIONS = 3;
/** How long a step may wait for the browser to be idle: the rehearsal is only of use before the first keystroke. */
const STEP_IDLE_TIMEOUT_MS = 500;

/**
 * Types a few characters and deletes some, each in an idle period of its own,
 * into a copy of a stretch of the document in a view that is never on the
 * page, bound to a Y.Doc of its own, with the editor's plugins and node
 * views, and throws it all away. A page's first keystrokes otherwise run the
 * typing path's code for the first time — the browser compiles it then and
 * runs it slowly until it has seen it run — and on a slow machine the first
 * keystrokes lagged (about 100 ms each). Nothing reaches the shown document,
 * the server or the undo history. `onEnd` gets the outcome once; the
 * returned function stops the rest (then the outcome is "stopped").
 */
export function rehearseTyping(parts: RehearsalParts, onEnd: (outcome: RehearsalOutcome) => void = () => {}): () => void {
  const place = placeToType(parts.doc);
  let ended = false;
  let cancelIdle: () => void = () => {};
  let view: EditorView | null = null;
  let ydoc: Y.Doc | null = null;
  let awareness: Awareness | null = null;
  const end = (outcome: RehearsalOutcome) => {
    if (ended) return;
    ended = true;
    cancelIdle();
    try {
      view?.destroy();
      awareness?.destroy();
      ydoc?.destroy();
    } finally {
      view = null;
      onEnd(outcome);
    }
  };
  if (!place) {
    end({ kind: "nowhere" });
    return () => {};
  }
  const steps: ((view: EditorView) => void)[] = [
    ...[...REHEARSED_TEXT].map((key) => (v: EditorView) => {
      v.someProp("handleKeyPress", (handle) => handle(v, new KeyboardEvent("keypress", { key })));
    }),
    // Backspace in text is the browser's own editing, which ProseMirror reads back as a deletion: that deletion.
    ...Array.from({ length: REHEARSED_DELETIONS }, () => (v: EditorView) => {
      const at = v.state.selection.from;
      v.dispatch(v.state.tr.delete(at - 1, at).scrollIntoView());
    }),
  ];
  const open = () => {
    const blocks: Node[] = [];
    let copyStart = -1;
    parts.doc.forEach((block, offset, index) => {
      if (Math.abs(index - place.index) > BLOCKS_AROUND) return;
      if (copyStart < 0) copyStart = offset;
      blocks.push(block);
    });
    ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment("rehearsal");
    prosemirrorToYXmlFragment(schema.node("doc", null, blocks), fragment);
    awareness = new Awareness(ydoc);
    const { doc, mapping } = initProseMirrorDoc(fragment, schema);
    const state = EditorState.create({ schema, doc, plugins: parts.plugins(fragment, awareness, mapping) });
    const at = place.pos - copyStart;
    const opened: EditorView = new EditorView(document.createElement("div"), {
      state: state.apply(state.tr.setSelection(TextSelection.create(state.doc, at))),
      nodeViews: parts.nodeViews,
      dispatchTransaction: (tr) => opened.updateState(opened.state.apply(tr)),
    });
    view = opened;
  };
  const check = (v: EditorView): RehearsalOutcome => {
    const expected = place.text.slice(0, place.offset) + REHEARSED_TEXT.slice(0, REHEARSED_TEXT.length - REHEARSED_DELETIONS) + place.text.slice(place.offset);
    const block = v.state.doc.resolve(v.state.selection.from).parent;
    return block.textContent === expected ? { kind: "typed" } : { kind: "failed", reason: `the paragraph reads ${JSON.stringify(block.textContent)}, not ${JSON.stringify(expected)}` };
  };
  const next = () => {
    if (ended) return;
    try {
      if (!view) open();
      else {
        const step = steps.shift();
        if (!step) return end(check(view));
        step(view);
      }
    } catch (error) {
      // A rehearsal only warms the code up: whatever went wrong, the shown document is untouched.
      return end({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
    }
    cancelIdle = whenIdle(next, STEP_IDLE_TIMEOUT_MS);
  };
  cancelIdle = whenIdle(next, STEP_IDLE_TIMEOUT_MS);
  return () => end({ kind: "stopped" });
}

/** A paragraph open for proposals that starts with a run of base text, nearest the middle of the document, and a place in that run. */
function placeToType(doc: Node): { index: number; pos: number; offset: number; text: string } | null {
  const middle = Math.floor(doc.childCount / 2);
  for (let step = 0; step < 2 * doc.childCount; step++) {
    const index = middle + (step % 2 ? -(step + 1) / 2 : step / 2);
    if (index < 0 || index >= doc.childCount) continue;
    const node = doc.child(index);
    if (node.type.name !== "paragraph" || node.attrs.status !== "open" || (node.attrs.proposedBy as string[]).length) continue;
    const first = node.firstChild;
    if (!first?.isText || first.marks.length || first.text!.length < 12) continue;
    const offset = 8;
    let before = 0;
    for (let i = 0; i < index; i++) before += doc.child(i).nodeSize;
    return { index, pos: before + 1 + offset, offset, text: node.textContent };
  }
  return null;
}
