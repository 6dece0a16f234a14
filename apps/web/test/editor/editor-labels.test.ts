import { describe, expect, it } from "vitest";
import { DelegationRegistry } from "@accord/schema";
import { bracketTag, delegationName, delegationTag } from "../../src/editor/decorations/bracket-tag.js";
import { connectionState, type ConnectionFacts } from "../../src/editor/sync/connection-state.js";
import { footnoteTooltip } from "../../src/editor/views/footnote-view.js";
import { NEUTRAL_PRESENCE_COLOUR, presenceLabel, presenceUser } from "../../src/editor/sync/presence.js";
import { SHORTCUTS } from "../../src/editor/input/shortcuts.js";
import { statusBadgeText, statusDescription } from "../../src/editor/views/status-badge.js";
import { rejectionReason } from "../../src/editor/sync/sync-session.js";
import { today } from "../../src/editor/popovers/dom.js";

const status = (s: Partial<Parameters<typeof statusBadgeText>[0]>) => ({ status: "open" as const, statusDate: "", statusBody: "", statusFootnote: "", ...s });

describe("status badges", () => {
  it("say nothing for an open block", () => {
    expect(statusBadgeText(status({}), "MM/DD/YY")).toBe("");
    expect(statusDescription(status({}), "MM/DD/YY")).toBe("");
  });

  it("use the room's shorthand with body and date, the date in the document's style", () => {
    expect(statusBadgeText(status({ status: "agreed-informally", statusDate: "2026-11-18" }), "MM/DD/YY")).toBe("AGREED INF 11/18/26");
    expect(statusBadgeText(status({ status: "agreed-informally", statusDate: "2026-11-18" }), "D Month YYYY")).toBe("AGREED INF 18 November 2026");
    expect(statusBadgeText(status({ status: "agreed-ad-referendum" }), "MM/DD/YY")).toBe("AGREED AD REF.");
    expect(statusBadgeText(status({ status: "approved", statusBody: "CSH", statusDate: "2013-10-31" }), "DD/MM/YYYY")).toBe("APPROVED by CSH 31/10/2013");
    expect(statusBadgeText(status({ status: "deleted-ad-referendum" }), "MM/DD/YY")).toBe("DELETED AD REF.");
    expect(statusBadgeText(status({ status: "deleted-informally", statusDate: "2012-04-03" }), "YYYY-MM-DD")).toBe("DELETED INF 2012-04-03");
  });

  it("describe the status in words for the tooltip, in the same style", () => {
    expect(statusDescription(status({ status: "agreed-ad-referendum", statusDate: "2026-11-25", statusBody: "CSH" }), "MM/DD/YY")).toBe("agreed ad referendum on 11/25/26 by the CSH");
    expect(statusDescription(status({ status: "agreed-ad-referendum", statusDate: "2026-11-25" }), "Month D, YYYY")).toBe("agreed ad referendum on November 25, 2026");
  });
});

describe("bracket tags", () => {
  const registry = DelegationRegistry.default.with({ code: "WG", name: "Working Group", kind: "group", tags: ["WG"] });

  it("write a state by its preferred tag, a group by its name, an unknown code as itself", () => {
    expect(delegationTag("URY", registry)).toBe("Uru");
    expect(delegationTag("WG", registry)).toBe("Working Group");
    expect(delegationTag("XYZ", registry)).toBe("XYZ");
  });

  it("join co-sponsors and leave untagged brackets bare", () => {
    expect(bracketTag(["ARG", "BRA"], registry)).toBe("Arg, Bra:");
    expect(bracketTag([], registry)).toBe("");
  });

  it("name delegations for people", () => {
    expect(delegationName("URY", registry)).toBe("Uruguay");
    expect(delegationName("XYZ", registry)).toBe("XYZ");
  });
});

describe("presence labels", () => {
  it("read the identity the server stamped", () => {
    const user = presenceUser({ name: "Ana Pérez", username: "ana", role: "delegate", delegation: "URY", colour: "#024e6e" });
    expect(presenceLabel(user)).toBe("Ana Pérez (URY)");
    expect(user.colour).toBe("#024e6e");
  });

  it("name the chair and the secretariat by role", () => {
    expect(presenceLabel(presenceUser({ name: "María", role: "chair", delegation: "" }))).toBe("María (chair)");
  });

  it("survive missing or malformed states", () => {
    expect(presenceLabel(presenceUser(undefined))).toBe("someone");
    expect(presenceLabel(presenceUser({ username: "ana" }))).toBe("ana");
    expect(presenceUser({ colour: "red; background: url(x)" }).colour).toBe(NEUTRAL_PRESENCE_COLOUR);
    expect(presenceUser({ name: 42 }).name).toBe("");
  });
});

describe("connection state", () => {
  const facts = (f: Partial<ConnectionFacts>): ConnectionFacts => ({ online: true, socket: "connected", everSynced: true, synced: true, unsyncedChanges: 0, ...f });

  it("is connecting until the first sync, offline when the browser is", () => {
    expect(connectionState(facts({ everSynced: false, synced: false, socket: "connecting" }))).toBe("connecting");
    expect(connectionState(facts({ everSynced: false, socket: "disconnected" }))).toBe("connecting");
    expect(connectionState(facts({ everSynced: false, online: false }))).toBe("offline");
  });

  it("is offline while the socket is down after a first sync, without flickering to connecting", () => {
    expect(connectionState(facts({ socket: "disconnected" }))).toBe("offline");
    expect(connectionState(facts({ socket: "connecting" }))).toBe("offline");
  });

  it("is syncing while the handshake or local changes are in flight, connected otherwise", () => {
    expect(connectionState(facts({ synced: false }))).toBe("syncing");
    expect(connectionState(facts({ unsyncedChanges: 2 }))).toBe("syncing");
    expect(connectionState(facts({}))).toBe("connected");
  });
});

describe("the refusal message", () => {
  it("reads the reason of a rejected update", () => {
    expect(rejectionReason(JSON.stringify({ type: "rejected", reason: "paragraph 5 is agreed informally and locked" }))).toBe("paragraph 5 is agreed informally and locked");
    expect(rejectionReason(JSON.stringify({ type: "rejected" }))).toBe("the server refused the edit");
  });

  it("ignores any other stateless message", () => {
    expect(rejectionReason("not json")).toBeNull();
    expect(rejectionReason(JSON.stringify({ type: "hello" }))).toBeNull();
  });
});

describe("shortcuts", () => {
  it("list the chair's actions for the chair and the secretariat only", () => {
    const accept = SHORTCUTS.find((s) => s.keys.includes("Mod-Alt-a"))!;
    expect(accept.roles).toEqual(["chair", "secretariat"]);
    expect(SHORTCUTS.find((s) => s.keys.includes("Mod-z"))!.roles).not.toContain("observer");
  });
});

describe("small words", () => {
  it("describe footnotes on hover", () => {
    expect(footnoteTooltip({ id: "f1", kind: "reservation", delegation: "ECU", text: "Ecuador reserves its position." })).toBe("Reservation (ECU): Ecuador reserves its position.");
    expect(footnoteTooltip({ id: "f2", kind: "procedural", delegation: "", text: "Quorum." })).toBe("Procedural note: Quorum.");
  });

  it("write today's date as a status date", () => {
    expect(today(new Date(2026, 3, 9))).toBe("2026-04-09");
  });
});
