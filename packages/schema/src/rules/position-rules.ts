import type { DelegationRegistry } from "../registries/delegations.js";
import { parsePositions } from "../model/positions.js";

/**
 * What is wrong with a proposal's positions as the model holds them, or
 * null: the value is well formed (`parsePositions`), every delegation it
 * names is in the registry, and none of them sponsors the proposal (a
 * sponsor is in `by`; it takes back its support before it states another
 * position), and a support named alone (`[Uru: text] (Mexico)`) follows
 * a proposal with proposers (with none, the name alone would name its
 * proposer). The one statement of these rules: `modelProblems`, the
 * operations and the import ask it.
 */
export function positionsProblem(by: readonly string[], value: unknown, registry: DelegationRegistry): string | null {
  if (value === "") return null;
  const read = parsePositions(value);
  if (typeof read === "string") return `its positions are malformed (expected ${read})`;
  for (const { delegation, spelling } of read.positions) {
    if (!registry.get(delegation)) return `delegation ${delegation} is not in the registry`;
    if (by.includes(delegation)) return `${delegation} sponsors it and states a position on it too`;
    if (spelling === "named" && !by.length) return `${delegation}'s support is named alone on a proposal with no proposer, where its name would read as the proposer`;
  }
  return null;
}
