/**
 * The delegation that made a proposal: the first of its delegations (a
 * bracket's `by`, a proposed paragraph's `proposedBy`); the others support it.
 * Undefined when it names none (an untagged bracket, an alternative nobody is
 * named for). Never fails.
 */
export function proposerOf(by: readonly string[]): string | undefined {
  return by[0];
}

/** True when delegation `code` made the proposal whose delegations are `by` (see `proposerOf`). Never fails. */
export function isProposer(by: readonly string[], code: string): boolean {
  return by.length > 0 && proposerOf(by) === code;
}

/** True when delegation `code` supports the proposal without having made it: it is among `by`, not first. Never fails. */
export function isSupporter(by: readonly string[], code: string): boolean {
  return by.includes(code) && !isProposer(by, code);
}
