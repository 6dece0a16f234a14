import {
  BaseXmlComponent,
  Bookmark,
  DeletedTextRun,
  FileChild,
  ParagraphProperties,
  RunProperties,
  type IParagraphOptions,
  type IRunOptions,
  type IXmlableObject,
  type ParagraphChild,
} from "docx";

/** The run properties the exports give a run: a character style, strike-through, italics, bold; undefined ones are not written. */
export type PreparedRunOptions = Pick<IRunOptions, "style" | "strike" | "italics" | "bold">;

/** Who made a tracked change, and when (ISO 8601), with its revision id. */
export interface RunChange {
  readonly id: number;
  readonly author: string;
  readonly date: string;
}

/** `xml:space="preserve"` on a `w:t`, as docx's TextRun writes it. Shared: the docx serialiser only reads what it is given. */
const PRESERVE_SPACE = Object.freeze({ _attr: Object.freeze({ "xml:space": "preserve" }) });

/**
 * A component whose XML is known before the document is written (a tracked
 * run, shared paragraph properties): its `prepForXml` gives the same object
 * every time. The docx library's own components build a tree of components
 * per run (run, properties, style, attributes, text) and turn each into an
 * object when the document is written; a run here is one component and one
 * small object.
 */
class PreparedXml extends BaseXmlComponent {
  constructor(
    rootKey: string,
    private readonly prepared: IXmlableObject,
  ) {
    super(rootKey);
  }

  override prepForXml(): IXmlableObject {
    return this.prepared;
  }
}

/** A plain run: its text and its shared prepared properties (see PreparedRuns), which neighbours with the same properties can join. */
class PreparedTextRun extends BaseXmlComponent {
  constructor(
    readonly text: string,
    readonly properties: IXmlableObject | undefined,
  ) {
    super("w:r");
  }

  override prepForXml(): IXmlableObject {
    return runXml(this.properties, { "w:t": [PRESERVE_SPACE, this.text] });
  }
}

/**
 * Word runs of text written exactly as the docx library's `TextRun`,
 * `InsertedTextRun` and `DeletedTextRun` write them (the XML is tested to be
 * the same), at a fraction of the cost: the run properties of each
 * combination of options are made once by docx's `RunProperties`, prepared
 * once, and shared by every run that has them (an export has a few dozen
 * combinations and tens of thousands of runs). Never fails.
 */
export class PreparedRuns {
  private readonly properties = new Map<string, IXmlableObject | undefined>();

  /** A run of `text` with `options`, as `new TextRun({ ...options, text })` writes it. */
  text(text: string, options: PreparedRunOptions): ParagraphChild {
    return asParagraphChild(new PreparedTextRun(text, this.preparedProperties(options)));
  }

  /** A tracked insertion of a run of `text`, as `new InsertedTextRun({ ...options, ...change, text })` writes it. */
  inserted(text: string, options: PreparedRunOptions, change: RunChange): ParagraphChild {
    const run = runXml(this.preparedProperties(options), { "w:t": [PRESERVE_SPACE, text] });
    return asParagraphChild(new PreparedXml("w:ins", { "w:ins": [changeAttributes(change), run] }));
  }

  /** A tracked deletion of a run of `text`, as `new DeletedTextRun({ ...options, ...change, text })` writes it. */
  deleted(text: string, options: PreparedRunOptions, change: RunChange): ParagraphChild {
    // docx writes no w:delText for empty text: its own class says how.
    if (!text) return new DeletedTextRun({ ...options, ...change, text });
    const run = runXml(this.preparedProperties(options), { "w:delText": [PRESERVE_SPACE, text] });
    return asParagraphChild(new PreparedXml("w:del", { "w:del": [changeAttributes(change), run] }));
  }

