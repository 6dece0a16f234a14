import { collectProposals, type ParagraphAttrs } from "@accord/schema";
import { exportMarkupText, importText } from "@accord/text";
import type { Node } from "prosemirror-model";
import { describe, expect, it } from "vitest";
import { checkRoundTrip, draft, firstMissingWord, wordsOf } from "./support.js";

function paragraphs(doc: Node): { attrs: ParagraphAttrs; text: string; node: Node }[] {
  const out: { attrs: ParagraphAttrs; text: string; node: Node }[] = [];
  doc.forEach((block) => {
    if (block.type.name === "paragraph") out.push({ attrs: block.attrs as ParagraphAttrs, text: block.textContent, node: block });
  });
  return out;
}

/** Every case goes through the same check: valid, and the round trip keeps its meaning. */
function read(result: ReturnType<typeof draft>) {
  checkRoundTrip(result.document);
  return { ...result, paragraphs: paragraphs(result.document.content), proposals: collectProposals(result.document.content) };
}

describe("delegation tags", () => {
  it("reads tags in any case and spelling, and several tags", () => {
    const { proposals, diagnostics } = read(draft`1. To ensure [Uru: a] crosscutting [URU: inclusion of a] gender [Barb: and age] [Ven:  communities,] and [Arg, Bra: co-sponsored] text.`);
    expect(diagnostics).toEqual([]);
    expect(proposals.map((p) => [p.by, p.spans.map((s) => [s.op, s.text])])).toEqual([
      [["URY"], [["insert", "a"]]],
      [["URY"], [["insert", "inclusion of a"]]],
      [["BRB"], [["insert", "and age"]]],
      [["VEN"], [["insert", "communities,"]]],
      [["ARG", "BRA"], [["insert", "co-sponsored"]]],
    ]);
  });

  it("keeps an untagged bracket as disputed text with no delegation", () => {
    const { proposals } = read(draft`Complements [the Work Plan of CICTE] and [offer] more.`);
    expect(proposals.map((p) => [p.by, p.spans[0]!.op, p.spans[0]!.text])).toEqual([
      [[], "bracket", "the Work Plan of CICTE"],
      [[], "bracket", "offer"],
    ]);
  });

  it("does not take ordinary words before a colon for a tag", () => {
    const { proposals, diagnostics } = read(draft`Includes [the following: crime, violence] here.`);
    expect(diagnostics).toEqual([]);
    expect(proposals[0]).toMatchObject({ by: [], spans: [{ op: "bracket", text: "the following: crime, violence" }] });
  });

  it("reports an unknown tag and keeps it as a delegation of its own", () => {
    const { proposals, diagnostics, document } = read(draft`1. To ensure [Xyz: something] here.`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 1, column: 15, message: expect.stringContaining("unknown delegation tag ‘Xyz’") });
    expect(proposals[0]!.by).toEqual(["XYZ"]);
    expect(document.registry.get("XYZ")).toMatchObject({ name: "Xyz" });
  });

  it("remembers the document's own spelling of a tag for its exports", () => {
    const { document } = read(draft`1. To ensure [Uruguay: a] crosscutting [Uru: b] perspective.`);
    // The first spelling is the document's (its header says so); a bracket spelled otherwise keeps its own (written-tags.ts).
    expect(document.registry.preferredTag("URY")).toBe("Uruguay");
    expect(exportMarkupText(document)).toContain("[Uruguay: a] crosscutting [Uru: b]");
  });
});

