import type { ICharacterStyleOptions, ParagraphChild } from "docx";
import { PreparedRuns, type PreparedRunOptions } from "./prepared.js";

/** How a run of the bracket convention looks: its ink (`rrggbb`; none when empty or absent), bold, underlined (any value but false and undefined), struck through, italic. */
export interface ConventionLook {
  readonly color?: string;
  readonly bold?: boolean;
  readonly underline?: unknown;
  readonly strike?: boolean;
  readonly italics?: boolean;
}

/**
 * The character styles of one export: each combination of ink, bold and
 * underline a run uses becomes one Word style (`AccordInk057C59Bold`), and
 * the run names it instead of carrying the three properties itself — what
 * Word users expect of a document, and a third of the run properties the
 * docx library builds and writes (its cost is per property). Strike-through
 * and italics stay on the run: strike is what the importer reads as a
 * deletion. Never fails.
 */
export class RunStyles {
  private readonly styles = new Map<string, ICharacterStyleOptions>();
  /** The runs of the export, their properties made once per combination (see PreparedRuns). */
  readonly runs = new PreparedRuns();

  /** The run options of a look: a style for ink, bold and underline (none when plain), strike and italics as they are (undefined when off). */
  options(look: ConventionLook): PreparedRunOptions {
    return { style: this.styleOf(look), strike: look.strike ? true : undefined, italics: look.italics ? true : undefined };
  }

  /** A plain (untracked) run of `text` looking as `look`. */
  run(text: string, look: ConventionLook): ParagraphChild {
    return this.runs.text(text, this.options(look));
  }

  private styleOf(look: ConventionLook): string | undefined {
    const underline = look.underline !== undefined && look.underline !== false;
    if (!look.color && !look.bold && !underline) return undefined;
    const id = `AccordInk${look.color || "Auto"}${look.bold ? "Bold" : ""}${underline ? "Underline" : ""}`;
    if (!this.styles.has(id)) {
      this.styles.set(id, {
        id,
        name: `Accord ${look.color ? `ink ${look.color}` : "text"}${look.bold ? " bold" : ""}${underline ? " underlined" : ""}`,
        basedOn: "DefaultParagraphFont",
        run: { ...(look.color ? { color: look.color } : {}), ...(look.bold ? { bold: true } : {}), ...(underline ? { underline: {} } : {}) },
      });
    }
    return id;
  }

  /** The styles used so far, for the document's style part. */
  definitions(): ICharacterStyleOptions[] {
    return [...this.styles.values()];
  }
}
