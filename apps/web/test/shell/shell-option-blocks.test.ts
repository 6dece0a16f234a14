import { collectOptionGroups, negotiationStats } from "@accord/schema";
import { importText } from "@accord/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, ApiError } from "../../src/api.js";
import { runAction } from "../../src/editor/decisions/actions.js";
import type { Notice } from "../../src/editor/types.js";
import { buildOutline } from "../../src/panels/outline-model.js";
import { groupByDelegation, openProposals } from "../../src/panels/proposals-model.js";
import { startTestServer, type TestServer } from "../../../../packages/server/test/support.js";

// Option blocks (`Option 1:` … `Option 3: No text`) in the proposals panel: one item per undecided group, where its
// first block stands, with each option and a Choose control (the same as a choice group's), counted once.

const TEXT = `1. To develop plans [Uru: while] respecting human rights.

Option 1: To ensure a joint perspective in all programs.

Option 2:

Option 2A: To promote regional cooperation.

Option 2B: To promote cooperation.

Option 3: No text

2. To report to the council.`;

const content = () => importText(TEXT).document.content;

describe("option groups in the proposals panel", () => {
  // Invariant: a group is one item, untagged, holding its open options with their labels; other proposals are unchanged.
  it("shows one item per undecided group, where its first block stands, with each option's label and first words", () => {
    const items = openProposals(content());
    expect(items.map((i) => [i.id, i.kind, i.blockId])).toEqual([
      ["b1", "inline", "p1"],
      ["o1", "choice", "p2"],
      ["o3", "choice", "p3"],
    ]);
    expect(items[1]!.options.map((o) => [o.id, o.text])).toEqual([
      ["o1", "Option 1: To ensure a joint perspective in all programs."],
      ["o2", "Option 2: To promote regional cooperation."],
      ["o5", "Option 3: No text"],
    ]);
    expect(items[1]!.excerpt.map((p) => p.text).join("")).toBe("Options: Option 1 / Option 2 / Option 3");
    expect(groupByDelegation(items).map((g) => [g.code, g.items.map((i) => i.id)])).toEqual([["URY", ["b1"]], ["", ["o1", "o3"]]]);
  });

  // Invariant: the panel's count of open items, and the outline's progress, are the count negotiationStats gives (a group once).
  it("counts each group once, as negotiationStats does", () => {
    const doc = content();
    expect(openProposals(doc).length).toBe(negotiationStats(doc).proposals.open);
    expect(buildOutline(doc).progress.openProposals).toBe(3);
  });
});

describe("choosing an option of an option block against the server", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.create("options", TEXT);
  });
  afterAll(async () => t?.close());

  const stored = async () => {
    const read = await t.server.live.read("options");
    if (!read.ok) throw new Error(read.message);
    return read.value.content;
  };

  // Invariant: a delegate's choice is refused by the server (403) and shown as an error notice; nothing changes.
  it("refuses a delegate, with the server's reason as an error notice", async () => {
    const api = new Api(await t.member("uruguay", "options", "delegate", "URY"), t.server.url);
    await expect(api.chooseOption("options", "o2")).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 403);
    const notices: Notice[] = [];
    expect(await runAction(() => api.chooseOption("options", "o2"), (n) => notices.push(n))).toBe(false);
    expect(notices).toEqual([{ kind: "error", text: expect.stringMatching(/chair|secretariat/) }]);
  });

  // Invariant: the chair's choice, as the panel's Choose makes it, accepts the option and rejects the others; the group leaves the panel.
  it("lets the chair choose: Option 2 accepted, the others rejected; its nested group stays to decide", async () => {
    const api = new Api(await t.member("chair", "options", "chair"), t.server.url);
    const notices: Notice[] = [];
    expect(await runAction(() => api.chooseOption("options", "o2"), (n) => notices.push(n))).toBe(true);
    expect(notices).toEqual([{ kind: "info", text: expect.stringContaining("Option 2:") }]);
    const doc = await stored();
    expect(collectOptionGroups(doc)[0]!.options.map((o) => [o.label, o.state])).toEqual([["Option 1:", "rejected"], ["Option 2:", "accepted"], ["Option 3:", "rejected"]]);
    expect(openProposals(doc).map((i) => i.id)).toEqual(["b1", "o3"]);
  });
});

describe("a delegation's paragraph proposed after a paragraph of an option", () => {
  // Invariant: the editor puts it after the option block, where the trust rule allows it, never inside the group.
  it("stands after the whole group", async () => {
    const { EditorState } = await import("prosemirror-state");
    const { proposeParagraph } = await import("../../src/editor/propose/index.js");
    const doc = content();
    let state = EditorState.create({ doc });
    let n = 0;
    const command = proposeParagraph("URY", () => `new${++n}`, { after: "p2", text: "To add a paragraph." });
    expect(command(state, (tr) => (state = state.apply(tr)))).toBe(true);
    const ids: string[] = [];
    state.doc.forEach((block) => ids.push(String(block.attrs.id)));
    expect(ids).toEqual(["p1", "p2", "p3", "p4", "p5", "new1", "p6"]);
  });
});

describe("new blocks among option blocks, as the chair edits", () => {
  // Invariant: a block the chair makes inside an option group stays in an option of it, so the document stays sound.
  it("Enter at the end of an option's paragraph, or in the middle, keeps the new paragraph in that option", async () => {
    const { EditorState, TextSelection } = await import("prosemirror-state");
    const { splitBlock } = await import("prosemirror-commands");
    const { uniqueBlockIds } = await import("../../src/editor/input/block-ids.js");
    const { modelProblems, DelegationRegistry } = await import("@accord/schema");
    const doc = content();
    for (const [block, at] of [[1, "end"], [1, "middle"], [2, "end"]] as const) {
      let pos = 0;
      for (let k = 0; k < block; k++) pos += doc.child(k).nodeSize;
      const inside = at === "end" ? pos + doc.child(block).nodeSize - 1 : pos + 5;
      let state = EditorState.create({ doc, plugins: [uniqueBlockIds()], selection: TextSelection.create(doc, inside) });
      splitBlock(state, (tr) => (state = state.apply(tr)));
      expect(state.doc.childCount).toBe(doc.childCount + 1);
      expect(state.doc.child(block + 1).attrs.optionPath).toBe(doc.child(block).attrs.optionPath);
      expect(modelProblems(state.doc, DelegationRegistry.default)).toEqual([]);
    }
  });
});
