import { parsePositions, writePositions, type AttributionForm, type Position, type Stance } from "@accord/schema";

// How concurrent edits to one proposal's positions read (see reconcile.ts).

/** Between two stances one delegation was given concurrently, the one that keeps less text in wins, as a decision does. */
const STANCE_RANK: Record<Stance, number> = { retain: 0, reserve: 1, delete: 2 };

/** A proposal's positions as merged so far: its form and each delegation's stance, in order of first appearance. */
export interface MergedPositions {
  form: AttributionForm;
  readonly stances: Map<string, Stance>;
}

/** The merged positions of one variant of a proposal (a malformed value counts as none). */
export function positionsVariant(value: unknown): MergedPositions {
  const read = parsePositions(value ?? "");
  if (typeof read === "string") return { form: "tag", stances: new Map() };
  return { form: read.form, stances: new Map(read.positions.map((p) => [p.delegation, p.stance])) };
}

/**
 * Merges another variant into `into`, in place: the first form other than
 * `tag` stays, every delegation's position is kept, in order of first
 * appearance, and a delegation given two stances keeps the one that keeps
 * less text (delete, then reserve, then retain).
 */
export function mergePositions(into: MergedPositions, variant: MergedPositions): void {
  if (into.form === "tag") into.form = variant.form;
  for (const [code, stance] of variant.stances) {
    const had = into.stances.get(code);
    if (had === undefined || STANCE_RANK[stance] > STANCE_RANK[had]) into.stances.set(code, stance);
  }
}

/** The attribute value of merged positions; a delegation among the sponsors `by` keeps its support and loses its position. */
export function mergedPositionsValue(merged: MergedPositions, by: readonly string[]): string {
  const positions: Position[] = [];
  for (const [delegation, stance] of merged.stances) if (!by.includes(delegation)) positions.push({ delegation, stance });
  return writePositions({ form: merged.form, positions });
}