  /**
   * `children` with each plain run (made by `text`) that follows another
   * with the same properties joined to it: one run where there were several
   * that look the same (a label and its tab, the text after them), so the
   * same text and look in fewer runs, the export's cost being per run. Other
   * children, tracked runs among them, stay as they are and keep their
   * neighbours apart.
   */
  joined(children: readonly ParagraphChild[]): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    let last: PreparedTextRun | undefined;
    for (const child of children) {
      const run = child as unknown;
      if (run instanceof PreparedTextRun && last !== undefined && last.properties === run.properties) {
        last = new PreparedTextRun(last.text + run.text, run.properties);
        out[out.length - 1] = asParagraphChild(last);
        continue;
      }
      out.push(child);
      last = run instanceof PreparedTextRun ? run : undefined;
    }
    return out;
  }

  /** The `w:rPr` docx writes for `options`, made and prepared once per combination; undefined when it writes none. */
  private preparedProperties(options: PreparedRunOptions): IXmlableObject | undefined {
    const key = `${options.style ?? ""}|${flag(options.strike)}${flag(options.italics)}${flag(options.bold)}`;
    if (this.properties.has(key)) return this.properties.get(key);
    const prepared = new RunProperties({ style: options.style, strike: options.strike, italics: options.italics, bold: options.bold }).prepForXml(EMPTY_CONTEXT());
    this.properties.set(key, prepared === undefined ? undefined : deepFreeze(prepared));
    return prepared;
  }
}

/** `{ "w:r": [properties?, content] }`, as docx's Run prepares it. */
function runXml(properties: IXmlableObject | undefined, content: IXmlableObject): IXmlableObject {
  return { "w:r": properties ? [properties, content] : [content] };
}

/** A paragraph's options without its content: what its `w:pPr` is made of. */
export type PreparedParagraphOptions = Omit<IParagraphOptions, "children" | "text">;

/**
 * A paragraph whose properties are prepared: its `w:pPr` shared, its
 * children as a docx Paragraph holds them (a bookmark as its start, its
 * children and its end).
 */
class PreparedParagraph extends FileChild {
  constructor(properties: PreparedXml | undefined, children: readonly ParagraphChild[]) {
    super("w:p");
    if (properties) this.root.push(properties);
    for (const child of children) {
      if (child instanceof Bookmark) this.root.push(...child.writtenAs);
      else this.root.push(child);
    }
  }
}

/**
 * Paragraphs written exactly as the docx library's `Paragraph` writes them
 * (tested to be the same), their properties (`w:pPr`: style, indents, tab
 * stops, spacing) made by docx's `ParagraphProperties` once per options
 * object and shared: an export's paragraphs have three kinds of options
 * (heading, labelled, not), and docx's own paragraph builds and prepares
 * some ten objects per property each time. For options without numbering
 * and children without hyperlinks (which docx's Paragraph writes with the
 * document's state). Never fails.
 */
export class PreparedParagraphs {
  private readonly properties = new Map<PreparedParagraphOptions, PreparedXml | undefined>();

  /** A paragraph of `children` with `options` (one object for all paragraphs with them: it is the key), as `new Paragraph({ ...options, children })` writes it. */
  paragraph(options: PreparedParagraphOptions, children: readonly ParagraphChild[]): FileChild {
    return new PreparedParagraph(this.preparedProperties(options), children);
  }

  private preparedProperties(options: PreparedParagraphOptions): PreparedXml | undefined {
    if (this.properties.has(options)) return this.properties.get(options);
    const prepared = new ParagraphProperties(options).prepForXml(EMPTY_CONTEXT());
    const component = prepared === undefined ? undefined : new PreparedXml("w:pPr", deepFreeze(prepared));
    this.properties.set(options, component);
    return component;
  }
}

/** The context docx's properties are prepared in outside a document: they read nothing of it. */
const EMPTY_CONTEXT = () => ({ stack: [] }) as unknown as Parameters<RunProperties["prepForXml"]>[0];

function flag(value: boolean | undefined): string {
  return value === undefined ? "-" : value ? "1" : "0";
}

/** `w:id`, `w:author`, `w:date` in the order docx's ChangeAttributes writes them. */
function changeAttributes(change: RunChange): IXmlableObject {
  return { _attr: { "w:id": change.id, "w:author": change.author, "w:date": change.date } };
}

/** `value`, frozen all the way down: a prepared object shared by many runs or paragraphs must not be changed by one of them. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A prepared run where docx's types want a paragraph's child. ParagraphChild
 * lists docx's own classes only; a paragraph takes any component
 * (`BaseXmlComponent`, whose `prepForXml` it calls), as docx's documentation
 * of custom components says.
 */
function asParagraphChild(component: BaseXmlComponent): ParagraphChild {
  return component as unknown as ParagraphChild;
}
