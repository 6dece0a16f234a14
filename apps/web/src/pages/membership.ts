import type { Role } from "../api.js";

const ROLE_WORDS: Readonly<Record<Role, string>> = Object.freeze({
  chair: "Chair",
  secretariat: "Secretariat",
  delegate: "Delegate",
  observer: "Observer",
});

/**
 * A member's role in words: "Chair", "Delegate of Uruguay (URY)",
 * "Observer (read only)". `nameOf` gives a delegation's name; an unknown role
 * (a newer server) is written as it comes.
 */
export function describeMembership(role: Role, delegation: string, nameOf: (code: string) => string = (code) => code): string {
  const word = ROLE_WORDS[role] ?? String(role);
  if (role === "delegate" && delegation) {
    const name = nameOf(delegation);
    return name === delegation ? `${word} of ${delegation}` : `${word} of ${name} (${delegation})`;
  }
  return role === "observer" ? `${word} (read only)` : word;
}
