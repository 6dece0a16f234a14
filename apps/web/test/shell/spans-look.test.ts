import { proposalAttrs, type ProposalAttrs } from "@accord/schema";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { textLook } from "../../src/editor/decorations/proposal-look.js";
import { NO_FILTER } from "../../src/editor/types.js";

// Invariant: the text of every part of a bracket spanning paragraphs carries the span's id (data-span), and so does
// text nested in a part; text in no span carries none.
describe("brackets spanning paragraphs in the editor", () => {
  it("marks each part's text with the span it belongs to", () => {
    const doc = importText("Registry: un\n---\n4. [G77: Parties shall [EU: now] communicate\n5. every five years;\n6. a registry.] Further [US: text].\n").document.content;
    const looks: [string, string | undefined][] = [];
    doc.descendants((node) => {
      if (!node.isText) return;
      const chain = node.marks.filter((mark) => mark.type.name === "proposal").map((mark) => proposalAttrs(mark) as ProposalAttrs);
      if (chain.length) looks.push([node.text!, textLook(chain, NO_FILTER)["data-span"]]);
    });
    expect(looks).toEqual([
      ["Parties shall ", "b1"],
      ["now", "b1"],
      [" communicate", "b1"],
      ["every five years;", "b1"],
      ["a registry.", "b1"],
      ["text", undefined],
    ]);
  });
});