describe("nesting, deletions and replacements", () => {
  it("nests brackets", () => {
    const { proposals, paragraphs: [p] } = read(draft`5. [PER: Instruct on the logistical [URU: , and organizational, and financial] aspects of the meeting.]`);
    const per = proposals.find((x) => x.by[0] === "PER");
    const ury = proposals.find((x) => x.by[0] === "URY")!;
    // The whole paragraph is Peru's proposal; Uruguay's insertion sits inside it.
    expect(per).toBeUndefined();
    expect(p!.attrs.proposedBy).toEqual(["PER"]);
    expect(ury.spans).toEqual([expect.objectContaining({ op: "insert", text: ", and organizational, and financial" })]);
  });

  it("nests an inline bracket inside another", () => {
    const { proposals } = read(draft`1. Text [PER: the logistical [URU: and financial] aspects] more.`);
    expect(proposals).toHaveLength(2);
    const [outer, inner] = proposals;
    // Peru's bracket runs through Uruguay's: one insertion span over the nested text.
    expect(outer!.spans.map((s) => s.text)).toEqual(["the logistical and financial aspects"]);
    expect(inner!.spans.map((s) => s.text)).toEqual(["and financial"]);
  });

  it("reads ~~struck~~ text as a proposed deletion, and a replacement as one bracket", () => {
    const { proposals } = read(draft`5. Implementing effective, [Uru: ~~evaluable~~ measurable] public policies and [Mex: ~~the Work Plan~~].`);
    expect(proposals.map((p) => p.spans.map((s) => [s.op, s.text]))).toEqual([
      [["delete", "evaluable"], ["insert", "measurable"]],
      [["delete", "the Work Plan"]],
    ]);
  });

  it("reads struck text outside brackets as an untagged deletion", () => {
    const { proposals } = read(draft`Text ~~to be removed~~ stays.`);
    expect(proposals[0]).toMatchObject({ by: [], spans: [{ op: "delete", text: "to be removed" }] });
  });
});

describe("notes, states and attributions after a bracket", () => {
  it("attaches a note naming a delegation to the bracket before it", () => {
    const { proposals, paragraphs: [p] } = read(draft`Crime, [the Work Plan of CICTE] (Brazil is opposed to including this reference), the Strategy.`);
    expect(proposals[0]!.note).toBe("Brazil is opposed to including this reference");
    expect(p!.text).toBe("Crime, the Work Plan of CICTE, the Strategy.");
  });

  it("leaves an ordinary parenthesis after a bracket as text", () => {
    const { proposals, paragraphs: [p] } = read(draft`The [Uru: Convention] (CIFTA) applies.`);
    expect(proposals[0]!.note).toBe("");
    expect(p!.text).toBe("The Convention (CIFTA) applies.");
  });

  it("reads a proposal's state and an attribution to a group", () => {
    const { proposals, document } = read(draft`A [Uru: b] (withdrawn) c [d] (Proposal by the Friends of the Chair) e.`);
    expect(proposals[0]!.state).toBe("withdrawn");
    expect(proposals[1]).toMatchObject({ by: ["FC"], spans: [{ op: "insert", text: "d" }] });
    expect(document.registry.get("FC")).toMatchObject({ name: "Friends of the Chair", kind: "group" });
  });
});

