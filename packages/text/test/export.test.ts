import { DelegationRegistry, NegotiationDocument } from "@accord/schema";
import { brk, del, doc, fn, h, ins, p } from "@accord/schema/test-builders";
import { exportMarkupText, importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { checkRoundTrip } from "./support.js";

const text = (content: ReturnType<typeof doc>) => checkRoundTrip(NegotiationDocument.create(content));
const body = (out: string) => out.trim();

describe("exportMarkupText", () => {
  it("writes tags, deletions, replacements, notes and states in the convention", () => {
    const out = text(
      doc(
        p(
          { label: "5.", kind: "operative", status: "agreed-ad-referendum", statusFootnote: "Approval is pending as the required quorum was not present." },
          "Effective, ",
          del("r1 URY", "evaluable"),
          ins("r1 URY", "measurable"),
          " policies ",
          ins({ id: "n1", by: ["BRA", "ARG"], note: "Canada prefers the original text", state: "withdrawn" }, "and plans"),
          ".",
        ),
      ),
    );
    expect(body(out)).toBe(
      "5. Effective, [Uru: ~~evaluable~~ measurable] policies [Bra, Arg: and plans] (Canada prefers the original text) (withdrawn). AGREED AD REFERENDUM 1/\n\n1/ Approval is pending as the required quorum was not present.",
    );
  });

  // An insertion typed after a word starts with its space (" and budgets"). Written after the tag's space it read
  // "plans[Per:  and budgets]", and the import, which starts a bracket's text after the tag, lost the space.
  // Invariant: the text reads the same (every character, in order) after export and import; the space stands before the bracket.
  it("writes an insertion's leading space before its bracket, once, and reads every character back", () => {
    const d = NegotiationDocument.create(
      doc(p({ label: "4." }, "To integrate plans", ins("b1 PER", " and budgets"), " and", ins("b2 URY", " [nested", ins("b3 ARG", " deeper")), " ends.")),
    );
    const out = exportMarkupText(d, { header: false });
    expect(body(out)).toBe("4. To integrate plans [Per: and budgets] and [Uru: \\[nested [Arg: deeper]] ends.");
    const back = importText(out).document;
    expect(back.content.textContent).toBe(d.content.textContent);
    expect(back.content.firstChild!.child(1).text).toBe("and budgets");
    expect(exportMarkupText(back, { header: false })).toBe(out);
  });

  it("writes a note as it reads, and escapes a paragraph that would read as one", () => {
    const out = text(doc(p({ kind: "note" }, "(Prepared by the Chair)"), p("(Canada prefers a general reference)")));
    expect(body(out)).toBe("(Prepared by the Chair)\n\n\\(Canada prefers a general reference)");
  });

  it("writes a repeated footnote as N/ IDEM and a reservation with its delegation", () => {
    const pending = "Approval is pending as the required quorum was not present.";
    const out = text(
      doc(
        p({ label: "1.", kind: "operative", status: "agreed-ad-referendum", statusFootnote: pending }, "One."),
        p({ label: "2.", kind: "operative", status: "agreed-ad-referendum", statusFootnote: pending }, "Two.", fn({ kind: "reservation", delegation: "ECU", text: "Ecuador does not join." })),
      ),
    );
    expect(out).toContain("1. One. AGREED AD REFERENDUM 1/\n");
    expect(out).toContain("2. Two. 2/ AGREED AD REFERENDUM 1/ IDEM\n");
    expect(out).toContain("2/ {reservation ECU} Ecuador does not join.");
  });

  it("escapes text that would read as structure", () => {
    const out = text(
      doc(
        p("1. is not a label here, [not a bracket] and 3/ is not a footnote ~~nor strike~~"),
        p({ kind: "preambular" }, "AGREED INF is text"),
        p({ label: "2.", kind: "operative" }, "Text ", brk("b1", "bracket"), " (Brazil says this is text)"),
        h("Introduction to the plan"),
      ),
    );
    expect(out).toContain("\\1. is not a label here, \\[not a bracket\\] and 3\\/ is not a footnote \\~\\~nor strike\\~\\~");
    expect(out).toContain("[bracket] \\(Brazil says this is text)");
    expect(out).toContain("# Introduction to the plan");
  });

  it("writes metadata and added delegations in a header", () => {
    const document = NegotiationDocument.create(
      doc(p({ proposedBy: ["WG"] }, "Instruct the Council.")),
      { title: "Draft plan", symbol: "CSH/GT/DSS-12/12" },
      DelegationRegistry.default.with({ code: "WG", name: "Working Group", kind: "group", tags: ["Working Group"] }),
    );
    const out = checkRoundTrip(document);
    expect(out).toBe(
      "Title: Draft plan\nSymbol: CSH/GT/DSS-12/12\nDelegation: WG | Working Group | group | Working Group\n---\n\n[Instruct the Council.] (Proposal by the Working Group)\n",
    );
  });

  it("never fails on an empty paragraph", () => {
    expect(exportMarkupText(NegotiationDocument.create(doc(p(), p("x"))))).toBe("\\\n\nx\n");
  });
});
