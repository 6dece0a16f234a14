import type { DelegationRegistry, ParagraphAttrs, StatusAttrs } from "@accord/schema";
import type { Node } from "prosemirror-model";
import type { EditorView, NodeView, NodeViewConstructor, ViewMutationRecord } from "prosemirror-view";
import { bracketTag } from "./bracket-tag.js";
import { colourStyle } from "./proposal-look.js";
import { statusBadgeText, statusDescription } from "./status-badge.js";

/** What the block views need from the editor. */
export interface BlockViewOptions {
  /** The document's delegation registry, for the tag of a whole-paragraph proposal. */
  registry(): DelegationRegistry;
  /** Whether this member has any action on the block (the menu button is drawn only then). */
  hasMenu(block: Node): boolean;
  /** The menu button of a block was clicked. */
  openMenu(blockId: string, anchor: HTMLElement): void;
  /** The tag of a whole-paragraph proposal or alternative was clicked (its id is the block's). */
  openProposal(proposalId: string, anchor: HTMLElement): void;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  element.className = className;
  return element;
};

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
 * A heading or paragraph as negotiators read it: the label (and `alt.`, and
 in the left gutter with the block's menu button, the tag of a
 * whole-paragraph proposal (`[Col, Ecu:`) on a line of its own above the text, the text, the status badge with date and body beside it (and
 * the status marker's footnote), the editorial note in italics below.
 * Locked blocks are greyed, alternatives indented. The chrome is redrawn only
 * when the block's attributes change, never for a keystroke in its text.
 */
export class BlockView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private readonly gutter: HTMLElement;
  /** Above the text: the opening tag of a whole-paragraph proposal, too wide for the gutter. */
  private readonly lead: HTMLElement;
  private readonly aside: HTMLElement;
  private readonly note: HTMLElement;

  constructor(
    private node: Node,
    private readonly options: BlockViewOptions,
  ) {
    this.dom = el("div", "");
    this.gutter = el("div", "accord-gutter");
    this.lead = el("div", "accord-lead");
    this.contentDOM = el(node.type.name === "heading" ? "h2" : "p", "accord-content");
    this.aside = el("div", "accord-aside");
    this.note = el("div", "accord-note");
    for (const chrome of [this.gutter, this.lead, this.aside, this.note]) chrome.contentEditable = "false";
    this.dom.append(this.gutter, this.lead, this.contentDOM, this.aside, this.note);
    this.render();
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    const redraw = !sameAttrs(node, this.node);
    this.node = node;
    if (redraw) this.render();
    return true;
  }

  /** Only the text is ProseMirror's; the chrome changes only through `render`. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    if (mutation.type === "selection") return false;
    return !this.contentDOM.contains(mutation.target);
  }

  /** Clicks on the gutter, the badge and the note are the chrome's, not the text's. */
  stopEvent(event: Event): boolean {
    const target = event.target;
    return target instanceof globalThis.Node && !this.contentDOM.contains(target) && this.dom.contains(target);
  }

  private render(): void {
    const node = this.node;
    const attrs = node.attrs as ParagraphAttrs & StatusAttrs;
    const isParagraph = node.type.name === "paragraph";
    const classes = ["accord-block", `accord-${node.type.name}`, `accord-status-${attrs.status}`];
    if (attrs.status !== "open") classes.push("accord-locked");
    if (isParagraph && attrs.alternativeTo) classes.push("accord-alternative");
    if (isParagraph && attrs.proposedBy.length) classes.push("accord-whole-proposal", `accord-whole-${attrs.proposalState}`);
    // Keep the classes node decorations (filters) put on the element.
    const decorationClasses = [...this.dom.classList].filter((c) => c.startsWith("accord-dimmed"));
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
    if (isParagraph && attrs.proposedBy.length) {
      const tag = el("span", `accord-whole-tag accord-state-${attrs.proposalState}`);
      tag.setAttribute("style", colourStyle(attrs.proposedBy));
      tag.dataset.proposalId = attrs.id;
      tag.dataset.by = attrs.proposedBy.join(" ");
      tag.dataset.state = attrs.proposalState;
      tag.textContent = `[${bracketTag(attrs.proposedBy, this.options.registry())}`;
      tag.title = `${attrs.alternativeTo ? "Alternative" : "Paragraph"} proposed by ${attrs.proposedBy.join(", ")} (${attrs.proposalState}) — click for actions`;
      tag.addEventListener("click", () => this.options.openProposal(attrs.id, tag));
      this.lead.replaceChildren(tag);
    } else {
      this.lead.replaceChildren();
    }
    this.lead.hidden = !this.lead.firstChild;
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
    const badge = statusBadgeText(attrs);
    if (badge) {
      const span = el("span", `accord-badge accord-badge-${attrs.status}`);
      span.textContent = badge;
      span.title = statusDescription(attrs);
      span.dataset.status = attrs.status;
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
}

/** Node views for headings and paragraphs (`BlockView`). */
export function blockNodeViews(options: BlockViewOptions): Record<string, NodeViewConstructor> {
  const make = (node: Node, _view: EditorView) => new BlockView(node, options);
  return { heading: make, paragraph: make };
}
