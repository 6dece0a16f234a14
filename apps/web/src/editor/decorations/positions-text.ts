import { describeStance, readPositions, stanceRuns, type Position, type Stance } from "@accord/schema";

// Delegations' positions on a bracket in words, as the marked-up text writes
// them after it (`(EU, US: delete)`): the editor's badge and the proposals
// panel show them so, each stance in its own word (a draft's `reservation`
// shows as reserve, a name alone after the bracket as support), and the
// tooltip says them in a sentence a chair reads aloud.

/** A bracket's positions as stored (`positions` attribute), read; none for a malformed value. Never fails. */
export function positionsOf(value: string): readonly Position[] {
  try {
    return value ? readPositions(value).positions : [];
  } catch {
    return [];
  }
}

/** Positions one group per run of a stance: `EU, US: delete; Japan: reserve; Mexico: support`; "" for none. Never fails. */
export function positionsLine(positions: readonly Position[], tagOf: (code: string) => string): string {
  return stanceRuns(positions.map(({ delegation, stance }) => ({ delegation, stance })))
    .map((run) => `${run.delegations.map(tagOf).join(", ")}: ${run.stance}`)
    .join("; ");
}

/** A stance said of several delegations; one delegation's is `describeStance`. */
const STANCE_WORDS: Readonly<Record<Stance, string>> = Object.freeze({
  delete: "want it deleted",
  retain: "want it retained",
  reserve: "reserve their position",
  oppose: "oppose it",
  support: "support it",
});

/** The positions for a tooltip: `European Union, United States want it deleted; Japan reserves its position; Norway supports it`. Never fails. */
export function positionsTitle(positions: readonly Position[], nameOf: (code: string) => string): string {
  const stances = [...new Set(positions.map((p) => p.stance))];
  return stances
    .map((stance) => {
      const names = positions.filter((p) => p.stance === stance).map((p) => nameOf(p.delegation));
      return `${names.join(", ")} ${names.length === 1 ? describeStance(stance) : STANCE_WORDS[stance]}`;
    })
    .join("; ");
}
