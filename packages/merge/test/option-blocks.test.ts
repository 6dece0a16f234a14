import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chooseBlockOption, chooseOption, cleanHtml, cleanText, cleanVersion, markupHtml } from "@accord/merge";
import { collectOptionGroups, negotiationStats, type NegotiationDocument } from "@accord/schema";
import { describe, expect, it } from "vitest";
import { clean, read, resolved } from "./support.js";

// An option group (`Option 1:` … `Option 2: No text`) is decided in one step: the chosen option accepted, the others
// rejected. The clean version keeps the chosen option's blocks without its label, drops the others, and writes an
// undecided group as it came; the marked-up versions show every label (DOCX: packages/docx/test/option-blocks.test.ts).

/** The id of the option labelled `label` in the `n`th group. */
const optionId = (d: NegotiationDocument, n: number, label: string) => collectOptionGroups(d.content)[n]!.options.find((o) => o.label === label)!.id;

const draft = `4. Each Party shall prepare a contribution:

Option 1: Each Party shall communicate it every five years.

Option 2:

1. Developed country Parties shall lead.

2. Developing country Parties should continue.

Option 3: {No text required}

5. Each Party shall report.`;

describe("choosing an option of an option group", () => {
  it("accepts the option on every block of it and rejects the others, in one step", () => {
    const d = read(draft);
    const r = chooseBlockOption(d, optionId(d, 0, "Option 2:"));
    expect(r.ok && r.message).toBe("Chose ‘Option 2:’ (“Developed country Parties shall lead.”) after paragraph 4; rejected ‘Option 1:’, ‘Option 3:’.");
    const [group] = collectOptionGroups(resolved(r).content);
    expect(group!.options.map((o) => [o.label, o.state])).toEqual([["Option 1:", "rejected"], ["Option 2:", "accepted"], ["Option 3:", "rejected"]]);
    expect(negotiationStats(resolved(r).content).optionGroups).toMatchObject({ total: 1, open: 0, chosen: 1 });
  });

  it("chooseOption, the operation the chair's Choose button calls, chooses an option of a block group by its id too", () => {
    const d = read(draft);
    const id = optionId(d, 0, "Option 3:");
    expect(resolved(chooseOption(d, id)).eq(resolved(chooseBlockOption(d, id)))).toBe(true);
    expect(chooseOption(d, "nothing")).toEqual({ ok: false, reason: "there is no proposal nothing in this document" });
  });

  it("refuses to choose inside an option that was not chosen", () => {
    const d = read("Option 1:\n\nOption 1A: Each Party shall act.\n\nOption 1B: Each Party should act.\n\nOption 2: No text");
    const rejected = resolved(chooseBlockOption(d, optionId(d, 0, "Option 2:")));
    const r = chooseBlockOption(rejected, optionId(rejected, 1, "Option 1A:"));
    expect(r).toEqual({ ok: false, reason: "‘Option 1A:’ (“Each Party shall act.”) lies in an option that was not chosen; choose that option first" });
  });
});

