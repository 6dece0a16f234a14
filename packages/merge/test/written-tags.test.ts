import { markupHtml } from "@accord/merge";
import type { NegotiationDocument } from "@accord/schema";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";

// The marked-up page shows each bracket's tag as the draft wrote it (written-tags.ts), each delegation in its colour.

function read(text: string): NegotiationDocument {
  const { document, diagnostics } = importText(text);
  expect(diagnostics).toEqual([]);
  return document;
}

/** `document` with every proposal mark's delegations `from` set to `to`. */
function rebrand(document: NegotiationDocument, from: string, to: string[]): NegotiationDocument {
  const json = JSON.stringify(document.content.toJSON()).replaceAll(`"by":["${from}"]`, `"by":${JSON.stringify(to)}`);
  return document.withContent(document.content.type.schema.nodeFromJSON(JSON.parse(json)));
}

describe("tags as written in the marked-up page", () => {
  // Invariant: a tag is shown in the spelling it came in while it names exactly its proposal's delegations.
  it("shows each bracket's spelling, each delegation in its colour", () => {
    const html = markupHtml(read("1. Parties [Uru: shall] report [Uruguay: now] and [Arg/Brasil: x].\n"));
    expect(html).toContain(`<b class="tag"><span class="d-URY">Uru</span>:</b>`);
    expect(html).toContain(`<b class="tag"><span class="d-URY">Uruguay</span>:</b>`);
    expect(html).toContain(`<b class="tag"><span class="d-ARG">Arg</span>, <span class="d-BRA">Brasil</span>:</b>`);
  });

  // Invariant: once the delegations change, the written spelling is not shown: it would name others.
  it("falls back to the preferred spellings when the delegations change", () => {
    const html = markupHtml(rebrand(read("1. Parties [Uru: shall] report [Uruguay: now].\n"), "URY", ["URY", "ARG"]));
    expect(html).not.toContain(`<span class="d-URY">Uruguay</span>:</b>`);
    expect(html).toContain(`<b class="tag"><span class="d-URY">Uru</span>, <span class="d-ARG">Arg</span>:</b>`);
  });

  // Invariant: a paragraph proposed whole shows the tag it was written with (proposedTag) while it names exactly its proposers.
  it("shows a whole paragraph's tag as written", () => {
    const document = read("1. A [Uru: x] b.\n\n2. [URY: A whole paragraph.]\n");
    expect(document.content.child(1).attrs.proposedBy).toEqual(["URY"]);
    expect(markupHtml(document)).toContain(`<b class="tag"><span class="d-URY">URY</span>:</b> A whole paragraph.`);
    const json = document.content.toJSON() as { content: { attrs: Record<string, unknown> }[] };
    json.content[1]!.attrs = { ...json.content[1]!.attrs, proposedBy: ["URY", "ARG"] };
    const supported = markupHtml(document.withContent(document.content.type.schema.nodeFromJSON(json)));
    expect(supported).not.toContain(`<span class="d-URY">URY</span>`);
    expect(supported).toContain(`<b class="tag"><span class="d-URY">Uru</span>, <span class="d-ARG">Arg</span>:</b> A whole paragraph.`);
  });

  // Invariant: a position's name is shown as it came while it names its delegation, as the text export writes it.
  it("shows each position's name as written", () => {
    const html = markupHtml(read("1. Parties [Uru: shall] report [Mex: now] [x] (Uruguay, Mexico: delete) [y] (Arg: oppose) [Argentina: z].\n"));
    expect(html).toContain(`(<span class="d-URY">Uruguay</span>, <span class="d-MEX">Mexico</span>: delete)`);
    expect(html).toContain(`(<span class="d-ARG">Arg</span>: oppose)`);
  });
});
