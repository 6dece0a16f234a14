import { del, doc, fn, h, ins, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";
import { describeUnkept, unkeptText } from "../../src/editor/sync/unkept-text.js";

// What a refused edit took off the page: the page's document against the
// server's, read again after the refusal.

const server = doc(
  h({ id: "h1" }, "Objective 1"),
  p({ id: "p3", label: "3." }, "To ensure a gender perspective in all programs of cooperation."),
  p({ id: "p4", label: "4.", status: "agreed-informally" }, "To promote regional cooperation in ", ins("m1 MEX", "education"), " and prevention."),
);

describe("unkeptText", () => {
  it("lists the delegation's own insertions the server does not have, where they were", () => {
    const page = doc(
      h({ id: "h1" }, "Objective 1"),
      p({ id: "p3", label: "3." }, "To ensure a gender perspective in all programs of cooperation."),
      p({ id: "p4", label: "4.", status: "agreed-informally" }, "To promote regional cooperation", ins("u1 URY", " locally"), " in ", ins("m1 MEX", "education"), " and prevention."),
    );
    const runs = unkeptText(page, server, "URY");
    // The part that differs starts after the common text, the space before "locally" included.
    expect(runs).toEqual([{ where: "paragraph 4 under “Objective 1”", text: "locally" }]);
    expect(describeUnkept(runs)).toBe("paragraph 4 under “Objective 1”: “locally”");
  });

  it("lists nothing when the server kept everything, or kept the typing and only changed a status", () => {
    expect(unkeptText(server, server, "URY")).toEqual([]);
    const samePage = doc(
      h({ id: "h1" }, "Objective 1"),
      p({ id: "p3", label: "3." }, "To ensure a gender perspective in all programs of cooperation."),
      p({ id: "p4", label: "4." }, "To promote regional cooperation in ", ins("m1 MEX", "education"), " and prevention."),
    );
    expect(unkeptText(samePage, server, "URY")).toEqual([]);
  });

  it("does not count others' text the server no longer has, nor the delegation's struck deletions", () => {
    const page = doc(
      h({ id: "h1" }, "Objective 1"),
      p({ id: "p3", label: "3." }, "To ensure a gender perspective in all programs", ins("b1 BRA", " jointly"), " of cooperation."),
      p({ id: "p4", label: "4." }, "To promote ", del("u2 URY", "regional"), " cooperation in ", ins("m1 MEX", "education"), " and prevention."),
    );
    expect(unkeptText(page, server, "URY")).toEqual([]);
    // Brazil's own page would list its words.
    expect(unkeptText(page, server, "BRA")).toEqual([{ where: "paragraph 3 under “Objective 1”", text: "jointly" }]);
  });

  it("lists a whole paragraph the delegation proposed that the server does not have, and several runs in order", () => {
    const page = doc(
      h({ id: "h1" }, "Objective 1"),
      p({ id: "p3", label: "3." }, "To ensure", ins("u3 URY", " fully"), " a gender perspective in all programs", ins("u4 URY", " everywhere"), " of cooperation."),
      p({ id: "n1", label: "3 bis.", proposedBy: ["URY"] }, "To report each year on the above."),
      p({ id: "p4", label: "4." }, "To promote regional cooperation in ", ins("m1 MEX", "education"), " and prevention."),
    );
    // The part that differs starts after the common "To ensure ": the base text between the two insertions is not listed.
    expect(unkeptText(page, server, "URY")).toEqual([
      { where: "paragraph 3 under “Objective 1”", text: "fully" },
      { where: "paragraph 3 under “Objective 1”", text: " everywhere" },
      { where: "paragraph 3 bis under “Objective 1”", text: "To report each year on the above." },
    ]);
  });

  it("counts any text for a direct editor (\"\"), and leaves white space alone out", () => {
    const page = doc(
      h({ id: "h1" }, "Objective 1"),
      p({ id: "p3", label: "3." }, "To ensure a gender perspective in all new programs of cooperation."),
      p({ id: "p4", label: "4." }, "To promote regional cooperation in ", ins("m1 MEX", "education"), " and  prevention."),
    );
    expect(unkeptText(page, server, "")).toEqual([{ where: "paragraph 3 under “Objective 1”", text: "new " }]);
  });

  it("leaves a footnote out: its text is not typed in the paragraph", () => {
    const page = doc(
      h({ id: "h1" }, "Objective 1"),
      p({ id: "p3", label: "3." }, "To ensure a gender perspective in all programs", fn({ kind: "editorial", text: "A note." }), " of cooperation."),
      p({ id: "p4", label: "4." }, "To promote regional cooperation in ", ins("m1 MEX", "education"), " and prevention."),
    );
    expect(unkeptText(page, server, "")).toEqual([]);
  });
});
