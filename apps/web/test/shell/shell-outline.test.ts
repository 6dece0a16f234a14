import { negotiationProgress, negotiationStats, PARAGRAPH_STATUSES } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { brk, del, doc, fn, h, ins, p } from "@accord/schema/test-builders";
import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { buildOutline, firstWords, isAgreedStatus, outlineEntry } from "../../src/panels/outline-model.js";
import { describeProgress, progressShares } from "../../src/panels/progress-bar.js";
import { shortStatusLabel, statusColour, statusColourProperties } from "../../src/panels/status-colour.js";

/** The server's count, from the schema's statistics. */
const serverProgress = (content: Parameters<typeof negotiationStats>[0]) => negotiationProgress(negotiationStats(content));

const sample = doc(
  h({ id: "h1" }, "Objective 1.2"),
  p({ id: "p1", label: "1.", status: "agreed-informally", statusDate: "2012-04-19" }, "To implement strategies to prevent crime and violence."),
  p({ id: "p2", label: "2." }, "To develop plans ", ins("b1 URY", "while"), " respecting ", brk("b2", "human"), " rights."),
  p({ id: "p3", label: "3.", status: "agreed-ad-referendum", statusBody: "CSH" }, "To ensure a ", del("b3 BRB", "gender"), ins("b3 BRB", "age"), " perspective", fn({ kind: "reservation", delegation: "ECU", text: "Ecuador reserves." })),
  p({ id: "p4", label: "4.", status: "deleted-informally" }, "Old text ", ins({ id: "b4", by: ["MEX"], state: "accepted" }, "gone")),
  p({ id: "p5", label: "5 bis", proposedBy: ["PER"] }, "Instruct the chair to report."),
  p({ id: "p6", label: "5 bis alt.", proposedBy: ["MEX"], alternativeTo: "p5", proposalState: "rejected" }, "Instruct the council."),
  p({ id: "p7", status: "approved" }, ""),
);

describe("outlineEntry", () => {
  it("reads a heading and paragraphs: label, first words, status, open brackets", () => {
    const entries = buildOutline(sample).entries;
    expect(entries.map((e) => [e.kind, e.id, e.label, e.status, e.openProposals])).toEqual([
      ["heading", "h1", "", "open", 0],
      ["paragraph", "p1", "1.", "agreed-informally", 0],
      ["paragraph", "p2", "2.", "open", 2],
      ["paragraph", "p3", "3.", "agreed-ad-referendum", 1],
      ["paragraph", "p4", "4.", "deleted-informally", 0],
      ["paragraph", "p5", "5 bis", "open", 1],
      ["paragraph", "p6", "5 bis alt.", "open", 0],
      ["paragraph", "p7", "", "approved", 0],
    ]);
    expect(entries[1]).toMatchObject({ statusDate: "2012-04-19", excerpt: "To implement strategies to prevent crime and violence." });
    expect(entries[3]).toMatchObject({ statusBody: "CSH" });
    expect(entries[6]).toMatchObject({ alternativeTo: "p5", proposedBy: ["MEX"] });
    expect(entries[7]!.excerpt).toBe("");
  });

  it("keeps one entry per node, so an unchanged block costs a lookup", () => {
    const block = sample.child(2);
    expect(outlineEntry(block)).toBe(outlineEntry(block));
    const again = buildOutline(sample);
    expect(again.entries[2]).toBe(buildOutline(sample).entries[2]);
  });

  it("counts a proposal once though it has several spans, and a decided variant as decided", () => {
    const split = doc(p({ id: "q" }, ins("x URY", "a"), " b ", ins("x URY", "c"), ins({ id: "y", by: ["BRA"] }, "d"), ins({ id: "y", by: ["BRA"], state: "rejected" }, "e")));
    expect(outlineEntry(split.child(0)).openProposals).toBe(1);
  });

  it("throws for a node that is not a block", () => {
    expect(() => outlineEntry(sample.child(1).child(0))).toThrow(TypeError);
  });
});