describe("labels, alternatives, whole-paragraph proposals", () => {
  it("reads the label forms and the kind they give", () => {
    const { paragraphs: ps } = read(draft`
1. One.
(3) Three.
1bis. One bis.
5 bis. Five bis.
a. Sub-paragraph.
RECOGNIZING the importance of it;
That public security matters;
`);
    expect(ps.map((p) => [p.attrs.label, p.attrs.kind])).toEqual([
      ["1.", "operative"],
      ["(3)", "operative"],
      ["1bis.", "operative"],
      ["5 bis.", "operative"],
      ["a.", "plain"],
      ["", "preambular"],
      ["", "plain"],
    ]);
  });

  // Invariant: a paragraph that is only a remark in parentheses, with no
  // label, bracket or status, is a note: not negotiated (kind "note").
  it("reads a remark in parentheses standing alone as a note, and nothing else", () => {
    const { paragraphs: ps } = read(draft`
(Prepared by the Chair on the basis of the informal consultations of November 18 and 20, 2026)

(Adopted at the seventh plenary session held on October 8, 2008

and revised by the Style Committee on October 28, 2008)

\\(Canada prefers a general reference)

(Prepared by [Mex: the Chair])

(Prepared by the Chair) AGREED INF 04/19/12

(one) and (two)

(iv) Four.
`);
    expect(ps.map((p) => [p.attrs.kind, p.text])).toEqual([
      ["note", "(Prepared by the Chair on the basis of the informal consultations of November 18 and 20, 2026)"],
      ["note", "(Adopted at the seventh plenary session held on October 8, 2008 and revised by the Style Committee on October 28, 2008)"],
      ["plain", "(Canada prefers a general reference)"],
      ["plain", "(Prepared by the Chair)"],
      ["plain", "(Prepared by the Chair)"],
      ["plain", "(one) and (two)"],
      ["plain", "Four."],
    ]);
    expect(ps[6]!.attrs.label).toBe("(iv)");
    expect(ps[4]!.attrs.status).toBe("agreed-informally");
  });

  it("reads a label alone on its line with the text on the next", () => {
    const { paragraphs: ps } = read(draft`
1bis.
To launch social programs.
9)
Promote the modernization.
`);
    expect(ps.map((p) => [p.attrs.label, p.text])).toEqual([
      ["1bis.", "To launch social programs."],
      ["9)", "Promote the modernization."],
    ]);
  });

  it("links `5 bis alt.` to `5 bis` and `//` to the paragraph above", () => {
    const { paragraphs: ps } = read(draft`
5 bis. [PER: Instruct the Council.]

5 bis alt. [MEX: Instruct the Committee.]

// [Instruct the Secretariat.] (Proposal by the Working Group)
`);
    const [base, mex, wg] = ps;
    expect(base!.attrs).toMatchObject({ proposedBy: ["PER"], alternativeTo: "" });
    expect(mex!.attrs).toMatchObject({ proposedBy: ["MEX"], alternativeTo: base!.attrs.id });
    expect(wg!.attrs).toMatchObject({ proposedBy: ["WG"], alternativeTo: base!.attrs.id });
    expect(wg!.text).toBe("Instruct the Secretariat.");
  });

  it("reports an alternative to a paragraph that is not there", () => {
    const { diagnostics, paragraphs: ps } = read(draft`7 alt. Something.`);
    expect(ps[0]!.attrs.alternativeTo).toBe("");
    expect(diagnostics[0]).toMatchObject({ line: 1, column: 1, message: expect.stringContaining("paragraph 7") });
  });
});

describe("status markers", () => {
  const cases: [string, Partial<ParagraphAttrs>][] = [
    ["AGREED INF 04/19/12", { status: "agreed-informally", statusDate: "2012-04-19" }],
    ["AGREED INF. 3/22/12", { status: "agreed-informally", statusDate: "2012-03-22" }],
    ["(AGREED INF 04/19/12)", { status: "agreed-informally", statusDate: "2012-04-19" }],
    ["AGREED INF  04/03/12", { status: "agreed-informally", statusDate: "2012-04-03" }],
    ["AGREED AD REFERENDUM", { status: "agreed-ad-referendum", statusDate: "" }],
    ["DELETED INF 04/03/12", { status: "deleted-informally", statusDate: "2012-04-03" }],
    ["DELETED AD REFERENDUM", { status: "deleted-ad-referendum" }],
    ["(Paragraph approved by the CSH on October 31, 2013)", { status: "approved", statusBody: "CSH", statusDate: "2013-10-31" }],
    ["(Paragraph approved by the Permanent Council on March 2, 2026)", { status: "approved", statusBody: "Permanent Council", statusDate: "2026-03-02" }],
    ["(Paragraph agreed ad referendum by the Working Group on November 25, 2026)", { status: "agreed-ad-referendum", statusBody: "Working Group", statusDate: "2026-11-25" }],
    ["APPROVED 10/31/13", { status: "approved", statusDate: "2013-10-31" }],
  ];
  for (const [marker, expected] of cases) {
    it(`reads ${marker}`, () => {
      const { paragraphs: ps, diagnostics } = read(draft`1. To develop tools. ${marker}`);
      expect(diagnostics).toEqual([]);
      expect(ps[0]!.attrs).toMatchObject(expected);
      expect(ps[0]!.text).toBe("To develop tools.");
    });
  }

  it("takes a marker on its own line for the paragraph above", () => {
    const { paragraphs: ps } = read(draft`
Purpose: The member states recognize this Plan.

AGREED INF 04/19/12
`);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.attrs.status).toBe("agreed-informally");
  });

  it("reads footnotes on markers: 1/ IDEM, 2/IDEM, and Word's lone /", () => {
    const { paragraphs: ps, diagnostics } = read(draft`
Objective statement. AGREED AD REFERENDUM
/
1. First. AGREED AD REFERENDUM1/ IDEM
2. Second. DELETED AD REFERENDUM
/
3. Third. DELETED AD REFERENDUM 2/IDEM
 \uFFFD.\tApproval is pending as the required quorum was not present.
\uFFFD Its deletion is pending as the required quorum was not present.
`);
    expect(diagnostics).toEqual([]);
    expect(ps.map((p) => [p.attrs.status, p.attrs.statusFootnote.slice(0, 12)])).toEqual([
      ["agreed-ad-referendum", "Approval is "],
      ["agreed-ad-referendum", "Approval is "],
      ["deleted-ad-referendum", "Its deletion"],
      ["deleted-ad-referendum", "Its deletion"],
    ]);
  });

  it("reports a marker it cannot read and keeps it as text", () => {
    const { paragraphs: ps, diagnostics } = read(draft`1. To develop tools. AGREED INF 02/30/12`);
    expect(ps[0]!.attrs.status).toBe("open");
    expect(ps[0]!.text).toBe("To develop tools. AGREED INF 02/30/12");
    expect(diagnostics[0]).toMatchObject({ line: 1, column: 22, message: expect.stringContaining("does not exist") });
  });

  it("puts a status on a heading", () => {
    const { document } = read(draft`CHAPTER 2 – INSTITUTION-BUILDING (AGREED INF  04/03/12)`);
    expect(document.content.firstChild!.type.name).toBe("heading");
    expect(document.content.firstChild!.attrs).toMatchObject({ status: "agreed-informally", statusDate: "2012-04-03" });
  });
});

