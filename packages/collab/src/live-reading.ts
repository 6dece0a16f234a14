import { documentHeaderFromJSON, NegotiationDocument, schema, type DocumentHeader, type Result } from "@accord/schema";
import { Node } from "prosemirror-model";
import * as Y from "yjs";
import { contentJSON, headerParts, readDocument, type ContentJSON } from "./convert.js";
import { YDOC_PARTS } from "./names.js";
import { placementOf } from "./placement.js";
import { reconcileContent } from "./reconcile.js";

type NodeJSON = NonNullable<ContentJSON["content"]>[number];

/**
 * A block read on its own, or null when it does not read alone as it would
 * in the whole document: it does not convert or fit the schema, or two of
 * its footnotes share an id (`reconcileContent` renames the later one after
 * the block's place in the document).
 */
function readBlock(element: Y.XmlElement): Node | null {
  let json: NodeJSON;
  try {
    json = contentJSON([element]).content![0]!;
  } catch {
    return null;
  }
  const footnoteIds: string[] = [];
  for (const child of json.content ?? []) if (child.type === "footnote" && child.attrs) footnoteIds.push(String(child.attrs.id ?? ""));
  if (new Set(footnoteIds).size !== footnoteIds.length) return null;
  const alternativeTo = json.attrs?.alternativeTo;
  reconcileContent({ type: "doc", content: [json] });
  // Read alone, an alternative seems to have lost its original: whether it has is the whole document's to say.
  if (alternativeTo !== undefined) json.attrs!.alternativeTo = alternativeTo;
  try {
    const node = Node.fromJSON(schema, json);
    node.check();
    return node;
  } catch {
    return null;
  }
}

/**
 * A Y.Doc's document kept read while the Y.Doc changes: `read()` gives what
 * `readDocument` gives for the Y.Doc as it is — the same document, or the
 * same message — but reads again only the blocks that changed since it last
 * read, and gives unchanged blocks as the very nodes it gave before (so a
 * `writeDocument` from its reading skips them). What concurrent edits can
 * leave for the whole document to reconcile (an id in two blocks, an
 * alternative whose original is gone, no block at all), and anything that
 * does not read, is read by `readDocument` itself. Listens to the Y.Doc
 * until `destroy`.
 */
export class LiveReading {
  private readonly fragment: Y.XmlFragment;
  private readonly meta: Y.Map<unknown>;
  private readonly delegations: Y.Map<unknown>;
  /** The content's blocks in order; null when they must be listed again. */
  private order: Y.XmlElement[] | null = null;
  /** The blocks read alone: null for one that does not. */
  private readonly blocks = new Map<Y.XmlElement, Node | null>();
  /** Blocks changed since they were read. */
  private readonly changed = new Set<Y.XmlElement>();
  private header: DocumentHeader | null = null;
  /** The last reading, while the Y.Doc has not changed since. */
  private last: Result<NegotiationDocument> | null = null;
  /** The timer of the next reading ahead, while one is due. */
  private readingAhead: ReturnType<typeof setTimeout> | null = null;
  private readonly onTransaction = (transaction: Y.Transaction) => this.note(transaction);
  private readonly onDestroy = () => this.destroy();

  /**
   * Follows `ydoc` from now on. With `readAheadMs`, blocks that change are
   * read that long after a change, in the background, so that a `read()`
   * while people type finds few blocks left to read (it reads them anyway).
   */
  constructor(
    private readonly ydoc: Y.Doc,
    private readonly options: { readonly readAheadMs?: number } = {},
  ) {
    this.fragment = ydoc.getXmlFragment(YDOC_PARTS.content);
    this.meta = ydoc.getMap(YDOC_PARTS.meta);
    this.delegations = ydoc.getMap(YDOC_PARTS.delegations);
    ydoc.on("afterTransaction", this.onTransaction);
    ydoc.on("destroy", this.onDestroy);
  }

  /** The document as the Y.Doc holds it now, as `readDocument` reads it; a message when it does not read. */
  read(): Result<NegotiationDocument> {
    this.last ??= this.readChanged() ?? readDocument(this.ydoc);
    return this.last;
  }

  /** How many blocks changed since they were last read (or the list of blocks must be read again: 1 at least). */
  get unread(): number {
    return this.changed.size + (this.order ? 0 : 1);
  }

  /** Stops following the Y.Doc (done when the Y.Doc is destroyed). */
  destroy(): void {
    this.ydoc.off("afterTransaction", this.onTransaction);
    this.ydoc.off("destroy", this.onDestroy);
    if (this.readingAhead) clearTimeout(this.readingAhead);
    this.readingAhead = null;
  }

  /** Notes which blocks, or whether the list of blocks or the header, a transaction changed. */
  private note(transaction: Y.Transaction): void {
    for (const type of transaction.changed.keys()) {
      const placement = placementOf(type, this.fragment);
      if (placement.in === "block") this.changed.add(placement.block);
      else if (placement.in === "content") this.order = null;
      else if (placement.root === this.meta || placement.root === this.delegations) this.header = null;
      else continue; // Not a part of the document.
      this.last = null;
      if (this.options.readAheadMs !== undefined && !this.readingAhead) {
        this.readingAhead = setTimeout(() => this.readAhead(), this.options.readAheadMs);
        // Never what keeps a process alive.
        (this.readingAhead as { unref?: () => void }).unref?.();
      }
    }
  }

  /** Reads the blocks that changed, now (see `readAheadMs`). */
  private readAhead(): void {
    this.readingAhead = null;
    if (!this.readBlocks()) return;
    for (const element of this.order!) if (!this.blocks.has(element)) this.blocks.set(element, readBlock(element));
  }

  /**
   * Brings the list of blocks up to date and forgets the readings of blocks
   * changed or gone; false when the content holds something other than blocks.
   */
  private readBlocks(): boolean {
    if (!this.order) {
      const children = this.fragment.toArray();
      if (!children.every((child): child is Y.XmlElement => child instanceof Y.XmlElement)) return false;
      this.order = children;
      const present = new Set(children);
      for (const element of this.blocks.keys()) if (!present.has(element)) this.blocks.delete(element);
    }
    // Read again when next needed, if still in the content.
    for (const element of this.changed) this.blocks.delete(element);
    this.changed.clear();
    return true;
  }

  /** The document from the blocks' readings, reading those that changed; null when `readDocument` must read it. */
  private readChanged(): Result<NegotiationDocument> | null {
    if (!this.readBlocks()) return null;

    const nodes: Node[] = [];
    for (const element of this.order!) {
      let reading = this.blocks.get(element);
      if (reading === undefined) this.blocks.set(element, (reading = readBlock(element)));
      if (!reading) return null;
      nodes.push(reading);
    }
    // What `reconcileContent` changes across blocks — an id in two blocks, a proposal in two blocks, an
    // alternative whose original is gone, no block — is what `NegotiationDocument.create` refuses (the
    // model's rules), so blocks read alone make the document `readDocument` reads, or a refusal.
    try {
      this.header ??= documentHeaderFromJSON(headerParts(this.ydoc));
      return { ok: true, value: NegotiationDocument.create(schema.topNodeType.create(null, nodes), this.header.meta, this.header.registry) };
    } catch {
      return null;
    }
  }
}
