import { formatStatusMarker, importText, type Diagnostic } from "@accord/text";
import { isParagraphStatus, type DelegationRegistry, type NegotiationDocument, type ParagraphStatus } from "@accord/schema";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { ACCORD_NAMESPACE, AKN_NAMESPACE } from "./namespaces.js";

/** The largest Akoma Ntoso file read: 20 MB, far past any negotiation text. */
export const MAX_AKN_BYTES = 20 * 1024 * 1024;

/** Options of `importAkn`. */
export interface AknImportOptions {
  /** The registry a foreign file starts from (as in `importText`). */
  readonly registry?: DelegationRegistry;
  /** The size refused (bytes); `MAX_AKN_BYTES` by default. */
  readonly maxBytes?: number;
}

/** What `importAkn` answers: the document and the text it was read as, with diagnostics; or why the file was refused. */
export type AknImport =
  | {
      readonly ok: true;
      readonly document: NegotiationDocument;
      /** The bracketed text the file was read as (diagnostics' lines and columns are in it). */
      readonly text: string;
      readonly diagnostics: readonly Diagnostic[];
      /** Whether the file was written by Accord (read exactly) or is another Akoma Ntoso file (read as well as it can be). */
      readonly written: "accord" | "foreign";
    }
  | { readonly ok: false; readonly message: string };

/**
 * Reads an Akoma Ntoso file. One written by `exportAkn` gives the same
 * document back, from the bracketed text in its proprietary metadata, when
 * its body still holds the same words; one whose body was edited elsewhere
 * is read from the body, as a foreign file, so the edit is kept. Another
 * AKN file is read from its body: each paragraph, heading, container or block
 * `p` a line (its `num` first), `ins` and `del` as untagged brackets (the
 * text import's diagnostics then name what it could not attribute), notes as
 * footnotes, a block's status from what it `refersTo` (`#status-approved`)
 * with the date and body of the workflow `step` about it, an unnumbered
 * block with `alternativeTo` as an alternative (`//`) — no text is lost. Refuses, with a message naming the line and
 * column, what is too large, not well-formed, declares a DTD or is not Akoma
 * Ntoso. Never throws for bad input.
 */
export function importAkn(input: Uint8Array | string, options: AknImportOptions = {}): AknImport {
  const maxBytes = options.maxBytes ?? MAX_AKN_BYTES;
  const size = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (size > maxBytes) return { ok: false, message: `The file is ${size} bytes; an Akoma Ntoso file is read up to ${maxBytes} bytes` };
  const text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: false }).decode(input);

  const reader = new AknReader();
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: string | null = null;
  const where = () => `line ${parser.line}, column ${parser.column + 1}`;
  parser.on("doctype", () => {
    failure ??= `At ${where()}: the file declares a document type (DTD), which Akoma Ntoso never needs: refused`;
  });
  parser.on("error", (error) => {
    failure ??= `The file is not well-formed XML: ${error.message}`;
  });
  parser.on("opentag", (tag) => {
    if (failure) return;
    const problem = reader.open(tag);
    if (problem) failure = `At ${where()}: ${problem}`;
  });
  parser.on("closetag", (tag) => {
    if (!failure) reader.close(tag);
  });
  parser.on("text", (value) => {
    if (!failure) reader.text(value);
  });
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= `The file is not well-formed XML: ${(error as Error).message}`;
  }
  if (failure) return { ok: false, message: failure };
  if (!reader.sawRoot) return { ok: false, message: "The file holds no XML element: not an Akoma Ntoso file" };

  const body = reader.lines().join("\n\n");
  const registry = options.registry ? { registry: options.registry } : {};
  if (reader.source !== null) {
    const read = importText(reader.source, registry);
    // A file of ours edited elsewhere: its body no longer says what the carried text does, and the body wins.
    if (wordsOf(read.document) === reader.bodyWords()) return { ok: true, document: read.document, text: reader.source, diagnostics: read.diagnostics, written: "accord" };
  }
  const read = importText(body, registry);
  return { ok: true, document: read.document, text: body, diagnostics: read.diagnostics, written: "foreign" };
}