describe("footnotes and editorial notes", () => {
  it("reads footnotes in the text with their kind", () => {
    const { document, diagnostics } = read(draft`
That transnational crime may finance terrorism;
/
The contributions of scholars;3/

\uFFFD.\tThe Government of Ecuador reserves its position on this paragraph.
3/ Forum of academics and experts in Santiago, Chile.
`);
    expect(diagnostics).toEqual([]);
    const footnotes: unknown[] = [];
    document.content.descendants((n) => {
      if (n.type.name === "footnote") footnotes.push(n.attrs);
    });
    expect(footnotes).toEqual([
      expect.objectContaining({ kind: "reservation", delegation: "ECU" }),
      expect.objectContaining({ kind: "editorial", text: "Forum of academics and experts in Santiago, Chile." }),
    ]);
  });

  it("reports a footnote nobody refers to and keeps it", () => {
    const { diagnostics, document } = read(draft`
1. Text.
\uFFFD Pending consultations by the United States.
`);
    expect(diagnostics[0]).toMatchObject({ line: 2, message: expect.stringContaining("referred to nowhere") });
    expect(document.content.lastChild!.lastChild!.attrs).toMatchObject({ kind: "procedural", text: "Pending consultations by the United States." });
  });

  it("keeps a footnote number's second text as the next number with no text, reported", () => {
    // The second `1/` is a typo for `2/`: the reference `2/`, which has no text of its own, takes it.
    const typo = read(draft`
1. Parties shall act 1/ and report 2/.

1/ First footnote text.
1/ Second footnote text.
`);
    const texts = (doc: Node) => {
      const out: string[] = [];
      doc.descendants((n) => {
        if (n.type.name === "footnote") out.push(n.attrs.text as string);
      });
      return out;
    };
    expect(texts(typo.document.content)).toEqual(["First footnote text.", "Second footnote text."]);
    expect(typo.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[4, 1, "footnote 1 is written twice; this second text is kept as footnote 2, the next number with no text"]]);
    // With no reference to take it, it goes where a text referred to nowhere goes: the end of the last paragraph.
    const x = "1. Parties shall act 1/.\n\n1/ First footnote text.\n1/ Second footnote text.\n";
    const nowhere = read(draft`${x}`);
    expect(texts(nowhere.document.content)).toEqual(["First footnote text.", "Second footnote text."]);
    expect(nowhere.diagnostics.map((d) => d.line)).toEqual([4, 4]);
    // Invariant: every word of the input is in the export, in order (footnote numbers aside: the export numbers them by
    // first use), and the round trip (in `read`) keeps the meaning.
    const letters = (text: string) => wordsOf(text).filter((w) => !/^\d+$/.test(w));
    expect(firstMissingWord(letters(x), letters(exportMarkupText(nowhere.document)))).toBe(-1);
  });

  it("reads editorial notes at the end of a paragraph", () => {
    const { paragraphs: ps } = read(draft`
1. To promote coordination. AGREED AD REFERENDUM    (Previously  paragraph 4 of objective 1.1)
4. (This paragraph was moved to become the first action under Objective 2.1)
`);
    expect(ps.map((p) => [p.attrs.label, p.text, p.attrs.note])).toEqual([
      ["1.", "To promote coordination.", "Previously paragraph 4 of objective 1.1"],
      ["4.", "", "This paragraph was moved to become the first action under Objective 2.1"],
    ]);
  });
});

