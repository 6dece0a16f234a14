import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DelegationRegistry, modelProblems, schema, type NegotiationDocument } from "@accord/schema";
import { doc, ins, p } from "@accord/schema/test-builders";
import { importText } from "@accord/text";
import type { Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import type { Decoration, DecorationSet } from "prosemirror-view";
import { optionsOpening } from "../../src/editor/decorations/block-decorations.js";
import { documentDecorations, negotiationDecorations, negotiationDecorationsKey } from "../../src/editor/decorations/decorations-plugin.js";
import { NO_FILTER } from "../../src/editor/types.js";

// How the editor draws the two structures that run over several blocks: a bracket spanning paragraphs (one
// proposal per paragraph, linked by `span`) and option blocks (`Option 1:` … on every block of the option).

const example = (name: string): NegotiationDocument => importText(readFileSync(fileURLToPath(new URL(`../../../../examples/${name}.txt`, import.meta.url)), "utf8")).document;

/** Per block, the glyphs drawn in it, in order: `[id Tag:` an opening, `]id (positions as stored)` a closing, `✓id` a decided mark. */
function glyphs(d: Node, set: DecorationSet): string[][] {
  const perBlock: string[][] = Array.from({ length: d.childCount }, () => []);
  const widgets = set.find().filter((w) => w.from === w.to && (w.spec as { key?: string }).key);
  widgets.sort((a, b) => a.from - b.from || (a.spec as { side: number }).side - (b.spec as { side: number }).side);
  for (const w of widgets) {
    // Keys: `o|id|n|tag|…` for an opening, `c|id|n|note|dimmed|state|positions` for a closing, `d|id|…` for a decided mark.
    const [kind, id, , tag, , , positions] = (w.spec as { key: string }).key.split("|");
    const index = d.resolve(w.from).index(0);
    if (kind === "o") perBlock[index]!.push(`[${id}${tag ? ` ${tag}` : ""}`);
    else if (kind === "c") perBlock[index]!.push(`]${id}${positions ? ` (${positions})` : ""}`);
    else if (kind === "d") perBlock[index]!.push(`✓${id}`);
  }
  return perBlock;
}

/** The inline decorations of one block: the proposal each run is drawn as, with the spans it is a part of. */
function runs(d: Node, set: DecorationSet, index: number): string[] {
  const from = d.resolve(0).posAtIndex(index, 0);
  const to = from + d.child(index).nodeSize;
  return set
    .find(from, to)
    .filter((x) => x.from < x.to && (x as unknown as { type: { attrs: Record<string, string> } }).type.attrs["data-proposal-id"])
    .map((x) => {
      const attrs = (x as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
      return `${attrs["data-proposal-id"]}${attrs["data-span"] ? ` in ${attrs["data-span"]}` : ""}${attrs.class!.includes("accord-prop") ? "" : " (unstyled)"}`;
    });
}

const drawn = (document: NegotiationDocument) => documentDecorations(document.content, { registry: document.registry, filter: NO_FILTER });

describe("a bracket spanning paragraphs, as the editor draws it", () => {
  // Invariant: a span reads as one bracket: `[` and its tag on its first part only, `]` and what follows it (the
  // positions) on its last part only, no glyph on a part between, whose text is still drawn as the proposal's.
  it("opens it on the first part, closes it on the last, and draws the parts between as its text only", () => {
    const document = example("unfccc-spanning-brackets");
    const d = document.content;
    expect(modelProblems(d, document.registry)).toEqual([]);
    const set = drawn(document);
    expect(glyphs(d, set)).toEqual([
      [],
      [],
      [],
      ["[b1 Group of 77 and China:"], // 4. [G77: Parties shall communicate their contributions
      [], //           5. every five years, …
      ["]b3 (after)"], // 6. … of the contributions.] (G77): attributed after, no positions
      ["[b4 European Union:", "]b4"], // a bracket within one paragraph, as before
      ["[b5 Alliance of Small Island States:"], // 8. Noting that [AOSIS: Parties should increase their ambition
      ["]b6 (USA:delete)"], // 9. in line with the best available science.] (US: delete)
      ["[b7"], //      [Article 4bis (untagged, opened in a heading)
      ["[b9 Like-Minded Developing Countries:", "]b9"], // 1. … [LMDC: voluntarily] … — nested in the part, drawn whole
      ["]b10"], //     2. The secretariat shall support such cooperation.]
      [],
      [],
    ]);
    // The middle part's text is the proposal's: coloured and underlined as it, and carrying the span's id.
    expect(runs(d, set, 4)).toEqual(["b2 in b1"]);
    expect(runs(d, set, 10)).toEqual(["b8 in b7", "b9 in b7", "b8 in b7"]);
  });

  it("draws a decided span's mark once, after its last part", () => {
    const span = (id: string, text: string) => ins({ id, by: ["URY"], span: "s1", state: "accepted" }, text);
    const d = doc(p({ label: "1." }, "Base ", span("s1", "one")), p(span("s2", "two")), p(span("s3", "three"), " after."));
    expect(modelProblems(d, DelegationRegistry.default)).toEqual([]);
    const set = documentDecorations(d, { registry: DelegationRegistry.default, filter: NO_FILTER });
    expect(glyphs(d, set)).toEqual([[], [], ["✓s3"]]);
  });

  it("draws the parts of a span an edit broke as the brackets it is read as: text typed before the last part closes the one before", () => {
    const span = (id: string, text: string) => ins({ id, by: ["URY"], span: "s1" }, text);
    const d = doc(p(span("s1", "one")), p(span("s2", "two")), p("typed ", span("s3", "three"), " after."));
    const set = documentDecorations(d, { registry: DelegationRegistry.default, filter: NO_FILTER });
    expect(glyphs(d, set)).toEqual([["[s1 Uru:"], ["]s2"], ["[s3 Uru:", "]s3"]]);
  });

  // Invariant: after any edit, the decorations kept block by block equal those drawn anew for the whole document,
  // though a block's brackets now depend on the blocks beside it (seeded; a failing seed becomes a kept case).
  it("keeps a span's glyphs right through edits next to its parts (seeded)", () => {
    const document = example("unfccc-spanning-brackets");
    let state = EditorState.create({ doc: document.content, plugins: [negotiationDecorations(document.registry)] });
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let checked = 0;
    for (let step = 0; step < 300; step++) {
      const size = state.doc.content.size;
      const at = 1 + random(size - 1);
      const tr = state.tr;
      try {
        switch (random(4)) {
          case 0: tr.insertText("x", at); break;
          case 1: tr.delete(at, Math.min(size - 1, at + random(30))); break;
          case 2: tr.split(at); break;
          default: {
            // As y-prosemirror applies a remote change: the whole document replaced, untouched blocks reused.
            const index = random(state.doc.childCount);
            const blocks: Node[] = [];
            state.doc.forEach((block, _o, i) => blocks.push(i === index && block.childCount ? block.type.create(block.attrs, block.content.cut(0, Math.max(1, block.content.size - 1))) : block));
            tr.replaceWith(0, size, blocks);
          }
        }
      } catch {
        continue;
      }
      state = state.apply(tr);
      const expected = glyphs(state.doc, documentDecorations(state.doc, negotiationDecorationsKey.getState(state)!.context));
      expect(glyphs(state.doc, negotiationDecorationsKey.getState(state)!.set), `seed 17, step ${step}`).toEqual(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });
});

describe("option blocks, as the editor draws them", () => {
  /** Per block: how many options begin there (the node decoration its view reads), "" for a block in none. */
  function opening(d: Node, set: DecorationSet): string[] {
    return Array.from({ length: d.childCount }, (_, index) => {
      const from = d.resolve(0).posAtIndex(index, 0);
      const node = set.find(from, from + d.child(index).nodeSize).find((x: Decoration) => x.from === from && typeof (x.spec as { optionsOpening?: number }).optionsOpening === "number");
      return node ? String((node.spec as { optionsOpening: number }).optionsOpening) : "";
    });
  }

  // Invariant: an option's label is drawn once, on its first block: a block opens the options it is in that the
  // block before is not (nested ones included), and goes on with the rest.
  it("opens each option at its first block only, nested options included", () => {
    const document = example("unfccc-option-blocks");
    const d = document.content;
    expect(modelProblems(d, document.registry)).toEqual([]);
    const labels = (index: number) => {
      const block = d.child(index);
      const path = JSON.parse((block.attrs.optionPath as string) || "[]") as string[][];
      const before = index ? d.child(index - 1) : null;
      return path.slice(path.length - optionsOpening(block, before)).map((step) => step[2]);
    };
    expect(Array.from({ length: d.childCount }, (_, i) => labels(i))).toEqual([
      [],
      [],
      [],
      [],
      ["Option 1:"],
      ["Option 2:"],
      [],
      ["Option 1:", "Option 1A:"], // Option 1 begins with its nested Option 1A
      ["Option 1B:"], //              still in Option 1
      ["Option 2:"], //               1. Developing country Parties …
      [], //                          2. … the same Option 2
      ["Option 3:"],
      [],
      [],
      ["Option A."],
      ["Option B."],
      [],
    ]);
    expect(opening(d, drawn(document))).toEqual(["", "", "", "", "1", "1", "", "2", "1", "1", "0", "1", "", "", "1", "1", ""]);
  });

  it("moves the label to the next block when an option's first block is taken out, as blocks change", () => {
    const document = example("unfccc-option-blocks");
    let state = EditorState.create({ doc: document.content, plugins: [negotiationDecorations(document.registry)] });
    const set = () => negotiationDecorationsKey.getState(state)!.set;
    const from = state.doc.resolve(0).posAtIndex(9, 0);
    state = state.apply(state.tr.delete(from, from + state.doc.child(9).nodeSize));
    expect(opening(state.doc, set())[9]).toBe("1");
    // Split a block of Option 2: the new block goes on with it.
    state = state.apply(state.tr.split(state.doc.resolve(0).posAtIndex(9, 0) + 5, 1, [{ type: schema.nodes.paragraph!, attrs: { ...state.doc.child(9).attrs, id: "new" } }]));
    expect(opening(state.doc, set()).slice(9, 11)).toEqual(["1", "0"]);
    expect(opening(state.doc, set())).toEqual(opening(state.doc, documentDecorations(state.doc, negotiationDecorationsKey.getState(state)!.context)));
  });
});
