import { isFootnoteKind, type DelegationRegistry, type FootnoteKind } from "@accord/schema";

/** A footnote body line: `�.<tab>text` as Word leaves it, or `3/ text`. */
const BODY_LINE = /^\s*(?:\uFFFD\.?|(\d{1,3})\/)[ \t]+(\S.*)$/;

/** A footnote body read from a line, before references are matched to it. */
export interface FootnoteBodyLine {
  /** The number written (`3/`), or null for Word's lost reference mark `�`. */
  readonly number: number | null;
  readonly text: string;
  /** A kind written explicitly as `{reservation ECU}`, or null to infer it. */
  readonly explicit: { kind: FootnoteKind; delegation: string } | null;
}

/** Reads a footnote body line, or returns null when the line is not one. */
export function readFootnoteBody(line: string): FootnoteBodyLine | null {
  const m = BODY_LINE.exec(line);
  if (!m) return null;
  let text = m[2]!.replace(/\s+/g, " ").trim();
  let explicit: FootnoteBodyLine["explicit"] = null;
  const braces = /^\{(\w+)(?:\s+([A-Z0-9_-]+))?\}\s*/.exec(text);
  if (braces && isFootnoteKind(braces[1])) {
    explicit = { kind: braces[1], delegation: braces[2] ?? "" };
    text = text.slice(braces[0].length);
  }
  return { number: m[1] === undefined ? null : Number(m[1]), text, explicit };
}

const RESERVATION = /\breserves?\s+(?:its|their|the)\s+(?:position|right)|\breservation\b|\bdoes not join (?:the )?consensus/i;
const PROCEDURAL = /\b(?:pending|quorum|consultations?|ad referendum|approval|working group meeting|deletion)\b/i;

/**
 * What a footnote's words say it is: a reservation when a delegation reserves
 * its position (the delegation is the first one named), procedural when it
 * speaks of approval, quorum or pending consultations, editorial otherwise.
 */
export function inferFootnoteKind(text: string, registry: DelegationRegistry): { kind: FootnoteKind; delegation: string } {
  if (RESERVATION.test(text)) return { kind: "reservation", delegation: registry.namedIn(text)[0]?.code ?? "" };
  if (PROCEDURAL.test(text)) return { kind: "procedural", delegation: "" };
  return { kind: "editorial", delegation: "" };
}

/** The body line exports write: `3/ text`, with `{kind CODE}` when the words alone would be read otherwise. */
export function formatFootnoteBody(
  number: number,
  footnote: { kind: FootnoteKind; delegation: string; text: string },
  registry: DelegationRegistry,
): string {
  const inferred = inferFootnoteKind(footnote.text, registry);
  const same = inferred.kind === footnote.kind && inferred.delegation === footnote.delegation;
  const explicit = same ? "" : `{${footnote.kind}${footnote.delegation ? ` ${footnote.delegation}` : ""}} `;
  return `${number}/ ${explicit}${footnote.text}`;
}
