import { collectProposals, readPositions } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { exportMarkupText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { checkRoundTrip, draft, firstMissingWord, wordsOf } from "./support.js";

// Positions of delegations as UN drafts write them, read into the proposal's
// positions and written back in the form they came in. Invariants proved
// here: every word of the input is in the marked-up export, in order; the
// export reads back to the same document (checkRoundTrip); what cannot be
// placed stays text and is a diagnostic with line and column.

/** Each proposal of a draft as `by | positions`, in order. */
function attributions(result: ReturnType<typeof draft>): string[] {
  return collectProposals(result.document.content).map((p) => `${p.by.join(",")} | ${p.positions}`);
}

function keepsEveryWord(source: string, result: ReturnType<typeof draft>): string {
  const markup = checkRoundTrip(result.document);
  expect(firstMissingWord(wordsOf(source), wordsOf(markup))).toBe(-1);
  return markup;
}

describe("inside the bracket, after a spaced dash", () => {
  const source = "Registry: un\n---\nOP1 Calls for [financial and technological - G77; EU, US delete] support and [sustained and inclusive - US] growth.\n";
  const result = draft`${source}`;
  it("reads the proposers and the positions, the bracket's text without them", () => {
    expect(result.diagnostics).toEqual([]);
    expect(attributions(result)).toEqual(["G77 | dash EU:delete USA:delete", "USA | dash"]);
    expect(collectProposals(result.document.content).map((p) => p.spans.map((s) => `${s.op}:${s.text}`).join(" "))).toEqual(["insert:financial and technological", "insert:sustained and inclusive"]);
  });
  it("writes them back where they were", () => {
    const markup = keepsEveryWord(source, result);
    expect(markup).toContain("[financial and technological - G77; EU, US delete] support and [sustained and inclusive - US] growth.");
  });
  it("leaves a dash before words that name no one as text", () => {
    const plain = draft`Registry: un
---
OP2 Text with [words - Parties shall report] and a dash - like this.`;
    expect(plain.diagnostics).toEqual([]);
    expect(attributions(plain)).toEqual([" | "]);
  });
});

describe("after the bracket, in parentheses", () => {
  const source = "Registry: un\n---\nOP2 Invites [new and additional] (G77) (EU, Russia, US: delete) (Canada: reserve) resources, [the Fund] (G77: retain) and [A] (Mexico).\n";
  const result = draft`${source}`;
  it("reads proposers of an untagged bracket and positions of any", () => {
    expect(result.diagnostics).toEqual([]);
    expect(attributions(result)).toEqual(["G77 | after EU:delete RUS:delete USA:delete CAN:reserve", " | G77:retain", "MEX | after"]);
    expect(readPositions(collectProposals(result.document.content)[0]!.positions).positions.map((p) => p.stance)).toEqual(["delete", "delete", "delete", "reserve"]);
  });
  it("writes them back where they were", () => {
    const markup = keepsEveryWord(source, result);
    expect(markup).toContain("[new and additional] (G77) (EU, Russia, US: delete) (Canada: reserve) resources, [the Fund] (G77: retain) and [A] (Mexico).");
  });
  it("adds positions to a tagged bracket", () => {
    expect(attributions(draft`Parties [G77: shall] (EU: delete) act.`)).toEqual(["G77 | EU:delete"]);
  });
});

describe("after the paragraph", () => {
  const source = "Registry: un\n---\n17. We call for [urgent] reform of the system. -G77; Canada, Japan delete.\n";
  const result = draft`${source}`;
  it("attributes the whole paragraph, inner brackets kept inside it", () => {
    expect(result.diagnostics).toEqual([]);
    expect(attributions(result)).toEqual(["G77 | trail CAN:delete JPN:delete", " | "]);
  });
  it("writes it back after the paragraph", () => {
    expect(keepsEveryWord(source, result)).toContain("17. We call for [urgent] reform of the system. -G77; Canada, Japan delete.");
  });
});

describe("opposing, supporting, a reservation, and a name alone after a tagged bracket", () => {
  const source =
    "Registry: un\n---\n" +
    "OP9 Urges [G77: new] (EU: oppose) (Norway: support) (Japan: reservation) and [the Fund] (EU, US: oppose) (Canada: reserve) (Japan: reservation).\n" +
    "OP10 Notes [Uruguay: the text] (Mexico) and [Uruguay: more] (Mexico, Chile) (EU: oppose) and [a matter] (G77) (Mexico) (Norway: support).\n" +
    "OP11 Calls for [urgent - G77; EU oppose; Norway support; Japan reservation] action.\n" +
    "OP12 We call for reform. -G77; Japan reservation; Norway support.\n";
  const result = draft`${source}`;
  it("reads them as positions, each word remembered where it is not the stance's own", () => {
    expect(result.diagnostics).toEqual([]);
    expect(attributions(result)).toEqual([
      "G77 | EU:oppose NOR:support JPN:reservation",
      " | EU:oppose USA:oppose CAN:reserve JPN:reservation",
      "URY | MEX:named",
      "URY | MEX:named CHL:named EU:oppose",
      "G77 | after MEX:named NOR:support",
      "G77 | dash EU:oppose NOR:support JPN:reservation",
      "G77 | trail JPN:reservation NOR:support",
    ]);
    expect(readPositions("JPN:reservation").positions[0]!.stance).toBe("reserve");
  });
  it("writes them back exactly as they came", () => {
    const markup = keepsEveryWord(source, result);
    for (const line of source.split("\n").slice(2, -1)) expect(markup).toContain(line.replace(/^OP\d+ /, ""));
  });
  it("a name alone that cannot be a supporter stays the bracket's note, with no diagnostic", () => {
    const notes = draft`Registry: un
---
OP13 Notes [Uruguay: text] (Uruguay) and [words - G77] (Mexico) and [x] (EU: delete) (Mexico).`;
    expect(notes.diagnostics).toEqual([]);
    expect(collectProposals(notes.document.content).map((p) => `${p.by.join(",")} | ${p.positions} | ${p.note}`)).toEqual(["URY |  | Uruguay", "G77 | dash | Mexico", " | EU:delete | Mexico"]);
    checkRoundTrip(notes.document);
  });
  it("a note that would read as an attribution is written as a note", () => {
    const noted = draft`Registry: un
---
OP14 Notes [Uruguay: text] (Note: Mexico) and [text] (Note: EU: delete).`;
    expect(collectProposals(noted.document.content).map((p) => `${p.by.join(",")} | ${p.positions} | ${p.note}`)).toEqual(["URY |  | Mexico", " |  | EU: delete"]);
    expect(checkRoundTrip(noted.document)).toContain("[Uruguay: text] (Note: Mexico) and [text] (Note: EU: delete).");
  });
  it("after a group's proposal, written back first so that the name alone stays a supporter", () => {
    const source = "1. To promote [new text] (Proposal by the Working Group) (Mex) and [other] (Proposal by the Working Group) (Mex: oppose) here.\n";
    const group = draft`${source}`;
    expect(group.diagnostics).toEqual([]);
    expect(attributions(group)).toEqual(["WG | MEX:named", "WG | MEX:oppose"]);
    expect(checkRoundTrip(group.document)).toContain(source);
  });
  it("in the default registry, as the OAS drafts tag: [Uru: text] (Mex)", () => {
    const oas = draft`[Uru: to promote] (Mex) (Chi: oppose) cooperation.`;
    expect(oas.diagnostics).toEqual([]);
    expect(attributions(oas)).toEqual(["URY | MEX:named CHL:oppose"]);
    expect(checkRoundTrip(oas.document)).toContain("[Uru: to promote] (Mex) (Chi: oppose) cooperation.");
  });
});

describe("what cannot be placed stays text and is said, with line and column", () => {
  const result = draft`Registry: un
---
OP3 Stresses [a thing] (EU: objects) and [x] (Xyz: delete).
OP4 Notes [a matter - Atlantis delete] today.
OP5 Decides. -G77; Canada and Japan delete.`;
  it("an unknown stance, an unknown delegation", () => {
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 29, "‘objects’ is no position Accord reads (delete, retain, reserve, oppose, support, reservation); the attribution is kept as text"],
      [3, 47, "‘Xyz’ names no delegation or group of this document's registry; the attribution is kept as text"],
      [4, 23, "‘Atlantis’ names no delegation or group of this document's registry; the attribution is kept as text"],
      [5, 20, "‘Canada and Japan’ names no delegation or group of this document's registry; the attribution is kept as text"],
    ]);
    expect(attributions(result).every((a) => a.endsWith("| "))).toBe(true);
    expect(result.document.content.textContent).toContain("(EU: objects)");
    expect(result.document.content.textContent).toContain("a matter - Atlantis delete");
    expect(result.document.content.textContent).toContain("Decides. -G77; Canada and Japan delete.");
  });
  it("positions written in a bracket another way than Accord reads (a dash with no space after it, a full stop after the stance)", () => {
    const loose = draft`Registry: un
---
2.bis We acknowledge the need [, in accordance with the principle of common but differentiated responsibilities. -G77; US, Canada, Japan, EU delete.]
41. We encourage industry [to launch a process - US, Canada delete.] with the support of the UN system.`;
    expect(loose.diagnostics.map((d) => [d.line, d.column, d.message.slice(0, 40)])).toEqual([
      [3, 114, "‘-G77; US, Canada, Japan, EU delete.’ re"],
      [4, 48, "‘- US, Canada delete.’ reads as delegati"],
    ]);
    expect(attributions(loose).every((a) => a.endsWith("| "))).toBe(true);
    expect(loose.document.content.textContent).toContain("-G77; US, Canada, Japan, EU delete.");
    checkRoundTrip(loose.document);
  });
  it("words in a bracket that end in a stance word after a dash are text, with no diagnostic", () => {
    const words = draft`Registry: un
---
OP9 Decides [financing - Developed countries shall provide support] and [rules - Parties may oppose.] and [a list - Members that reserve] now.`;
    expect(words.diagnostics).toEqual([]);
    expect(attributions(words)).toEqual([" | ", " | ", " | "]);
    checkRoundTrip(words.document);
  });
  it("a delegation that both proposes and opposes", () => {
    const both = draft`Registry: un
---
OP6 Notes [text - G77; EU delete] (G77: retain) here.`;
    expect(both.diagnostics.map((d) => d.message)).toEqual(["G77 both proposes the bracket and states a position on it; the attribution is kept as text"]);
    expect(attributions(both)).toEqual(["G77 | dash EU:delete"]);
    expect(both.document.content.textContent).toContain("(G77: retain) here.");
  });
});

