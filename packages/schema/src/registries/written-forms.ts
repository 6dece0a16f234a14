// What a tag or a name as written may be, to be stored at all: the forms the
// import reads back. Apart from written-tags.ts (which decides, through a
// registry, when one is written) so that the schema's attribute checks can
// use them without depending on the registries.

/** The longest tag as written a proposal keeps: the import reads a tag list of at most 79 characters before its colon. */
export const MAX_WRITTEN_TAG_LENGTH = 79;

/** Characters that end a tag list as the import reads it; a tag holding one could not be read back. */
const TAG_BREAK = /[[\]():~\\\n\r]/;

/** True when `value` can be stored as a proposal's written tag: "" (none), or a trimmed one-line tag list of at most `MAX_WRITTEN_TAG_LENGTH` characters. */
export function isWrittenTag(value: unknown): value is string {
  if (typeof value !== "string") return false;
  if (value === "") return true;
  return value.length <= MAX_WRITTEN_TAG_LENGTH && value.trim() === value && !TAG_BREAK.test(value);
}

/** One delegation's name as an attribution writes it (`Russian Federation`, `G77/China`, `Group of 77`): a letter first, at most 60 characters and six words, each a capital, a digit or a joining word (`and`, `of`), as the import reads a name in a list. */
const WRITTEN_NAME = /^\p{L}[\p{L}\d&.'’\-/ ]{0,59}$/u;
const NAME_WORD = /^[\p{Lu}\d]/u;
const JOINING_WORD = /^(?:and|of|the|de|del|la|los|las|y|et|du|des)$/;

/** True when `value` can be stored as one delegation's name as written in an attribution or a position: a name the import reads in an attribution list (`WRITTEN_NAME`), trimmed, one line. Never fails. */
export function isWrittenName(value: unknown): value is string {
  if (typeof value !== "string" || !WRITTEN_NAME.test(value) || value.trim() !== value) return false;
  const words = value.split(/\s+/);
  return words.length <= 6 && words.every((word, k) => NAME_WORD.test(word) || (k > 0 && JOINING_WORD.test(word)));
}