describe("the clean version of option blocks", () => {
  it("keeps the chosen option without its label and drops the others; the paragraphs it brings are renumbered with the text's", () => {
    const d = read(draft);
    expect(clean(resolved(chooseBlockOption(d, optionId(d, 0, "Option 1:"))))).toBe("1. Each Party shall prepare a contribution:\n\nEach Party shall communicate it every five years.\n\n2. Each Party shall report.");
    expect(clean(resolved(chooseBlockOption(d, optionId(d, 0, "Option 2:"))))).toBe(
      "1. Each Party shall prepare a contribution:\n\n2. Developed country Parties shall lead.\n\n3. Developing country Parties should continue.\n\n4. Each Party shall report.",
    );
    // Choosing No text leaves nothing there.
    expect(clean(resolved(chooseBlockOption(d, optionId(d, 0, "Option 3:"))))).toBe("1. Each Party shall prepare a contribution:\n\n2. Each Party shall report.");
  });

  it("writes an undecided group as it came, its numbers kept, and a final text waits for it", () => {
    const d = read(draft);
    expect(clean(d)).toBe(
      "1. Each Party shall prepare a contribution:\n\nOption 1: Each Party shall communicate it every five years.\n\nOption 2:\n\n1. Developed country Parties shall lead.\n\n2. Developing country Parties should continue.\n\nOption 3: {No text required}\n\n2. Each Party shall report.",
    );
    expect(cleanVersion(d).unresolved).toContainEqual(expect.objectContaining({ kind: "option-group", description: "options not chosen between: ‘Option 1:’, ‘Option 2:’, ‘Option 3:’" }));
    const final = cleanText(d, { final: true });
    expect(final.ok).toBe(false);
  });

  it("writes labels written inside a bracket there while undecided; a chosen option loses its label, its bracket stays open", () => {
    const d = read("[Option (a): Being guided by the principles of the Convention,]\n\n[Option (b): In accordance with the principles of the Convention,]");
    expect(clean(d)).toBe("[Option (a): Being guided by the principles of the Convention,]\n\n[Option (b): In accordance with the principles of the Convention,]");
    expect(clean(resolved(chooseBlockOption(d, optionId(d, 0, "Option (b):"))))).toBe("[In accordance with the principles of the Convention,]");
  });

  it("a chosen option's nested group still undecided stays as it came, without the chosen option's label", () => {
    const d = read("Option 1:\n\nOption 1A: Each Party shall act.\n\nOption 1B: Each Party should act.\n\nOption 2: No text");
    expect(clean(resolved(chooseBlockOption(d, optionId(d, 0, "Option 1:"))))).toBe("Option 1A: Each Party shall act.\n\nOption 1B: Each Party should act.");
  });
});

describe("the marked-up versions show the labels", () => {
  it("HTML: each label on a line of its own, nested ones indented, the decided ones with their state; No text as written", () => {
    const d = resolved(chooseBlockOption(read(draft), optionId(read(draft), 0, "Option 2:")));
    const html = markupHtml(d);
    expect(html).toContain(`<div class="option-label option-rejected option-depth-1" data-option-group="og1">Option 1: <span class="state-label state-rejected">not chosen</span></div>`);
    expect(html).toContain(`Option 3: <span class="option-notext">{No text required}</span>`);
    const undecided = cleanHtml(read(draft));
    expect(undecided.ok && undecided.value).toContain(`<div class="option-label option-open option-depth-1" data-option-group="og1">Option 2:</div>`);
  });
});

const EXAMPLE = fileURLToPath(new URL("../../../examples/unfccc-option-blocks.txt", import.meta.url));

describe("examples/unfccc-option-blocks.txt", () => {
  it("the clean text after choosing keeps the citations byte for byte", () => {
    const d = read(readFileSync(EXAMPLE, "utf8"));
    let chosen = resolved(chooseBlockOption(d, optionId(d, 0, "Option 1:")));
    chosen = resolved(chooseBlockOption(chosen, optionId(chosen, 1, "Option 1:")));
    chosen = resolved(chooseBlockOption(chosen, optionId(chosen, 2, "Option 1B:")));
    chosen = resolved(chooseBlockOption(chosen, optionId(chosen, 3, "Option A.")));
    const text = clean(chosen);
    expect(text).toContain("Parties recall decision 1/CP.21, paragraph 22, and decision 4/CMA.1.");
    expect(text).toContain("\n\nEach Party shall communicate a nationally determined contribution every five years in accordance with decision 1/CP.21.\n\n");
    expect(text).toContain("\n\nDeveloped country Parties should continue taking the lead, taking into account decision 18/CMA.1.\n\n");
    expect(text).toContain("\n\nInformation shall be provided in accordance with the modalities of decision 18/CMA.1.\n\n");
    expect(text).not.toMatch(/Option|No text|every ten years|economy-wide absolute/);
    expect(negotiationStats(chosen.content).optionGroups).toEqual({ total: 4, open: 0, chosen: 4, options: 9, noText: 2, nested: 1 });
  });
});
