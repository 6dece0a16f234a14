import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { negotiationStats, type ParagraphAttrs } from "@accord/schema";
import { exportMarkupText, guessRegistry, importText, readTrailingMarker } from "@accord/text";
import { describe, expect, it } from "vitest";
import { checkRoundTrip, firstMissingWord, wordsOf } from "./support.js";

// Two drafts written for these tests (examples/), one in the General Assembly's
// compilation style, one in the UNFCCC's; every count below was checked by reading them.
const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url)), "utf8");
const GA = example("un-general-assembly-draft.txt");
const UNFCCC = example("unfccc-draft-decision.txt");

function paragraphs(result: ReturnType<typeof importText>): ParagraphAttrs[] {
  const out: ParagraphAttrs[] = [];
  result.document.content.forEach((block) => {
    if (block.type.name === "paragraph") out.push(block.attrs as ParagraphAttrs);
  });
  return out;
}

function headings(result: ReturnType<typeof importText>): string[] {
  const out: string[] = [];
  result.document.content.forEach((block) => {
    if (block.type.name === "heading") out.push(block.textContent);
  });
  return out;
}

describe("a General Assembly compilation text", () => {
  const result = importText(GA);

  it("is read on the UN registry, guessed and said so, with no diagnostic", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.recognition.registry).toMatchObject({ name: "un", guessed: true });
    expect(result.recognition.registry.evidence).toEqual(expect.arrayContaining(["G77", "EU", "Russia", "AOSIS"]));
  });

  it("has the paragraphs, statuses and labels a reader counts", () => {
    // The title line, PP1–PP3 with PP2bis, the unlabelled "Welcoming", OP1–OP5 with OP3ter.
    const stats = negotiationStats(result.document.content);
    expect(stats.paragraphs.total).toBe(11);
    // (Agreed) ×2, (Agreed, placement tbd), (Agreed subject to …): informally; [Agreed ad ref], agreed ad ref.: ad referendum.
    expect(stats.paragraphs.byStatus).toMatchObject({ open: 5, "agreed-informally": 4, "agreed-ad-referendum": 2 });
    expect(result.recognition.statuses).toEqual({
      "(Agreed)": 2,
      "[Agreed ad ref]": 1,
      "(Agreed, placement tbd)": 1,
      "agreed ad ref.": 1,
      "(Agreed subject to …)": 1,
    });
    expect(result.recognition.labels).toEqual({ PP: 4, OP: 5 });
    const kinds = paragraphs(result).map((p) => p.kind);
    expect(kinds.filter((k) => k === "preambular")).toHaveLength(5);
    expect(kinds.filter((k) => k === "operative")).toHaveLength(5);
    // The qualifier of a status is the paragraph's note.
    expect(paragraphs(result).find((p) => p.label === "OP1")!.note).toBe("placement tbd");
    expect(paragraphs(result).find((p) => p.label === "OP4")!.note).toBe("subject to the outcome of OP3ter");
  });

  it("counts attributions by delegation and flags the preambular paragraph it guessed", () => {
    // [G77: …] twice (PP2bis whole, OP1), [US: …] twice, [EU: …], [Russia, China: …] (OP3ter whole), [AOSIS: …].
    expect(result.recognition.attributions).toEqual({ total: 7, byDelegation: { G77: 2, EU: 1, USA: 2, RUS: 1, CHN: 1, AOSIS: 1 } });
    expect(paragraphs(result).find((p) => p.label === "OP3ter")!.proposedBy).toEqual(["RUS", "CHN"]);
    expect(result.recognition.guesses.map((g) => [g.line, g.message])).toEqual([[11, "preambular paragraph by its opening verb ‘Welcoming the’"]]);
    // resolution 70/1, resolution 69/313, A/78/80, resolution 45/264.
    expect(result.recognition.citations).toBe(4);
  });

  it("keeps every word in order in the marked-up export, which writes the statuses the UN's way", () => {
    const markup = exportMarkupText(result.document);
    expect(firstMissingWord(wordsOf(GA), wordsOf(markup))).toBe(-1);
    expect(markup).toContain("Registry: un\n");
    expect(markup).toContain("assistance; (Agreed, placement tbd)");
    expect(markup).toContain("the outcome of OP3ter)");
    expect(markup).toContain("Addis Ababa Action Agenda, (Agreed ad ref)");
    checkRoundTrip(result.document);
  });
});

