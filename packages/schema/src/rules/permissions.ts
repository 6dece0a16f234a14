import type { DelegationRegistry } from "../registries/delegations.js";
import type { ProposalState } from "../model/proposal.js";
import { isProposer } from "./proposer.js";
import { describeStatus, isLockedStatus, type ParagraphStatus } from "../model/status.js";

/**
 * A member's role in one negotiation (design.md §4): the chair and the
 * secretariat edit everything, a delegate works through its delegation's
 * proposals, an observer reads.
 */
export type Role = "chair" | "secretariat" | "delegate" | "observer";

/** Every role. */
export const ROLES: readonly Role[] = Object.freeze(["chair", "secretariat", "delegate", "observer"]);

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Who acts: a role and the delegation acted as. */
export interface Member {
  readonly role: Role;
  /**
   * A delegate's own delegation; for the chair or the secretariat, the
   * delegation it acts for on the page ("" when none); "" for an observer.
   */
  readonly delegation: string;
}

/** What can be done to a bracket or a whole-paragraph proposal, in the order a menu lists them. */
export const PROPOSAL_ACTIONS = Object.freeze(["accept", "reject", "reopen", "withdraw", "withdraw-support", "support", "support-on-behalf"] as const);

/** What can be done to a proposal: see PROPOSAL_ACTIONS. */
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/** What can be done to a paragraph or heading, in the order a menu lists them. */
export const BLOCK_ACTIONS = Object.freeze(["status", "choose", "reserve", "propose-paragraph", "propose-alternative"] as const);

/** What can be done to a block: see BLOCK_ACTIONS. */
export type BlockAction = (typeof BLOCK_ACTIONS)[number];

/**
 * What can be done to a document as a whole: read it, export it, edit its
 * text directly, propose changes to it as a delegation, change its metadata
 * (title, symbol, date style …), bring it back to an earlier state of its
 * log, change its members, lift a member's sign-in lock, set a member's
 * password.
 */
export const DOCUMENT_ACTIONS = Object.freeze(["read", "export", "edit-text", "propose-text", "edit-metadata", "restore", "manage-members", "manage-sign-ins", "reset-password"] as const);

/** What can be done to a document: see DOCUMENT_ACTIONS. */
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

/**
 * Stating a delegation's position on a bracket (wants it deleted, retained,
 * reserves), changing or taking it back: not in a proposal's menu, the
 * proposals panel offers it apart.
 */
export const POSITION_ACTIONS = Object.freeze(["state-position"] as const);

/** What can be done about a delegation's position: see POSITION_ACTIONS. */
export type PositionAction = (typeof POSITION_ACTIONS)[number];

/** Anything a member may or may not do. */
export type Action = ProposalAction | BlockAction | DocumentAction | PositionAction;

/** What the rules need to know about a proposal. */
export interface ProposalFacts {
  readonly id: string;
  /** A bracket (`inline`, untagged when `by` is empty), a proposed paragraph or alternative, or an option of an option block (`Option 1:`: base text, `by` empty, its group as `choice`). */
  readonly kind: "inline" | "paragraph" | "option";
  /** Its delegations, the proposer first (see `proposerOf`). */
  readonly by: readonly string[];
  readonly state: ProposalState;
  /** The status of the paragraph it is in (of itself, for a proposed paragraph). */
  readonly blockStatus: ParagraphStatus;
  /** The choice group it is an option of ("" or left out: none). */
  readonly choice?: string;
}

/** What the rules need to know about a block. */
export interface BlockFacts {
  readonly type: "heading" | "paragraph";
  readonly status: ParagraphStatus;
  /** The block is one of a set of alternatives (it has alternatives, or is one). */
  readonly inAlternativeSet: boolean;
}

/**
 * What is known about the target of an action. Facts left out are not
 * judged: with none, `mayAct` answers whether the member's role may ever do
 * the action (what a server checks before it reads the document).
 */
