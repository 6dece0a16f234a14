import {
  allowedBlockActions,
  allowedProposalActions,
  BLOCK_ACTIONS,
  mayAct,
  type BlockAction,
  type BlockFacts,
  type Member,
  type ProposalAction,
  type ProposalFacts,
} from "@accord/schema";

export type { BlockAction, BlockFacts, Member, ProposalAction, ProposalFacts };

/**
 * The actions a member is offered on a proposal, in menu order: exactly
 * those `mayAct` of `@accord/schema` allows, the rule the server applies, so
 * a member never sees a control it may not use. Never fails.
 */
export function proposalActions(proposal: ProposalFacts, member: Member): ProposalAction[] {
  return allowedProposalActions(member, proposal);
}

/**
 * The actions a member is offered on a block, in menu order: those `mayAct`
 * allows, without proposing a paragraph or an alternative unless
 * `canPropose` (the page's propose mode is available). Never fails.
 */
export function blockActions(block: BlockFacts, member: Member, canPropose: boolean): BlockAction[] {
  return allowedBlockActions(member, block).filter((action) => canPropose || (action !== "propose-paragraph" && action !== "propose-alternative"));
}

/** True when the member may have a menu on some block: some block action is allowed to its role (everyone but observers). */
export function mayHaveBlockMenu(member: Member): boolean {
  return BLOCK_ACTIONS.some((action) => mayAct(member, action).ok);
}
