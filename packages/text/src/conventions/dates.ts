import { DATE_PATTERN, type DateStyle } from "@accord/schema";

export { DATE_PATTERN };

/** The families of written dates the detection counts; a numeric one settles its order (day or month first) apart. */
type Family = "numeric-short" | "numeric-long" | "iso" | "month-first-words" | "day-first-words";

/** When two families are used equally often, the first of this list wins. */
const FAMILY_ORDER: readonly Family[] = ["numeric-short", "numeric-long", "month-first-words", "day-first-words", "iso"];

// Without the lookbehind `(?<![\d/.-])` it guards (`writtenDates`): V8 tries a lookbehind at every character of the text.
const WRITTEN_DATE = new RegExp(`${DATE_PATTERN}(?![\\d/])`, "g");

/** The dates written in `text` not right after a digit, `/`, `.` or `-`, in order: the matches of `(?<![\d/.-])` and `WRITTEN_DATE`. */
function* writtenDates(text: string): Generator<string> {
  WRITTEN_DATE.lastIndex = 0;
  for (let m = WRITTEN_DATE.exec(text); m; m = WRITTEN_DATE.exec(text)) {
    const before = text[m.index - 1];
    if (before !== undefined && (/\d/.test(before) || before === "/" || before === "." || before === "-")) {
      // Not a date here; one may start at the next character, as the lookbehind would have let it.
      WRITTEN_DATE.lastIndex = m.index + 1;
      continue;
    }
    yield m[0];
  }
}

/**
 * How `text` writes its dates: the style of the form it uses most (status
 * markers, the header's date, dates in running text), or null when it writes
 * none. Numbers written `a/b/y` are read day first only on evidence — some
 * date whose first number is over 12 (`19/04/12`) and none whose second is
 * (`04/19/12`) —, month first otherwise, as OAS texts write them. Ties go to
 * the numeric forms, then month-first words (`April 19, 2012`). Never fails.
 */
export function detectDateStyle(text: string): DateStyle | null {
  const counts = new Map<Family, number>();
  let dayFirstEvidence = 0;
  let monthFirstEvidence = 0;
  for (const written of writtenDates(text)) {
    const numeric = /^(\d{1,2})\/(\d{1,2})\/(\d+)$/.exec(written);
    let family: Family;
    if (numeric) {
      family = numeric[3]!.length === 2 ? "numeric-short" : "numeric-long";
      if (Number(numeric[1]) > 12) dayFirstEvidence++;
      if (Number(numeric[2]) > 12) monthFirstEvidence++;
    } else if (/^\d{4}-/.test(written)) {
      family = "iso";
    } else {
      family = /^\d/.test(written) ? "day-first-words" : "month-first-words";
    }
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  if (!counts.size) return null;
  let best: Family = FAMILY_ORDER[0]!;
  for (const family of FAMILY_ORDER) if ((counts.get(family) ?? 0) > (counts.get(best) ?? 0)) best = family;
  const dayFirst = dayFirstEvidence > 0 && monthFirstEvidence === 0;
  switch (best) {
    case "numeric-short": return dayFirst ? "DD/MM/YY" : "MM/DD/YY";
    case "numeric-long": return dayFirst ? "DD/MM/YYYY" : "MM/DD/YYYY";
    case "iso": return "YYYY-MM-DD";
    case "month-first-words": return "Month D, YYYY";
    case "day-first-words": return "D Month YYYY";
  }
}

