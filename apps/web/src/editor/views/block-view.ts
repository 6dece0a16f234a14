import type { DateStyle, ParagraphAttrs, StatusAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";
import type { Decoration, EditorView, NodeView, NodeViewConstructor, ViewMutationRecord } from "prosemirror-view";
import { drawnRangeKey, markedDrawn } from "../window/drawn-range.js";
import { OFFSCREEN_CLASS } from "../window/block-window.js";
import { colourStyle } from "../decorations/proposal-look.js";
import { drawStatusBadge } from "./status-badge.js";
import { drawOptionChrome } from "./option-chrome.js";
import type { OptionOpeningSpec } from "../decorations/block-decorations.js";

/** What the block views need from the editor. */
export interface BlockViewOptions {
  /** The document's date style, in which the status badge writes its date. */
  dateStyle(): DateStyle;
  /** Whether this member has any action on the block (the menu button is drawn only then). */
  hasMenu(block: Node): boolean;
  /** The menu button of a block was clicked. */
  openMenu(blockId: string, anchor: HTMLElement): void;
  /** Whether a block with these outer decorations is drawn (has its text); true in a document drawn whole. */
  drawn(decorations: readonly Decoration[]): boolean;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  element.className = className;
  return element;
};

/** How many of a block's options begin at it, as the decorations say (`OptionOpeningSpec`); null when they do not. */
function optionsOpeningIn(decorations: readonly Decoration[]): number | null {
  for (const decoration of decorations) {
    const opening = (decoration.spec as Partial<OptionOpeningSpec>).optionsOpening;
    if (typeof opening === "number") return opening;
  }
  return null;
}

function sameAttrs(a: Node, b: Node): boolean {
  if (a.attrs === b.attrs) return true;
  for (const key of Object.keys(a.attrs)) {
    const x = a.attrs[key];
    const y = b.attrs[key];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}

/**
 * A heading or paragraph as negotiators read it: the label (and `alt.`) in
 * the left gutter with the block's menu button, the text (a whole-paragraph
 * proposal's tag, `[Col, Ecu:`, opens it: a decoration, see
 * block-decorations.ts), the status badge with date and body beside it (and
 * the status marker's footnote), the editorial note in italics below.
 * Locked blocks are greyed, alternatives indented; a block of option blocks
 * has the labels of the options beginning at it (the decorations say which,
 * from the block before). The chrome is redrawn only when the block's
 * attributes or those labels change, never for a keystroke in its text.
 */
export class BlockView implements NodeView {
  readonly dom: HTMLElement;
  /** Null for a placeholder: a block outside the drawn window, with neither text nor chrome. */
  readonly contentDOM: HTMLElement | null;
  private readonly gutter: HTMLElement;
  private readonly aside: HTMLElement;
  private readonly note: HTMLElement;
  private optionsOpening: number | null;

  constructor(
    private node: Node,
    private readonly options: BlockViewOptions,
    drawn = true,
    decorations: readonly Decoration[] = [],
  ) {
    this.optionsOpening = optionsOpeningIn(decorations);
    this.dom = el("div", "");
    this.gutter = el("div", "accord-gutter");
    this.aside = el("div", "accord-aside");
    this.note = el("div", "accord-note");
    if (drawn) {
      this.contentDOM = el(node.type.name === "heading" ? "h2" : "p", "accord-content");
      for (const chrome of [this.gutter, this.aside, this.note]) chrome.contentEditable = "false";
      this.dom.append(this.gutter, this.contentDOM, this.aside, this.note);
    } else {
      this.contentDOM = null;
    }
    this.render();
  }

  update(node: Node, decorations: readonly Decoration[]): boolean {
    if (node.type !== this.node.type) return false;
    // Coming into the window or leaving it: made anew, with its text or as a placeholder.
    if ((this.contentDOM !== null) !== this.options.drawn(decorations)) return false;
    const opening = optionsOpeningIn(decorations);
    const redraw = !sameAttrs(node, this.node) || opening !== this.optionsOpening;
    this.node = node;
    this.optionsOpening = opening;
    if (redraw) this.render();
    return true;
  }

  /** Only the text is ProseMirror's; the chrome changes only through `render`. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    if (!this.contentDOM) return true;
    if (mutation.type === "selection") return false;
    return !this.contentDOM.contains(mutation.target);
  }

  /** Clicks on the gutter, the badge and the note are the chrome's, not the text's. */
  stopEvent(event: Event): boolean {
    const target = event.target;
    return target instanceof globalThis.Node && !this.contentDOM?.contains(target) && this.dom.contains(target);
  }

  private render(): void {
    if (!this.contentDOM) {
      this.renderPlaceholder();
      return;
    }
    const node = this.node;
    const attrs = node.attrs as ParagraphAttrs & StatusAttrs;
    const isParagraph = node.type.name === "paragraph";
    const classes = ["accord-block", `accord-${node.type.name}`, `accord-status-${attrs.status}`];
    if (attrs.status !== "open") classes.push("accord-locked");
    if (isParagraph && attrs.alternativeTo) classes.push("accord-alternative");
    if (isParagraph && attrs.proposedBy.length) classes.push("accord-whole-proposal", `accord-whole-${attrs.proposalState}`);
    // Keep the classes node decorations (filters) and the block window put on the element.
    const decorationClasses = [...this.dom.classList].filter((c) => c.startsWith("accord-dimmed") || c === OFFSCREEN_CLASS);
    this.dom.className = [...classes, ...decorationClasses].join(" ");
    this.dom.dataset.blockId = attrs.id;
    this.dom.dataset.status = attrs.status;
    if (isParagraph) this.dom.dataset.kind = attrs.kind;
    if (isParagraph && attrs.alternativeTo) this.dom.dataset.alternativeTo = attrs.alternativeTo;
    else delete this.dom.dataset.alternativeTo;
    // The closing bracket of a whole-paragraph proposal is drawn by CSS in these colours.
    if (isParagraph && attrs.proposedBy.length) this.dom.setAttribute("style", colourStyle(attrs.proposedBy));
    else this.dom.removeAttribute("style");

    this.gutter.replaceChildren();
    if (isParagraph && attrs.label) {
      const label = el("span", "accord-label");
      label.textContent = attrs.label;
      this.gutter.append(label);
    }
    // "5 bis alt." already says it.
    if (isParagraph && attrs.alternativeTo && !/\balt\b/i.test(attrs.label)) {
      const alt = el("span", "accord-alt-marker");
      alt.textContent = "alt.";
      alt.title = "An alternative to the paragraph above";
      this.gutter.append(alt);
    }
    // Option blocks: the option's label first in the gutter, its group, state and depth for the CSS.
    drawOptionChrome(this.dom, this.gutter, this.contentDOM, node, this.optionsOpening);
    if (this.options.hasMenu(node)) {
      const button = el("button", "accord-block-menu");
      button.type = "button";
      button.textContent = "⋯";
      button.title = isParagraph ? "Paragraph actions" : "Heading actions";
      button.setAttribute("aria-label", button.title);
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => this.options.openMenu(attrs.id, button));
      this.gutter.append(button);
    }

    this.aside.replaceChildren();
    if (attrs.status !== "open") {
      const span = el("span", `accord-badge accord-badge-${attrs.status}`);
      span.dataset.status = attrs.status;
      span.dataset.statusDate = attrs.statusDate;
      span.dataset.statusBody = attrs.statusBody;
      drawStatusBadge(span, this.options.dateStyle());
      this.aside.append(span);
    }
    if (attrs.statusFootnote) {
      const sup = el("sup", "accord-fn accord-fn-procedural accord-status-fn");
      sup.title = attrs.statusFootnote;
      sup.dataset.footnoteId = `${attrs.id}-status`;
      this.aside.append(sup);
    }

    const note = isParagraph ? attrs.note : "";
    this.note.textContent = note ? `(${note})` : "";
    this.note.hidden = !note;
  }

  /** What a placeholder keeps: what finds the block (its id) and what keeps it hidden. */
  private renderPlaceholder(): void {
    const attrs = this.node.attrs as ParagraphAttrs & StatusAttrs;
    this.dom.className = `accord-block accord-${this.node.type.name} ${OFFSCREEN_CLASS}`;
    this.dom.dataset.blockId = attrs.id;
    this.dom.dataset.status = attrs.status;
  }
}

/**
 * Node views for headings and paragraphs (`BlockView`). In a long document
 * only the blocks the block window draws (marked by its decorations) get
 * their text and chrome; the others are placeholders until they are drawn.
 */
export function blockNodeViews(options: Omit<BlockViewOptions, "drawn">): Record<string, NodeViewConstructor> {
  const make = (node: Node, view: EditorView, _getPos: unknown, decorations: readonly Decoration[]) => {
    // Read at each call: a document that grows past the whole-drawing size becomes windowed.
    const drawn = (marks: readonly Decoration[]) => drawnRangeKey.getState(view.state) == null || markedDrawn(marks);
    return new BlockView(node, { ...options, drawn }, drawn(decorations), decorations);
  };
  return { heading: make, paragraph: make };
}
