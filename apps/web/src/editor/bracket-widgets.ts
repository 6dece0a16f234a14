import type { ProposalAttrs } from "@accord/schema";
import { colourStyle } from "./proposal-look.js";

/** What a bracket's glyphs show, decided when the decorations are made (the DOM is made only when drawn). */
export interface BracketGlyph {
  readonly proposal: ProposalAttrs;
  /** `Uru:`; empty for an untagged bracket. */
  readonly tag: string;
  /** The delegations' names, for the tooltip. */
  readonly names: string;
  readonly dimmed: boolean;
}

function glyph(kind: string, { proposal, dimmed }: BracketGlyph, title: string): HTMLElement {
  const span = document.createElement("span");
  span.className = `accord-bracket accord-${kind}${dimmed ? " accord-dimmed" : ""}`;
  span.contentEditable = "false";
  span.setAttribute("style", colourStyle(proposal.by));
  span.dataset.proposalId = proposal.id;
  span.dataset.by = proposal.by.join(" ");
  span.dataset.state = proposal.state;
  span.title = title;
  return span;
}

function describe(g: BracketGlyph): string {
  const whose = g.names ? `${g.names}: ` : "Disputed text: ";
  return `${whose}${g.proposal.state} proposal ${g.proposal.id} — click for actions`;
}

/** The opening bracket and its tag: `[` + `Uru:`. */
export function openingBracket(g: BracketGlyph): HTMLElement {
  const span = glyph("open", g, describe(g));
  span.append("[");
  if (g.tag) {
    const tag = document.createElement("span");
    tag.className = "accord-tag";
    tag.textContent = g.tag;
    span.append(tag, " ");
  }
  return span;
}

/** The closing bracket, with the bracket's note after it: `] (Brazil is opposed …)`. */
export function closingBracket(g: BracketGlyph): HTMLElement {
  const span = glyph("close", g, describe(g));
  span.append("]");
  if (g.proposal.note) {
    const note = document.createElement("span");
    note.className = "accord-bracket-note";
    note.textContent = ` (${g.proposal.note})`;
    span.append(note);
  }
  return span;
}

const STATE_MARK: Readonly<Record<string, string>> = Object.freeze({ accepted: "✓", rejected: "✗", withdrawn: "↩" });

/** The small mark after a decided proposal (✓ accepted, ✗ rejected, ↩ withdrawn), which opens its actions. */
export function decidedMark(g: BracketGlyph): HTMLElement {
  const span = glyph("decided", g, describe(g));
  span.append(STATE_MARK[g.proposal.state] ?? "•");
  return span;
}
