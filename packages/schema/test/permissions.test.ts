import { describe, expect, it } from "vitest";
import {
  allowedBlockActions,
  allowedProposalActions,
  BLOCK_ACTIONS,
  DelegationRegistry,
  DOCUMENT_ACTIONS,
  isProposer,
  isSupporter,
  mayAct,
  membershipProblem,
  PROPOSAL_ACTIONS,
  proposerOf,
  type Action,
  type ActionFacts,
  type BlockAction,
  type BlockFacts,
  type Member,
  type ParagraphStatus,
  type ProposalAction,
  type ProposalFacts,
  type ProposalState,
} from "@accord/schema";

const chair: Member = { role: "chair", delegation: "" };
const secretariat: Member = { role: "secretariat", delegation: "" };
const secretariatForURY: Member = { role: "secretariat", delegation: "URY" };
const uruguay: Member = { role: "delegate", delegation: "URY" };
const observer: Member = { role: "observer", delegation: "" };
const delegateOfNothing: Member = { role: "delegate", delegation: "" };
const MEMBERS = { chair, secretariat, secretariatForURY, uruguay, observer, delegateOfNothing } as const;
type MemberName = keyof typeof MEMBERS;

const LOCKED: readonly ParagraphStatus[] = ["agreed-informally", "agreed-ad-referendum", "approved", "deleted-informally", "deleted-ad-referendum"];

const bracket = (by: string[], state: ProposalState = "open", blockStatus: ParagraphStatus = "open"): ProposalFacts => ({ id: "b1", kind: "inline", by, state, blockStatus });
const proposedParagraph = (by: string[], state: ProposalState = "open", blockStatus: ParagraphStatus = "open"): ProposalFacts => ({ id: "p6", kind: "paragraph", by, state, blockStatus });

describe("proposerOf", () => {
  it("reads the proposer as the first delegation and every later one as a supporter", () => {
    expect(proposerOf(["URY", "BRA"])).toBe("URY");
    expect(proposerOf([])).toBeUndefined();
    expect(isProposer(["URY", "BRA"], "URY")).toBe(true);
    expect(isProposer(["URY", "BRA"], "BRA")).toBe(false);
    expect(isProposer([], "")).toBe(false);
    expect(isSupporter(["URY", "BRA"], "BRA")).toBe(true);
    expect(isSupporter(["URY", "BRA"], "URY")).toBe(false);
    expect(isSupporter(["URY"], "ARG")).toBe(false);
  });
});

/**
 * The proposal matrix: for each kind of proposal, what each member is
 * offered. Invariant: a delegate acts only on its delegation's proposals and
 * supports, never decides, never in a locked paragraph; the chair and the
 * secretariat decide everything, reopen only decided proposals, and add
 * supporters only to open, tagged brackets; an observer does nothing.
 */
