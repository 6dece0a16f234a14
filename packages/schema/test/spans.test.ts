import { blockSpanFacts, brokenSpans, collectSpanningBrackets, modelProblems, negotiationStats, passedOverBySpans, previousBlocks, registryNamed, spanPartFacts, spanPartIds, writeOptionPath, type SpanBlockJSON } from "@accord/schema";
import { brk, doc, fn, h, ins, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";

// Brackets spanning paragraphs: one proposal per paragraph part, linked by the
// `span` attribute every part carries (the id of the first part).

const registry = registryNamed("un");
const part = (id: string, span = "s1", extra: Record<string, unknown> = {}) => ({ id, by: ["G77"], span, ...extra });

/** `4. [G77: Parties shall communicate` / `5. every five years,` / `6. a registry.] and more` */
const spanning = (third = part("s3"), second = part("s2")) =>
  doc(
    p({ label: "4." }, "Noting that ", ins(part("s1"), "Parties shall communicate")),
    p({ label: "5." }, ins(second, "every five years, "), fn({ text: "As agreed." })),
    p({ label: "6." }, ins(third, "the secretariat shall keep a registry."), " Further text"),
    p({ label: "7." }, "Other text"),
  );

describe("the model of brackets spanning paragraphs", () => {
  it("a sound span: parts in consecutive paragraphs, the first to its end, the last from its start, one in the middle whole", () => {
    const d = spanning();
    expect(modelProblems(d, registry)).toEqual([]);
    const [span] = collectSpanningBrackets(d);
    expect(span!.id).toBe("s1");
    expect(span!.parts.map((x) => [x.id, x.blockIndex])).toEqual([["s1", 0], ["s2", 1], ["s3", 2]]);
    expect(spanPartIds(d, "s2")).toEqual(["s1", "s2", "s3"]);
    expect(spanPartIds(d, "other")).toEqual(["other"]);
  });

  it("counts a span once among the proposals, and its positions once", () => {
    const d = spanning(part("s3", "s1", { positions: "EU:delete" }), part("s2", "s1", { positions: "EU:delete" }));
    const withPositions = doc(
      p(ins(part("s1", "s1", { positions: "EU:delete" }), "a")),
      ...[1, 2, 3].map((k) => d.child(k)),
    );
    expect(modelProblems(withPositions, registry)).toEqual([]);
    const stats = negotiationStats(withPositions);
    expect(stats.proposals).toEqual({ open: 1, total: 1, byDelegation: { G77: 1 } });
    expect(stats.positions.total).toBe(1);
  });

  it("refuses a part whose state, delegations or note differ from the others'", () => {
    expect(modelProblems(spanning(part("s3", "s1", { state: "accepted" })), registry)).toEqual([
      "the bracket spanning paragraphs s1: its parts disagree on delegations, note, state or positions",
    ]);
    expect(modelProblems(spanning(part("s3", "s1", { by: ["EU"] })), registry)).toContain(
      "the bracket spanning paragraphs s1: its parts disagree on delegations, note, state or positions",
    );
  });

  it("refuses a span broken by taking a part out of it: the middle one, or the first", () => {
    expect(modelProblems(spanning(part("s3"), part("s2", "")), registry)).toEqual(["the bracket spanning paragraphs s1 has parts in blocks 1 and 3; its parts are in consecutive blocks (paragraphs with nothing in them between aside), one in each"]);
    const noFirst = doc(p(ins(part("s1", ""), "a")), p(ins(part("s2"), "b")), p(ins(part("s3"), "c")));
    expect(modelProblems(noFirst, registry)).toEqual(["the bracket spanning paragraphs s1 begins with proposal s2; a span is named by its first part"]);
    expect(modelProblems(doc(p(ins(part("s1"), "a"))), registry)).toEqual(["the bracket spanning paragraphs s1 has one part (proposal s1); it spans two paragraphs or more"]);
  });

  it("passes over paragraphs with nothing in them between two parts (Enter where they meet), and nothing else", () => {
    // Invariant: an empty paragraph between two parts neither breaks the span nor is a part of it; a heading, a
    // paragraph with text or a footnote, or a paragraph before the first part does not count as one.
    const [first, second, third, fourth] = [0, 1, 2, 3].map((k) => spanning().child(k));
    const empty = (id: string) => p({ id });
    const withEmpty = doc(first!, empty("e1"), empty("e2"), second!, third!, fourth!);
    expect(modelProblems(withEmpty, registry)).toEqual([]);
    expect(spanPartFacts(withEmpty).map((f) => [f.id, f.block, f.previous])).toEqual([["s1", 0, -1], ["s2", 3, 0], ["s3", 4, 3]]);
    expect(brokenSpans(spanPartFacts(withEmpty)).size).toBe(0);
    expect(collectSpanningBrackets(withEmpty)[0]!.parts.map((x) => x.id)).toEqual(["s1", "s2", "s3"]);
    const broken = "the bracket spanning paragraphs s1 has parts in blocks 1 and 3; its parts are in consecutive blocks (paragraphs with nothing in them between aside), one in each";
    expect(modelProblems(doc(first!, h({ id: "h9" }), second!, third!), registry)).toEqual([broken]);
    expect(modelProblems(doc(first!, p({ id: "p9" }, "text"), second!, third!), registry)).toEqual([broken]);
    expect(modelProblems(doc(first!, p({ id: "p9" }, fn({ id: "f9", text: "A note." })), second!, third!), registry)).toEqual([broken]);
    // The same rule read from JSON, as the server and the reading of a live document read blocks.
    expect(passedOverBySpans({ type: "paragraph" })).toBe(true);
    expect(passedOverBySpans({ type: "paragraph", content: [] })).toBe(true);
    expect(passedOverBySpans({ type: "heading" })).toBe(false);
    expect(passedOverBySpans({ type: "paragraph", content: [{ type: "text" }] })).toBe(false);
    expect(passedOverBySpans(empty("e3"))).toBe(true);
    // A paragraph that says something (a label, a status, a note, a proposer) is no paragraph with nothing in it.
    for (const attrs of [{ label: "5." }, { status: "agreed-informally" }, { note: "later" }, { proposedBy: ["G77"] }]) {
      expect(passedOverBySpans(p({ id: "e4", ...attrs }))).toBe(false);
      expect(passedOverBySpans({ type: "paragraph", attrs })).toBe(false);
      expect(modelProblems(doc(first!, p({ id: "e5", ...attrs }), second!, third!), registry)).toContain(broken);
    }
    expect(passedOverBySpans(first)).toBe(false);
    expect(passedOverBySpans(null)).toBe(false);
    // The block before each that the rules read, for callers that read blocks one by one.
    expect(previousBlocks([withEmpty.child(0), withEmpty.child(1), withEmpty.child(2), withEmpty.child(3), null, { type: "paragraph" }, withEmpty.child(4)])).toEqual([-1, 0, 0, 0, 3, 4, 4]);
    // Facts read block by block without the block before them treat the block right before as it.
    const json = withEmpty.child(3).toJSON() as SpanBlockJSON;
    expect(blockSpanFacts(json, 3)[0]!.previous).toBe(2);
    expect(blockSpanFacts(json, 3, 0)[0]!.previous).toBe(0);
  });

  it("refuses parts that do not meet at the paragraph breaks, and a part that is an option", () => {
    const gap = doc(p(ins(part("s1"), "a"), " base"), p(ins(part("s2"), "b")));
    expect(modelProblems(gap, registry)).toEqual(["the bracket spanning paragraphs s1: its part s1 in block 1 does not run to the end of its block"]);
    const late = doc(p(ins(part("s1"), "a")), p("base ", ins(part("s2"), "b")));
    expect(modelProblems(late, registry)).toEqual(["the bracket spanning paragraphs s1: its part s2 in block 2 does not start at the start of its block"]);
    const option = doc(p(ins(part("s1"), "a")), p(ins(part("s2", "s1", { choice: "c1" }), "b"), ins({ id: "o2", by: ["EU"], choice: "c1" }, "c")));
    expect(modelProblems(option, registry)).toContain("the bracket spanning paragraphs s1: its part s2 is an option of a choice group");
    const whole = doc(p(ins(part("s1"), "a")), p({ proposedBy: ["G77"] }, ins(part("s2"), "b")));
    expect(modelProblems(whole, registry)).toEqual(["the bracket spanning paragraphs s1: its part s2 is in a paragraph proposed whole"]);
    const heading = doc(p(ins(part("s1"), "a")), h(ins(part("s2"), "Article 5")));
    expect(modelProblems(heading, registry)).toEqual(["the bracket spanning paragraphs s1: its part s2 is in a heading, which ends the brackets opened before it"]);
    const path = (option: string) => writeOptionPath([{ group: "g1", option, label: `Option ${option}:`, state: "open", noText: "" }]);
    const options = doc(p({ optionPath: path("1") }, ins(part("s1"), "a")), p({ optionPath: path("2") }, ins(part("s2"), "b")));
    expect(modelProblems(options, registry)).toEqual(["the bracket spanning paragraphs s1: its parts are in different options; a span stays in one"]);
  });

  it("a span may open in a heading (`[Article 3bis` …) and nest brackets in its parts", () => {
    const d = doc(h(brk({ id: "b1", span: "b1" }, "Article 3bis")), p(brk({ id: "b2", span: "b1" }, "1. Parties ", brk("b3", "shall"), " act.")));
    expect(modelProblems(d, registry)).toEqual([]);
  });
});

describe("broken spans, as a live document's reading unlinks them", () => {
  it("brokenSpans names the spans whose rules fail, from the blocks' JSON as from the document", () => {
    const broken = doc(p(ins(part("s1"), "a")), p(ins(part("s2", "s1", { state: "rejected" }), "b")), p(ins(part("t1", "t1"), "c")), p(ins(part("t2", "t1"), "d")));
    const fromJSON = [0, 1, 2, 3].flatMap((k) => blockSpanFacts(broken.child(k).toJSON() as SpanBlockJSON, k));
    expect(fromJSON).toEqual(spanPartFacts(broken));
    expect([...brokenSpans(fromJSON)]).toEqual(["s1"]);
  });
});
