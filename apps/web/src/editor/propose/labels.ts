import { labelKey } from "@accord/schema";

/** Latin suffixes of inserted paragraphs, in negotiating order ("5", "5 bis", "5 ter" …), as far as the text format reads them. */
const SUFFIXES = ["", "bis", "ter", "quater", "quinquies"] as const;

interface NumberedLabel {
  readonly number: string;
  /** Index into SUFFIXES. */
  readonly suffix: number;
  readonly open: string;
  readonly close: string;
}

/** `5.`, `5 bis.`, `(3)`, `3 bis)`, `5 alt.`, `1bis` → its parts; null for any other label. */
function readNumbered(label: string): NumberedLabel | null {
  const m = /^(\(?)\s*(\d{1,3})\s?(bis|ter|quater|quinquies)?\s*(alt\.?)?\s*([.)]?)$/.exec(label.trim());
  if (!m) return null;
  const open = m[1]!;
  const close = m[5] || (m[4]?.endsWith(".") ? "." : "") || (open ? ")" : "");
  return { number: m[2]!, suffix: SUFFIXES.indexOf((m[3] ?? "") as (typeof SUFFIXES)[number]), open, close };
}

function write(label: NumberedLabel, suffix: number): string {
  return `${label.open}${label.number}${suffix ? ` ${SUFFIXES[suffix]}` : ""}${label.close}`;
}

// Labels compare by the one rule the importer and the command line use (`5 bis.` = `5bis` = `(5 bis)`).
export { labelKey };

/**
 * The label of a paragraph inserted after one labelled `after`: `5.` →
 * `5 bis.`, `5 bis.` → `5 ter.`, `(3)` → `(3 bis)`, `5 alt.` → `5 bis.`,
 * skipping labels in `taken` (compared by `labelKey`). "" when `after` has
 * no number or the suffixes run out (after `quinquies`). Never fails.
 */
export function insertedLabel(after: string, taken: ReadonlySet<string>): string {
  const label = readNumbered(after);
  if (!label) return "";
  for (let suffix = label.suffix + 1; suffix < SUFFIXES.length; suffix++) {
    const candidate = write(label, suffix);
    if (!taken.has(labelKey(candidate))) return candidate;
  }
  return "";
}

/**
 * The label of an alternative to a paragraph labelled `original`: `5.` →
 * `5 alt.`, `5 bis.` → `5 bis alt.`, `(3)` → `3 alt.`; "" (the `//` of the
 * drafts) when the original has no number. Never fails.
 */
export function alternativeLabel(original: string): string {
  const label = readNumbered(original);
  if (!label) return "";
  return `${label.number}${label.suffix ? ` ${SUFFIXES[label.suffix]}` : ""} alt.`;
}