describe("a UNFCCC draft decision", () => {
  const result = importText(UNFCCC);

  it("reads articles, sections, decimal labels and statuses", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.recognition.registry.name).toBe("un");
    expect(headings(result)).toEqual([
      "DRAFT DECISION ON THE GLOBAL GOAL ON ADAPTATION",
      "Article 2bis",
      "Article 4 (Mitigation)",
      "Article 6bis",
      "Annex",
      "I. Modalities",
      "A. Scope",
    ]);
    expect(result.recognition.headings).toEqual({ other: 2, Article: 3, "I. / A.": 2 });
    expect(paragraphs(result).map((p) => [p.label, p.kind, p.status])).toEqual([
      ["1.", "operative", "agreed-informally"],
      ["2.bis", "operative", "agreed-ad-referendum"],
      ["3.3bis", "operative", "open"],
      ["3.3ter", "operative", "agreed-informally"],
      ["(a)", "plain", "open"],
      ["(b)", "plain", "agreed-ad-referendum"],
      ["(i)", "plain", "open"],
    ]);
    expect(result.recognition.labels).toEqual({ "1.": 1, "2bis": 1, "3.3": 2, "(a)": 2, "(i)": 1 });
    expect(result.recognition.guesses.map((g) => g.line)).toEqual([25, 27]);
  });

  it("takes a word before a colon for a tag only when it names a delegation or group", () => {
    // [Climate forcers: …] is a defined term: an untagged bracket whose text keeps the words and the colon.
    const forcers = paragraphs(result).find((p) => p.label === "3.3bis")!;
    expect(forcers.proposedBy).toEqual([]);
    let bracketText = "";
    result.document.content.descendants((node) => {
      if (node.isText && node.text!.startsWith("Climate forcers")) bracketText = node.text!;
    });
    expect(bracketText).toBe("Climate forcers: methane and other non-CO2 gases");
    // EU, LMDC, AILAC, Umbrella Group (whole 3.3ter), African Group and LDCs (whole (a)), Arab Group.
    expect(result.recognition.attributions).toEqual({ total: 6, byDelegation: { EU: 1, LMDC: 1, AILAC: 1, UG: 1, AGN: 1, LDC: 1, ARAB: 1 } });
    // decision 1/CP.21, decision 4/CMA.1, decision 18/CMA.1.
    expect(result.recognition.citations).toBe(3);
  });

  it("keeps every word in order in the marked-up export and reads it back the same", () => {
    const markup = checkRoundTrip(result.document);
    expect(firstMissingWord(wordsOf(UNFCCC), wordsOf(markup))).toBe(-1);
    expect(markup).toContain("[Article 6bis]");
    expect(markup).toContain("(Agreed subject to consultations)");
  });
});

describe("registries", () => {
  it("reads a header's Registry: and the caller's choice before any guess", () => {
    const said = importText("Registry: un\n---\n1. Parties shall report.\n");
    expect(said.recognition.registry).toEqual({ name: "un", guessed: false, evidence: [] });
    expect(said.document.registry.get("G77")).toBeDefined();
    const chosen = importText(GA, { registryName: "oas" });
    expect(chosen.recognition.registry).toEqual({ name: "oas", guessed: false, evidence: [] });
    // On the OAS registry G77, EU, AOSIS are unknown: each is kept as a delegation of its own, and said.
    expect(chosen.diagnostics.map((d) => d.message).filter((m) => m.startsWith("unknown delegation tag")).length).toBe(4);
    expect(importText("Registry: xyz\n---\n1. Text.\n").diagnostics[0]!.message).toBe("unknown registry ‘xyz’; write one of oas, un");
  });

  it("guesses the OAS registry for an OAS draft and for a text that names nobody", () => {
    expect(guessRegistry("1. To [Uru: promote] the plan [Chi: and budgets]. AGREED INF 04/19/12").name).toBe("oas");
    expect(guessRegistry("1. Parties shall report.").name).toBe("oas");
    expect(guessRegistry("1. Parties [EU: shall] report.")).toEqual({ name: "un", guessed: true, evidence: ["EU"] });
  });

  it("keeps a defined term as text on the OAS registry too, and an unknown tag written like a name as a delegation", () => {
    const term = importText("1. [Climate forcers: short-lived gases] shall be reduced.\n", { registryName: "oas" });
    expect(term.diagnostics).toEqual([]);
    expect(term.document.content.textContent).toBe("Climate forcers: short-lived gases shall be reduced.");
    const unknown = importText("1. [Xyz: text] here.\n", { registryName: "oas" });
    expect(unknown.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("unknown delegation tag ‘Xyz’")]);
    // The UN registry lists every state and group: an unknown word is text, and a single word is reported in case it is a misspelt tag.
    const onUn = importText("1. [Xyz: text] here.\n", { registryName: "un" });
    expect(onUn.document.content.textContent).toBe("Xyz: text here.");
    expect(onUn.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 5, "‘Xyz’ before a colon names no delegation or group of the UN registry; the bracket is read as untagged text — correct the tag if it is one"],
    ]);
  });
});

