import { attributionNamesToWrite, readPositions, type DelegationRegistry, type ProposalAttrs } from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";
import { afterLast, readDashAttribution, readParenAttribution, readTrailingAttribution, SPACED_DASH, TRAILING_DASH, writeAttributionList, writeParenPositions, type TagResolver } from "../conventions/attributions.js";

// How the marked-up text export writes attributions back in the form they
// came in (attributions.ts), and keeps text that would read as one from
// being read so.

/** Reads a spelling through the registry as the import does, adding nothing. */
function resolver(registry: DelegationRegistry): TagResolver {
  return (token) => {
    const found = registry.resolveTag(token);
    return found.ok ? found.delegation.code : null;
  };
}

/** True when a bracket's proposers are written after its text or its paragraph, not as a tag. */
export function attributedAfter(attrs: ProposalAttrs): boolean {
  return attrs.positions !== "" && readPositions(attrs.positions).form !== "tag";
}

/** What goes before a bracket's `]`: ` - G77; EU, US delete` for the dash form, else "". */
export function dashTail(attrs: ProposalAttrs, registry: DelegationRegistry): string {
  if (!attrs.positions) return "";
  const { form, positions } = readPositions(attrs.positions);
  return form === "dash" ? ` - ${writeAttributionList(attrs, positions, registry)}` : "";
}

/** What follows a bracket's `]` first: `(G77)` for the after form, then positions in parentheses (tag and after forms). */
export function parenAttribution(attrs: ProposalAttrs, registry: DelegationRegistry): string {
  if (!attrs.positions) return "";
  const { form, positions } = readPositions(attrs.positions);
  if (form === "dash" || form === "trail") return "";
  // The proposers by their names as written while they name them (written-tags.ts), else the preferred spellings.
  const by = form === "after" && attrs.by.length ? ` (${attributionNamesToWrite(attrs, registry)})` : "";
  return by + writeParenPositions(positions, registry);
}

/**
 * Whether a bracket's note written alone in parentheses (`(Mexico)`, `(EU:
 * delete)`) would read back as an attribution — proposers, supporters or
 * positions — so it must be written `(Note: Mexico)`. Never fails.
 */
export function noteReadsAsAttribution(note: string, registry: DelegationRegistry): boolean {
  // Read as names of proposers, the widest reading of names alone: whatever reads as supporters reads so too.
  return readParenAttribution(note.replace(/\s+/g, " ").trim(), resolver(registry), "proposers") !== null;
}

/**
 * Text written inside a bracket with no tag (`inside`, from after its `[`)
 * that would read as a dash attribution (`[financial - US]` as words) gets
 * the first character after its last dash escaped, so it stays text.
 */
export function protectDashText(inside: string, registry: DelegationRegistry): string {
  // One it could not place stays text anyway.
  const read = readDashAttribution(inside, 0, inside.length, resolver(registry));
  if (!read || !("attribution" in read)) return inside;
  const first = afterLast(inside, SPACED_DASH);
  return first < 0 ? inside : `${inside.slice(0, first)}\\${inside.slice(first)}`;
}

/** A paragraph's text that would read as ending in an attribution of the paragraph gets the first character after the dash escaped. */
export function protectTrailingAttribution(text: string, registry: DelegationRegistry): string {
  const read = readTrailingAttribution(text, 0, text.length, resolver(registry));
  if (!read || !("attribution" in read)) return text;
  const first = afterLast(text, TRAILING_DASH);
  return first < 0 ? text : `${text.slice(0, first)}\\${text.slice(first)}`;
}

/**
 * The proposal mark written after the paragraph it covers (`… -G77; Canada
 * delete.`): one of the trail form on every text of the block, outermost.
 * Null when there is none.
 */
export function trailMark(block: Node): Mark | null {
  let found: Mark | null = null;
  let every = true;
  block.forEach((child) => {
    if (!child.isText || !every) return;
    const first = child.marks.find((m) => m.type.name === "proposal");
    const mark = first && first.attrs.positions && readPositions(first.attrs.positions).form === "trail" ? first : null;
    if (!mark || (found && found.attrs.id !== mark.attrs.id)) every = false;
    else found = mark;
  });
  return every ? found : null;
}

/** The block without the trail mark, and the attribution to write after its text: ` -G77; Canada, Japan delete.` */
export function withoutTrail(block: Node, mark: Mark, registry: DelegationRegistry): { block: Node; tail: string } {
  const children: Node[] = [];
  block.forEach((child) => children.push(child.isText ? child.mark(mark.removeFromSet(child.marks)) : child));
  const attrs = mark.attrs as ProposalAttrs;
  return { block: block.copy(block.type.schema.nodes.paragraph!.create(null, children).content), tail: ` -${writeAttributionList(attrs, readPositions(attrs.positions).positions, registry)}.` };
}