describe("text that would read as an attribution", () => {
  it("is escaped in the export and reads back as text", () => {
    const result = draft`Registry: un
---
OP7 Notes [the report - \\US] and the review - \\EU, Russia delete.`;
    expect(attributions(result)).toEqual([" | "]);
    const markup = checkRoundTrip(result.document);
    expect(markup).toContain("[the report - \\US] and the review - \\EU, Russia delete.");
  });
});

it("documents generated with positions use every attribution form, stance and spelling, and read back", () => {
  const document = generateDocument({ seed: 5, paragraphs: 30, proposals: 90, positions: true });
  const read = collectProposals(document.content).filter((p) => p.positions).map((p) => readPositions(p.positions));
  expect([...new Set(read.map((r) => r.form))].sort()).toEqual(["after", "dash", "tag"]);
  expect([...new Set(read.flatMap((r) => r.positions.map((p) => p.spelling ?? p.stance)))].sort()).toEqual(["delete", "named", "oppose", "reservation", "reserve", "retain", "support"]);
  const markup = exportMarkupText(document);
  expect(markup).toMatch(/ - [A-Z][a-z]+(?:, [A-Z][a-z]+)*; /);
  checkRoundTrip(document);
});

it("leaves attributions after the sentences of a paragraph as text, and says so", () => {
  const result = draft`Registry: un
---
OP8 We note the report. -G77. We welcome the review. -EU; US delete.`;
  expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
    [3, 25, "this paragraph attributes its sentences one by one; attributions inside a paragraph are not read, they are kept as text"],
  ]);
  expect(attributions(result)).toEqual([]);
  checkRoundTrip(result.document);
});