const PROPOSAL_TABLE: [string, ProposalFacts, Partial<Record<MemberName, ProposalAction[]>>][] = [
  [
    "Uruguay's own open bracket",
    bracket(["URY"]),
    { chair: ["accept", "reject", "withdraw", "support-on-behalf"], uruguay: ["withdraw"] },
  ],
  ["Uruguay's bracket Brazil supports", bracket(["URY", "BRA"]), { chair: ["accept", "reject", "withdraw", "support-on-behalf"], uruguay: ["withdraw"] }],
  ["Brazil's bracket", bracket(["BRA"]), { chair: ["accept", "reject", "withdraw", "support-on-behalf"], uruguay: ["support"] }],
  ["Brazil's bracket Uruguay supports", bracket(["BRA", "URY"]), { chair: ["accept", "reject", "withdraw", "support-on-behalf"], uruguay: ["withdraw-support"] }],
  // Untagged: disputed base text. Withdrawn as the server withdraws it; nobody's to support.
  ["an untagged bracket", bracket([]), { chair: ["accept", "reject", "withdraw"], uruguay: [] }],
  ["Uruguay's accepted bracket", bracket(["URY"], "accepted"), { chair: ["reopen"], uruguay: [] }],
  ["Brazil's rejected bracket", bracket(["BRA"], "rejected"), { chair: ["reopen"], uruguay: [] }],
  ["Brazil's withdrawn bracket Uruguay supported", bracket(["BRA", "URY"], "withdrawn"), { chair: ["reopen"], uruguay: [] }],
  ["Uruguay's proposed paragraph", proposedParagraph(["URY"]), { chair: ["accept", "reject", "withdraw"], uruguay: ["withdraw"] }],
  // Only brackets are supported through the product; a supporter may still take its support back.
  ["Brazil's proposed paragraph", proposedParagraph(["BRA"]), { chair: ["accept", "reject", "withdraw"], uruguay: [] }],
  ["Brazil's proposed paragraph Uruguay supports", proposedParagraph(["BRA", "URY"]), { chair: ["accept", "reject", "withdraw"], uruguay: ["withdraw-support"] }],
  ["an alternative nobody is named for", proposedParagraph([]), { chair: ["accept", "reject", "withdraw"], uruguay: [] }],
  ["a decided proposed paragraph", proposedParagraph(["URY"], "accepted"), { chair: ["reopen"], uruguay: [] }],
  ...LOCKED.flatMap((status): [string, ProposalFacts, Partial<Record<MemberName, ProposalAction[]>>][] => [
    [`Uruguay's bracket in a paragraph ${status}`, bracket(["URY"], "open", status), { chair: ["accept", "reject", "withdraw", "support-on-behalf"], uruguay: [] }],
    [`Brazil's bracket in a paragraph ${status}`, bracket(["BRA"], "open", status), { chair: ["accept", "reject", "withdraw", "support-on-behalf"], uruguay: [] }],
    [`Brazil's bracket Uruguay supports in a paragraph ${status}`, bracket(["BRA", "URY"], "open", status), { chair: ["accept", "reject", "withdraw", "support-on-behalf"], uruguay: [] }],
    [`Uruguay's paragraph, ${status}`, proposedParagraph(["URY"], "open", status), { chair: ["accept", "reject", "withdraw"], uruguay: [] }],
  ]),
];

describe("who may do what to a proposal", () => {
  for (const [name, proposal, expected] of PROPOSAL_TABLE) {
    it(`on ${name}`, () => {
      const chairs = expected.chair!;
      // The secretariat is the chair's equal, whatever delegation it acts for.
      expect(allowedProposalActions(chair, proposal)).toEqual(chairs);
      expect(allowedProposalActions(secretariat, proposal)).toEqual(chairs);
      expect(allowedProposalActions(secretariatForURY, proposal)).toEqual(chairs);
      expect(allowedProposalActions(uruguay, proposal)).toEqual(expected.uruguay);
      expect(allowedProposalActions(observer, proposal)).toEqual([]);
      expect(allowedProposalActions(delegateOfNothing, proposal)).toEqual([]);
    });
  }
});

/**
 * The block matrix. Invariant: only the chair and the secretariat set
 * statuses and choose alternatives (among a set of alternatives only); a
 * reservation is recorded for a delegation, on any paragraph (agreed ones
 * included); paragraphs and alternatives are proposed for a delegation
 * next to open paragraphs only; observers do nothing.
 */
