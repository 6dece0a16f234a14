import { findProposal } from "@accord/merge";
import { parseDocumentJSON, type NegotiationDocument } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlan, type ApiServer } from "./api-support.js";

let t: ApiServer;
let chair: string;
let secretariat: string;
let uruguay: string;
let brazil: string;
let observer: string;

beforeAll(async () => {
  ({ t, chair, members: { secretariat, uruguay, brazil, observer } } = await startPlan({
    secretariat: ["secretariat"],
    uruguay: ["delegate", "URY"],
    brazil: ["delegate", "BRA"],
    observer: ["observer"],
  }));
});
afterAll(async () => t.close());

async function content(): Promise<NegotiationDocument> {
  const answer = await t.call("GET", "/documents/plan/content", { token: chair });
  const parsed = parseDocumentJSON(JSON.stringify(answer.body));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const stateOf = async (id: string) => findProposal((await content()).content, id)?.attrs.state;
const post = (token: string, path: string, json?: unknown) => t.call("POST", `/documents/plan${path}`, { token, ...(json === undefined ? {} : { json }) });

describe("GET /api/documents/:id/proposals", () => {
  it("lists inline and whole-paragraph proposals with their ids, in document order", async () => {
    const answer = await t.call("GET", "/documents/plan/proposals", { token: observer });
    expect(answer.status).toBe(200);
    const summary = answer.body.proposals.map((p: { id: string; kind: string; by: { code: string }[]; text: string }) => [p.id, p.kind, p.by.map((d) => d.code), p.text]);
    expect(summary).toEqual([
      ["b1", "inline", ["URY"], "while"],
      ["b2", "inline", ["BRB"], "~~gender~~ age"],
      ["b3", "inline", ["ARG", "BRA"], "joint"],
      ["p5", "paragraph", ["PER"], "Instruct the secretariat to report."],
      ["p6", "alternative", ["MEX"], "Instruct the chair to report."],
    ]);
    expect(answer.body.proposals[0]).toEqual({
      id: "b1",
      kind: "inline",
      state: "open",
      by: [{ code: "URY", name: "Uruguay" }],
      ops: ["insert"],
      alternativeTo: "",
      block: { id: "p2", type: "paragraph", label: "2.", status: "open" },
      heading: "Objective 1.2",
      text: "while",
      note: "",
      positions: [],
    });
    expect(answer.body.proposals[4].alternativeTo).toBe("p5");
  });

  it("filters by state", async () => {
    const answer = await t.call("GET", "/documents/plan/proposals?state=withdrawn", { token: chair });
    expect(answer.body).toEqual({ proposals: [] });
    expect((await t.call("GET", "/documents/plan/proposals?state=pending", { token: chair })).status).toBe(400);
  });
});

describe("accept, reject, reopen", () => {
  it("the chair accepts: /content changes and /audit records who did it", async () => {
    const answer = await post(chair, "/proposals/b1/accept");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ message: "Accepted Uruguay’s proposal b1 (“while”) in paragraph 2 under “Objective 1.2”." });
    expect(await stateOf("b1")).toBe("accepted");
    const audit = await t.call("GET", "/documents/plan/audit?limit=1", { token: chair });
    expect(audit.body.entries[0]).toMatchObject({ username: "chair", action: "accept", message: answer.body.message, detail: { proposal: "b1", role: "chair" } });
  });

  it("refuses what the document refuses with 409 and the reason, and changes nothing", async () => {
    const again = await post(chair, "/proposals/b1/accept");
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already accepted; reopen it first/);
    const base = await post(chair, "/proposals/p2/accept");
    expect(base.status).toBe(409);
    expect(base.body.error).toMatch(/base text, not a proposal/);
  });

  it("answers an unknown proposal with 404", async () => {
    const answer = await post(chair, "/proposals/b99/reject");
    expect(answer.status).toBe(404);
    expect(answer.body.error).toBe("there is no proposal b99 in this document");
  });

  it("the secretariat reopens and rejects", async () => {
    expect((await post(secretariat, "/proposals/b1/reopen")).status).toBe(200);
    expect(await stateOf("b1")).toBe("open");
    expect((await post(secretariat, "/proposals/b1/reject")).status).toBe(200);
    expect(await stateOf("b1")).toBe("rejected");
    expect((await post(secretariat, "/proposals/b1/reopen")).status).toBe(200);
  });

  it("a delegate and an observer get 403, and nothing changes", async () => {
    for (const [token, who] of [
      [uruguay, "a delegate of URY"],
      [observer, "an observer"],
    ] as const) {
      for (const action of ["accept", "reject", "reopen"]) {
        const answer = await post(token, `/proposals/b1/${action}`);
        expect(answer.status).toBe(403);
        expect(answer.body.error).toBe(`only the chair or the secretariat may ${action} a proposal; you are ${who}`);
      }
    }
    expect(await stateOf("b1")).toBe("open");
  });

  it("refuses a body or query parameters the operation does not take", async () => {
    expect((await post(chair, "/proposals/b1/accept", { note: "x" })).status).toBe(400);
    expect((await t.call("POST", "/documents/plan/proposals/b1/accept?force=1", { token: chair })).status).toBe(400);
  });
});

