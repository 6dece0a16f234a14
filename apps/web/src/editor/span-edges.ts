import type { Mark, Node } from "prosemirror-model";

// Where the parts of a bracket spanning paragraphs meet (packages/schema/src/alternatives/spans.ts): the parts
// are one proposal per paragraph, linked by their `span` id, so whether a part opens its bracket, closes it or
// goes on through its paragraph is known only from the paragraphs beside it. The drawing of brackets and the
// marks of typed text both ask here.

const NONE: ReadonlySet<string> = new Set();

/** The spans (`span` ids) a block's text holds a part of; empty for a block with none. Never fails. */
export function spansIn(block: Node | null | undefined): ReadonlySet<string> {
  if (!block?.inlineContent) return NONE;
  let spans: Set<string> | null = null;
  block.forEach((child) => {
    for (const mark of child.marks) {
      const span = mark.type.name === "proposal" ? (mark.attrs.span as string) : "";
      if (span) (spans ??= new Set()).add(span);
    }
  });
  return spans ?? NONE;
}

/** The first or last text of a block, footnotes passed over; null when it has none. */
function edgeText(block: Node, end: "first" | "last"): Node | null {
  for (let k = 0; k < block.childCount; k++) {
    const child = block.child(end === "first" ? k : block.childCount - 1 - k);
    if (child.isText) return child;
  }
  return null;
}

/** The spans of the parts a text carries. */
function partSpans(text: Node | null): string[] {
  return text ? text.marks.filter((mark) => mark.type.name === "proposal" && mark.attrs.span).map((mark) => mark.attrs.span as string) : [];
}

/**
 * The spans that go on from `before` into `after`, the block right after it:
 * those whose part in `before` runs to its end and whose part in `after`
 * starts at its start (their last and first texts carry them). A part none
 * goes on into opens its bracket, one none goes on from closes it — so a
 * span an edit broke there (text typed between its parts) is drawn as the
 * brackets it is read as. Never fails; empty when either block is null.
 */
export function spansGoingOn(before: Node | null | undefined, after: Node | null | undefined): ReadonlySet<string> {
  if (!before?.inlineContent || !after?.inlineContent) return NONE;
  const ending = partSpans(edgeText(before, "last"));
  if (!ending.length) return NONE;
  const starting = partSpans(edgeText(after, "first"));
  const both = new Set(ending.filter((span) => starting.includes(span)));
  return both.size ? both : NONE;
}

/**
 * The parts of brackets spanning paragraphs that text put at `pos` must
 * carry for every span to stay sound (the server's `spanProblems`: a later
 * part starts where its paragraph starts, an earlier one runs to its
 * paragraph's end): with no text before `pos` in its block, the part the
 * text after it carries when that part's span goes on into this block; with
 * no text after it, the part the text before it carries when its span goes
 * on into the next block. Empty anywhere else — inside a part, text takes its
 * mark from the text around it. Throws a RangeError when `pos` is outside `doc`.
 */
export function spanPartsAt(doc: Node, pos: number): Mark[] {
  const $pos = doc.resolve(pos);
  const block = $pos.parent;
  if ($pos.depth !== 1 || !block.inlineContent || $pos.textOffset > 0) return [];
  const at = $pos.parentOffset;
  let textBefore: Node | null = null;
  let textAfter: Node | null = null;
  for (let i = 0, offset = 0; i < block.childCount; offset += block.child(i++).nodeSize) {
    const child = block.child(i);
    if (!child.isText) continue;
    if (offset + child.nodeSize <= at) textBefore = child;
    else if (!textAfter) textAfter = child;
  }
  const index = $pos.index(0);
  const parts = (text: Node, going: ReadonlySet<string>) => text.marks.filter((mark) => mark.type.name === "proposal" && going.has(mark.attrs.span as string));
  if (!textBefore && textAfter) return parts(textAfter, spansGoingOn(doc.maybeChild(index - 1), block));
  if (textBefore && !textAfter) return parts(textBefore, spansGoingOn(block, doc.maybeChild(index + 1)));
  return [];
}
