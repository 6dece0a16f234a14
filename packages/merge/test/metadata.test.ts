import { setMetadata } from "@accord/merge";
import { NegotiationDocument, type DocumentMeta } from "@accord/schema";
import { doc, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";

// setMetadata changes the document's metadata and nothing else: the text is
// the same node, the transform has no step; a refusal changes nothing.

const base = NegotiationDocument.create(doc(p({ id: "p1", status: "agreed-informally", statusDate: "2026-11-18" }, "To act.")), { title: "Plan" });

function refusal(changes: Partial<DocumentMeta>): string {
  const result = setMetadata(base, changes);
  if (result.ok) throw new Error("expected a refusal");
  return result.reason;
}

describe("setMetadata", () => {
  it("sets the date style and other fields, leaving the text as it is, and says so in the style", () => {
    const result = setMetadata(base, { dateStyle: "D Month YYYY", date: "2026-11-20", title: "Plan of Action" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.meta).toMatchObject({ dateStyle: "D Month YYYY", date: "2026-11-20", title: "Plan of Action" });
    expect(result.document.content).toBe(base.content);
    expect(result.transform.steps).toEqual([]);
    expect(result.message).toBe("The title is now “Plan of Action”; the date is now 20 November 2026; dates are now written D Month YYYY, e.g. 18 November 2026.");
  });

  it("refuses an unknown style, a date not written YYYY-MM-DD, a value over its limit, and a change to nothing", () => {
    expect(refusal({ dateStyle: "dd.mm.yy" as DocumentMeta["dateStyle"] })).toMatch(/^‘dd\.mm\.yy’ is not a date style; use one of “MM\/DD\/YY”/);
    expect(refusal({ date: "11/20/26" })).toBe("11/20/26 is not a date; write it as YYYY-MM-DD");
    expect(refusal({ symbol: "x".repeat(201) })).toBe("the symbol is longer than 200 characters");
    expect(refusal({ title: "Plan", dateStyle: "MM/DD/YY" })).toBe("nothing to change: the metadata already reads so");
  });
});