export interface ActionFacts {
  /** The proposal acted on (proposal actions). */
  readonly proposal?: ProposalFacts;
  /** The block acted on (block actions, proposing text). */
  readonly block?: BlockFacts;
  /** The delegation in whose name a support, reservation or position is made; the member's delegation when left out. */
  readonly for?: string;
  /** The member whose password is reset: its role in this document, and in how many other documents it is a member where the one acting is not the chair or the secretariat. */
  readonly account?: AccountFacts;
}

/** What the rules need to know about the account whose password is reset. */
export interface AccountFacts {
  readonly username: string;
  readonly role: Role;
  readonly unmanagedElsewhere: number;
}

/**
 * A refusal. `forbidden` is true when the member's role or delegation is
 * what forbids it (another member could: an HTTP 403); false when nobody
 * could do it to the target as it stands (a decided proposal, an untagged
 * bracket, a heading), or something is missing (the delegation to act for).
 */
export interface Refusal {
  readonly ok: false;
  /** A sentence the person can act on: "only the chair or the secretariat may accept a proposal; you are a delegate of URY". */
  readonly reason: string;
  readonly forbidden: boolean;
}

/** Whether a member may do an action: allowed, or refused with the reason. */
export type Permission = { readonly ok: true } | Refusal;

const ALLOWED: Permission = Object.freeze({ ok: true });
const forbid = (reason: string): Refusal => ({ ok: false, reason, forbidden: true });
const cannot = (reason: string): Refusal => ({ ok: false, reason, forbidden: false });

const MANAGERS: readonly Role[] = ["chair", "secretariat"];
const MANAGERS_AND_DELEGATES: readonly Role[] = ["chair", "secretariat", "delegate"];

/** The chair and the secretariat: they edit everything and decide. */
const manages = (member: Member) => member.role === "chair" || member.role === "secretariat";

/** "the chair", "the secretariat", "a delegate of URY", "an observer": a member in a sentence. Never fails. */
export function describeMember(member: Member): string {
  if (member.role === "delegate") return member.delegation ? `a delegate of ${member.delegation}` : "a delegate";
  return member.role === "observer" ? "an observer" : `the ${member.role}`;
}

/** "the chair or the secretariat", "the chair, the secretariat or a delegate". */
function roleList(roles: readonly Role[]): string {
  const names = roles.map((role) => describeMember({ role, delegation: "" }));
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : names[0]!;
}

const onlyRoles = (roles: readonly Role[], what: string, member: Member) => forbid(`only ${roleList(roles)} may ${what}; you are ${describeMember(member)}`);

const proposalName = (p: ProposalFacts) => (p.kind === "paragraph" ? `proposed paragraph ${p.id}` : p.kind === "option" ? `option ${p.id}` : `proposal ${p.id}`);

/** A delegate may do nothing in an agreed, approved or deleted paragraph (design.md §4). */
function lockedForDelegate(member: Member, p: ProposalFacts, what: string): Refusal | null {
  if (member.role !== "delegate" || !isLockedStatus(p.blockStatus)) return null;
  const where = p.kind === "inline" ? "the paragraph it is in" : "the paragraph";
  return forbid(`${where} is ${describeStatus(p.blockStatus)}: only the chair or the secretariat may ${what} there`);
}

/** Why delegation `code` (any, when "") cannot join the proposal's supporters, or null. */
function unsupportable(p: ProposalFacts, code: string): Refusal | null {
  if (p.kind === "paragraph") return cannot(`${p.id} is a paragraph, not a bracketed proposal: only bracketed proposals can be supported`);
  if (p.kind === "option") return cannot(`${proposalName(p)} is an option of an option block, base text the chair chooses among: only bracketed proposals can be supported`);
  if (!p.by.length) return cannot(`${proposalName(p)} is an untagged bracket: it has no sponsors to join`);
  if (p.state !== "open") return cannot(`${proposalName(p)} is ${p.state}; only open proposals can be supported`);
  if (code && p.by.includes(code)) return cannot(`${code} already sponsors ${proposalName(p)}`);
  return null;
}