describe("headings and line breaks", () => {
  it("reads chapter, objective and action headings", () => {
    const { document } = read(draft`
CHAPTER 1 – DEVELOPMENT OF PUBLIC POLICIES
Objective 1.2
To implement integrated public policies. AGREED INF 04/19/12
Actions
1. To launch programs.
Objective 3.4   To foster coordination with existing plans (AGREED INF 04/03/12)
`);
    const blocks: [string, string][] = [];
    document.content.forEach((b) => blocks.push([b.type.name, b.textContent]));
    expect(blocks).toEqual([
      ["heading", "CHAPTER 1 – DEVELOPMENT OF PUBLIC POLICIES"],
      ["heading", "Objective 1.2"],
      ["paragraph", "To implement integrated public policies."],
      ["heading", "Actions"],
      ["paragraph", "To launch programs."],
      ["heading", "Objective 3.4"],
      ["paragraph", "To foster coordination with existing plans"],
    ]);
  });

  it("joins a paragraph broken over lines, and a title broken after 'the'", () => {
    const { document } = read(draft`
RESULTS OF THE MEETING TO CONSIDER THE

Draft Plan of Action on the

Declaration of San Salvador

7. To [offer]
 differential treatment to victims and
offenders. AGREED INF 04/19/12
`);
    const blocks: string[] = [];
    document.content.forEach((b) => blocks.push(b.textContent));
    expect(blocks).toEqual([
      "RESULTS OF THE MEETING TO CONSIDER THE Draft Plan of Action on the Declaration of San Salvador",
      "To offer differential treatment to victims and offenders.",
    ]);
  });
});

describe("damaged input", () => {
  it("reports an unclosed bracket, a stray ], an unclosed strike, and loses no word", () => {
    // A `]` in a later paragraph would close the bracket as one spanning paragraphs (spans.test.ts): here it comes first.
    const input = "1. To develop ] plans.\n2. To ensure [Uru: a crosscutting gender perspective.\n3. To [Ven: ~~remove this] keep.";
    const result = read(draft`${input}`);
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message.split(";")[0]])).toEqual([
      [1, 15, "‘]’ closes no bracket"],
      [2, 14, "‘[’ is never closed"],
      [3, 13, "struck text ‘~~’ is not closed before its bracket ends"],
    ]);
    expect(result.diagnostics[1]!.excerpt).toContain("[Uru: a crosscutting");
    expect(firstMissingWord(wordsOf(input), wordsOf(exportMarkupText(result.document)))).toBe(-1);
  });

  it("imports an empty text as one empty paragraph", () => {
    const { document, diagnostics } = read(draft``);
    expect(diagnostics).toEqual([]);
    expect(document.content.childCount).toBe(1);
  });
});

