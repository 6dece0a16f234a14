import { mayAct, STANCES, type Member, type ParagraphStatus, type Position, type Stance } from "@accord/schema";

export { positionsLine, positionsOf } from "../editor/decorations/positions-text.js";

// Delegations' positions on a bracket as the proposals panel lists them, and
// what the signed-in member may state there (mayAct decides; the server
// decides again).

/** What the panel offers a delegate on a bracket: the stances it may state, and the one it stated (to take back). */
export interface PositionOffer {
  readonly stances: readonly Stance[];
  readonly own: Stance | undefined;
}

/**
 * The position controls a member gets on an open bracket: a delegate for its
 * own delegation, when `mayAct` lets it state a position there (not on its
 * own or supported bracket, not in a locked paragraph). Null when none: the
 * chair and the secretariat record positions by naming a delegation, which
 * the panel does not offer. Never fails.
 */
export function positionOffer(
  member: Member | undefined,
  bracket: { readonly id: string; readonly by: readonly string[]; readonly positions: readonly Position[]; readonly blockStatus: ParagraphStatus },
): PositionOffer | null {
  if (!member || member.role !== "delegate" || !member.delegation) return null;
  const facts = { id: bracket.id, kind: "inline" as const, by: bracket.by, state: "open" as const, blockStatus: bracket.blockStatus };
  if (!mayAct(member, "state-position", { proposal: facts }).ok) return null;
  return { stances: STANCES, own: bracket.positions.find((p) => p.delegation === member.delegation)?.stance };
}
