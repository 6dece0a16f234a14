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

describe("opposing, supporting, and a draft's spellings", () => {
  const spelled = draft`Registry: un
---
OP1 Calls for [G77: financial] (Mexico) (Japan: reservation) (EU: oppose) support and [US: ~~prompt~~] action now.`;
  it("states opposition and support in their own words, and replaces a spelling only of the delegation that states anew", () => {
    const id = idOf(spelled, "financial");
    expect(positionsOf(spelled, "financial")).toBe("MEX:named JPN:reservation EU:oppose");
    const opposed = checkOperation(spelled, statePosition(spelled, id, "NOR", "oppose"), { blocks: ["p1"], proposal: id });
    expect(positionsOf(opposed, "financial")).toBe("MEX:named JPN:reservation EU:oppose NOR:oppose");
    const turned = checkOperation(opposed, statePosition(opposed, id, "MEX", "oppose"), { blocks: ["p1"], proposal: id });
    expect(positionsOf(turned, "financial")).toBe("MEX:oppose JPN:reservation EU:oppose NOR:oppose");
    // Japan's reservation is a reserve: stating it again is stating the one already stated.
    expect(refusal(statePosition(spelled, id, "JPN", "reserve"))).toMatch(/Japan already reserves its position/);
    expect(refusal(statePosition(spelled, id, "MEX", "support"))).toMatch(/Mexico already supports it/);
    const result = statePosition(spelled, id, "NOR", "support");
    expect(result.ok && result.message).toBe("Norway supports it: Group of 77 and China’s proposal b1 (“financial”) in paragraph OP1.");
  });
  it("opposing a proposal to delete a text is not wanting the text deleted: the two are stated apart", () => {
    const id = idOf(spelled, "prompt");
    expect(collectProposals(spelled.content).find((p) => p.id === id)!.spans.map((s) => s.op)).toEqual(["delete"]);
    const opposed = checkOperation(spelled, statePosition(spelled, id, "EU", "oppose"), { blocks: ["p1"], proposal: id });
    expect(positionsOf(opposed, "prompt")).toBe("EU:oppose");
    const result = statePosition(opposed, id, "EU", "delete");
    expect(result.ok && result.message).toMatch(/^European Union wants it deleted/);
    expect(positionsOf(checkOperation(opposed, result, { blocks: ["p1"], proposal: id }), "prompt")).toBe("EU:delete");
    expect(markupText(opposed)).toContain("[US: ~~prompt~~] (EU: oppose) action now.");
  });
  it("the marked-up text and HTML write them as the draft did; the clean version shows none", () => {
    expect(markupText(spelled)).toContain("[G77: financial] (Mexico) (Japan: reservation) (EU: oppose) support");
    const html = markupHtml(spelled);
    expect(html).toContain('<span class="positions" data-stance="support">(<span class="d-MEX">Mexico</span>)</span>');
    expect(html).toContain('<span class="positions" data-stance="reserve">(<span class="d-JPN">Japan</span>: reservation)</span>');
    expect(html).toContain('<span class="positions" data-stance="oppose">(<span class="d-EU">EU</span>: oppose)</span>');
    const clean = cleanText(spelled);
    expect(clean.ok && clean.value).not.toMatch(/Mexico|Japan|oppose|reservation/);
  });
  it("listProposals gives the stance, whatever the spelling", () => {
    expect(listProposals(spelled).find((e) => e.text === "financial")!.positions.map((p) => `${p.code}:${p.stance}`)).toEqual(["MEX:support", "JPN:reserve", "EU:oppose"]);
  });
  it("a delegation's own view keeps a bracket it opposes or supports", () => {
    expect(markupText(spelled, { delegation: "MEX" })).toContain("[G77: financial] (Mexico) (Japan: reservation) (EU: oppose) support");
    expect(markupText(spelled, { delegation: "CHL" })).toContain("OP1 Calls for support and prompt action now.");
  });
});

it("listProposals names each bracket's positions in the order stated", () => {
  const entries = listProposals(base);
  expect(entries.find((e) => e.text === "the Fund")!.positions).toEqual([{ code: "EU", name: "European Union", stance: "delete" }]);
  expect(entries.find((e) => e.text === "financial")!.positions).toEqual([]);
});
