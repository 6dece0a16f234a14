import {
  collectOptionGroups,
  delegateEditProblem,
  DelegationRegistry,
  mayAct,
  type BlockJSON,
  type DelegateEditContext,
  modelProblems,
  negotiationStats,
  optionBlockFacts,
  optionPathBetween,
  optionProblems,
  parseOptionPath,
  placeOutsideOptionGroups,
  readNoText,
  readOptionLabel,
  repairOptionPaths,
  schema,
  writeOptionPath,
  type OptionBlockFacts,
  type OptionState,
  type OptionStep,
} from "@accord/schema";
import { doc, h, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";

// Option blocks: `Option 1:` … `Option 2: No text` offer whole blocks as alternatives. Each block carries its place
// as a path of steps (group, option, label, state, no-text form), outermost first; an option is a run of blocks.

const registry = DelegationRegistry.default;
const step = (group: string, option: string, label: string, state: OptionState = "open", noText = ""): OptionStep => ({ group, option, label, state, noText });
const at = (...steps: OptionStep[]) => ({ optionPath: writeOptionPath(steps) });

const o1 = step("g1", "o1", "Option 1:");
const o2 = step("g1", "o2", "Option 2:");
const o3 = step("g1", "o3", "Option 3:", "open", "No text");
const o1a = step("g2", "o4", "Option 1A:");
const o1b = step("g2", "o5", "Option 1B:");

/** Article 4 with three options, the first holding two options of its own, the last having no text. */
const article = () =>
  doc(
    h("Article 4"),
    p(at(o1, o1a), "Each Party shall communicate a contribution."),
    p(at(o1, o1b), "Each Party should communicate a contribution."),
    p({ ...at(o2), label: "1." }, "Developed country Parties shall take the lead."),
    p({ ...at(o2), label: "2." }, "Developing country Parties should continue."),
    p(at(o3)),
    p({ label: "5." }, "Each Party shall report."),
  );

describe("option labels and No text", () => {
  it("reads every label convention, with or without a colon or full stop", () => {
    for (const [text, label, key] of [
      ["Option 1: Each Party", "Option 1:", "1"],
      ["Option A. Each Party", "Option A.", "A"],
      ["Option II: text", "Option II:", "II"],
      ["Option 1.1 Each", "Option 1.1", "1.1"],
      ["Option 1A:", "Option 1A:", "1A"],
      ["Option (a) [text]", "Option (a)", "(a)"],
      ["Option 2", "Option 2", "2"],
    ]) {
      expect(readOptionLabel(text!), text).toMatchObject({ label, key });
    }
  });

  it("leaves running text that starts with the word alone", () => {
    expect(readOptionLabel("Option A is preferred by the Group")).toBeNull();
    expect(readOptionLabel("Options 1 and 2 are merged")).toBeNull();
    expect(readOptionLabel("Optional protocol")).toBeNull();
  });

  it("reads the ways of writing No text, and nothing else", () => {
    for (const form of ["No text", "{No text}", "{No text required}", "[No text]", "No text."]) expect(readNoText(form)).toBe(form);
    expect(readNoText("No text was agreed")).toBeNull();
  });
});

describe("the optionPath attribute", () => {
  it("defaults to no option, so documents from before option blocks stay valid", () => {
    expect(schema.nodes.paragraph!.create().attrs.optionPath).toBe("");
    expect(schema.nodes.heading!.create().attrs.optionPath).toBe("");
  });

  it("refuses a path that is not its canonical JSON, too deep, with a bad label or state", () => {
    // Invariant: a valid path string is exactly writeOptionPath of what it reads, so equal paths compare as equal strings.
    expect(parseOptionPath(writeOptionPath([o1, o1a]))).toEqual([o1, o1a]);
    expect(parseOptionPath(" " + writeOptionPath([o1]))).toMatch(/written as/);
    expect(parseOptionPath(JSON.stringify([["g", "o", "Choice 1:", "open", ""]]))).toMatch(/no option label/);
    expect(parseOptionPath(JSON.stringify([["g", "o", "Option 1:", "withdrawn", ""]]))).toMatch(/open, accepted or rejected/);
    const deep = [1, 2, 3, 4, 5].map((n) => step(`g${n}`, `o${n}`, `Option ${n}:`));
    expect(parseOptionPath(writeOptionPath(deep))).toMatch(/1 to 4 steps/);
    expect(() => schema.nodes.paragraph!.create({ optionPath: "[1]" })).toThrow(/optionPath/);
  });

  it("says when an option's label was written inside a bracket, only for an option with text, and keeps paths without it as they were", () => {
    const inBracket = { ...o1, labelInBracket: true };
    expect(writeOptionPath([o1])).toBe(JSON.stringify([["g1", "o1", "Option 1:", "open", ""]]));
    expect(writeOptionPath([inBracket, o1a])).toBe(JSON.stringify([["g1", "o1", "Option 1:", "open", "", true], ["g2", "o4", "Option 1A:", "open", ""]]));
    expect(parseOptionPath(writeOptionPath([inBracket, o1a]))).toEqual([inBracket, o1a]);
    expect(parseOptionPath(JSON.stringify([["g1", "o1", "Option 1:", "open", "", false]]))).toMatch(/sixth entry/);
    expect(parseOptionPath(JSON.stringify([["g1", "o1", "Option 1:", "open", "No text", true]]))).toMatch(/no text has no bracket/);
    // The blocks of an option agree on it, as on its label.
    expect(optionProblems([{ path: [inBracket], emptyParagraph: false }, { path: [o1], emptyParagraph: false }, { path: [o2], emptyParagraph: false }])).toEqual([expect.stringMatching(/disagree/)]);
  });
});

describe("the rules of option groups", () => {
  it("a sound article: groups in groups, No text, collected in order", () => {
    const d = article();
    expect(modelProblems(d, registry)).toEqual([]);
    const groups = collectOptionGroups(d);
    expect(groups.map((g) => [g.id, g.depth, g.parentOption, g.options.map((o) => o.label)])).toEqual([
      ["g1", 0, "", ["Option 1:", "Option 2:", "Option 3:"]],
      ["g2", 1, "o1", ["Option 1A:", "Option 1B:"]],
    ]);
    expect(groups[0]!.options.map((o) => [o.firstBlock, o.lastBlock, o.noText])).toEqual([[1, 2, ""], [3, 4, ""], [5, 5, "No text"]]);
  });

  it("refuses options that are not consecutive, a chosen option twice, a group of one, and text in a No text option", () => {
    const cases: [OptionStep[][], RegExp][] = [
      [[[o1], [o2], [o1]], /option o1 .* comes back/],
      [[[o1], [], [o2]], /group g1 comes back/],
      [[[{ ...o1, state: "accepted" }], [{ ...o2, state: "accepted" }]], /2 chosen options/],
      [[[o1], [o1]], /one option/],
      [[[o1], [{ ...o1, label: "Option 7:" }], [o2]], /disagree/],
      [[[o1, o1a], [o2, o1b]], /different places/],
    ];
    for (const [paths, problem] of cases) {
      const facts = paths.map((path) => ({ path, emptyParagraph: false }));
      expect(optionProblems(facts)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    }
    expect(optionProblems([{ path: [o1], emptyParagraph: false }, { path: [o3], emptyParagraph: false }])).toEqual([expect.stringMatching(/no text, so it is one empty paragraph/)]);
    expect(modelProblems(doc(p(at(o1), "a"), p("between"), p(at(o2), "b"), p(at(o1), "c")), registry)).not.toEqual([]);
  });

  it("repairs any paths into sound ones, and leaves sound ones as they are (seeded)", () => {
    // Invariant: optionProblems(repairOptionPaths(x)) is empty for every x; repairOptionPaths(sound) = sound.
    const sound = optionBlockFacts(article());
    expect(repairOptionPaths(sound)).toEqual(sound.map((f) => f.path));
    const pool = [o1, o2, o3, o1a, o1b, { ...o1, state: "accepted" as const }, { ...o2, state: "accepted" as const }, { ...o1a, label: "Option 9:" }];
    for (let seed = 1; seed <= 300; seed++) {
      let state = seed;
      const random = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
      const facts: OptionBlockFacts[] = Array.from({ length: 1 + random(8) }, () => ({
        path: Array.from({ length: random(3) }, () => pool[random(pool.length)]!),
        emptyParagraph: random(2) === 0,
      }));
      const valid = facts.map((f) => ({ ...f, path: f.path.filter((s, i, all) => all.findIndex((t) => t.group === s.group || t.option === s.option) === i) }));
      const repaired = repairOptionPaths(valid);
      expect(optionProblems(repaired.map((path, i) => ({ path, emptyParagraph: valid[i]!.emptyParagraph }))), `seed ${seed}`).toEqual([]);
    }
  });
});

describe("counting option groups", () => {
  it("counts each group once among the proposals, open until an option is chosen; a group inside a rejected option is not open", () => {
    const open = negotiationStats(article());
    expect(open.optionGroups).toEqual({ total: 2, open: 2, chosen: 0, options: 5, noText: 1, nested: 1 });
    expect(open.proposals).toMatchObject({ total: 2, open: 2, byDelegation: { "": 2 } });

    const chosen = doc(
      p(at({ ...o1, state: "rejected" }, o1a), "a"),
      p(at({ ...o1, state: "rejected" }, o1b), "b"),
      p(at({ ...o2, state: "accepted" }), "c"),
    );
    expect(negotiationStats(chosen).optionGroups).toMatchObject({ total: 2, open: 0, chosen: 1 });
    expect(negotiationStats(chosen).proposals.open).toBe(0);
  });
});

describe("who may change option blocks", () => {
  const block = (id: string, steps: OptionStep[], extra: Record<string, unknown> = {}): BlockJSON => ({ type: "paragraph", attrs: { id, optionPath: writeOptionPath(steps), ...extra }, content: [{ type: "text", text: "Each Party shall act." }] });
  const inGroup: DelegateEditContext = { paragraphStatus: () => "open", optionAround: () => ({ group: "g1", label: "Option 1:" }) };
  const afterGroup: DelegateEditContext = { paragraphStatus: () => "open", optionAround: () => null };

  it("a delegate may not choose an option, move a block into or out of one (strip_X keeps the path as base text)", () => {
    expect(delegateEditProblem(block("p1", [o1]), block("p1", [{ ...o1, state: "accepted" }]), "URY")).toMatch(/changes base text/);
    expect(delegateEditProblem(block("p1", [o1]), block("p1", []), "URY")).toMatch(/changes base text/);
  });

  it("nor give its own paragraph a place in an option, nor put it between blocks of a group; after the group it may", () => {
    expect(delegateEditProblem(null, block("p9", [o2], { proposedBy: ["URY"] }), "URY", undefined, afterGroup)).toMatch(/only the chair or the secretariat can set the paragraph's optionPath/);
    expect(delegateEditProblem(null, block("p9", [], { proposedBy: ["URY"] }), "URY", undefined, inGroup)).toMatch(/would stand inside an option block \(after ‘Option 1:’\)/);
    expect(delegateEditProblem(null, block("p9", [], { proposedBy: ["URY"] }), "URY", undefined, afterGroup)).toBeNull();
  });

  it("the chair and the secretariat choose an option of an option block; a delegate may not", () => {
    const option = { id: "o2", kind: "option" as const, by: [], state: "open" as const, blockStatus: "open" as const, choice: "g1" };
    expect(mayAct({ role: "chair", delegation: "" }, "choose", { proposal: option }).ok).toBe(true);
    expect(mayAct({ role: "secretariat", delegation: "" }, "choose", { proposal: option }).ok).toBe(true);
    expect(mayAct({ role: "delegate", delegation: "URY" }, "choose", { proposal: option })).toMatchObject({ ok: false, forbidden: true });
    expect(mayAct({ role: "delegate", delegation: "URY" }, "support", { proposal: option })).toMatchObject({ ok: false, reason: expect.stringMatching(/option of an option block/) });
  });
});

describe("where new blocks go among option blocks", () => {
  const blocks = () => {
    const d = article();
    const out: import("prosemirror-model").Node[] = [];
    d.forEach((b) => out.push(b));
    return out;
  };

  it("a block made between two blocks takes the options both are in, or the option before at a boundary, never one of no text", () => {
    const [heading, a1, b1, o2a, , none, after] = blocks();
    expect(optionPathBetween(a1, b1)).toBe(writeOptionPath([o1, o1a]));
    expect(optionPathBetween(b1, o2a)).toBe(writeOptionPath([o1, o1b]));
    expect(optionPathBetween(heading, a1)).toBe("");
    expect(optionPathBetween(none, after)).toBe("");
  });

  it("a delegation's paragraph goes after the whole group, not inside it", () => {
    const all = blocks();
    expect(placeOutsideOptionGroups(all, 2)).toBe(6);
    expect(placeOutsideOptionGroups(all, 1)).toBe(1);
    expect(placeOutsideOptionGroups(all, 7)).toBe(7);
  });
});