const paragraph = (status: ParagraphStatus = "open", inAlternativeSet = false): BlockFacts => ({ type: "paragraph", status, inAlternativeSet });
const heading: BlockFacts = { type: "heading", status: "open", inAlternativeSet: false };
const BLOCK_TABLE: [string, BlockFacts, Record<MemberName, BlockAction[]>][] = [
  [
    "an open paragraph",
    paragraph(),
    {
      chair: ["status", "reserve"],
      secretariat: ["status", "reserve"],
      secretariatForURY: ["status", "reserve", "propose-paragraph", "propose-alternative"],
      uruguay: ["reserve", "propose-paragraph", "propose-alternative"],
      observer: [],
      delegateOfNothing: [],
    },
  ],
  [
    "an open paragraph with alternatives",
    paragraph("open", true),
    {
      chair: ["status", "choose", "reserve"],
      secretariat: ["status", "choose", "reserve"],
      secretariatForURY: ["status", "choose", "reserve", "propose-paragraph", "propose-alternative"],
      uruguay: ["reserve", "propose-paragraph", "propose-alternative"],
      observer: [],
      delegateOfNothing: [],
    },
  ],
  ["a heading", heading, { chair: ["status"], secretariat: ["status"], secretariatForURY: ["status"], uruguay: [], observer: [], delegateOfNothing: [] }],
  ...LOCKED.map((status): [string, BlockFacts, Record<MemberName, BlockAction[]>] => [
    `a paragraph ${status} with alternatives`,
    paragraph(status, true),
    {
      chair: ["status", "choose", "reserve"],
      secretariat: ["status", "choose", "reserve"],
      secretariatForURY: ["status", "choose", "reserve"],
      uruguay: ["reserve"],
      observer: [],
      delegateOfNothing: [],
    },
  ]),
];

describe("who may do what to a block", () => {
  for (const [name, block, expected] of BLOCK_TABLE) {
    it(`on ${name}`, () => {
      for (const [who, member] of Object.entries(MEMBERS)) expect(allowedBlockActions(member, block), who).toEqual(expected[who as MemberName]);
    });
  }
});

describe("who may do what to a document", () => {
  it("lets everyone read and export, the chair and the secretariat edit, change metadata, restore, lift sign-in locks and reset passwords, delegations propose, only the chair manage members", () => {
    const allowed = (member: Member) => DOCUMENT_ACTIONS.filter((action) => mayAct(member, action).ok);
    expect(allowed(chair)).toEqual(["read", "export", "edit-text", "edit-metadata", "restore", "manage-members", "manage-sign-ins", "reset-password"]);
    expect(allowed(secretariat)).toEqual(["read", "export", "edit-text", "edit-metadata", "restore", "manage-sign-ins", "reset-password"]);
    expect(allowed(secretariatForURY)).toEqual(["read", "export", "edit-text", "propose-text", "edit-metadata", "restore", "manage-sign-ins", "reset-password"]);
    expect(allowed(uruguay)).toEqual(["read", "export", "propose-text"]);
    expect(allowed(observer)).toEqual(["read", "export"]);
    expect(allowed(delegateOfNothing)).toEqual(["read", "export"]);
  });

  it("lets the chair and the secretariat reset a member's password only as far as they manage: not a chair's for the secretariat, never an account in a negotiation they do not manage", () => {
    const account = (role: Member["role"], unmanagedElsewhere = 0) => ({ username: "someone", role, unmanagedElsewhere });
    for (const role of ["chair", "secretariat", "delegate", "observer"] as const) {
      expect(mayAct(chair, "reset-password", { account: account(role) }).ok, role).toBe(true);
      expect(mayAct(secretariat, "reset-password", { account: account(role) }).ok, role).toBe(role !== "chair");
      expect(mayAct(chair, "reset-password", { account: account(role, 1) }), role).toEqual({
        ok: false,
        forbidden: true,
        reason: "someone is also a member of another negotiation you do not manage: the server's administrator resets this password (accord user passwd)",
      });
    }
    expect(mayAct(secretariat, "reset-password", { account: account("chair") })).toEqual({ ok: false, forbidden: true, reason: "someone is a chair: only a chair may reset a chair's password" });
    expect(mayAct(chair, "reset-password", { account: account("delegate", 3) })).toMatchObject({ reason: expect.stringMatching(/of 3 other negotiations you do not manage/) });
    for (const member of [uruguay, observer, delegateOfNothing]) {
      expect(mayAct(member, "reset-password", { account: account("observer") })).toMatchObject({ ok: false, forbidden: true });
    }
    expect(mayAct(observer, "reset-password")).toEqual({ ok: false, forbidden: true, reason: "only the chair or the secretariat may reset a member's password; you are an observer" });
  });

  it("lets a delegation propose text in open paragraphs only", () => {
    expect(mayAct(uruguay, "propose-text", { block: paragraph() }).ok).toBe(true);
    for (const status of LOCKED) expect(mayAct(uruguay, "propose-text", { block: paragraph(status) })).toMatchObject({ ok: false, forbidden: true });
    expect(mayAct(uruguay, "propose-text", { block: heading })).toMatchObject({ ok: false, reason: "delegations propose in paragraphs, not in headings" });
  });
});

