import type { FootnoteAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";
import type { NodeView, NodeViewConstructor } from "prosemirror-view";

/** "Reservation (URY): text", "Procedural note: text", "Editorial note: text" — what hovering a footnote marker shows. */
export function footnoteTooltip(attrs: FootnoteAttrs): string {
  if (attrs.kind === "reservation") return `Reservation${attrs.delegation ? ` (${attrs.delegation})` : ""}: ${attrs.text}`;
  return `${attrs.kind === "procedural" ? "Procedural" : "Editorial"} note: ${attrs.text}`;
}

/**
 * A footnote atom as a superscript marker with the footnote on hover. Its
 * number is written by `numberFootnoteMarkers` (footnote-numbers.ts), in
 * document order — the order of the list at the foot.
 */
export class FootnoteView implements NodeView {
  readonly dom: HTMLElement;

  constructor(private node: Node) {
    this.dom = document.createElement("sup");
    this.render();
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  ignoreMutation(): boolean {
    return true;
  }

  private render(): void {
    const attrs = this.node.attrs as FootnoteAttrs;
    this.dom.className = `accord-fn accord-fn-${attrs.kind}`;
    this.dom.dataset.footnoteId = attrs.id;
    this.dom.dataset.kind = attrs.kind;
    if (attrs.delegation) this.dom.dataset.delegation = attrs.delegation;
    else delete this.dom.dataset.delegation;
    this.dom.title = footnoteTooltip(attrs);
  }
}

/** The node view for `footnote` atoms. */
export function footnoteNodeViews(): Record<string, NodeViewConstructor> {
  return { footnote: (node) => new FootnoteView(node) };
}
