import type { ICharacterStyleOptions, IRunOptions } from "docx";

/** How a run of the marked-up convention looks: its ink (`rrggbb`, "" for none), bold, underlined, struck through. */
export interface ConventionLook {
  readonly color: string;
  readonly bold: boolean;
  readonly underline: boolean;
  readonly strike: boolean;
}

/**
 * The character styles of one export: each combination of ink, bold and
 * underline a run uses becomes one Word style (`AccordInk057C59Bold`), and
 * the run names it instead of carrying the three properties itself — what
 * Word users expect of a document, and a third of the run properties the
 * docx library builds and writes (its cost is per property). Strike-through
 * stays on the run: it is what the importer reads as a deletion. Never fails.
 */
export class RunStyles {
  private readonly styles = new Map<string, ICharacterStyleOptions>();

  /**
   * The options of a run of `text` looking as `look`: a style for ink, bold
   * and underline (none when plain), strike as it is. Always the same three
   * fields, undefined when unused, so the docx library's run constructor
   * sees one shape of object (it reads some forty options of each).
   */
  run(text: string, look: ConventionLook): Pick<IRunOptions, "style" | "strike"> & { readonly text: string } {
    return { style: this.styleOf(look), strike: look.strike ? true : undefined, text };
  }

  private styleOf(look: ConventionLook): string | undefined {
    if (!look.color && !look.bold && !look.underline) return undefined;
    const id = `AccordInk${look.color || "Auto"}${look.bold ? "Bold" : ""}${look.underline ? "Underline" : ""}`;
    if (!this.styles.has(id)) {
      this.styles.set(id, {
        id,
        name: `Accord ${look.color ? `ink ${look.color}` : "text"}${look.bold ? " bold" : ""}${look.underline ? " underlined" : ""}`,
        basedOn: "DefaultParagraphFont",
        run: { ...(look.color ? { color: look.color } : {}), ...(look.bold ? { bold: true } : {}), ...(look.underline ? { underline: {} } : {}) },
      });
    }
    return id;
  }

  /** The styles used so far, for the document's style part. */
  definitions(): ICharacterStyleOptions[] {
    return [...this.styles.values()];
  }
}