/** A document's words, as its Akoma Ntoso body holds them (labels in the preamble's text, other labels as num): whitespace aside. */
function wordsOf(document: NegotiationDocument): string {
  const blocks: { label: string; preambular: boolean; text: string }[] = [];
  document.content.forEach((block) => {
    const paragraph = block.type.name === "paragraph";
    blocks.push({ label: paragraph ? (block.attrs.label as string) : "", preambular: paragraph && block.attrs.kind === "preambular", text: block.textContent });
  });
  const lastPreambular = blocks.findLastIndex((block) => block.preambular);
  return blocks
    .map((block, index) => (index <= lastPreambular ? block.label : "") + block.text)
    .join("")
    .replace(/\s+/g, "");
}

// Elements whose text is one line of the document.
const LINE_ELEMENTS = new Set(["paragraph", "hcontainer", "container", "heading", "p", "subparagraph", "point", "article", "section", "intro", "wrapUp", "longTitle", "recital", "citation"]);
// Elements whose text is not the document's text.
const SKIPPED_ELEMENTS = new Set(["meta"]);

/** What a workflow step of ours says about a block's status. */
interface StepFacts {
  readonly date: string;
  readonly body: string;
}

/** A block element being read: its eId, the status it refers to, whether it is an alternative, and whether its line got them yet. */
interface OpenBlock {
  readonly eId: string;
  readonly heading: boolean;
  readonly status: ParagraphStatus | null;
  readonly alternative: boolean;
  written: boolean;
}

const BLOCK_ELEMENTS = new Set(["paragraph", "hcontainer", "container"]);

class AknReader {
  sawRoot = false;
  private readonly steps = new Map<string, StepFacts>();
  private readonly blocks: OpenBlock[] = [];
  source: string | null = null;
  private readonly stack: string[] = [];
  private collectingSource = false;
  private sourceParts: string[] = [];
  private skipDepth = 0;
  private readonly finished: string[] = [];
  private current = "";
  private footnotes: string[] = [];
  private noteDepth = 0;
  private noteText = "";
  private num = "";
  private inNum = false;
  private words = "";

  /** The body's words (not numbers, not notes), whitespace aside. */
  bodyWords(): string {
    return this.words;
  }

  open(tag: SaxesTagNS): string | null {
    if (!this.sawRoot) {
      this.sawRoot = true;
      if (tag.uri !== AKN_NAMESPACE || tag.local !== "akomaNtoso") {
        return `the root element is ${tag.uri ? `{${tag.uri}}` : ""}${tag.local}, not akomaNtoso in the namespace ${AKN_NAMESPACE}: not an Akoma Ntoso 3.0 file`;
      }
    }
    this.stack.push(tag.local);
    if (tag.uri === ACCORD_NAMESPACE && tag.local === "markup" && this.stack.includes("proprietary")) {
      this.collectingSource = true;
      this.sourceParts = [];
      return null;
    }
    if (tag.uri === AKN_NAMESPACE && tag.local === "step") this.step(tag);
    if (this.skipDepth || (tag.uri === AKN_NAMESPACE && SKIPPED_ELEMENTS.has(tag.local))) {
      this.skipDepth++;
      return null;
    }
    if (this.noteDepth) {
      this.noteDepth++;
      return null;
    }
    if (tag.local === "authorialNote") {
      this.noteDepth = 1;
      this.noteText = "";
      return null;
    }
    if (LINE_ELEMENTS.has(tag.local)) this.flush();
    if (BLOCK_ELEMENTS.has(tag.local)) this.blocks.push(this.block(tag));
    if (tag.local === "ins") this.current += "[";
    if (tag.local === "del") this.current += "[~~";
    if (tag.local === "num") {
      this.flush();
      this.inNum = true;
    }
    return null;
  }

