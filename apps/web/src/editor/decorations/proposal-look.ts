import { proposerOf, type ProposalAttrs, type ProposalOp, type ProposalState } from "@accord/schema";
import { delegationColour, type DelegationColour } from "@accord/merge";
import type { Filter } from "../types.js";

/** Untagged brackets (disputed base text) are grey, as in the marked-up version. */
export const UNTAGGED: DelegationColour = Object.freeze({ ink: "#595959", tint: "#efefef" });

/**
 * What becomes of a proposal's text in the clean version: still in brackets
 * (open), kept as plain text, or dropped — an accepted insertion is kept, an
 * accepted deletion dropped, a rejected or withdrawn insertion dropped, a
 * rejected deletion kept (packages/merge/src/versions/clean.ts decides the same way).
 */
export type Fate = "bracketed" | "plain" | "drop";

/** The fate of text a proposal with this operation and state covers. */
export function fateOf(op: ProposalOp, state: ProposalState): Fate {
  if (state === "open") return "bracketed";
  if (state === "accepted") return op === "delete" ? "drop" : "plain";
  return op === "delete" ? "plain" : "drop";
}

/** The colours of a bracket: its proposer's, grey when untagged. Never fails. */
export function bracketColour(by: readonly string[]): DelegationColour {
  const proposer = proposerOf(by);
  return proposer === undefined ? UNTAGGED : delegationColour(proposer);
}

/** The CSS custom properties that carry a bracket's colours into editor.css. */
export function colourStyle(by: readonly string[]): string {
  const colour = bracketColour(by);
  return `--ink:${colour.ink};--tint:${colour.tint}`;
}

/** True when the filter dims this proposal: it is not the chosen delegation's. */
export function dimmedByFilter(proposal: Pick<ProposalAttrs, "by">, filter: Filter): boolean {
  return filter.delegation !== "" && !proposal.by.includes(filter.delegation);
}

/** True when the bracket glyphs and tag are drawn: open proposals always, decided ones never (their state shows otherwise). */
export function bracketDrawn(proposal: Pick<ProposalAttrs, "state">): boolean {
  return proposal.state === "open";
}

/**
 * The attributes of a run of text inside brackets, from its proposals outermost
 * first: the innermost decides operation, colour and state; any enclosing open
 * deletion strikes it; any proposal in the chain whose text the clean version
 * drops fades it. Data attributes name the proposal for tests and clicks.
 * Throws a RangeError for an empty chain (a caller's bug).
 */
export function textLook(chain: readonly ProposalAttrs[], filter: Filter): Record<string, string> {
  const inner = chain[chain.length - 1];
  if (!inner) throw new RangeError("textLook needs at least one proposal");
  const classes = ["accord-prop", `accord-op-${inner.op}`, `accord-state-${inner.state}`];
  if (!inner.by.length) classes.push("accord-untagged");
  if (chain.some((p) => fateOf(p.op, p.state) === "drop")) classes.push("accord-gone");
  if (chain.slice(0, -1).some((p) => p.op === "delete" && p.state === "open")) classes.push("accord-in-deletion");
  if (filter.openOnly && inner.state !== "open") classes.push("accord-plain");
  if (dimmedByFilter(inner, filter)) classes.push("accord-dimmed");
  return {
    class: classes.join(" "),
    style: colourStyle(inner.by),
    "data-proposal-id": inner.id,
    "data-proposals": chain.map((p) => p.id).join(" "),
    "data-by": inner.by.join(" "),
    "data-op": inner.op,
    "data-state": inner.state,
    // The options of one choice group share it, so a reader (and CSS) can tell they belong together.
    ...(inner.choice ? { "data-choice": inner.choice } : {}),
    // The parts of a bracket spanning paragraphs share its id (the first part's), one per paragraph: they are one proposal.
    ...(chain.some((p) => p.span) ? { "data-span": chain.map((p) => p.span).filter(Boolean).join(" ") } : {}),
  };
}
