import type { ParagraphStatus, ProposalState } from "@accord/schema";
import type { Role } from "../api.js";

/** Who is at the page: their role and (for a delegate, or the secretariat acting for one) delegation. */
export interface Member {
  readonly role: Role;
  /** The member's delegation code; "" for the chair, the secretariat and observers. */
  readonly delegation: string;
}

/** What can be done to a bracket (or a whole-paragraph proposal) from its popover. */
export type ProposalAction = "accept" | "reject" | "reopen" | "withdraw" | "support" | "withdraw-support" | "support-on-behalf";

/** What can be done to a block from its menu. */
export type BlockAction = "status" | "choose" | "reserve" | "propose-paragraph" | "propose-alternative";

/** The facts about a proposal the controls depend on. */
export interface ProposalFacts {
  readonly by: readonly string[];
  readonly state: ProposalState;
  /** The status of the block it is in. */
  readonly blockStatus: ParagraphStatus;
}

/** The facts about a block the controls depend on. */
export interface BlockFacts {
  readonly type: "heading" | "paragraph";
  readonly status: ParagraphStatus;
  /** The block is one of a set of alternatives (it has alternatives, or is one). */
  readonly inAlternativeSet: boolean;
}

const resolves = (role: Role) => role === "chair" || role === "secretariat";

/**
 * The actions a member is offered on a proposal, in menu order — only those
 * the server would allow (docs/api.md), so a member never sees a control it
 * may not use: the chair and the secretariat accept, reject, withdraw on a
 * delegation's behalf and add supporters to open proposals, and reopen decided
 * ones; a delegate withdraws its delegation's own open proposals, supports
 * other delegations' open ones and takes back its support of those it
 * supports, never in a locked paragraph; an observer
 * nothing. Never fails.
 */
export function proposalActions(proposal: ProposalFacts, member: Member): ProposalAction[] {
  if (resolves(member.role)) {
    if (proposal.state !== "open") return ["reopen"];
    const actions: ProposalAction[] = ["accept", "reject"];
    if (proposal.by.length) actions.push("withdraw");
    actions.push("support-on-behalf");
    return actions;
  }
  if (member.role !== "delegate" || !member.delegation) return [];
  if (proposal.state !== "open" || proposal.blockStatus !== "open") return [];
  if (proposal.by[0] === member.delegation) return ["withdraw"];
  if (proposal.by.includes(member.delegation)) return ["withdraw-support"];
  if (proposal.by.length) return ["support"];
  return [];
}

/**
 * The actions a member is offered on a block, in menu order: the chair and
 * the secretariat set its status and choose among alternatives (and the
 * secretariat acting for a delegation does what a delegate does); a delegate
 * records a reservation on a paragraph (agreed ones included: that is where
 * reservations are made) and, when `canPropose` (the propose mode is
 * available), proposes a new paragraph after an open one or an alternative to
 * an open paragraph; an observer nothing. Never fails.
 */
export function blockActions(block: BlockFacts, member: Member, canPropose: boolean): BlockAction[] {
  const actions: BlockAction[] = [];
  if (resolves(member.role)) {
    actions.push("status");
    if (block.type === "paragraph" && block.inAlternativeSet) actions.push("choose");
  } else if (member.role !== "delegate") {
    return [];
  }
  if (!member.delegation || block.type !== "paragraph") return actions;
  actions.push("reserve");
  if (canPropose && block.status === "open") {
    actions.push("propose-paragraph", "propose-alternative");
  }
  return actions;
}

/** True when the member may have a menu on some block: everyone but observers. */
export function mayHaveBlockMenu(member: Member): boolean {
  return resolves(member.role) || (member.role === "delegate" && member.delegation !== "");
}