  close(tag: SaxesTagNS): void {
    this.stack.pop();
    if (this.collectingSource && tag.uri === ACCORD_NAMESPACE && tag.local === "markup") {
      this.collectingSource = false;
      this.source = this.sourceParts.join("");
      return;
    }
    if (this.skipDepth) {
      this.skipDepth--;
      return;
    }
    if (this.noteDepth) {
      this.noteDepth--;
      if (this.noteDepth === 0) {
        this.footnotes.push(this.noteText.replace(/\s+/g, " ").trim());
        this.current += `${this.footnotes.length}/`;
      }
      return;
    }
    if (tag.local === "ins") this.current += "]";
    if (tag.local === "del") this.current += "~~]";
    if (tag.local === "num") {
      // The number waits for its paragraph's text (in a p of its own) to make one line.
      this.num = this.current.replace(/\s+/g, " ").trim();
      this.current = "";
      this.inNum = false;
      return;
    }
    if (LINE_ELEMENTS.has(tag.local)) this.flush();
    if (BLOCK_ELEMENTS.has(tag.local)) this.blocks.pop();
  }

  /** A workflow step of ours: the date and body of the status of the block it is about. */
  private step(tag: SaxesTagNS): void {
    const about = attribute(tag, ACCORD_NAMESPACE, "about").replace(/^#/, "");
    if (!about) return;
    // AKN requires a step's date; ours says in accord:statusDate whether the status had one.
    const date = attribute(tag, ACCORD_NAMESPACE, "status") ? attribute(tag, ACCORD_NAMESPACE, "statusDate") : attribute(tag, "", "date");
    this.steps.set(about, { date: /^\d{4}-\d\d-\d\d$/.test(date) ? date : "", body: attribute(tag, ACCORD_NAMESPACE, "statusBody") });
  }

  private block(tag: SaxesTagNS): OpenBlock {
    const concept = attribute(tag, "", "refersTo").split(/\s+/).find((ref) => ref.startsWith("#status-"))?.slice("#status-".length) ?? "";
    const heading = tag.local === "hcontainer" || attribute(tag, "", "name") === "heading";
    return { eId: attribute(tag, "", "eId"), heading, status: isParagraphStatus(concept) && concept !== "open" ? concept : null, alternative: attribute(tag, "", "alternativeTo") !== "", written: false };
  }

  text(value: string): void {
    if (this.collectingSource) this.sourceParts.push(value);
    else if (this.skipDepth) return;
    else if (this.noteDepth) this.noteText += value;
    else {
      this.current += value;
      // The preface holds the metadata, which is not the document's text.
      if (!this.inNum && !this.stack.includes("preface")) this.words += value.replace(/\s+/g, "");
    }
  }

  /** The document's lines, footnote texts last, as the bracket convention writes them. */
  lines(): string[] {
    this.flush();
    if (this.num) this.finished.push(this.num); // a number with no text after it is kept too
    this.num = "";
    return [...this.finished, ...this.footnotes.map((note, index) => `${index + 1}/ ${note}`)];
  }

  private flush(): void {
    if (this.inNum) return;
    let line = this.current.replace(/\s+/g, " ").trim();
    this.current = "";
    if (!line) return;
    // The block's first line carries what the block says of itself: an alternative's `//`, its status marker.
    const block = this.blocks[this.blocks.length - 1];
    if (block && !block.written) {
      block.written = true;
      if (block.alternative && !this.num) line = `// ${line}`;
      if (block.status) {
        const step = this.steps.get(block.eId);
        line += ` ${formatStatusMarker(block.status, step?.date ?? "", step?.body ?? "", block.heading ? { subject: "Section", parenthesize: true } : {})}`;
      }
    }
    this.finished.push(this.num ? `${this.num} ${line}` : line);
    this.num = "";
  }
}

/** An attribute's value ("" when absent), by namespace ("" for none) and local name. */
function attribute(tag: SaxesTagNS, uri: string, local: string): string {
  for (const candidate of Object.values(tag.attributes)) if (candidate.uri === uri && candidate.local === local) return candidate.value;
  return "";
}
