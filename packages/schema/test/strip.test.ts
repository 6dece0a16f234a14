import { canonicalContent, proposerOf, schema, stripDelegation, type BlockJSON } from "@accord/schema";
import { generateDocument, Random } from "@accord/schema/generate";
import { Node } from "prosemirror-model";
import { describe, expect, it } from "vitest";

// strip_X (design.md §4) is computed straight from a block's node, for speed.
// Invariant: two versions of a block strip to the same value exactly when
// the reference strip — the stripped block built as a node and compared in
// canonical form (canonicalContent) — says they are the same. Every case is
// a pair (a block of a generated document, a variant of it) judged by both.

type Marks = NonNullable<BlockJSON["marks"]>;
const byOf = (attrs: Record<string, unknown> | undefined): string[] => (Array.isArray(attrs?.by) ? (attrs!.by as string[]) : []);

/** The reference: the stripped block as a ProseMirror node, in canonical form. */
function referenceStrip(block: BlockJSON, code: string): string | null {
  const attrs = { ...(block.attrs ?? {}) };
  const proposedBy = byOf({ by: attrs.proposedBy });
  if (block.type === "paragraph" && proposerOf(proposedBy) === code) return null;
  if (proposedBy.includes(code)) attrs.proposedBy = proposedBy.filter((c) => c !== code);
  const content: BlockJSON[] = [];
  for (const child of block.content ?? []) {
    if (child.type !== "text") {
      content.push(child);
      continue;
    }
    const marks = child.marks ?? [];
    if (marks.some((m) => m.type === "proposal" && m.attrs?.op === "insert" && proposerOf(byOf(m.attrs)) === code)) continue;
    const kept = marks.flatMap((m) => {
      if (m.type !== "proposal") return [m];
      const by = byOf(m.attrs);
      if (proposerOf(by) === code) return [];
      return by.includes(code) ? [{ ...m, attrs: { ...m.attrs, by: by.filter((c) => c !== code) } }] : [m];
    });
    content.push({ ...child, marks: kept });
  }
  const node = Node.fromJSON(schema, { type: block.type, attrs, content: content.length ? content : undefined });
  node.check();
  return JSON.stringify(canonicalContent(schema.topNodeType.create(null, [node])));
}

/** Variants of a block a delegate's edit could leave: some mean the same to `code`, some do not. */
function variants(block: BlockJSON, code: string, rnd: Random): BlockJSON[] {
  const content = block.content ?? [];
  const at = (i: number, child: BlockJSON) => ({ ...block, content: content.map((c, j) => (j === i ? child : c)) });
  const found: BlockJSON[] = [];
  content.forEach((child, i) => {
    if (child.type !== "text") return;
    const text = child.text!;
    const marks: Marks = child.marks ?? [];
    // Split in two runs with the same marks; marks in reverse order.
    if (text.length > 1) {
      const cut = rnd.int(1, text.length - 1);
      found.push({ ...block, content: [...content.slice(0, i), { ...child, text: text.slice(0, cut) }, { ...child, text: text.slice(cut) }, ...content.slice(i + 1)] });
    }
    if (marks.length > 1) found.push(at(i, { ...child, marks: [...marks].reverse() }));
    // A character more: base text changed, or the text of a proposal.
    found.push(at(i, { ...child, text: `${text}x` }));
    // Support taken back or given, a proposal unmarked, a delegation's mark made the code's own.
    for (const [k, mark] of marks.entries()) {
      if (mark.type !== "proposal") continue;
      const by = byOf(mark.attrs);
      const withMark = (m: Marks[number]) => at(i, { ...child, marks: marks.map((x, j) => (j === k ? m : x)) });
      found.push(withMark({ ...mark, attrs: { ...mark.attrs, by: by.includes(code) ? by.filter((c) => c !== code) : [...by, code] } }));
      found.push(withMark({ ...mark, attrs: { ...mark.attrs, by: [code, ...by.filter((c) => c !== code)] } }));
      found.push(at(i, { ...child, marks: marks.filter((_, j) => j !== k) }));
    }
  });
  found.push({ ...block, attrs: { ...block.attrs, proposedBy: [code] } });
  found.push({ ...block, attrs: { ...block.attrs, label: `${String(block.attrs?.label ?? "")}x` } });
  return found;
}

describe("stripNode agrees with the reference strip", () => {
  it("on every block of generated documents and variants of it, for every delegation that proposes there", () => {
    let pairs = 0;
    let same = 0;
    const disagreements: string[] = [];
    for (const seed of [1, 2]) {
      const document = generateDocument({ seed, paragraphs: 40, proposals: 100 });
      const rnd = new Random(seed);
      const codes = ["URY", "ARG", "BRA", "MEX", "USA", "WG"];
      for (const json of (document.content.toJSON() as { content: BlockJSON[] }).content) {
        for (const code of codes) {
          const strip = stripDelegation(json, code);
          const referenceOfBlock = referenceStrip(json, code);
          for (const variant of variants(json, code, rnd)) {
            let reference: boolean;
            try {
              reference = referenceOfBlock === referenceStrip(variant, code);
            } catch {
              expect(() => stripDelegation(variant, code)).toThrow(RangeError);
              continue;
            }
            pairs++;
            if (reference) same++;
            if ((strip === stripDelegation(variant, code)) !== reference) disagreements.push(`block ${String(json.attrs?.id)} for ${code}: ${JSON.stringify(variant)}`);
          }
        }
      }
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
    // Both verdicts occur, many times: the comparison is not trivially one-sided.
    expect(same).toBeGreaterThan(500);
    expect(pairs - same).toBeGreaterThan(500);
  });
});
