import { collectProposals, NegotiationDocument, negotiationStats, proposalMarks, type ProposalAttrs } from "@accord/schema";
import { exportMarkupText, importText } from "@accord/text";
import type { Mark, Node } from "prosemirror-model";
import { describe, expect, it } from "vitest";
import { firstMissingWord, meaning, wordsOf } from "./support.js";

// A draft may spell one delegation several ways; each bracket's tag is written back as it came (written-tags.ts).

const exported = (x: string, registryName?: "un") => exportMarkupText(importText(x, registryName ? { registryName } : {}).document, { header: false });

/** import(export(import(x))) = import(x), and the export of both is one text. */
function checkStable(x: string, registryName?: "un"): void {
  const options = registryName ? { registryName } : {};
  const once = importText(x, options).document;
  const text = exportMarkupText(once);
  const twice = importText(text, options).document;
  expect(meaning(twice)).toEqual(meaning(once));
  expect(exportMarkupText(twice)).toBe(text);
}

/** `doc` with the delegations of the proposal `id` set to `by`, every span of it. */
function withBy(doc: Node, id: string, by: string[]): Node {
  const json = doc.toJSON() as { content: { content?: { marks?: { type: string; attrs: ProposalAttrs }[] }[] }[] };
  for (const block of json.content) for (const child of block.content ?? []) for (const mark of child.marks ?? []) if (mark.type === "proposal" && mark.attrs.id === id) mark.attrs = { ...mark.attrs, by };
  return doc.type.schema.nodeFromJSON(json);
}

const MIXED: [input: string, registry: "un" | undefined, output: string][] = [
  ["1. Parties [EU: shall] report [European Union: now].", "un", "1. Parties [EU: shall] report [European Union: now].\n"],
  ["1. Parties [Uru: shall] report [Uruguay: now] and [URY: x].", undefined, "1. Parties [Uru: shall] report [Uruguay: now] and [URY: x].\n"],
  ["1. Parties [G77: shall] report [G-77: now] and [G77 and China: x] and [G 77: y].", "un", "1. Parties [G77: shall] report [G-77: now] and [G77 and China: x] and [G 77: y].\n"],
  ["1. Text [Arg: agreed / made] and [Argentina: a / b].", undefined, "1. Text [Arg: agreed / made] and [Argentina: a / b].\n"],
  ["1. Text [Uru: a] and [Uruguay: ~~old~~ new] and [Arg/Brasil: z] and [Uruguay: c][Arg: d].", undefined, "1. Text [Uru: a] and [Uruguay: ~~old~~ new] and [Arg/Brasil: z] and [Uruguay: c][Arg: d].\n"],
  ["1. [Mex: x] [Mexico: runs on\n\n2. into the next.]", undefined, "1. [Mex: x] [Mexico: runs on\n\n2. into the next.]\n"],
  // A paragraph proposed whole keeps its tag as written too (`proposedTag`), written as it came.
  ["1. [EU: x]\n\n2. [European Union: The whole paragraph.]", "un", "1. [EU: x]\n\n2. [European Union: The whole paragraph.]\n"],
];

describe("tags spelled several ways in one draft", () => {
  // Invariant: every word of the input is in the marked-up export, in order, each bracket's tag as written.
  for (const [input, registry, output] of MIXED) {
    it(`writes back ${JSON.stringify(input)} as it came`, () => {
      expect(exported(input, registry)).toBe(output);
      expect(firstMissingWord(wordsOf(input), wordsOf(output))).toBe(-1);
      checkStable(input, registry);
    });
  }

  // Invariant: a written tag that no longer names the proposal's delegations is never written: the preferred spellings are.
  it("falls back to the preferred spelling once the proposal's delegations change", () => {
    const { document } = importText("1. Parties [Uru: shall] report [Uruguay: now].");
    const now = collectProposals(document.content).find((p) => p.spans[0]!.text === "now")!;
    const tagOf = (doc: Node) => proposalMarks(collectMarks(doc)).find((m) => m.attrs.id === now.id)!.attrs.tag;
    expect(tagOf(document.content)).toBe("Uruguay");
    const write = (by: string[]) => exportMarkupText(document.withContent(withBy(document.content, now.id, by)), { header: false });
    expect(write(["URY", "ARG"])).toBe("1. Parties [Uru: shall] report [Uru, Arg: now].\n");
    expect(write(["ARG"])).toBe("1. Parties [Uru: shall] report [Arg: now].\n");
    // Back to its delegation alone, the spelling it was written in holds again.
    expect(write(["URY"])).toBe("1. Parties [Uru: shall] report [Uruguay: now].\n");
  });

  // Invariant: the JSON file format keeps the tag as written, and refuses one that could not be written back in a bracket.
  it("survives the JSON file format, which refuses a tag that would break its bracket", () => {
    const { document } = importText("1. Parties [Uru: shall] report [Uruguay: now].");
    expect(NegotiationDocument.fromJSON(JSON.parse(JSON.stringify(document.toJSON()))).eq(document)).toBe(true);
    const broken = JSON.parse(JSON.stringify(document.toJSON()).replace('"tag":"Uruguay"', '"tag":"Uruguay: now] [Arg"'));
    expect(() => NegotiationDocument.fromJSON(broken)).toThrow(/Invalid attribute tag/);
  });

  // Invariant: keeping the spelling changes nothing a reader counts: stats and diagnostics are those of one spelling throughout.
  it("leaves stats and diagnostics as they are with one spelling", () => {
    for (const [mixed, uniform, registryName] of [
      ["1. Parties [EU: shall] report [European Union: now] and [Uruguay: x].", "1. Parties [EU: shall] report [EU: now] and [Uruguay: x].", "un"],
      ["1. [G77: a] [G-77: b] [G77 and China: c]\n\n2. [G77: The paragraph.]", "1. [G77: a] [G77: b] [G77: c]\n\n2. [G77: The paragraph.]", "un"],
      ["1. Parties [Uru: shall] report [Uruguay: now] and [URY: x] (accepted).", "1. Parties [Uru: shall] report [Uru: now] and [Uru: x] (accepted).", "oas"],
    ] as const) {
      const a = importText(mixed, { registryName });
      const b = importText(uniform, { registryName });
      expect(negotiationStats(a.document.content)).toEqual(negotiationStats(b.document.content));
      expect(a.diagnostics).toEqual(b.diagnostics);
    }
  });
});

