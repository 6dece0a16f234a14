import { isSupporter, mayAct, type ActionFacts, type BlockFacts, type Member, type Permission, type ProposalFacts, type Role } from "@accord/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiServer } from "./api-support.js";

// Invariant: the API allows exactly what `mayAct` of @accord/schema allows —
// the rule the page builds its menus from — and answers 403 exactly when
// mayAct says the member's role or delegation forbids it. Each request is
// made on a fresh copy of a document holding every kind of proposal and
// block, by each role, on a real server. The server asks mayAct itself, so
// this proves the agreement with what the operations refuse (a decided
// proposal, an untagged bracket …); the rules themselves are proven by the
// table in packages/schema/test/permissions.test.ts.

const DRAFT = `Objective 1

1. Delegations [Uru: own] text.

2. Delegations [Bra, Uru: supported] text.

3. Delegations [Bra: others] text.

4. Delegations [disputed] text.

5. Delegations [Uru: decided] (accepted) text.

6. Delegations [Bra, Uru: gone] (withdrawn) text.

7. Locked [Uru: own locked] and [Bra, Uru: supported locked] text. AGREED INF 04/19/12

7 bis. [URY: A paragraph Uruguay proposes.]

7 ter. [BRA, URY: A paragraph Brazil proposes.]

8. Base text with an alternative.

8 alt. [BRA: An alternative of Brazil's.]
`;

const MEMBERS: Record<string, Member> = {
  chair: { role: "chair", delegation: "" },
  secretariat: { role: "secretariat", delegation: "" },
  uruguay: { role: "delegate", delegation: "URY" },
  observer: { role: "observer", delegation: "" },
};

let t: ApiServer;
const tokens: Record<string, string> = {};
let copies = 0;

beforeAll(async () => {
  t = await startApi();
  await t.user("chair");
  tokens.chair = await t.login("chair");
  for (const name of Object.keys(MEMBERS)) {
    if (name === "chair") continue;
    await t.user(name);
    tokens[name] = await t.login(name);
  }
});
afterAll(async () => t.close());

/** A fresh copy of the draft, every member in it. */
async function freshCopy(): Promise<string> {
  const id = await t.create(tokens.chair!, DRAFT, `copy${++copies}`);
  for (const [name, member] of Object.entries(MEMBERS)) {
    if (name !== "chair") await t.user(name, { documentId: id, role: member.role as Role, delegation: member.delegation });
  }
  return id;
}

/** The proposals of DRAFT: every combination of proposer, supporter, state, lock and kind the rules tell apart. */
const KINDS = [
  "inline URY open in open",
  "inline BRA+URY open in open",
  "inline BRA open in open",
  "inline  open in open",
  "inline URY accepted in open",
  "inline BRA+URY withdrawn in open",
  "inline URY open in agreed-informally",
  "inline BRA+URY open in agreed-informally",
  "paragraph URY open in open",
  "paragraph BRA+URY open in open",
  "paragraph BRA open in open",
];

/** Each proposal of a copy as the rules see it, from `GET …/proposals`. */
async function proposalsOf(id: string): Promise<ProposalFacts[]> {
  const answer = await t.call("GET", `/documents/${id}/proposals`, { token: tokens.chair });
  return answer.body.proposals.map((p: { id: string; kind: string; by: { code: string }[]; state: ProposalFacts["state"]; block: { status: ProposalFacts["blockStatus"] } }) => ({
    id: p.id,
    kind: p.kind === "inline" ? "inline" : "paragraph",
    by: p.by.map((d) => d.code),
    state: p.state,
    blockStatus: p.block.status,
  }));
}

/** The blocks of a copy as the rules see them, with their ids, from `GET …/content`. */
async function blocksOf(id: string): Promise<(BlockFacts & { id: string })[]> {
  const answer = await t.call("GET", `/documents/${id}/content`, { token: tokens.chair });
  const blocks = answer.body.content.content as { type: "heading" | "paragraph"; attrs: { id: string; status: BlockFacts["status"]; alternativeTo?: string } }[];
  const inSets = new Set(blocks.flatMap((b) => (b.attrs.alternativeTo ? [b.attrs.id, b.attrs.alternativeTo] : [])));
  return blocks.map((b) => ({ id: b.attrs.id, type: b.type, status: b.attrs.status, inAlternativeSet: inSets.has(b.attrs.id) }));
}

/** What the answer must be for a verdict: 200 when allowed, 403 exactly when forbidden, another refusal otherwise. */
function expectAgreement(status: number, verdict: Permission, what: string): void {
  if (verdict.ok) expect(status, what).toBe(200);
  else if (verdict.forbidden) expect(status, `${what}: ${verdict.reason}`).toBe(403);
  else expect([400, 404, 409], `${what}: ${verdict.reason} (got ${status})`).toContain(status);
}

