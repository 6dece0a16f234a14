import { acceptProposal, chooseOption, markupHtml, markupText, reopenProposal, withdrawProposal } from "@accord/merge";
import { collectChoices, collectProposals, mayAct, negotiationStats, type NegotiationDocument } from "@accord/schema";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { clean, read, resolved } from "./support.js";

// A choice group is decided in one step (the chosen option accepted, the
// others rejected), the clean version applies the choice, and the marked-up
// versions show the options as one set in their convention.

/** The id of the proposal whose text reads `text`. */
const idOf = (d: NegotiationDocument, text: string) => collectProposals(d.content).find((p) => p.spans.map((s) => s.text).join("") === text)!.id;
const states = (d: NegotiationDocument) => collectProposals(d.content).map((p) => [p.spans[0]!.text, p.state]);

const draft = "1. Each Party [shall][should][may] communicate its needs, [agreed / made] by [G77: all][US: some].";

describe("choosing an option", () => {
  it("accepts it and rejects the others, in one step, with a sentence for the record", () => {
    const d = read(draft);
    const r = chooseOption(d, idOf(d, "should"));
    expect(r.ok && r.message).toBe("Chose b2 (“should”) in paragraph 1; rejected b1 (“shall”), b3 (“may”).");
    expect(states(resolved(r)).slice(0, 3)).toEqual([["shall", "rejected"], ["should", "accepted"], ["may", "rejected"]]);
    // Choosing again chooses anew.
    const again = resolved(chooseOption(resolved(r), idOf(d, "may")));
    expect(states(again).slice(0, 3)).toEqual([["shall", "rejected"], ["should", "rejected"], ["may", "accepted"]]);
  });

  it("accepting an option chooses it: a group never has two accepted options", () => {
    const d = read(draft);
    const accepted = resolved(acceptProposal(d, idOf(d, "some")));
    expect(states(accepted).slice(5)).toEqual([["all", "rejected"], ["some", "accepted"]]);
  });

  it("a withdrawn option stays withdrawn and cannot be chosen until reopened", () => {
    const d = read(draft);
    const withdrawn = resolved(withdrawProposal(d, idOf(d, "may")));
    const r = chooseOption(withdrawn, idOf(d, "may"));
    expect(r.ok ? "" : r.reason).toBe("proposal b3 (“may”) in paragraph 1 was withdrawn; reopen it first");
    const chosen = resolved(chooseOption(withdrawn, idOf(d, "shall")));
    expect(states(chosen).slice(0, 3)).toEqual([["shall", "accepted"], ["should", "rejected"], ["may", "withdrawn"]]);
    expect(resolved(reopenProposal(chosen, idOf(d, "may")))).toBeTruthy();
  });

  it("refuses a proposal that is no option, and one that is not there", () => {
    const d = read("1. Parties [shall] report.");
    const r = chooseOption(d, idOf(d, "shall"));
    expect(r.ok ? "" : r.reason).toBe("proposal b1 (“shall”) in paragraph 1 is no option of a choice group: accept it instead");
    const none = chooseOption(d, "nope");
    expect(none.ok ? "" : none.reason).toBe("there is no proposal nope in this document");
  });

  it("is the chair's and the secretariat's, as choosing among paragraph alternatives is", () => {
    const option = { id: "b2", kind: "inline", by: [], state: "open", blockStatus: "open", choice: "c1" } as const;
    expect(mayAct({ role: "chair", delegation: "" }, "choose", { proposal: option }).ok).toBe(true);
    expect(mayAct({ role: "secretariat", delegation: "" }, "choose", { proposal: option }).ok).toBe(true);
    expect(mayAct({ role: "delegate", delegation: "URY" }, "choose", { proposal: option })).toMatchObject({ ok: false, forbidden: true });
    expect(mayAct({ role: "chair", delegation: "" }, "choose", { proposal: { ...option, choice: "" } })).toMatchObject({ ok: false, forbidden: false });
  });
});

describe("the versions of a text with choice groups", () => {
  it("the clean version keeps the chosen option without brackets and drops the others", () => {
    const d = read(draft);
    let chosen = resolved(chooseOption(d, idOf(d, "should")));
    chosen = resolved(chooseOption(chosen, idOf(d, "made")));
    chosen = resolved(chooseOption(chosen, idOf(d, "all")));
    expect(clean(chosen)).toBe("1. Each Party should communicate its needs, made by all.");
  });

  it("a group not chosen yet is written as open brackets are, each option in its convention", () => {
    expect(clean(read(draft))).toBe("1. Each Party [shall][should][may] communicate its needs, [agreed / made] by [all][some].");
  });

  it("the marked-up text writes each group back as it came, and its states after its options", () => {
    const d = read(draft);
    expect(markupText(d).trim().split("\n").at(-1)).toBe(draft);
    const chosen = resolved(chooseOption(d, idOf(d, "should")));
    expect(markupText(chosen).trim().split("\n").at(-1)).toBe(
      "1. Each Party [shall] (rejected)[should] (accepted)[may] (rejected) communicate its needs, [agreed / made] by [G77: all][US: some].",
    );
    // Read back, the decided group is still one group, with its decision.
    const back = importText(markupText(chosen)).document;
    expect(collectChoices(back.content).map((g) => [g.options.length, g.chosen?.spans[0]!.text])).toEqual([[3, "should"], [2, undefined], [2, undefined]]);
  });

  it("the marked-up HTML marks the options of a group as one set", () => {
    const html = markupHtml(read(draft));
    expect(html.match(/data-choice="/g)?.length).toBe(7);
    expect(html.match(/data-choice-style="adjacent"/g)?.length).toBe(5);
    // `[agreed / made]`: one opening bracket, the separator, one closing bracket.
    expect(html.replace(/<[^>]+>/g, "")).toContain("[agreed / made]");
  });
});

describe("counting choice groups", () => {
  it("a group is one proposal, open until chosen, under each delegation with an open option", () => {
    const d = read(draft);
    const stats = negotiationStats(d.content);
    expect(stats.choices).toEqual({ total: 3, open: 3, chosen: 0 });
    expect(stats.proposals).toEqual({ open: 3, byDelegation: { "": 2, G77: 1, USA: 1 }, total: 3 });
    const chosen = negotiationStats(resolved(chooseOption(d, idOf(d, "should"))).content);
    expect(chosen.choices).toEqual({ total: 3, open: 2, chosen: 1 });
    expect(chosen.proposals).toEqual({ open: 2, byDelegation: { "": 1, G77: 1, USA: 1 }, total: 3 });
  });
});
