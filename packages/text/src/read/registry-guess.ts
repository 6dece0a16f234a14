import { registryNamed, tagKey, type DelegationRegistry, type RegistryName } from "@accord/schema";

/** Which registry a text's delegations come from, and whether that was guessed. */
export interface RegistryChoice {
  readonly name: RegistryName;
  /** True when nothing said it (no `--registry`, no `Registry:` header): the import read it from the spellings. */
  readonly guessed: boolean;
  /** The spellings that decided a guess (`G77`, `EU`, `(Agreed)`), at most eight; empty when it was said. */
  readonly evidence: readonly string[];
}

// Where drafts name delegations: a bracket's tag list `[Arg, Bra:`, an attribution
// after a dash `- G77; EU, US delete]`, a parenthesis `(EU, Russia, US: delete)`.
const TAGGED = /\[\s*([^[\]():~\\\n]{1,60}):/g;
const DASHED = /\s[-–]\s*([^[\]()\n]{1,80})\]/g;
const PARENTHESIZED = /\(([^()[\]\n]{1,80})\)/g;
const POSITION_WORDS = /\s*:?\s*\b(?:delete|deletion|retain|support|supports|oppose|opposes|reserve|reserves|reservation|propose|proposes|proposal)\b\.?\s*$/i;
const UN_STATUS = /[([]\s*Agreed(?:\s+ad\s+ref(?:erendum)?\.?)?(?:,\s*placement[^()[\]]{0,40}|\s+subject\s+to\s[^()[\]]{0,200})?[)\]]|\b[Aa]greed ad ref\./g;
/** Enough to decide; a long draft's later pages add nothing, and reading them would cost every import. */
const MAX_SPELLINGS = 2_000;
const GUESS_WINDOW = 200_000;

/**
 * Guesses the registry of a draft written without one: `un` when it names
 * more delegations or groups that only the UN's registry has (`G77`, `EU`,
 * `AOSIS`, `Russia`) — or writes statuses the UN's way (`(Agreed)`, `[Agreed
 * ad ref]`) — than ones only the OAS's has (`Bel`, `Chi`), `oas` otherwise.
 * Reads the first 200,000 characters. Never fails; a text that names nobody
 * is `oas`, the default.
 */
export function guessRegistry(whole: string): RegistryChoice {
  const text = whole.length > GUESS_WINDOW ? whole.slice(0, GUESS_WINDOW) : whole;
  const un = registryNamed("un");
  const oas = registryNamed("oas");
  const seen = new Set<string>();
  const unOnly: string[] = [];
  let oasOnly = 0;
  const consider = (spelling: string) => {
    const token = spelling.trim().replace(POSITION_WORDS, "").trim();
    const key = tagKey(token);
    if (!key || seen.has(key) || seen.size >= MAX_SPELLINGS || !/^\p{Lu}/u.test(token)) return;
    seen.add(key);
    const inUn = names(un, token);
    const inOas = names(oas, token);
    if (inUn && !inOas) unOnly.push(token);
    else if (inOas && !inUn) oasOnly++;
  };
  for (const pattern of [TAGGED, DASHED, PARENTHESIZED]) {
    for (const m of text.matchAll(pattern)) for (const part of m[1]!.split(/\s*[,;/]\s*|\s+and\s+(?=\p{Lu})/u)) consider(part);
  }
  const statuses = [...new Set([...text.matchAll(UN_STATUS)].map((m) => m[0].replace(/\s+/g, " ")))];
  const evidence = [...unOnly, ...statuses];
  return evidence.length > oasOnly ? { name: "un", guessed: true, evidence: evidence.slice(0, 8) } : { name: "oas", guessed: true, evidence: [] };
}

/** True when `token` is exactly a code, name or tag of `registry` (no prefix: `Bra` must not count for both). */
function names(registry: DelegationRegistry, token: string): boolean {
  const found = registry.resolveTag(token);
  if (!found.ok) return false;
  const { delegation } = found;
  const key = tagKey(token);
  return [delegation.code, delegation.name, ...delegation.tags].some((t) => tagKey(t) === key);
}