function decide(member: Member, action: "accept" | "reject" | "reopen", p: ProposalFacts | undefined): Permission {
  if (!manages(member)) return onlyRoles(MANAGERS, `${action} a proposal`, member);
  if (!p) return ALLOWED;
  if (action === "reopen") return p.state === "open" ? cannot(`${proposalName(p)} is open: only a decided proposal can be reopened`) : ALLOWED;
  return p.state === "open" ? ALLOWED : cannot(`${proposalName(p)} is already ${p.state}; reopen it first`);
}

function withdraw(member: Member, p: ProposalFacts | undefined): Permission {
  if (!manages(member) && member.role !== "delegate") return onlyRoles(MANAGERS_AND_DELEGATES, "withdraw a proposal", member);
  if (!p) return ALLOWED;
  if (member.role === "delegate") {
    const own = member.delegation;
    if (!p.by.includes(own)) return forbid(`${proposalName(p)} is not sponsored by ${own}: a delegate withdraws only its own delegation's proposals`);
    const locked = lockedForDelegate(member, p, "withdraw a proposal");
    if (locked) return locked;
    // A supporter takes back its support; the proposal stays its proposer's (design.md §4).
    if (!isProposer(p.by, own)) return forbid(`${own} supports ${proposalName(p)} but did not make it: it may take back its support, not withdraw the proposal`);
  }
  return p.state === "open" ? ALLOWED : cannot(`${proposalName(p)} is ${p.state}: only an open proposal can be withdrawn`);
}

function withdrawSupport(member: Member, p: ProposalFacts | undefined): Permission {
  if (member.role !== "delegate") return onlyRoles(["delegate"], "take back its delegation's support of a proposal", member);
  if (!p) return ALLOWED;
  const own = member.delegation;
  if (!p.by.includes(own)) return cannot(`${own} does not support ${proposalName(p)}`);
  if (isProposer(p.by, own)) return cannot(`${proposalName(p)} is ${own}'s own: withdraw the proposal instead`);
  const locked = lockedForDelegate(member, p, "withdraw a proposal");
  if (locked) return locked;
  return p.state === "open" ? ALLOWED : cannot(`${proposalName(p)} is ${p.state}; only open proposals can lose a supporter`);
}

function support(member: Member, action: "support" | "support-on-behalf", facts: ActionFacts): Permission {
  if (!manages(member) && member.role !== "delegate") return onlyRoles(MANAGERS_AND_DELEGATES, "support a proposal", member);
  const p = facts.proposal;
  if (member.role === "delegate") {
    const own = member.delegation;
    if (action === "support-on-behalf" || (facts.for !== undefined && facts.for !== own)) {
      return forbid(`you are ${describeMember(member)}: you may support a proposal for ${own} only`);
    }
    return (p && (lockedForDelegate(member, p, "support a proposal") ?? unsupportable(p, own))) || ALLOWED;
  }
  // The chair and the secretariat have no delegation of their own: what is missing is the one they act for.
  if (action === "support") return cannot(`${describeMember(member)} supports a proposal on a delegation's behalf: name the delegation`);
  return (p && unsupportable(p, facts.for ?? "")) || ALLOWED;
}

/**
 * Choosing among alternatives — paragraphs, or the options of a choice group
 * (`[shall][should]`) — is the chair's or the secretariat's: the chosen one
 * is accepted, the others rejected, in one step.
 */
function choose(member: Member, block: BlockFacts | undefined, p: ProposalFacts | undefined): Permission {
  if (!manages(member)) return onlyRoles(MANAGERS, "choose among alternatives", member);
  if (p) {
    if (p.kind === "paragraph" || !p.choice) return cannot(`${proposalName(p)} is no option of a choice group: accept it instead`);
    if (p.state === "withdrawn") return cannot(`${proposalName(p)} was withdrawn; reopen it first`);
    return ALLOWED;
  }
  if (block && (block.type !== "paragraph" || !block.inAlternativeSet)) return cannot(`the ${block.type} has no alternatives to choose from`);
  return ALLOWED;
}

