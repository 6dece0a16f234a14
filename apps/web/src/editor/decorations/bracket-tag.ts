import type { DelegationRegistry } from "@accord/schema";

/**
 * The tag a delegation's brackets carry, as the marked-up version writes it:
 * its preferred tag (`Uru`), a group's name (`Working Group`), or the code
 * itself for a delegation the registry does not know. Never fails.
 */
export function delegationTag(code: string, registry: DelegationRegistry): string {
  const entry = registry.get(code);
  return entry?.kind === "group" ? entry.name : registry.preferredTag(code);
}

/** The opening tag of a bracket, `Uru:` or `Arg, Bra:`; empty for an untagged (disputed) bracket. */
export function bracketTag(by: readonly string[], registry: DelegationRegistry): string {
  return by.length ? `${by.map((code) => delegationTag(code, registry)).join(", ")}:` : "";
}

/** A delegation's name for people ("Uruguay"); the code when the registry does not know it. */
export function delegationName(code: string, registry: DelegationRegistry): string {
  return registry.get(code)?.name ?? code;
}
