import { schema } from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";

/** A piece of inline content on its way to becoming a node: text with marks, or a footnote. */
export type Piece = { readonly text: string; readonly marks: readonly Mark[] } | { readonly node: Node };

/**
 * Builds inline nodes from pieces left after proposals were taken out, mending
 * the spacing that taking text out leaves: two spaces become one ("cooperation
 * and"), a space before closing punctuation goes ("inventory of capacities."),
 * and the content does not start or end with a space.
 */
export function tidyInline(pieces: readonly Piece[]): Node[] {
  type Out = { kind: "text"; text: string; marks: readonly Mark[] } | { kind: "node"; node: Node };
  const out: Out[] = [];
  let last: { text: string } | null = null;
  for (const piece of pieces) {
    if ("node" in piece) {
      out.push({ kind: "node", node: piece.node });
      continue;
    }
    let text = piece.text;
    if (last?.text.endsWith(" ")) {
      if (text.startsWith(" ")) text = text.replace(/^ +/, "");
      if (/^[.,;:!?)\]]/.test(text)) last.text = last.text.replace(/ +$/, "");
    }
    if (out.length === 0) text = text.replace(/^ +/, "");
    if (!text) continue;
    const entry = { kind: "text" as const, text, marks: piece.marks };
    out.push(entry);
    last = entry;
  }
  const end = out[out.length - 1];
  if (end?.kind === "text") end.text = end.text.replace(/ +$/, "");
  return out.flatMap((item) => (item.kind === "node" ? [item.node] : item.text ? [schema.text(item.text, item.marks)] : []));
}
