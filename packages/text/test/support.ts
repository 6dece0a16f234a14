import { canonicalContent, type NegotiationDocument } from "@accord/schema";
import { expect } from "vitest";
import { exportMarkupText, importText, type ImportResult } from "@accord/text";

/** A draft written inline in a test, in the bracketed text convention. */
export function draft(strings: TemplateStringsArray, ...values: unknown[]): ImportResult {
  const text = String.raw({ raw: strings }, ...values);
  return importText(text.replace(/^\n/, ""));
}

/** The document's meaning, ids aside: canonical content, metadata, registry. */
export function meaning(document: NegotiationDocument): unknown {
  return {
    content: canonicalContent(document.content, { renameIds: true }),
    meta: document.meta,
    registry: document.registry.toJSON(),
  };
}

/**
 * Words of a text: runs of letters, and numbers by value (so `04` = `4`),
 * case folded — what a reader checks when asking "is everything still there?".
 */
export function wordsOf(text: string): string[] {
  return (text.match(/\p{L}+|\p{N}+/gu) ?? []).map((w) => (/^\d+$/.test(w) ? String(Number(w)) : w.toLowerCase()));
}

/** Index of the first word of `expected` missing from `actual` in order, or -1. */
export function firstMissingWord(expected: readonly string[], actual: readonly string[]): number {
  let j = 0;
  for (let i = 0; i < expected.length; i++) {
    while (j < actual.length && actual[j] !== expected[i]) j++;
    if (j >= actual.length) return i;
    j++;
  }
  return -1;
}

/**
 * The invariant every import in these tests goes through: the document is
 * valid (it was built by NegotiationDocument.create), its marked-up export
 * reads back to the same meaning, and exporting that again gives the same text.
 */
export function checkRoundTrip(document: NegotiationDocument): string {
  const text = exportMarkupText(document);
  const again = importText(text);
  expect(meaning(again.document)).toEqual(meaning(document));
  expect(exportMarkupText(again.document)).toBe(text);
  return text;
}
