import { delegationColour } from "@accord/merge";
import { generateDocument } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { markupDocx, revisionsDocx } from "@accord/docx";
import { strFromU8, unzipSync } from "fflate";
import { readFileSync } from "node:fs";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";

// How the marked-up Word exports (the convention and revisions) look, read from its XML as Word resolves it
// (a run's own properties over its character style's): brackets and tags in
// bold in the proposer's ink, proposed insertions underlined, proposed
// deletions struck through, status markers in bold, base text plain.

interface Look {
  readonly bold: boolean;
  readonly underline: boolean;
  readonly strike: boolean;
  readonly color: string;
}

interface StyledRun extends Look {
  readonly text: string;
}

/** The character styles' looks by id. */
function stylesOf(xml: string): Map<string, Look> {
  const styles = new Map<string, Look>();
  let id = "";
  let look = { bold: false, underline: false, strike: false, color: "" };
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    const value = String(tag.attributes["w:val"] ?? "");
    if (tag.name === "w:style") {
      id = tag.attributes["w:type"] === "character" ? String(tag.attributes["w:styleId"]) : "";
      look = { bold: false, underline: false, strike: false, color: "" };
    } else if (id && tag.name === "w:b") look.bold = value !== "false";
    else if (id && tag.name === "w:u") look.underline = value !== "none";
    else if (id && tag.name === "w:strike") look.strike = value !== "false";
    else if (id && tag.name === "w:color") look.color = value;
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "w:style" && id) styles.set(id, { ...look });
  });
  parser.write(xml).close();
  return styles;
}

/** The body's runs with the look Word gives them. */
function runsOf(bytes: Uint8Array): StyledRun[] {
  const files = unzipSync(bytes);
  const styles = stylesOf(strFromU8(files["word/styles.xml"]!));
  const runs: StyledRun[] = [];
  let look: { bold?: boolean; underline?: boolean; strike?: boolean; color?: string; style?: string } | null = null;
  let text = "";
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    const value = String(tag.attributes["w:val"] ?? "");
    if (tag.name === "w:r") {
      look = {};
      text = "";
    } else if (look && tag.name === "w:rStyle") look.style = value;
    else if (look && tag.name === "w:b") look.bold = value !== "false";
    else if (look && tag.name === "w:u") look.underline = value !== "none";
    else if (look && tag.name === "w:strike") look.strike = value !== "false";
    else if (look && tag.name === "w:color") look.color = value;
  });
  parser.on("text", (value) => {
    if (look) text += value;
  });
  parser.on("closetag", (tag) => {
    if (tag.name !== "w:r" || !look) return;
    const style = look.style ? styles.get(look.style) : undefined;
    if (look.style) expect(style, `style ${look.style} is defined`).toBeDefined();
    runs.push({
      text,
      bold: look.bold ?? style?.bold ?? false,
      underline: look.underline ?? style?.underline ?? false,
      strike: look.strike ?? style?.strike ?? false,
      color: look.color ?? style?.color ?? "",
    });
    look = null;
  });
  parser.write(strFromU8(files["word/document.xml"]!)).close();
  return runs;
}

const ink = (code: string) => delegationColour(code).ink.replace(/^#/, "").toUpperCase();
const sample = () => importText(readFileSync(new URL("../../../examples/draft-resolution.txt", import.meta.url), "utf8")).document;

describe("the marked-up Word export's look", () => {
  it("draws the sample draft's brackets, tags, insertions, deletions and markers as the convention says", async () => {
    const runs = runsOf(await markupDocx(sample()));
    const find = (text: string) => {
      const found = runs.find((r) => r.text === text);
      expect(found, `a run '${text}' in ${JSON.stringify(runs.map((r) => r.text))}`).toBeDefined();
      return found!;
    };
    expect(find("[Bra: ")).toEqual({ text: "[Bra: ", bold: true, underline: false, strike: false, color: ink("BRA") });
    expect(find("extreme weather events")).toEqual({ text: "extreme weather events", bold: false, underline: true, strike: false, color: ink("BRA") });
    expect(find("timely")).toMatchObject({ strike: true, underline: false, color: ink("URY") });
    expect(find(" real-time")).toMatchObject({ strike: false, underline: true, color: ink("URY") });
    expect(find("AGREED AD REFERENDUM")).toMatchObject({ bold: true, color: "" });
    const base = runs.find((r) => r.text.startsWith("CONCERNED that the frequency"))!;
    expect(base).toMatchObject({ bold: false, underline: false, strike: false, color: "" });
  });

  it("draws the revisions export's insertions underlined and deletions struck in the proposer's ink, untagged brackets bold", async () => {
    const runs = runsOf(await revisionsDocx(sample()));
    const find = (text: string) => runs.find((r) => r.text === text);
    expect(find("extreme weather events")).toEqual({ text: "extreme weather events", bold: false, underline: true, strike: false, color: ink("BRA") });
    expect(find("timely")).toMatchObject({ strike: true, color: ink("URY") });
    expect(find("real-time")).toMatchObject({ underline: true, strike: false, color: ink("URY") });
    expect(find("[")).toMatchObject({ bold: true });
  });

  // Invariant: a bracket's tag is drawn in the spelling it came in (written-tags.ts), in its proposer's ink.
  it("draws each bracket's tag as the draft wrote it", async () => {
    const runs = runsOf(await markupDocx(importText("1. Parties [Uru: shall] report [Uruguay: now] and [Arg/Brasil: x].").document));
    const texts = runs.map((r) => r.text);
    expect(texts).toContain("[Uru: ");
    expect(runs.find((r) => r.text === "[Uruguay: ")).toMatchObject({ bold: true, color: ink("URY") });
    expect(texts).toContain("[Arg/Brasil: ");
    // The revisions export draws decided and nested brackets itself: each delegation as the tag spells it.
    const revisions = runsOf(await revisionsDocx(importText("1. Parties [Uru: shall] report [Uruguay: now] (accepted) and [Mex: a [Arg/Brasil: b]].").document)).map((r) => r.text);
    expect(revisions).toContain("[Uruguay: ");
    expect(revisions).toContain("[Arg, Brasil: ");
    // A decided paragraph proposed whole is bracketed with the tag it was written with (proposedTag).
    const whole = runsOf(await revisionsDocx(importText("1. A [Uru: x] b.\n\n2. [URY: A whole paragraph.] (paragraph accepted)").document));
    expect(whole.find((r) => r.text === "[URY: ")).toMatchObject({ bold: true, color: ink("URY") });
    expect(runsOf(await markupDocx(importText("1. A [Uru: x] b.\n\n2. [URY: A whole paragraph.]").document)).map((r) => r.text)).toContain("[URY: ");
  });

  it("on generated documents, every tag is bold in an ink and no underlined run is struck (seeded)", async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const runs = runsOf(await markupDocx(generateDocument({ seed, paragraphs: 30, proposals: 90 })));
      const tags = runs.filter((r) => /^\[[^\]~]+: $/.test(r.text));
      expect(tags.length, `seed ${seed}`).toBeGreaterThan(10);
      for (const tag of tags) expect(tag, `seed ${seed}`).toMatchObject({ bold: true, underline: false });
      for (const tag of tags) expect(tag.color, `seed ${seed} ${tag.text}`).toMatch(/^[0-9A-F]{6}$/);
      for (const run of runs.filter((r) => r.underline)) expect(run.strike, `seed ${seed} ${run.text}`).toBe(false);
    }
  });
});
