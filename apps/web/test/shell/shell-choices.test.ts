import { collectChoices, negotiationStats, proposalAttrs } from "@accord/schema";
import { importText } from "@accord/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, ApiError } from "../../src/api.js";
import { runAction } from "../../src/editor/decisions/actions.js";
import { textLook } from "../../src/editor/decorations/proposal-look.js";
import { NO_FILTER, type Notice } from "../../src/editor/types.js";
import { buildOutline } from "../../src/panels/outline-model.js";
import { groupByDelegation, offersChoice, openProposals } from "../../src/panels/proposals-model.js";
import { startTestServer, type TestServer } from "../../../../packages/server/test/support.js";

const TEXT = `Objective 1
1. Parties [Uru: shall][Barb: should] report.
2. Results were [agreed / made] in time.
3. To develop plans [Uru: while] respecting human rights.`;

const content = () => importText(TEXT).document.content;

describe("choice groups in the proposals panel", () => {
  // Invariant: a group is one item holding its open options, where its first option stands; other proposals are unchanged.
  it("shows one item per group, with each option and its delegations", () => {
    const items = openProposals(content());
    expect(items.map((i) => [i.id, i.kind])).toEqual([
      ["b1", "choice"],
      ["b3", "choice"],
      ["b5", "inline"],
    ]);
    const [adjacent, slash, plain] = items;
    expect(adjacent!.options).toEqual([
      { id: "b1", by: ["URY"], note: "", text: "shall" },
      { id: "b2", by: ["BRB"], note: "", text: "should" },
    ]);
    expect(adjacent!.excerpt.map((p) => p.text).join("")).toBe("Choice: shall / should");
    expect(adjacent!.by).toEqual(["URY", "BRB"]);
    expect(slash!.options.map((o) => [o.id, o.text, o.by])).toEqual([
      ["b3", "agreed", []],
      ["b4", "made", []],
    ]);
    expect(slash!.excerpt.map((p) => p.text).join("")).toBe("Choice: agreed / made");
    expect(plain!.options).toEqual([]);
  });

  // Invariant: the panel's count of open items is the count negotiationStats gives (a group once).
  it("counts a group once, as negotiationStats does", () => {
    const doc = content();
    expect(openProposals(doc).length).toBe(3);
    expect(openProposals(doc).length).toBe(negotiationStats(doc).proposals.open);
    // The outline's progress counts the same: a group once.
    expect(buildOutline(doc).progress.openProposals).toBe(3);
  });

  // Invariant: a group is listed under each delegation with an open option, and under "" when an option is untagged.
  it("lists a group under each delegation of its options", () => {
    const groups = groupByDelegation(openProposals(content()));
    expect(groups.map((g) => [g.code, g.items.map((i) => i.id)])).toEqual([
      ["BRB", ["b1"]],
      ["URY", ["b1", "b5"]],
      ["", ["b3"]],
    ]);
  });

  // Invariant: the Choose control follows mayAct: the chair and the secretariat see it, delegates and observers do not.
  it("offers the choose control to the chair and the secretariat only", () => {
    expect(offersChoice({ role: "chair", delegation: "" })).toBe(true);
    expect(offersChoice({ role: "secretariat", delegation: "" })).toBe(true);
    expect(offersChoice({ role: "delegate", delegation: "URY" })).toBe(false);
    expect(offersChoice({ role: "observer", delegation: "" })).toBe(false);
    expect(offersChoice(undefined)).toBe(false);
  });
});

describe("choice groups in the editor", () => {
  // Invariant: the text of each option carries its group's id (data-choice), and a proposal of no group carries none.
  it("marks the options of one group alike", () => {
    const doc = content();
    const looks = new Map<string, Record<string, string>>();
    doc.descendants((node) => {
      for (const mark of node.marks) if (mark.type.name === "proposal") looks.set(mark.attrs.id as string, textLook([proposalAttrs(mark)], NO_FILTER));
    });
    expect(["b1", "b2", "b3", "b4", "b5"].map((id) => looks.get(id)?.["data-choice"])).toEqual(["c1", "c1", "c2", "c2", undefined]);
  });
});

describe("choosing an option against the server", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.create("choices", TEXT);
  });
  afterAll(async () => t?.close());

  const stored = async () => {
    const read = await t.server.live.read("choices");
    if (!read.ok) throw new Error(read.message);
    return read.value.content;
  };

  // Invariant: a delegate's choice is refused by the server (403) and shown as an error notice; the document is unchanged.
  it("refuses a delegate, with the server's reason as an error notice", async () => {
    const api = new Api(await t.member("uruguay", "choices", "delegate", "URY"), t.server.url);
    await expect(api.chooseOption("choices", "b2")).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 403);
    const notices: Notice[] = [];
    expect(await runAction(() => api.chooseOption("choices", "b2"), (n) => notices.push(n))).toBe(false);
    expect(notices).toEqual([{ kind: "error", text: expect.stringMatching(/chair|secretariat/) }]);
    expect(collectChoices(await stored()).every((g) => g.chosen === undefined)).toBe(true);
  });

  // Invariant: the chair's choice, as the panel makes it, accepts that option and rejects the others, and the group leaves the panel.
  it("lets the chair choose: the option accepted, the others rejected", async () => {
    const api = new Api(await t.member("chair", "choices", "chair"), t.server.url);
    const notices: Notice[] = [];
    expect(await runAction(() => api.chooseOption("choices", "b2"), (n) => notices.push(n))).toBe(true);
    expect(notices).toEqual([{ kind: "info", text: expect.stringContaining("b2") }]);
    const doc = await stored();
    const [adjacent, slash] = collectChoices(doc);
    expect(adjacent!.options.map((o) => [o.id, o.state])).toEqual([
      ["b1", "rejected"],
      ["b2", "accepted"],
    ]);
    expect(adjacent!.chosen?.id).toBe("b2");
    expect(slash!.options.map((o) => o.state)).toEqual(["open", "open"]);
    expect(openProposals(doc).map((i) => i.id)).toEqual(["b3", "b5"]);
  });

  // Invariant: a proposal that is no option of a group is refused (409) with a reason, not silently accepted.
  it("refuses to choose a proposal that is no option", async () => {
    const api = new Api(await t.member("chair", "choices", "chair"), t.server.url);
    await expect(api.chooseOption("choices", "b5")).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 409);
  });
});