describe("limits", () => {
  it("keeps an over-long note as text and an over-long footnote as a paragraph, without failing", () => {
    const long = "word ".repeat(600).trim();
    const huge = "pending ".repeat(800).trim();
    const { paragraphs: ps, diagnostics } = read(draft`1. Text. (Previously ${long})
2. More [Uru: x] (Brazil ${long}) end.1/
1/ ${huge}`);
    expect(ps[0]!.attrs.note).toBe("");
    expect(ps[0]!.text).toContain("(Previously word word");
    expect(ps[1]!.text).toContain("(Brazil word");
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("footnote text is longer than 5000 characters"),
      expect.stringContaining("footnote reference ‘1/’ has no footnote 1"),
      // The footnote kept as a paragraph still opens with its own "1/".
      expect.stringContaining("footnote reference ‘1/’ has no footnote 1"),
    ]);
    expect(ps).toHaveLength(3);
  });
});

describe("an empty bracket", () => {
  // Invariant: every word of the input is in the marked-up export, in order. A bracket with no text proposes nothing a
  // mark could hold: it used to vanish with its tag and no word of warning.
  it("stays text, tag and all, with a diagnostic where it stands, and reads back the same", () => {
    const input = "1. Text [Uru: ] more and [] and [shall][] report.\n";
    const result = draft`1. Text [Uru: ] more and [] and [shall][] report.`;
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 9, "the bracket ‘[Uru: ]’ holds no text; it is kept as text"],
      [1, 26, "the bracket ‘[]’ holds no text; it is kept as text"],
      [1, 40, "the bracket ‘[]’ holds no text; it is kept as text"],
    ]);
    expect(result.document.content.textContent).toBe("Text [Uru: ] more and [] and shall[] report.");
    expect(collectProposals(result.document.content).map((p) => p.spans.map((s) => s.text).join(""))).toEqual(["shall"]);
    const markup = checkRoundTrip(result.document);
    expect(firstMissingWord(wordsOf(input), wordsOf(markup))).toBe(-1);
  });
});

describe("a bracket left open at a paragraph's end", () => {
  // Invariants: every word of the input is in the marked-up export, in order, tags included; import(export(import(x)))
  // = import(x); the diagnostic stands at the `[` (line and column).
  it("with text after it, is its delegation's proposal closed at the paragraph's end, reported at the `[`", () => {
    const input = "1. Text [Uru: more text\n";
    const result = importText(input);
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 9, "‘[’ is never closed; the bracket runs to the end of the paragraph"],
    ]);
    expect(collectProposals(result.document.content).map((p) => [p.by, p.spans.map((s) => s.text).join("")])).toEqual([[["URY"], "more text"]]);
    const markup = checkRoundTrip(result.document);
    expect(markup).toContain("1. Text [Uru: more text]");
    expect(firstMissingWord(wordsOf(input), wordsOf(markup))).toBe(-1);
  });

  it("with no text after it (`Parties [Uru:`, `[G77 and China:` alone), stays text, tag and all, reported at the `[`", () => {
    for (const [input, column, text] of [
      ["1. Parties [Uru:\n", 12, "Parties [Uru:"],
      ["1. Parties [Uru: [EU: ~~\n", 12, "Parties [Uru: [EU: ~~"],
      ["[G77 and China:\n\nParties shall act.\n", 1, "[G77 and China:"],
    ] as const) {
      const result = importText(input);
      expect(result.diagnostics.map((d) => [d.line, d.column, d.message.split(";")[0]])).toEqual([
        [1, column, `‘${text.slice(text.indexOf("["))}’ opens a bracket that is never closed and holds no text`],
      ]);
      expect(result.document.content.firstChild!.textContent).toBe(text);
      const markup = checkRoundTrip(result.document);
      expect(firstMissingWord(wordsOf(input), wordsOf(markup))).toBe(-1);
    }
  });

  it("with no text after it in its paragraph, opens no bracket spanning paragraphs: a `]` further on stays text", () => {
    const input = "[G77 and China:\n\nParties shall act.]\n";
    const result = importText(input);
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message.split(";")[0]])).toEqual([
      [1, 1, "‘[G77 and China:’ opens a bracket that is never closed and holds no text"],
      [3, 19, "‘]’ closes no bracket"],
    ]);
    expect(collectProposals(result.document.content)).toEqual([]);
    const markup = checkRoundTrip(result.document);
    expect(firstMissingWord(wordsOf(input), wordsOf(markup))).toBe(-1);
  });
});