/** The requests the page makes for proposal actions, and the verdict the rules give each. */
const PROPOSAL_REQUESTS: { name: string; path: string; json: object; verdict: (member: Member, proposal: ProposalFacts) => Permission }[] = [
  ...(["accept", "reject", "reopen"] as const).map((action) => ({ name: action, path: action, json: {}, verdict: (m: Member, proposal: ProposalFacts) => mayAct(m, action, { proposal }) })),
  {
    // The page sends a withdrawal for both; a delegate's withdrawal of a proposal its delegation only supports takes that support back.
    name: "withdraw",
    path: "withdraw",
    json: {},
    verdict: (m, proposal) => mayAct(m, m.role === "delegate" && isSupporter(proposal.by, m.delegation) ? "withdraw-support" : "withdraw", { proposal }),
  },
  { name: "support", path: "support", json: {}, verdict: (m, proposal) => mayAct(m, "support", { proposal }) },
  { name: "support for ARG", path: "support", json: { delegation: "ARG" }, verdict: (m, proposal) => mayAct(m, "support-on-behalf", { proposal, for: "ARG" }) },
];

describe("the API allows what mayAct allows on proposals", () => {
  for (const request of PROPOSAL_REQUESTS) {
    it(`${request.name}, by every role on every kind of proposal`, async () => {
      let allowed = 0;
      for (const [name, member] of Object.entries(MEMBERS)) {
        const id = await freshCopy();
        const proposals = await proposalsOf(id);
        expect(proposals.map((p) => `${p.kind} ${p.by.join("+")} ${p.state} in ${p.blockStatus}`)).toEqual(KINDS);
        for (const proposal of proposals) {
          const answer = await t.call("POST", `/documents/${id}/proposals/${proposal.id}/${request.path}`, { token: tokens[name], json: request.json });
          const verdict = request.verdict(member, proposal);
          expectAgreement(answer.status, verdict, `${name} ${request.name} ${JSON.stringify(proposal)} → ${JSON.stringify(answer.body)}`);
          if (verdict.ok) allowed++;
        }
      }
      // Each request is allowed somewhere: the table does not pass by refusing everything.
      expect(allowed).toBeGreaterThan(0);
    });
  }
});

/** The requests behind block actions, with the facts the rules get. */
const BLOCK_REQUESTS: { name: string; path: string; json: object; action: "status" | "choose" | "reserve"; facts: (block: BlockFacts, member: Member) => ActionFacts }[] = [
  { name: "status", path: "status", json: { status: "agreed-ad-referendum", date: "2026-11-25" }, action: "status", facts: (block) => ({ block }) },
  { name: "choose", path: "choose", json: {}, action: "choose", facts: (block) => ({ block }) },
  // A reservation naming no delegation is a delegate's own; from the chair or the secretariat, it names none.
  { name: "reserve", path: "reservation", json: { text: "Reserves its position." }, action: "reserve", facts: (block, member) => (member.role === "delegate" ? { block } : { block, for: "" }) },
  { name: "reserve for ARG", path: "reservation", json: { delegation: "ARG", text: "Reserves its position." }, action: "reserve", facts: (block) => ({ block, for: "ARG" }) },
];

describe("the API allows what mayAct allows on blocks", () => {
  for (const request of BLOCK_REQUESTS) {
    it(`${request.name}, by every role on headings, open, agreed and alternative paragraphs`, async () => {
      let allowed = 0;
      for (const [name, member] of Object.entries(MEMBERS)) {
        const id = await freshCopy();
        for (const block of await blocksOf(id)) {
          const answer = await t.call("POST", `/documents/${id}/blocks/${block.id}/${request.path}`, { token: tokens[name], json: request.json });
          const verdict = mayAct(member, request.action, request.facts(block, member));
          expectAgreement(answer.status, verdict, `${name} ${request.name} ${JSON.stringify(block)} → ${JSON.stringify(answer.body)}`);
          if (verdict.ok) allowed++;
        }
      }
      expect(allowed).toBeGreaterThan(0);
    });
  }
});

describe("the API allows what mayAct allows on members", () => {
  it("lets only the chair change who is in a document", async () => {
    const id = await freshCopy();
    for (const [name, member] of Object.entries(MEMBERS)) {
      const answer = await t.call("POST", `/documents/${id}/members`, { token: tokens[name], json: { username: "observer", role: "observer" } });
      const verdict = mayAct(member, "manage-members");
      if (verdict.ok) expect(answer.status, name).toBe(200);
      else expect([answer.status, answer.body.error], name).toEqual([403, verdict.reason]);
    }
  });
});
