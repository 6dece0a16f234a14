import { collectProposals, registryNamed } from "@accord/schema";
import { importText } from "@accord/text";
import type { Decoration } from "prosemirror-view";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, ApiError } from "../../src/api.js";
import { runAction } from "../../src/editor/decisions/actions.js";
import { findProposal } from "../../src/editor/decisions/proposal-at.js";
import { blockDecorations } from "../../src/editor/decorations/block-decorations.js";
import { positionsLine, positionsTitle } from "../../src/editor/decorations/positions-text.js";
import { NO_FILTER, type Notice } from "../../src/editor/types.js";
import { positionOffer } from "../../src/panels/positions-model.js";
import { openProposals } from "../../src/panels/proposals-model.js";
import { startTestServer, type TestServer } from "../../../../packages/server/test/support.js";

// Delegations' positions on a bracket in the web: the bracket's badge, the
// proposals panel's list, and a delegate stating its own through the API.

const TEXT = `Registry: un
---
OP1 Calls for [financial - G77; EU, US delete; Japan reserve] support and [US: a review] now.
OP2 Welcomes [the report] (G77) (EU: retain). (Agreed)
OP3 Urges [Uruguay: action] (Mexico, Chile) (Norway: support) (EU: oppose) (Japan: reservation) (Canada: reserve).`;
const content = () => importText(TEXT).document.content;
const registry = registryNamed("un");

describe("positions in the proposals panel", () => {
  // Invariant: a bracket's item lists its positions in the order stated, with the status of its paragraph.
  it("lists each bracket's positions", () => {
    const items = openProposals(content());
    expect(items.map((i) => [i.id, i.positions?.map((p) => `${p.delegation}:${p.stance}`), i.blockStatus])).toEqual([
      ["b1", ["EU:delete", "USA:delete", "JPN:reserve"], "open"],
      ["b2", [], "open"],
      ["b3", ["EU:retain"], "agreed-informally"],
      ["b4", ["MEX:support", "CHL:support", "NOR:support", "EU:oppose", "JPN:reserve", "CAN:reserve"], "open"],
    ]);
    expect(positionsLine(items[0]!.positions!, (code) => registry.preferredTag(code))).toBe("EU, US: delete; Japan: reserve");
    expect(positionsTitle(items[0]!.positions!, (code) => registry.get(code)!.name)).toBe("European Union, United States of America want it deleted; Japan reserves its position");
  });

  // Invariant: the badge and the tooltip say each stance in its own word, however the draft spelled it (`reservation`, a name alone).
  it("shows opposing, supporting and a reservation as a chair reads them", () => {
    const b4 = openProposals(content())[3]!;
    expect(positionsLine(b4.positions!, (code) => registry.preferredTag(code))).toBe("Mex, Chl, Norway: support; EU: oppose; Japan, Canada: reserve");
    expect(positionsTitle(b4.positions!, (code) => registry.get(code)!.name)).toBe("Mexico, Chile, Norway support it; European Union opposes it; Japan, Canada reserve their position");
  });

  // Invariant: the controls follow mayAct: a delegate on another's open bracket in an open paragraph, never on its own, never the chair.
  it("offers a delegate its own position's controls where mayAct allows them", () => {
    const [g77, us, locked] = openProposals(content());
    const bracket = (item: typeof g77) => ({ id: item!.id, by: item!.by, positions: item!.positions ?? [], blockStatus: item!.blockStatus ?? "open" });
    const stances = ["delete", "retain", "reserve", "oppose", "support"];
    expect(positionOffer({ role: "delegate", delegation: "EU" }, bracket(g77))).toEqual({ stances, own: "delete" });
    expect(positionOffer({ role: "delegate", delegation: "CAN" }, bracket(g77))).toEqual({ stances, own: undefined });
    expect(positionOffer({ role: "delegate", delegation: "USA" }, bracket(us))).toBeNull();
    expect(positionOffer({ role: "delegate", delegation: "EU" }, bracket(locked))).toBeNull();
    expect(positionOffer({ role: "chair", delegation: "" }, bracket(g77))).toBeNull();
    expect(positionOffer({ role: "observer", delegation: "" }, bracket(g77))).toBeNull();
  });
});

