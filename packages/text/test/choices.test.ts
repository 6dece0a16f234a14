import { collectChoices, collectProposals, type NegotiationDocument } from "@accord/schema";
import { exportMarkupText, importText } from "@accord/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRoundTrip, meaning } from "./support.js";

// Alternatives for one place in the text are read as one choice group, and
// written back in the convention they came in.

/** Each choice group of a document: its style and its options' texts. */
const groups = (document: NegotiationDocument) =>
  collectChoices(document.content).map((g) => [g.style, ...g.options.map((o) => o.spans.map((s) => s.text).join(" ~ "))]);

describe("reading alternatives", () => {
  it("adjacent brackets with nothing between them are one group; each keeps its tags", () => {
    const r = importText("OP1 Calls upon Member States to [G77: scale up][US: consider scaling up] support;\n\n1. Each Party [shall][should][may] communicate.");
    expect(r.diagnostics).toEqual([]);
    expect(groups(r.document)).toEqual([
      ["adjacent", "scale up", "consider scaling up"],
      ["adjacent", "shall", "should", "may"],
    ]);
    expect(collectProposals(r.document.content).slice(0, 2).map((p) => p.by)).toEqual([["G77"], ["USA"]]);
    expect(r.recognition.choices).toEqual({ adjacent: 2, slash: 0 });
  });

  it("an option's note or state stays with it, and the next `[` right after it is still an option", () => {
    const r = importText("1. Parties [shall] (accepted)[should] (rejected) report.");
    expect(groups(r.document)).toEqual([["adjacent", "shall", "should"]]);
    expect(collectChoices(r.document.content)[0]!.chosen?.spans[0]!.text).toBe("shall");
  });

  it("brackets a space apart are separate proposals, as OAS drafts write consecutive brackets (`…(CICAD).] [Peru requests …]`)", () => {
    const r = importText("1. Parties [shall] [should] report.");
    expect(groups(r.document)).toEqual([]);
    expect(collectProposals(r.document.content)).toHaveLength(2);
  });

  it("a paragraph written wholly as brackets a space apart offers versions of itself: one group, the spaces kept as base text", () => {
    const text = [
      "OP1 [G77: Calls upon Member States to scale up support.] [EU: Invites Member States to consider support.]",
      "OP2 [Urges all States to act.] [Encourages all States to act.] [Invites all States to act.] (Agreed)",
    ].join("\n\n");
    const r = importText(text);
    expect(r.diagnostics).toEqual([]);
    expect(groups(r.document)).toEqual([
      ["adjacent", "Calls upon Member States to scale up support.", "Invites Member States to consider support."],
      ["adjacent", "Urges all States to act.", "Encourages all States to act.", "Invites all States to act."],
    ]);
    expect(r.recognition.choices).toEqual({ adjacent: 2, slash: 0 });
    expect(exportMarkupText(r.document)).toContain("OP1 [G77: Calls upon Member States to scale up support.] [EU: Invites Member States to consider support.]");
    checkRoundTrip(r.document);
  });

  it("brackets a space apart stay apart when anything else is in the paragraph: text, a footnote reference, struck text, or brackets already grouped", () => {
    const r = importText(
      ["1. Notes [the work of the Commission] [and its reports] with appreciation.", "2. [text A] 1/ [text B]", "3. ~~old text~~ [new text]", "4. [a][b] [c]", "1/ A footnote."].join("\n\n"),
    );
    expect(groups(r.document)).toEqual([["adjacent", "a", "b"]]);
    // 2 + 2 + 2 (the struck text is a deletion of its own) + 3.
    expect(collectProposals(r.document.content)).toHaveLength(9);
  });

  it("options separated by ` / ` in one bracket are one group, with the bracket's tags on each", () => {
    const r = importText("1. Parties [agreed / made] it; [G77: scale up / consider] support.");
    expect(r.diagnostics).toEqual([]);
    expect(groups(r.document)).toEqual([
      ["slash", "agreed", "made"],
      ["slash", "scale up", "consider"],
    ]);
    expect(collectProposals(r.document.content).slice(2).map((p) => p.by)).toEqual([["G77"], ["G77"]]);
    expect(r.recognition.choices).toEqual({ adjacent: 0, slash: 2 });
  });

  it("a slash that is no separator stays text: tag lists, footnote references, citations, and/or, struck text", () => {
    const r = importText(
      "1. Parties [Arg/Bra: text] and/or [decision 1/CP.21] and A/RES/75/1 2/ [~~old / older~~] [/ lone] [x /].\n\n2/ A footnote.",
    );
    expect(groups(r.document)).toEqual([]);
    expect(r.document.content.firstChild!.textContent).toContain("old / older");
  });

  it("a group needs two options with text, and one chosen at most: otherwise separate brackets, reported", () => {
    expect(groups(importText("1. Parties [shall][] report.").document)).toEqual([]);
    const twice = importText("1. Parties [shall] (accepted)[should] (accepted) report.");
    expect(groups(twice.document)).toEqual([]);
    expect(twice.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[1, 12, "2 of these alternatives are accepted, where one is chosen; they are read as separate brackets"]]);
  });
});