/** Every action, and the facts that reach each kind of rule. */
const ALL_ACTIONS: readonly Action[] = [...PROPOSAL_ACTIONS, ...BLOCK_ACTIONS, ...DOCUMENT_ACTIONS];
const ALL_FACTS: ActionFacts[] = [
  ...PROPOSAL_TABLE.map(([, proposal]) => ({ proposal })),
  ...BLOCK_TABLE.map(([, block]) => ({ block })),
  { for: "URY" },
  { for: "BRA" },
  {},
];

describe("every refusal", () => {
  it("carries a sentence, and facts only ever narrow what a role may do", () => {
    let refusals = 0;
    for (const member of Object.values(MEMBERS)) {
      for (const action of ALL_ACTIONS) {
        const anywhere = mayAct(member, action);
        for (const facts of ALL_FACTS) {
          const verdict = mayAct(member, action, facts);
          if (verdict.ok) {
            // Invariant: what is allowed on a target is allowed to the role at all.
            expect(anywhere.ok, `${member.role} ${member.delegation} ${action}`).toBe(true);
          } else {
            refusals++;
            expect(verdict.reason.length).toBeGreaterThan(20);
            expect(verdict.reason).not.toMatch(/undefined|\[object/);
          }
        }
      }
    }
    expect(refusals).toBeGreaterThan(500);
  });

  it("names the roles that may and the member that may not", () => {
    expect(mayAct(uruguay, "accept")).toEqual({ ok: false, forbidden: true, reason: "only the chair or the secretariat may accept a proposal; you are a delegate of URY" });
    expect(mayAct(observer, "withdraw")).toEqual({ ok: false, forbidden: true, reason: "only the chair, the secretariat or a delegate may withdraw a proposal; you are an observer" });
    expect(mayAct(secretariat, "manage-members")).toEqual({ ok: false, forbidden: true, reason: "only the chair may change who is in the document; you are the secretariat" });
    expect(mayAct(uruguay, "manage-sign-ins")).toEqual({ ok: false, forbidden: true, reason: "only the chair or the secretariat may unlock a member's sign-in; you are a delegate of URY" });
    expect(mayAct(uruguay, "edit-text")).toMatchObject({ forbidden: true, reason: expect.stringMatching(/propose changes as URY's proposals$/) });
  });

  it("tells a forbidden act (the role) from one nobody could do (the target)", () => {
    expect(mayAct(uruguay, "withdraw", { proposal: bracket(["BRA"]) })).toEqual({
      ok: false,
      forbidden: true,
      reason: "proposal b1 is not sponsored by URY: a delegate withdraws only its own delegation's proposals",
    });
    expect(mayAct(uruguay, "withdraw", { proposal: bracket(["URY"], "open", "agreed-informally") })).toEqual({
      ok: false,
      forbidden: true,
      reason: "the paragraph it is in is agreed informally: only the chair or the secretariat may withdraw a proposal there",
    });
    expect(mayAct(uruguay, "withdraw", { proposal: bracket(["BRA", "URY"]) })).toMatchObject({ forbidden: true, reason: expect.stringMatching(/may take back its support, not withdraw/) });
    expect(mayAct(chair, "accept", { proposal: bracket(["URY"], "accepted") })).toEqual({ ok: false, forbidden: false, reason: "proposal b1 is already accepted; reopen it first" });
    expect(mayAct(chair, "support-on-behalf", { proposal: bracket([]) })).toMatchObject({ forbidden: false, reason: expect.stringMatching(/untagged bracket/) });
    expect(mayAct(uruguay, "support", { proposal: proposedParagraph(["BRA"]) })).toMatchObject({ forbidden: false, reason: expect.stringMatching(/only bracketed proposals can be supported/) });
    expect(mayAct(uruguay, "withdraw-support", { proposal: bracket(["URY", "BRA"]) })).toMatchObject({ forbidden: false, reason: "proposal b1 is URY's own: withdraw the proposal instead" });
  });

  it("lets a delegate act only in its own delegation's name; the chair and the secretariat in any delegation's", () => {
    expect(mayAct(uruguay, "support", { for: "BRA" })).toEqual({ ok: false, forbidden: true, reason: "you are a delegate of URY: you may support a proposal for URY only" });
    expect(mayAct(uruguay, "support-on-behalf")).toMatchObject({ forbidden: true });
    expect(mayAct(uruguay, "reserve", { for: "BRA" })).toEqual({ ok: false, forbidden: true, reason: "you are a delegate of URY: you may record a reservation for URY only" });
    expect(mayAct(uruguay, "reserve", { for: "URY" }).ok).toBe(true);
    expect(mayAct(chair, "reserve", { for: "BRA" }).ok).toBe(true);
    expect(mayAct(chair, "support-on-behalf", { for: "BRA", proposal: bracket(["URY"]) }).ok).toBe(true);
    expect(mayAct(chair, "support-on-behalf", { for: "URY", proposal: bracket(["URY"]) })).toMatchObject({ forbidden: false, reason: "URY already sponsors proposal b1" });
    // On a paragraph before a delegation is named, the chair is offered the form, which names it.
    expect(mayAct(chair, "reserve", { block: paragraph() }).ok).toBe(true);
    // Naming none is nobody's reservation.
    expect(mayAct(chair, "reserve", { block: paragraph(), for: "" })).toMatchObject({ ok: false, forbidden: false, reason: "name the delegation that reserves its position" });
    expect(mayAct(chair, "reserve", { for: "" })).toMatchObject({ ok: false, forbidden: false });
    expect(mayAct(chair, "reserve").ok).toBe(true);
  });

  it("throws on an action it does not know (a caller's bug)", () => {
    expect(() => mayAct(chair, "delete-everything" as Action)).toThrow(RangeError);
  });
});

// Invariant: a delegate holds exactly one delegation code of the document's registry, and no other role holds one.
describe("who may hold which membership", () => {
  const registry = DelegationRegistry.default;

  it("gives a delegate a code of the registry, and no other role a delegation", () => {
    expect(membershipProblem(registry, "delegate", "URY")).toBeNull();
    for (const role of ["chair", "secretariat", "observer"]) {
      expect(membershipProblem(registry, role, "")).toBeNull();
      expect(membershipProblem(registry, role, "URY")).toBe(`only a delegate has a delegation; a ${role} has none (leave out the delegation)`);
    }
  });

  it("says what to give instead: the code for a tag, a delegation for a delegate without one, a known role", () => {
    expect(membershipProblem(registry, "delegate", "Uru")).toBe("'Uru' is a tag; give the delegation's code: URY (Uruguay)");
    expect(membershipProblem(registry, "delegate", "")).toMatch(/^a delegate needs a delegation/);
    expect(membershipProblem(registry, "delegate", "ZZZ")).toBe("'ZZZ' is not a delegation of this document (give a code from its registry, such as URY)");
    expect(membershipProblem(registry, "president", "")).toBe("unknown role 'president' (roles: chair, secretariat, delegate, observer)");
  });
});
