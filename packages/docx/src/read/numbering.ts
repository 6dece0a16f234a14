/** One level of a Word list: how its number is written. */
export interface ListLevel {
  readonly start: number;
  /** `decimal`, `lowerLetter`, `upperLetter`, `lowerRoman`, `upperRoman`, `bullet`, `none` … */
  readonly format: string;
  /** `%1.`, `(%2)`, `%1.%2.` */
  readonly text: string;
}

/** The lists of a document: numId → levels (by ilvl), read from numbering.xml. */
export type ListDefinitions = ReadonlyMap<string, ReadonlyMap<number, ListLevel>>;

/**
 * Turns Word's automatic numbering into the labels a reader sees: counts
 * paragraphs per list and level (a level restarts when one above it
 * advances) and writes `lvlText` with the counters in their formats.
 * Bullets and unknown formats give no label. Never fails.
 */
export class ListCounter {
  private readonly counters = new Map<string, number[]>();

  constructor(private readonly lists: ListDefinitions) {}

  /** The label of the next paragraph in list `numId` at `level`, or "" when there is none. */
  next(numId: string, level: number): string {
    const levels = this.lists.get(numId);
    const definition = levels?.get(level);
    if (!levels || !definition || definition.format === "bullet" || definition.format === "none") return "";
    const counts = this.counters.get(numId) ?? [];
    for (let k = 0; k < level; k++) counts[k] ??= (levels.get(k)?.start ?? 1) - 1;
    counts[level] = (counts[level] ?? definition.start - 1) + 1;
    counts.length = level + 1;
    this.counters.set(numId, counts);
    return definition.text.replace(/%(\d)/g, (_, digit: string) => {
      const k = Number(digit) - 1;
      const format = levels.get(k)?.format ?? "decimal";
      return formatNumber(Math.max(counts[k] ?? 1, 1), format);
    }).trim();
  }
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case "lowerLetter":
      return letters(n);
    case "upperLetter":
      return letters(n).toUpperCase();
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "upperRoman":
      return roman(n);
    default:
      return String(n);
  }
}

function letters(n: number): string {
  // Word's letters: a … z, aa … zz, aaa …
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [value, glyph] of table) while (n >= value) {
    out += glyph;
    n -= value;
  }
  return out;
}