function reserve(member: Member, facts: ActionFacts): Permission {
  if (!manages(member) && member.role !== "delegate") return onlyRoles(MANAGERS_AND_DELEGATES, "record a reservation", member);
  const code = facts.for ?? member.delegation;
  if (member.role === "delegate" && code !== member.delegation) {
    return forbid(`you are ${describeMember(member)}: you may record a reservation for ${member.delegation} only`);
  }
  // Which delegation reserves is a fact of the request: the chair or the secretariat names
  // it in the form (the page offers the form on a block before any is named).
  if (!code && facts.for !== undefined) return cannot("name the delegation that reserves its position");
  if (facts.block?.type === "heading") return cannot("a reservation is recorded on a paragraph, not on a heading");
  return ALLOWED;
}

/**
 * Proposing — text in a paragraph, a new paragraph, an alternative: a
 * delegate for its delegation, or the chair or the secretariat acting for
 * one (they may also edit directly), in open paragraphs only.
 */
function propose(member: Member, what: string, block: BlockFacts | undefined): Permission {
  if (!manages(member) && member.role !== "delegate") {
    return forbid(`only a delegate, or the chair or the secretariat acting for a delegation, may ${what}; you are ${describeMember(member)}`);
  }
  const refuse = member.role === "delegate" ? forbid : cannot;
  if (!member.delegation) return cannot(`choose the delegation you act for to ${what}, or edit the text directly`);
  if (block?.type === "heading") return refuse("delegations propose in paragraphs, not in headings");
  if (block && isLockedStatus(block.status)) return refuse(`the paragraph is ${describeStatus(block.status)} and locked: proposals are made in open paragraphs`);
  return ALLOWED;
}

/**
 * A delegation's position on a bracket is its own to state (design.md §4): a
 * delegate states, changes or takes back its own delegation's, on an open
 * bracket in an open paragraph that its delegation does not sponsor; the
 * chair or the secretariat record any delegation's, naming it.
 */
function statePosition(member: Member, facts: ActionFacts): Permission {
  if (!manages(member) && member.role !== "delegate") return onlyRoles(MANAGERS_AND_DELEGATES, "state a delegation's position", member);
  const code = facts.for ?? (member.role === "delegate" ? member.delegation : "");
  if (member.role === "delegate" && code !== member.delegation) {
    return forbid(`you are ${describeMember(member)}: you may state ${member.delegation}'s position only`);
  }
  if (!code && facts.for !== undefined) return cannot("name the delegation whose position is stated");
  const p = facts.proposal;
  if (!p) return ALLOWED;
  if (p.kind === "paragraph") return cannot(`${p.id} is a paragraph, not a bracketed proposal: positions are stated on brackets`);
  const locked = lockedForDelegate(member, p, "state a position");
  if (locked) return locked;
  if (p.state !== "open") return cannot(`${proposalName(p)} is ${p.state}; positions are stated on open proposals only`);
  if (code && p.by.includes(code)) return cannot(`${code} sponsors ${proposalName(p)}: it takes back its support before it states another position`);
  return ALLOWED;
}

/**
 * Setting a member's password signs in as that member from then on, so it
 * reaches no further than the one acting manages: the secretariat does not
 * reset a chair's, and nobody here resets the password of an account that is
 * also in a negotiation they do not manage (the server's administrator does,
 * with `accord user passwd`).
 */
function resetPassword(member: Member, account: AccountFacts | undefined): Permission {
  if (!manages(member)) return onlyRoles(MANAGERS, "reset a member's password", member);
  if (!account) return ALLOWED;
  if (member.role === "secretariat" && account.role === "chair") return forbid(`${account.username} is a chair: only a chair may reset a chair's password`);
  if (account.unmanagedElsewhere > 0) {
    const documents = account.unmanagedElsewhere === 1 ? "another negotiation" : `${account.unmanagedElsewhere} other negotiations`;
    return forbid(`${account.username} is also a member of ${documents} you do not manage: the server's administrator resets this password (accord user passwd)`);
  }
  return ALLOWED;
}