describe("writing alternatives back", () => {
  it("each group in its convention, and the text reads back the same (import(export(import(x))) = import(x))", () => {
    const x = "1. Parties [shall][should] and [G77: scale up][US: consider scaling up] and [agreed / made] and [EU: this / that] (Note: moved) report.";
    const r = importText(x);
    const text = checkRoundTrip(r.document);
    expect(text.trim().split("\n").at(-1)).toBe(x);
  });

  it("struck text touching a bracket is an option of a group with it, as the export writes the two", () => {
    const r = importText("1. Parties ~~shall~~[should] report.");
    expect(groups(r.document)).toEqual([["adjacent", "shall", "should"]]);
    checkRoundTrip(r.document);
  });

  it("a reference inside an option keeps it touching the next; one between them keeps them apart", () => {
    expect(groups(importText("1. Parties [shall 3/][should] report.\n\n3/ A footnote.").document)).toEqual([["adjacent", "shall", "should"]]);
    expect(groups(importText("1. Parties [shall] 3/[should] report.\n\n3/ A footnote.").document)).toEqual([]);
    checkRoundTrip(importText("1. Parties [shall 3/][should] report.\n\n3/ A footnote.").document);
  });

  it("a slash inside a bracket's text that is not a separator is escaped", () => {
    const r = importText("1. Parties [~~old / older~~] and [read \\/ write] report.");
    expect(groups(r.document)).toEqual([]);
    const text = checkRoundTrip(r.document);
    expect(text).toContain("read \\/ write");
  });
});

/**
 * Pieces of drafts around alternatives: brackets, tags, slashes, states, notes. No strikes: struck text that a
 * reference or an emptied bracket follows with no space (`[~~old~~3/ Parties`, `[G77: ~~old~~[G77: ] Parties`)
 * breaks the round trip with no alternative in it, which is the strike's separator rules' to settle.
 */
const PIECES = ["Parties", "shall", "should", "report", "[", "]", "][", "[G77:", "[US:", "[EU, US:", " / ", "/", "and/or", "(accepted)", "(rejected)", "(Note: moved)", "3/", "decision 1/CP.21", "\\/"];

describe("round trip over drafts with alternatives (property)", () => {
  it("import(export(import(x))) = import(x), groups included", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom("", " ", " ")), { maxLength: 30 }), (parts) => {
        const x = `1. ${parts.map(([piece, separator]) => piece + separator).join("")}\n\n3/ A footnote.\n`;
        const once = importText(x);
        const twice = importText(exportMarkupText(once.document));
        expect(meaning(twice.document)).toEqual(meaning(once.document));
      }),
      { numRuns: 500, seed: Number(process.env.FUZZ_SEED ?? 5) },
    );
  });
});
