import { doc, h, p } from "@accord/schema/test-builders";
import { joinBackward, splitBlock } from "prosemirror-commands";
import type { Node } from "prosemirror-model";
import { EditorState, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { splitIntoParagraph } from "../../src/editor/input/enter.js";
import { rewriteTransaction } from "../../src/editor/propose/index.js";

// A refusal names the real reason: a key in a locked paragraph or a heading is
// refused because the block is closed to the delegate, whatever the key does
// (Enter, a join), not because of what the key would have done there.

type Tagged = Node & { tag: Record<string, number> };

function stateAt(d: Tagged): EditorState {
  return EditorState.create({ doc: d, selection: TextSelection.create(d, d.tag.a!) });
}

function refusal(state: EditorState, command: Command): string | null {
  let tr: Transaction | null = null;
  expect(command(state, (t) => (tr = t))).toBe(true);
  let n = 0;
  const outcome = rewriteTransaction(state, tr!, { delegation: "MEX", newId: () => `n${++n}` });
  return outcome.kind === "refused" ? outcome.reason : null;
}

describe("the reason of a delegate's refused key", () => {
  it("is the lock for Enter or a join in a paragraph that is not open", () => {
    expect(refusal(stateAt(doc(p({ label: "2.", status: "approved" }, "To re<a>quest.")) as Tagged), splitBlock)).toBe("paragraph 2 is approved and locked");
    expect(refusal(stateAt(doc(p("One."), p({ label: "5.", status: "agreed-ad-referendum" }, "<a>Two.")) as Tagged), joinBackward)).toBe(
      "paragraph 5 is agreed ad referendum and locked",
    );
  });

  it("is the caret's paragraph for Backspace at the start of a locked paragraph after a heading", () => {
    expect(refusal(stateAt(doc(h("RESOLVES:"), p({ label: "1.", status: "agreed-informally" }, "<a>To urge.")) as Tagged), joinBackward)).toBe(
      "paragraph 1 is agreed informally and locked",
    );
  });

  it("is the heading for Enter in a heading", () => {
    expect(refusal(stateAt(doc(h("DRAFT<a> RESOLUTION"), p("Text.")) as Tagged), splitBlock)).toBe("delegates cannot change headings");
  });

  it("is the split itself in an open paragraph", () => {
    expect(refusal(stateAt(doc(p("one <a>two")) as Tagged), splitBlock)).toMatch(/cannot split or join paragraphs/);
  });

  // Enter at a block's start puts an empty paragraph before it (enter.ts): the key acts at the caret's block.
  it("is the caret's block, or the split, for Enter at the start of a block", () => {
    expect(refusal(stateAt(doc(p("Text."), h("<a>DRAFT RESOLUTION")) as Tagged), splitIntoParagraph)).toBe("delegates cannot change headings");
    expect(refusal(stateAt(doc(p({ label: "2.", status: "approved" }, "<a>To request.")) as Tagged), splitIntoParagraph)).toBe("paragraph 2 is approved and locked");
    expect(refusal(stateAt(doc(p("One."), p("<a>Two.")) as Tagged), splitIntoParagraph)).toMatch(/cannot split or join paragraphs/);
  });
});