describe("buildOutline's progress", () => {
  it("counts as the server's documents list counts", () => {
    const { progress } = buildOutline(sample);
    expect(progress).toMatchObject({ paragraphs: 7, agreed: 3, deleted: 1, openProposals: 4 });
    expect({ paragraphs: progress.paragraphs, agreed: progress.agreed, deleted: progress.deleted, openProposals: progress.openProposals }).toEqual(serverProgress(sample));
    expect(progress.byStatus).toEqual({
      open: 3,
      "agreed-informally": 1,
      "agreed-ad-referendum": 1,
      approved: 1,
      "deleted-informally": 1,
      "deleted-ad-referendum": 0,
    });
  });

  it("agrees with the server on generated documents", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const content = generateDocument({ seed, paragraphs: 120, proposals: 200 }).content;
      const { progress } = buildOutline(content);
      expect({ paragraphs: progress.paragraphs, agreed: progress.agreed, deleted: progress.deleted, openProposals: progress.openProposals }, `seed ${seed}`).toEqual(serverProgress(content));
      expect(PARAGRAPH_STATUSES.reduce((n, s) => n + progress.byStatus[s], 0)).toBe(progress.paragraphs);
    }
  });

  it("reads again only the blocks that changed (entries are kept per node)", () => {
    const content = generateDocument({ seed: 7, paragraphs: 2000, proposals: 3000 }).content;
    const first = buildOutline(content);
    const state = EditorState.create({ doc: content });
    const index = 1000;
    const typed = state.apply(state.tr.insertText("x", state.doc.resolve(0).posAtIndex(index, 0) + 1)).doc;
    const second = buildOutline(typed);
    expect(second.entries).toHaveLength(first.entries.length);
    second.entries.forEach((entry, i) => {
      if (i === index) expect(entry).not.toBe(first.entries[i]);
      else expect(entry).toBe(first.entries[i]);
    });
    expect(second.progress).toEqual(first.progress);
  });
});

describe("words and colours", () => {
  it("cuts first words at a word, with an ellipsis", () => {
    expect(firstWords("one two three", 10)).toBe("one two three");
    expect(firstWords("  one   two three four ", 2)).toBe("one two…");
    expect(firstWords("a".repeat(50) + " " + "b".repeat(50), 10, 80)).toBe(`${"a".repeat(50)}…`);
    expect(firstWords("x".repeat(100), 10, 80)).toBe(`${"x".repeat(80)}…`);
    expect(firstWords("")).toBe("");
  });

  it("counts agreed, ad referendum and approved as agreed", () => {
    expect(PARAGRAPH_STATUSES.filter(isAgreedStatus)).toEqual(["agreed-informally", "agreed-ad-referendum", "approved"]);
  });

  it("writes progress in words and shares", () => {
    expect(describeProgress({ paragraphs: 12, agreed: 5, deleted: 1, openProposals: 13 })).toBe("5 of 12 paragraphs agreed · 1 deleted · 13 open brackets");
    expect(describeProgress({ paragraphs: 1, agreed: 0, deleted: 0, openProposals: 1 })).toBe("0 of 1 paragraph agreed · 1 open bracket");
    expect(progressShares({ paragraphs: 12, agreed: 5, deleted: 1, openProposals: 0 })).toEqual({ agreed: 41.7, deleted: 8.3 });
    expect(progressShares({ paragraphs: 0, agreed: 0, deleted: 0, openProposals: 0 })).toEqual({ agreed: 0, deleted: 0 });
  });

  it("gives every status legible colours and a short label", () => {
    const properties = statusColourProperties();
    for (const status of PARAGRAPH_STATUSES) {
      const { ink, tint } = statusColour(status);
      expect(ink).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrast(ink, "#ffffff"), status).toBeGreaterThanOrEqual(4.5);
      expect(contrast(ink, tint), status).toBeGreaterThanOrEqual(4.5);
      expect(properties[`--status-${status}-ink`]).toBe(ink);
      expect(properties[`--status-${status}-tint`]).toBe(tint);
      expect(shortStatusLabel(status)).toBeTruthy();
    }
    expect(new Set(PARAGRAPH_STATUSES.map((s) => statusColour(s).ink)).size).toBe(PARAGRAPH_STATUSES.length);
  });
});

function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
  return (x! + 0.05) / (y! + 0.05);
}
