import type { DelegationRegistry } from "./delegations.js";
import { isWrittenName, isWrittenTag } from "./written-forms.js";

// A draft may spell one delegation several ways (`[EU: shall] … [European
// Union: now]`, `G77`, `G-77`, `G77 and China`); a proposal keeps the tag
// as written (its `tag` attribute) where it differs from what the registry's
// preferred spellings would give. The rule of when that written tag counts
// is here alone: exports write it only while it still names exactly the
// proposal's delegations, in order, through the document's registry, so an
// edit of `by` makes them fall back to the preferred spellings and never
// makes a tag say what the proposal does not. The names of an attribution
// or a position written after or inside a bracket (`(European Union, US:
// delete)`, `- Group of 77`) follow the same rule one name at a time
// (`nameToWrite`): a position keeps its name as written in its entry.

/** One spelling of a list of several (`Arg`, `St Lucia`), as the import reads it: letters first, at most five words. */
const TAG_TOKEN = /^\p{L}[\p{L}&.'’\- ]{0,39}$/u;

/**
 * The delegation codes a tag as written names through `registry`, in order
 * and each once, as the import reads a bracket's tag list: the whole tag as
 * one spelling (`G77 and China`), else its spellings split at `,` `;` `/`
 * `+` (`Arg, Bra`). Null when it names no one or anything else, so that only
 * a tag the import reads back as these delegations is ever written.
 */
export function codesOfWrittenTag(tag: string, registry: DelegationRegistry): string[] | null {
  if (!tag || !isWrittenTag(tag)) return null;
  const whole = registry.resolveTag(tag);
  if (whole.ok) return [whole.delegation.code];
  const tokens = tag.split(/\s*[,;/+]\s*/).filter(Boolean);
  const codes: string[] = [];
  for (const token of tokens) {
    if (!TAG_TOKEN.test(token) || token.split(/\s+/).length > 5) return null;
    const resolved = registry.resolveTag(token);
    if (!resolved.ok) return null;
    if (!codes.includes(resolved.delegation.code)) codes.push(resolved.delegation.code);
  }
  return codes.length ? codes : null;
}

/** True when `tag` names exactly the delegations `by`, in their order, through `registry` (see `codesOfWrittenTag`). Never fails. */
export function tagNamesExactly(tag: string, by: readonly string[], registry: DelegationRegistry): boolean {
  const codes = by.length ? codesOfWrittenTag(tag, registry) : null;
  return !!codes && codes.length === by.length && codes.every((code, i) => code === by[i]);
}

/**
 * Each of `by`'s spellings in a written tag, in order (`["Arg", "Brasil"]`
 * for `Arg/Brasil`), for exports that show each delegation's tag apart (in
 * its colour): null when the tag does not name exactly `by`
 * (`tagNamesExactly`) or does not spell each delegation once (`Uru,
 * Uruguay`), and the preferred spellings are shown. Never fails.
 */
export function writtenSpellings(tag: string, by: readonly string[], registry: DelegationRegistry): readonly string[] | null {
  if (!tag || !tagNamesExactly(tag, by, registry)) return null;
  const tokens = registry.resolveTag(tag).ok ? [tag] : tag.split(/\s*[,;/+]\s*/).filter(Boolean);
  return tokens.length === by.length ? tokens : null;
}

/** The tag list the registry's preferred spellings give for `by` (`Uru, Arg`); "" for no delegation. */
export function preferredTagList(by: readonly string[], registry: DelegationRegistry): string {
  return by.map((code) => registry.preferredTag(code)).join(", ");
}

/**
 * The tag list exports write for a proposal with delegations `by` and
 * written tag `tag`: the written one while it names exactly `by`
 * (`tagNamesExactly`), else the preferred spellings. "" for no delegation.
 */
export function tagToWrite(proposal: { readonly by: readonly string[]; readonly tag?: string }, registry: DelegationRegistry): string {
  const tag = proposal.tag ?? "";
  return tag && tagNamesExactly(tag, proposal.by, registry) ? tag : preferredTagList(proposal.by, registry);
}

/**
 * The same rule as `tagNamesExactly`, for one name of an attribution or a
 * position (`(European Union: delete)`, `- Group of 77`): true while
 * `written` is a name the import reads (`isWrittenName`) and names `code`
 * through `registry`. Never fails.
 */
export function nameNamesExactly(written: string, code: string, registry: DelegationRegistry): boolean {
  if (!isWrittenName(written)) return false;
  const resolved = registry.resolveTag(written);
  return resolved.ok && resolved.delegation.code === code;
}

/** The name exports write for `code` in an attribution or a position: `written` while it names `code` (`nameNamesExactly`), else the registry's preferred spelling. Never fails. */
export function nameToWrite(code: string, written: string | undefined, registry: DelegationRegistry): string {
  return written && nameNamesExactly(written, code, registry) ? written : registry.preferredTag(code);
}

/** The name as written to store for `code` read as `written`: `written` when it names `code` and differs from the preferred spelling, else "" (nothing to keep, or nothing that could be written back). */
export function writtenNameToKeep(written: string, code: string, registry: DelegationRegistry): string {
  const name = written.trim();
  return name !== registry.preferredTag(code) && nameNamesExactly(name, code, registry) ? name : "";
}

/** The names of a proposal's tag as an attribution list writes them apart: split at its commas (`G-77, México`). */
const attributionNames = (tag: string) => (tag ? tag.split(/\s*,\s*/) : []);

/**
 * The proposers' names exports write in an attribution after or inside a
 * bracket (`(G-77, México)`, `- Group of 77`): each name of the tag as
 * written by `nameToWrite` when the tag lists as many names as `by`, else
 * the preferred spellings (a tag list of another kind, `Arg/Brasil`, would
 * not read back as an attribution). Never fails.
 */
export function attributionNamesToWrite(proposal: { readonly by: readonly string[]; readonly tag?: string }, registry: DelegationRegistry): string {
  const names = attributionNames(proposal.tag ?? "");
  if (names.length !== proposal.by.length) return preferredTagList(proposal.by, registry);
  return proposal.by.map((code, k) => nameToWrite(code, names[k], registry)).join(", ");
}

/**
 * The tag to store on a proposal whose proposers an attribution names as
 * `written` (one name per code of `by`): the names joined by commas when one
 * of them is kept (`writtenNameToKeep`) and the list is a tag the model
 * stores (`isWrittenTag`), else "".
 */
export function writtenNamesToKeep(written: readonly string[], by: readonly string[], registry: DelegationRegistry): string {
  if (written.length !== by.length || !by.some((code, k) => writtenNameToKeep(written[k]!, code, registry))) return "";
  const tag = written.map((name) => name.trim()).join(", ");
  return isWrittenTag(tag) && by.every((code, k) => nameNamesExactly(written[k]!.trim(), code, registry)) ? tag : "";
}

/**
 * The written tag to store on a proposal read as `written` with delegations
 * `by`: `written` when it names exactly `by` and differs from what the
 * preferred spellings give, else "" (nothing to keep, or nothing that could
 * be written back).
 */
export function writtenTagToKeep(written: string, by: readonly string[], registry: DelegationRegistry): string {
  const tag = written.trim();
  return tag !== preferredTagList(by, registry) && tagNamesExactly(tag, by, registry) ? tag : "";
}
