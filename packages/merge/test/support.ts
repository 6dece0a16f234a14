import { canonicalContent, NegotiationDocument } from "@accord/schema";
import { cleanText, type Resolution } from "@accord/merge";
import { exportMarkupText, importText } from "@accord/text";
import type { Node } from "prosemirror-model";
import { expect } from "vitest";

/** A draft written in a test, in the bracketed text convention. */
export function draft(strings: TemplateStringsArray, ...values: unknown[]): NegotiationDocument {
  return read(String.raw({ raw: strings }, ...values).replace(/^\n/, ""));
}

/** A draft's text imported, expecting no diagnostic. */
export function read(text: string): NegotiationDocument {
  const result = importText(text);
  expect(result.diagnostics).toEqual([]);
  return result.document;
}

/** The document an operation made; throws its reason when the operation was refused. */
export function resolved(result: Resolution): NegotiationDocument {
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

/** A document's clean text, trimmed; throws the message when it has none. */
export function clean(document: NegotiationDocument): string {
  const result = cleanText(document);
  if (!result.ok) throw new Error(result.message);
  return result.value.trim();
}

/** Content with the marks of one proposal taken out, to compare everything else. */
function without(doc: Node, proposalId: string | undefined): unknown {
  const json = canonicalContent(doc) as { content: { marks?: { attrs: { id: string } }[] }[] }[];
  if (!proposalId) return json;
  for (const block of json) {
    for (const child of block.content) {
      if (child.marks) child.marks = child.marks.filter((m) => m.attrs.id !== proposalId);
    }
  }
  return JSON.parse(JSON.stringify(json));
}

/**
 * The invariant every operation goes through: it succeeded; the result is
 * schema-valid and survives JSON; no text changed anywhere; blocks other than
 * the affected ones are identical; within them, only the affected proposal's
 * marks changed; and the clean version of its marked-up text is its clean version.
 */
export function checkOperation(
  before: NegotiationDocument,
  result: Resolution,
  affected: { blocks: string[]; proposal?: string; addsFootnote?: boolean },
): NegotiationDocument {
  if (!result.ok) throw new Error(`operation refused: ${result.reason}`);
  const after = result.document;
  after.content.check();
  expect(NegotiationDocument.fromJSON(JSON.parse(JSON.stringify(after.toJSON()))).eq(after)).toBe(true);
  expect(after.content.textContent).toBe(before.content.textContent);
  expect(result.message.length).toBeGreaterThan(10);

  expect(after.content.childCount).toBe(before.content.childCount);
  before.content.forEach((block, _offset, index) => {
    const next = after.content.child(index);
    if (affected.blocks.includes(block.attrs.id as string)) {
      if (affected.proposal) {
        expect(without(next, affected.proposal)).toEqual(without(block, affected.proposal));
      } else if (affected.addsFootnote) {
        expect(next.content.cut(0, block.content.size).eq(block.content)).toBe(true);
        expect(next.lastChild?.type.name).toBe("footnote");
      } else {
        expect(next.content.eq(block.content)).toBe(true);
      }
    } else {
      expect(next.eq(block), `block ${index} (${block.attrs.id}) changed`).toBe(true);
    }
  });

  const clean = cleanText(after);
  const reread = cleanText(importText(exportMarkupText(after)).document);
  expect(reread).toEqual(clean);
  return after;
}

/** A refusal, with its reason; the test asserts the words. */
export function refusal(result: Resolution): string {
  if (result.ok) throw new Error(`expected a refusal, got: ${result.message}`);
  return result.reason;
}