describe("UN statuses", () => {
  const cases: [string, string, string][] = [
    ["Text. (Agreed)", "agreed-informally", "(Agreed)"],
    ["Text. (Agreed ad ref)", "agreed-ad-referendum", "(Agreed ad ref)"],
    ["Text. [Agreed ad ref]", "agreed-ad-referendum", "[Agreed ad ref]"],
    ["Text, agreed ad ref.", "agreed-ad-referendum", "agreed ad ref."],
    ["Text. (Agreed, placement tbd)", "agreed-informally", "(Agreed, placement tbd)"],
    ["Text. (Agreed subject to the outcome on paragraph 5)", "agreed-informally", "(Agreed subject to …)"],
    ["Text. (Deleted)", "deleted-informally", "(Deleted)"],
  ];
  for (const [text, status, form] of cases) {
    it(`reads ${text.slice(6)}`, () => {
      const found = readTrailingMarker(text);
      expect(found).toMatchObject({ kind: "marker", start: 6, marker: { status, form } });
    });
  }

  it("leaves running text alone: 'as agreed', unmatched brackets, a qualifier on another verb", () => {
    for (const text of ["Parties as agreed", "Text (Agreed]", "Text. (Deleted, placement tbd)", "Text as agreed ad ref", "Text. (AGREED)x"]) {
      expect(readTrailingMarker(text), text).toBeNull();
    }
  });

  it("writes the OAS forms on the OAS registry, the UN's on the UN's, and both read back", () => {
    const oas = importText("1. Text. (Agreed)\n", { registryName: "oas" });
    expect(exportMarkupText(oas.document, { header: false })).toBe("1. Text. AGREED INF\n");
    checkRoundTrip(oas.document);
    const un = importText("1. Text. (Agreed)\n\n2. Other. AGREED INF 04/19/12\n", { registryName: "un" });
    // A status with a date keeps the form that can hold it.
    expect(exportMarkupText(un.document, { header: false })).toBe("1. Text. (Agreed)\n\n2. Other. AGREED INF 04/19/12\n");
    checkRoundTrip(un.document);
  });
});

describe("labels and headings", () => {
  it("reads UN labels, and sentence-case preambular verbs as preambular paragraphs", () => {
    const result = importText(
      ["PP1 Recalling text,", "PP2bis Text,", "OP3 Decides,", "OP3ter Text;", "2.bis Text.", "3.3 ter Text.", "4.1. Text.", "Noting also text,", "Recalling further text,", "Noting that Parties shall report."].join("\n\n"),
    );
    expect(paragraphs(result).map((p) => [p.label, p.kind])).toEqual([
      ["PP1", "preambular"],
      ["PP2bis", "preambular"],
      ["OP3", "operative"],
      ["OP3ter", "operative"],
      ["2.bis", "operative"],
      ["3.3 ter", "operative"],
      ["4.1.", "operative"],
      ["", "preambular"],
      ["", "preambular"],
      // "Noting that Parties shall …" opens an operative sentence: not a guess the import makes.
      ["", "plain"],
    ]);
    checkRoundTrip(result.document);
  });

  it("reads article and section headings, and leaves a sentence after a letter a paragraph", () => {
    const result = importText(["Article 4 (Mitigation)", "[Article 3bis]", "Article 6: Cooperation", "I. Scope", "B. Promote cooperation among the member states.", "Preamble", "Chapter II"].join("\n\n"));
    expect(headings(result)).toEqual(["Article 4 (Mitigation)", "Article 3bis", "Article 6: Cooperation", "I. Scope", "Preamble", "Chapter II"]);
    expect(paragraphs(result).map((p) => p.label)).toEqual(["B."]);
    checkRoundTrip(result.document);
  });

  it("keeps a plain paragraph plain when its text opens with a preambular verb", () => {
    const result = importText("\\Recalling is a word.\n");
    expect(paragraphs(result)[0]!.kind).toBe("plain");
    checkRoundTrip(result.document);
  });
});

describe("alternatives numbered the UN compilation texts' way", () => {
  it("reads `41. Alt1`, `41 Alt 2`, `41. Alt.` as alternatives to paragraph 41, and a paragraph opening with a word as text", () => {
    const text = ["41. We acknowledge the importance of reporting.", "41. Alt1 We acknowledge reporting.", "41 Alt 2 We note reporting.", "42. Alternatively, we welcome it."].join("\n\n");
    const r = importText(text);
    expect(r.diagnostics).toEqual([]);
    const blocks: { label: string; alternativeTo: string; id: string; text: string }[] = [];
    r.document.content.forEach((block) => blocks.push({ ...(block.attrs as ParagraphAttrs), text: block.textContent }));
    expect(blocks.map((b) => [b.label, b.alternativeTo ? blocks.find((o) => o.id === b.alternativeTo)!.label : "", b.text.split(" ")[0]])).toEqual([
      ["41.", "", "We"],
      ["41. Alt1", "41.", "We"],
      ["41 Alt 2", "41.", "We"],
      ["42.", "", "Alternatively,"],
    ]);
    expect(r.recognition.labels["alt."]).toBe(2);
    checkRoundTrip(r.document);
  });
});