/**
 * Whether `member` may do `action` on the target `facts` describe — the one
 * statement of design.md §4's roles that the page, the REST API, the
 * operations and the command line all ask. Allowed, or a refusal with a
 * sentence the person can act on. A delegate without a delegation may only
 * read and export. Throws a RangeError for an unknown action (a caller's bug).
 */
export function mayAct(member: Member, action: Action, facts: ActionFacts = {}): Permission {
  if (action === "read" || action === "export") return ALLOWED;
  if (member.role === "delegate" && !member.delegation) return forbid("a delegate without a delegation may only read the document; ask the chair to name your delegation");
  switch (action) {
    case "accept":
    case "reject":
    case "reopen":
      return decide(member, action, facts.proposal);
    case "withdraw":
      return withdraw(member, facts.proposal);
    case "withdraw-support":
      return withdrawSupport(member, facts.proposal);
    case "support":
    case "support-on-behalf":
      return support(member, action, facts);
    case "status":
      return manages(member) ? ALLOWED : onlyRoles(MANAGERS, "record a status", member);
    case "choose":
      return choose(member, facts.block, facts.proposal);
    case "reserve":
      return reserve(member, facts);
    case "state-position":
      return statePosition(member, facts);
    case "propose-paragraph":
      return propose(member, "propose a paragraph", facts.block);
    case "propose-alternative":
      return propose(member, "propose an alternative", facts.block);
    case "propose-text":
      return propose(member, "propose changes to the text", facts.block);
    case "edit-text":
      if (manages(member)) return ALLOWED;
      return member.role === "delegate"
        ? forbid(`only the chair or the secretariat may edit the text directly; you are ${describeMember(member)}: propose changes as ${member.delegation}'s proposals`)
        : onlyRoles(MANAGERS, "edit the text", member);
    case "edit-metadata":
      return manages(member) ? ALLOWED : onlyRoles(MANAGERS, "change the document's metadata", member);
    case "restore":
      return manages(member) ? ALLOWED : onlyRoles(MANAGERS, "restore a document from its log", member);
    case "manage-members":
      return member.role === "chair" ? ALLOWED : onlyRoles(["chair"], "change who is in the document", member);
    case "manage-sign-ins":
      return manages(member) ? ALLOWED : onlyRoles(MANAGERS, "unlock a member's sign-in", member);
    case "reset-password":
      return resetPassword(member, facts.account);
    default:
      throw new RangeError(`unknown action '${String(action)}'`);
  }
}

/**
 * Why a membership cannot be given in a document, or null when it can: a
 * delegate needs a delegation code of the document's registry (a tag such as
 * `Uru` is answered with its code), and no other role has one. Never throws.
 */
export function membershipProblem(registry: DelegationRegistry, role: string, delegation: string): string | null {
  if (!isRole(role)) return `unknown role '${role}' (roles: ${ROLES.join(", ")})`;
  if (role !== "delegate") return delegation ? `only a delegate has a delegation; a ${role} has none (leave out the delegation)` : null;
  if (!delegation) return "a delegate needs a delegation: the code of one of the document's delegations, such as URY";
  if (registry.get(delegation)) return null;
  const resolved = registry.resolveTag(delegation);
  if (resolved.ok) return `'${delegation}' is a tag; give the delegation's code: ${resolved.delegation.code} (${resolved.delegation.name})`;
  return `'${delegation}' is not a delegation of this document (give a code from its registry, such as URY)`;
}

/** The actions `member` may take on a proposal, in menu order: exactly those `mayAct` allows. Never fails. */
export function allowedProposalActions(member: Member, proposal: ProposalFacts): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((action) => mayAct(member, action, { proposal }).ok);
}

/** The actions `member` may take on a block, in menu order: exactly those `mayAct` allows. Never fails. */
export function allowedBlockActions(member: Member, block: BlockFacts): BlockAction[] {
  return BLOCK_ACTIONS.filter((action) => mayAct(member, action, { block }).ok);
}