describe("positions on the bracket in the editor", () => {
  // Invariant: the proposal a click opens carries its positions, for the popover to show.
  it("gives the popover's target the bracket's positions", () => {
    expect(findProposal(content(), "b1")?.positions).toBe("dash EU:delete USA:delete JPN:reserve");
    expect(findProposal(content(), "b2")?.positions).toBe("");
  });

  // Invariant: the closing bracket's widget is drawn again when the positions change (its key names them).
  it("keys the closing bracket by its positions", () => {
    const doc = content();
    const closing = (d: typeof doc) =>
      blockDecorations(d.child(0), 0, { registry, filter: NO_FILTER })
        .map((x: Decoration) => (x.spec as { key?: string }).key ?? "")
        .find((key) => key.startsWith("c|b1|"));
    expect(closing(doc)).toMatch(/\|dash EU:delete USA:delete JPN:reserve$/);
    const other = importText(TEXT.replace("Japan reserve", "Japan retain")).document.content;
    expect(closing(other)).not.toBe(closing(doc));
  });
});

describe("stating a position against the server", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.create("positions", TEXT);
  });
  afterAll(async () => t?.close());

  const stored = async () => {
    const read = await t.server.live.read("positions");
    if (!read.ok) throw new Error(read.message);
    return read.value.content;
  };
  const positionsOfB1 = async () => collectProposals(await stored()).find((p) => p.id === "b1")!.positions;

  // Invariant: a delegate's own position, as the panel states it, is stored; taking it back removes it.
  it("lets a delegate state its own position and take it back", async () => {
    const api = new Api(await t.member("canada", "positions", "delegate", "CAN"), t.server.url);
    const notices: Notice[] = [];
    expect(await runAction(() => api.statePosition("positions", "b1", "retain"), (n) => notices.push(n))).toBe(true);
    expect(notices).toEqual([{ kind: "info", text: expect.stringContaining("Canada wants it retained") }]);
    expect(await positionsOfB1()).toBe("dash EU:delete USA:delete JPN:reserve CAN:retain");
    expect(await runAction(() => api.statePosition("positions", "b1", null), (n) => notices.push(n))).toBe(true);
    expect(await positionsOfB1()).toBe("dash EU:delete USA:delete JPN:reserve");
  });

  // Invariant: opposing and supporting are stated as the other stances are, and a spelling the draft wrote is replaced by the stance's own word.
  it("lets a delegate oppose, then support, a proposal", async () => {
    const api = new Api(await t.member("norway", "positions", "delegate", "NOR"), t.server.url);
    const notices: Notice[] = [];
    expect(await runAction(() => api.statePosition("positions", "b1", "oppose"), (n) => notices.push(n))).toBe(true);
    expect(notices).toEqual([{ kind: "info", text: expect.stringContaining("Norway opposes it") }]);
    expect(await positionsOfB1()).toBe("dash EU:delete USA:delete JPN:reserve NOR:oppose");
    expect(await runAction(() => api.statePosition("positions", "b1", "support"), (n) => notices.push(n))).toBe(true);
    expect(await positionsOfB1()).toBe("dash EU:delete USA:delete JPN:reserve NOR:support");
    expect(await runAction(() => api.statePosition("positions", "b1", null), (n) => notices.push(n))).toBe(true);
    expect(await positionsOfB1()).toBe("dash EU:delete USA:delete JPN:reserve");
  });

  // Invariant: another delegation's position is refused (403) and shown as an error notice; nothing changes.
  it("refuses a delegate another delegation's position", async () => {
    const api = new Api(await t.member("canada2", "positions", "delegate", "CAN"), t.server.url);
    await expect(api.statePosition("positions", "b1", "delete", "MEX")).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 403);
    expect(await positionsOfB1()).toBe("dash EU:delete USA:delete JPN:reserve");
  });
});
