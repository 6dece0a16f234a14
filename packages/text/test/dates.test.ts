import { DATE_STYLES, type DateStyle } from "@accord/schema";
import { detectDateStyle, exportMarkupText, importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { describeFixtures, readFixture } from "../../../test/support/fixtures.js";
import { checkRoundTrip, draft } from "./support.js";

// A document has one date style, found on import from how the source writes
// its dates (or said by its header's `Date style:`), and every date the text
// export writes is in it. Invariant: import → export → import gives the same
// document, its date style included, in every style.

describe("detectDateStyle", () => {
  it("finds the form a text uses most", () => {
    expect(detectDateStyle("AGREED INF 04/19/12 … AGREED INF 3/22/12 … (approved by the CSH on October 31, 2013)")).toBe("MM/DD/YY");
    expect(detectDateStyle("on October 31, 2013 and June 4, 2009; AGREED INF 04/19/12")).toBe("Month D, YYYY");
    expect(detectDateStyle("held on 4 June 2009 … adopted 31 October 2013")).toBe("D Month YYYY");
    expect(detectDateStyle("AGREED INF 04/19/2012")).toBe("MM/DD/YYYY");
    expect(detectDateStyle("Date: 2026-11-20")).toBe("YYYY-MM-DD");
  });

  it("reads numbers day first only on evidence, and month first when the evidence disagrees or is silent", () => {
    expect(detectDateStyle("AGREED INF 19/04/12, DELETED INF 03/04/12")).toBe("DD/MM/YY");
    expect(detectDateStyle("AGREED INF 19/04/2012")).toBe("DD/MM/YYYY");
    expect(detectDateStyle("AGREED INF 03/04/12")).toBe("MM/DD/YY");
    expect(detectDateStyle("AGREED INF 19/04/12, AGREED INF 04/19/12")).toBe("MM/DD/YY");
  });

  it("says nothing for a text without dates, and is not fooled by symbols and numbers", () => {
    expect(detectDateStyle("To act. AGREED AD REFERENDUM")).toBeNull();
    expect(detectDateStyle("MISPA/doc.7/08 rev. 4, AG/RES. 2444 (XXXIX-O/09), 1/2/345, 1.5/12/2026")).toBeNull();
  });
});

describe("a document's date style on import", () => {
  it("is the draft's: the demo draft writes AGREED INF 11/18/26 and reads as MM/DD/YY", () => {
    const { document, diagnostics } = draft`
1. To act. AGREED INF 11/18/26

2. To plan. (Paragraph approved by the CSH on November 20, 2026)

3. To report. DELETED INF 11/20/26
`;
    expect(diagnostics).toEqual([]);
    expect(document.meta.dateStyle).toBe("MM/DD/YY");
    expect(document.content.child(1).attrs.statusDate).toBe("2026-11-20");
    // Every date written back in that style, the sentence form's too.
    const text = exportMarkupText(document);
    expect(text).toContain("1. To act. AGREED INF 11/18/26");
    expect(text).toContain("2. To plan. (Paragraph approved by the CSH on 11/20/26)");
    expect(text).not.toContain("Date style");
  });

  it("reads a day-first draft's markers day first", () => {
    const { document, diagnostics } = draft`
1. To act. AGREED INF 19/04/12

2. To plan. DELETED INF 03/04/12
`;
    expect(diagnostics).toEqual([]);
    expect(document.meta.dateStyle).toBe("DD/MM/YY");
    expect(document.content.child(0).attrs.statusDate).toBe("2012-04-19");
    expect(document.content.child(1).attrs.statusDate).toBe("2012-04-03");
  });

  it("takes the header's Date style over the text's dates, and reads the header's date in it", () => {
    const { document, diagnostics } = draft`
Title: Plan
Date: 03/04/12
Date style: DD/MM/YY
---

1. To act. AGREED INF 04/05/12
`;
    expect(diagnostics).toEqual([]);
    expect(document.meta).toMatchObject({ date: "2012-04-03", dateStyle: "DD/MM/YY" });
    expect(document.content.child(0).attrs.statusDate).toBe("2012-05-04");
  });

  it("reports an unknown style or an unreadable header date, naming what to write, and keeps the rest", () => {
    const { document, diagnostics } = draft`
Title: Plan
Date: 31/31/12
Date style: dd.mm.yy
---

1. To act.
`;
    expect(diagnostics.map((d) => d.message)).toEqual([
      "unknown date style ‘dd.mm.yy’; write one of MM/DD/YY; MM/DD/YYYY; DD/MM/YY; DD/MM/YYYY; YYYY-MM-DD; Month D, YYYY; D Month YYYY",
      "cannot read the date: there is no such date as ‘31/31/12’; write the date as MM/DD/YY, e.g. 11/18/26",
    ]);
    expect(document.meta).toMatchObject({ title: "Plan", date: "" });
  });
});

describe("the text export in the document's style", () => {
  const base = draft`
Title: Plan
Date: 2012-04-19
---

# CHAPTER 1 (AGREED INF 04/03/12)

1. To act. AGREED INF 04/05/12

2. To plan. (Paragraph approved by the CSH on October 31, 2013)

3. To report. AGREED AD REFERENDUM
`.document;

  it.each(DATE_STYLES)("writes every date in %s and reads back the same document", (style: DateStyle) => {
    const text = checkRoundTrip(base.withMeta({ dateStyle: style }));
    const dates = text.match(/\b(?:\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})\b/g) ?? [];
    expect(dates).toHaveLength(4);
    expect(new Set(dates.map((date) => shape(date))).size).toBe(1);
  });

  it("says the style in the header only when the dates would not say it", () => {
    expect(exportMarkupText(base.withMeta({ dateStyle: "MM/DD/YY" }))).not.toContain("Date style");
    expect(exportMarkupText(base.withMeta({ dateStyle: "D Month YYYY" }))).not.toContain("Date style");
    // Here a day over 12 (19/04/12, 31/10/13) says day first; 04/05/12 alone would read month first: the header says it.
    expect(exportMarkupText(base.withMeta({ dateStyle: "DD/MM/YY" }))).not.toContain("Date style");
    const ambiguous = importText("1. To act. AGREED INF 04/05/12\n").document.withMeta({ dateStyle: "DD/MM/YY" });
    expect(exportMarkupText(ambiguous)).toBe("Date style: DD/MM/YY\n---\n\n1. To act. AGREED INF 05/04/12\n");
    const plain = importText("1. To act.\n").document;
    expect(exportMarkupText(plain.withMeta({ dateStyle: "DD/MM/YYYY" }))).toContain("Date style: DD/MM/YYYY\n");
    expect(exportMarkupText(plain)).not.toContain("Date style");
  });
});

