import { cleanText, listProposals, markupHtml, markupText, statePosition } from "@accord/merge";
import { collectProposals, type NegotiationDocument } from "@accord/schema";
import { describe, expect, it } from "vitest";
import { checkOperation, draft, refusal } from "./support.js";

// A delegation states, changes and takes back its position on a bracket;
// the clean version does not change (positions are about brackets), the
// marked-up versions show them in a convention that reads back.

const base = draft`Registry: un
---
OP1 Calls for [G77: financial] support and [the Fund] (EU: delete) now.
OP2 Decides [US: to act] (accepted) today. (Agreed)`;

const idOf = (d: NegotiationDocument, text: string) => collectProposals(d.content).find((p) => p.spans.some((s) => s.text === text))!.id;
const positionsOf = (d: NegotiationDocument, text: string) => collectProposals(d.content).find((p) => p.spans.some((s) => s.text === text))!.positions;

describe("statePosition", () => {
  it("states, changes and takes back a position, changing nothing else", () => {
    const id = idOf(base, "financial");
    const stated = checkOperation(base, statePosition(base, id, "EU", "delete"), { blocks: ["p1"], proposal: id });
    expect(positionsOf(stated, "financial")).toBe("EU:delete");
    const changed = checkOperation(stated, statePosition(stated, id, "EU", "retain"), { blocks: ["p1"], proposal: id });
    expect(positionsOf(changed, "financial")).toBe("EU:retain");
    const reserved = checkOperation(changed, statePosition(changed, id, "USA", "reserve"), { blocks: ["p1"], proposal: id });
    expect(positionsOf(reserved, "financial")).toBe("EU:retain USA:reserve");
    const back = checkOperation(reserved, statePosition(reserved, id, "EU", null), { blocks: ["p1"], proposal: id });
    expect(positionsOf(back, "financial")).toBe("USA:reserve");
  });

  it("says what happened in a sentence for the record", () => {
    const result = statePosition(base, idOf(base, "financial"), "EU", "delete");
    expect(result.ok && result.message).toBe("European Union wants it deleted: Group of 77 and China’s proposal b1 (“financial”) in paragraph OP1.");
  });

  it("refuses what does not apply", () => {
    expect(refusal(statePosition(base, idOf(base, "financial"), "G77", "delete"))).toMatch(/G77 sponsors it and states a position on it too; a sponsor takes back its support/);
    expect(refusal(statePosition(base, idOf(base, "to act"), "EU", "delete"))).toMatch(/is accepted; positions are stated on open proposals only/);
    expect(refusal(statePosition(base, idOf(base, "the Fund"), "EU", "delete"))).toMatch(/European Union already wants it deleted/);
    expect(refusal(statePosition(base, idOf(base, "the Fund"), "USA", null))).toMatch(/has stated no position/);
    expect(refusal(statePosition(base, "nope", "EU", "delete"))).toBe("there is no proposal nope in this document");
    expect(refusal(statePosition(base, idOf(base, "the Fund"), "XYZ", "delete"))).toBe("XYZ is not a delegation of this document");
    expect(refusal(statePosition(base, "p1", "EU", "delete"))).toMatch(/is a paragraph, not a bracketed proposal/);
  });
});

describe("exports", () => {
  const stated = (() => {
    const r = statePosition(base, idOf(base, "financial"), "USA", "reserve");
    if (!r.ok) throw new Error(r.reason);
    return r.document;
  })();
  it("the clean version is the same with or without positions", () => {
    expect(cleanText(stated)).toEqual(cleanText(base));
  });
  it("the marked-up text writes them after the bracket", () => {
    expect(markupText(stated)).toContain("[G77: financial] (US: reserve) support and [the Fund] (EU: delete) now.");
  });
  it("the marked-up HTML shows them on the bracket", () => {
    const html = markupHtml(stated);
    expect(html).toContain('data-positions="USA:reserve"');
    expect(html).toContain('<span class="positions" data-stance="reserve">(<span class="d-USA">US</span>: reserve)</span>');
    expect(html).toContain('<span class="positions" data-stance="delete">(<span class="d-EU">EU</span>: delete)</span>');
  });
  it("a delegation's own view keeps the brackets it stated a position on, with the positions; another's view resolves them", () => {
    // What the US capital must see: G77's bracket, on which it reserved its position. The EU and Japan stated nothing
    // on it: G77's open insertion is out of their views. The untagged bracket is disputed text in every view.
    expect(markupText(stated, { delegation: "USA" })).toContain("OP1 Calls for [G77: financial] (US: reserve) support and [the Fund] (EU: delete) now.");
    expect(markupText(stated, { delegation: "EU" })).toContain("OP1 Calls for support and [the Fund] (EU: delete) now.");
    expect(markupText(stated, { delegation: "JPN" })).toContain("OP1 Calls for support and [the Fund] (EU: delete) now.");
  });
});

it("listProposals names each bracket's positions in the order stated", () => {
  const entries = listProposals(base);
  expect(entries.find((e) => e.text === "the Fund")!.positions).toEqual([{ code: "EU", name: "European Union", stance: "delete" }]);
  expect(entries.find((e) => e.text === "financial")!.positions).toEqual([]);
});
