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
  /** Delegations' positions as written after the bracket (`EU, US: delete`), and in words for the tooltip; "" for none. */
  readonly positions?: string;
  readonly positionsTitle?: string;
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

/** How an opening bracket sits in its text (see `openingBracket`). */
export interface OpeningPlace {
  /** Draw a space before the `[`: the bracket's text starts with a space that belongs before it ("plans [Per: and budgets]"). */
  readonly spaceBefore?: boolean;
  /** Leave out the space after the tag: the bracket's own text starts with one. */
  readonly textSpaced?: boolean;
  /** The tag of a whole proposed paragraph or alternative, drawn at the start of its text. */
  readonly whole?: boolean;
}

/** A space drawn, not typed: before a bracket whose text starts with one, between the struck and the inserted part of a replacement. */
export function joinSpace(): HTMLElement {
  const span = document.createElement("span");
  span.className = "accord-join";
  span.textContent = " ";
  return span;
}

/**
 * The opening bracket and its tag: `[` + `Uru:` + a space. An insertion
 * typed after a word begins with its space (" and budgets"): drawn as is, it
 * read "plans[Per:  and budgets]"; the space is drawn before the bracket
 * instead, and the text's own space follows the tag.
 */
export function openingBracket(g: BracketGlyph, place: OpeningPlace = {}): HTMLElement {
  const span = glyph(place.whole ? "open accord-whole-tag" : "open", g, describe(g));
  if (place.spaceBefore) span.append(joinSpace());
  span.append("[");
  if (g.tag) {
    const tag = document.createElement("span");
    tag.className = "accord-tag";
    tag.textContent = g.tag;
    span.append(tag);
    if (!place.textSpaced) span.append(" ");
  }
  return span;
}

/** The closing bracket, with the delegations' positions and the bracket's note after it: `] (EU, US: delete) (Brazil is opposed …)`. */
export function closingBracket(g: BracketGlyph): HTMLElement {
  const span = glyph("close", g, describe(g));
  span.append("]");
  if (g.positions) {
    const badge = document.createElement("span");
    badge.className = "accord-positions";
    badge.dataset.positions = g.proposal.positions;
    badge.textContent = ` (${g.positions})`;
    badge.title = g.positionsTitle ?? g.positions;
    span.append(badge);
  }
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