/** `doc` with paragraph `index`'s proposers set to `by`. */
function withProposedBy(doc: Node, index: number, by: string[]): Node {
  const json = doc.toJSON() as { content: { attrs: Record<string, unknown> }[] };
  json.content[index]!.attrs = { ...json.content[index]!.attrs, proposedBy: by };
  return doc.type.schema.nodeFromJSON(json);
}

describe("a paragraph proposed whole in a tag spelled otherwise", () => {
  const WHOLE: [input: string, registry: "un" | undefined, tag: string][] = [
    ["1. A [Uru: x] b.\n\n2. [URY: A whole paragraph.]", undefined, "URY"],
    ["1. [EU: x]\n\n2. [European Union: The whole paragraph.]", "un", "European Union"],
    ["1. [Uru: x]\n\n7 bis. [Uruguay, Arg: A paragraph both propose.]", undefined, "Uruguay, Arg"],
    // In the document's spelling there is nothing to keep.
    ["1. [Uru: x]\n\n2. [Uru: A whole paragraph.]", undefined, ""],
  ];

  // Invariant: the bracket is read as a paragraph proposal (no bracket left inside), the paragraph keeps the tag
  // as written, the export writes it back as it came with every word, and import(export(import(x))) = import(x).
  for (const [input, registry, tag] of WHOLE) {
    it(`reads ${JSON.stringify(input)} as a paragraph proposal written back as it came`, () => {
      const { document } = importText(input, registry ? { registryName: registry } : {});
      const paragraph = document.content.child(1);
      expect(paragraph.attrs.proposedBy.length).toBeGreaterThan(0);
      expect(paragraph.attrs.proposedTag).toBe(tag);
      expect(proposalMarks(collectMarks(paragraph))).toEqual([]);
      const output = exported(input, registry);
      expect(output).toBe(`${input}\n`);
      expect(firstMissingWord(wordsOf(input), wordsOf(output))).toBe(-1);
      checkStable(input, registry);
    });
  }

  // Invariant: a paragraph's tag as written that no longer names its proposers is never written: the preferred spellings are.
  it("falls back to the preferred spelling once the paragraph's proposers change", () => {
    const { document } = importText("1. A [Uru: x] b.\n\n2. [URY: A whole paragraph.]");
    const write = (by: string[]) => exportMarkupText(document.withContent(withProposedBy(document.content, 1, by)), { header: false });
    expect(write(["URY", "ARG"])).toBe("1. A [Uru: x] b.\n\n2. [Uru, Arg: A whole paragraph.]\n");
    expect(write(["ARG"])).toBe("1. A [Uru: x] b.\n\n2. [Arg: A whole paragraph.]\n");
    expect(write(["URY"])).toBe("1. A [Uru: x] b.\n\n2. [URY: A whole paragraph.]\n");
  });

  // Invariant: the JSON file format keeps a paragraph's tag as written, and refuses one that could not be written back in a bracket.
  it("survives the JSON file format, which refuses a tag that would break its bracket", () => {
    const { document } = importText("1. A [Uru: x] b.\n\n2. [URY: A whole paragraph.]");
    const json = JSON.stringify(document.toJSON());
    expect(json).toContain('"proposedTag":"URY"');
    expect(NegotiationDocument.fromJSON(JSON.parse(json)).eq(document)).toBe(true);
    const broken = JSON.parse(json.replace('"proposedTag":"URY"', '"proposedTag":"URY: x] [Arg"'));
    expect(() => NegotiationDocument.fromJSON(broken)).toThrow(/Invalid attribute proposedTag/);
  });
});

function collectMarks(doc: Node): Mark[] {
  const marks: Mark[] = [];
  doc.descendants((node) => {
    marks.push(...node.marks);
  });
  return marks;
}