/** A written date with its digits and month name abstracted: `11/18/26` → `99/99/99`. */
function shape(date: string): string {
  return date.replace(/\d/g, "9").replace(/[A-Z][a-z]+/, "Month").replace(/^9(?=\/| )|(?<= )9(?=,)/, "99");
}

describeFixtures("date styles of the shared OAS fixtures", () => {
  it("the 2012 draft writes its markers 04/19/12: MM/DD/YY, and its dates read as written", () => {
    const { document } = importText(readFixture("oas-plan-of-action-draft-2012.txt"));
    expect(document.meta.dateStyle).toBe("MM/DD/YY");
    const dates = new Set<string>();
    document.content.forEach((block) => block.attrs.statusDate && dates.add(block.attrs.statusDate as string));
    expect([...dates].sort()).toEqual(expect.arrayContaining(["2012-03-22", "2012-04-03", "2012-04-19"]));
    expect(exportMarkupText(document)).toContain("AGREED INF 04/19/12");
  });

  it("the 2009 resolution writes its dates in words: Month D, YYYY", () => {
    const { document } = importText(readFixture("oas-resolution-adopted-2009.txt"));
    expect(document.meta.dateStyle).toBe("Month D, YYYY");
    const again = importText(exportMarkupText(document)).document;
    expect(again.meta.dateStyle).toBe("Month D, YYYY");
  });
});
