import { parsePositions, writePositions, type AttributionForm, type Position, type Stance } from "@accord/schema";

// How concurrent edits to one proposal's positions read (see reconcile.ts).

/**
 * Between two stances one delegation was given concurrently, the firmer
 * objection wins: delete and oppose (less text, as a decision keeps for an
 * inserted text), then reserve, then support and retain.
 */
const STANCE_RANK: Record<Stance, number> = { retain: 0, support: 1, reserve: 2, oppose: 3, delete: 4 };

/** A proposal's positions as merged so far: its form and each delegation's position, in order of first appearance. */
export interface MergedPositions {
  form: AttributionForm;
  readonly stances: Map<string, Position>;
}

/** The merged positions of one variant of a proposal (a malformed value counts as none). */
export function positionsVariant(value: unknown): MergedPositions {
  const read = parsePositions(value ?? "");
  if (typeof read === "string") return { form: "tag", stances: new Map() };
  return { form: read.form, stances: new Map(read.positions.map((p) => [p.delegation, p])) };
}

/** Whether `next` wins over `had` for one delegation: the firmer stance, and of one stance written two ways the later spelling by name, then the later name as written, so every peer picks alike. */
function wins(next: Position, had: Position): boolean {
  const rank = STANCE_RANK[next.stance] - STANCE_RANK[had.stance];
  if (rank !== 0) return rank > 0;
  const spelling = next.spelling ?? "";
  const hadSpelling = had.spelling ?? "";
  return spelling > hadSpelling || (spelling === hadSpelling && (next.written ?? "") > (had.written ?? ""));
}

/**
 * Merges another variant into `into`, in place: the first form other than
 * `tag` stays, every delegation's position is kept, in order of first
 * appearance, and a delegation given two stances keeps the firmer
 * objection (delete, oppose, reserve, support, retain).
 */
export function mergePositions(into: MergedPositions, variant: MergedPositions): void {
  if (into.form === "tag") into.form = variant.form;
  for (const [code, position] of variant.stances) {
    const had = into.stances.get(code);
    if (had === undefined || wins(position, had)) into.stances.set(code, position);
  }
}

/**
 * The attribute value of merged positions; a delegation among the sponsors
 * `by` keeps its support and loses its position. A support named alone on a
 * proposal left with no sponsor, or in a form that writes it inside the
 * bracket, is written `support` (a name alone would read as a proposer).
 */
export function mergedPositionsValue(merged: MergedPositions, by: readonly string[]): string {
  const positions: Position[] = [];
  const nameAlone = by.length > 0 && merged.form !== "dash" && merged.form !== "trail";
  for (const [delegation, position] of merged.stances) {
    if (by.includes(delegation)) continue;
    // Its name as written stays: it names the delegation whatever the stance is written with.
    positions.push(position.spelling === "named" && !nameAlone ? (position.written ? { delegation, stance: position.stance, written: position.written } : { delegation, stance: position.stance }) : position);
  }
  return writePositions({ form: merged.form, positions });
}