describe("support", () => {
  it("a delegate supports for its own delegation: 200", async () => {
    const answer = await post(uruguay, "/proposals/b2/support", {});
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/^Uruguay supports Barbados’s proposal b2/);
    expect(findProposal((await content()).content, "b2")?.attrs.by).toEqual(["BRB", "URY"]);
    const audit = await t.call("GET", "/documents/plan/audit?limit=1", { token: uruguay });
    expect(audit.body.entries[0]).toMatchObject({ username: "uruguay", delegation: "URY", action: "support" });
  });

  it("a delegate naming its own delegation is the same; another delegation is a 403", async () => {
    expect((await post(brazil, "/proposals/b1/support", { delegation: "BRA" })).status).toBe(200);
    const other = await post(brazil, "/proposals/b2/support", { delegation: "ARG" });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe("you are a delegate of BRA: you may support a proposal for BRA only");
    expect(findProposal((await content()).content, "b2")?.attrs.by).not.toContain("ARG");
  });

  it("the chair supports for any delegation it names; without one it is a 400", async () => {
    expect((await post(chair, "/proposals/b2/support", { delegation: "ARG" })).status).toBe(200);
    expect((await post(chair, "/proposals/b2/support", {})).status).toBe(400);
    const unknown = await post(chair, "/proposals/b2/support", { delegation: "XXX" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/XXX is not a delegation code/);
  });

  it("refuses supporting twice with 409, an observer with 403", async () => {
    const twice = await post(uruguay, "/proposals/b2/support");
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatch(/already sponsors/);
    expect((await post(observer, "/proposals/b2/support", { delegation: "URY" })).status).toBe(403);
  });
});

describe("withdraw", () => {
  it("a delegate may not withdraw another delegation's proposal", async () => {
    const answer = await post(brazil, "/proposals/p5/withdraw");
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/not sponsored by BRA/);
  });

  it("a delegate whose delegation only supports it takes its support back; the proposal stays open, its proposer's", async () => {
    const answer = await post(brazil, "/proposals/b3/withdraw");
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/^Brazil withdraws its support from Argentina’s proposal b3/);
    const b3 = findProposal((await content()).content, "b3")!.attrs;
    expect([b3.by, b3.state]).toEqual([["ARG"], "open"]);
    // Brazil no longer sponsors it: a second withdrawal is not its to make.
    expect((await post(brazil, "/proposals/b3/withdraw")).status).toBe(403);
  });

  it("a delegate whose delegation proposed it withdraws it, supporters and all", async () => {
    // Brazil supports b1 since the support tests above.
    expect(findProposal((await content()).content, "b1")!.attrs.by).toEqual(["URY", "BRA"]);
    const answer = await post(uruguay, "/proposals/b1/withdraw");
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/^Withdrew Uruguay and Brazil’s proposal b1/);
    expect(await stateOf("b1")).toBe("withdrawn");
  });

  it("the secretariat withdraws on a delegation's behalf; an observer may not", async () => {
    expect((await post(observer, "/proposals/p6/withdraw")).status).toBe(403);
    expect((await post(secretariat, "/proposals/p6/withdraw")).status).toBe(200);
  });

  it("a delegate may not touch a proposal in an agreed paragraph", async () => {
    expect((await post(chair, "/blocks/p3/status", { status: "agreed-informally", date: "2026-11-25" })).status).toBe(200);
    const withdraw = await post(uruguay, "/proposals/b2/withdraw");
    expect(withdraw.status).toBe(403);
    expect(withdraw.body.error).toBe("the paragraph it is in is agreed informally: only the chair or the secretariat may withdraw a proposal there");
    const support = await post(brazil, "/proposals/b2/support");
    expect(support.status).toBe(403);
  });
});

describe("observers", () => {
  it("read everything a member reads", async () => {
    for (const path of ["", "/content", "/stats", "/proposals", "/members", "/audit", "/status-history", "/export?version=markup&format=txt"]) {
      expect((await t.call("GET", `/documents/plan${path}`, { token: observer })).status, path).toBe(200);
    }
  });
});
