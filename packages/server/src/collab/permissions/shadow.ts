import { reconcileContent, YDOC_PARTS } from "@accord/collab";
import type { BlockJSON } from "@accord/schema";
import * as Y from "yjs";
import { elementToJSON } from "./y-json.js";

/** What one update did to a document's content: the blocks it touched, as read before and after. */
export interface Touched {
  /** Block ids whose content or attributes changed, or that were added or removed. */
  readonly ids: ReadonlySet<string>;
  /** The blocks before the update, by id (absent: the block is new). */
  readonly before: ReadonlyMap<string, BlockJSON>;
  /** The blocks after the update, by id (absent: the block was removed). */
  readonly after: ReadonlyMap<string, BlockJSON>;
  /** The update changed something outside the content (title, metadata, registry). */
  readonly outsideContent: boolean;
  /** The update depends on changes this copy has not seen. */
  readonly pending: boolean;
}

/** The top-level block of the content fragment that a changed type lives in. */
function blockOf(type: Y.AbstractType<unknown>, fragment: Y.XmlFragment): Y.XmlElement | "fragment" | "other" {
  let current: Y.AbstractType<unknown> | null = type;
  for (;;) {
    if (current === fragment) return "fragment";
    const parent: Y.AbstractType<unknown> | null = (current?._item?.parent as Y.AbstractType<unknown> | undefined) ?? null;
    if (!parent) return "other";
    if (parent === fragment) return current as Y.XmlElement;
    current = parent;
  }
}

/** A block as documents are read: its JSON with concurrent variants of a proposal merged. */
function readBlock(element: Y.XmlElement): BlockJSON {
  return (reconcileContent({ type: "doc", content: [elementToJSON(element)] }).content ?? [])[0]!;
}

const idOf = (element: Y.XmlElement) => String(element.getAttribute("id") ?? "");

/**
 * A copy of a live document that incoming updates are tried on before the
 * live document sees them, with every block kept read (as JSON, concurrent
 * variants reconciled) so that an update costs the reading of the blocks it
 * touches, not of the whole document. The copy runs ahead of the live
 * document by the updates that were accepted and are still being written
 * to disk (`inflight`); `reset` rebuilds it from the live document and those.
 *
 * The copy is made when first needed (an update to judge, or `build`), not
 * when the document loads: for a 2,000-paragraph document it costs some 0.3 s
 * that would otherwise hold up the first client's sync. Until then the live
 * document's own changes need not reach it (`applyLive`): it will be made
 * from the live document.
 */
export class ShadowDocument {
  private doc: Y.Doc | null = null;
  private blocks = new Map<string, BlockJSON>();
  /** Block elements by id, rebuilt only after blocks were added or removed. */
  private elements: Map<string, Y.XmlElement> | null = null;
  /** Accepted updates not yet applied to the live document. */
  private readonly inflight = new Set<Uint8Array>();
  private settledWaiters: (() => void)[] = [];
  /** Set while an operation holds the document (see `hold`). */
  private held: Promise<void> | null = null;

  constructor(private readonly live: Y.Doc) {}

  /** Whether the copy has been made. */
  get isBuilt(): boolean {
    return this.doc !== null;
  }

  /** Makes the copy now, unless it exists. */
  build(): void {
    if (!this.doc) this.reset();
  }

  /** Brings a change the live document made on its own (not a checked update) into the copy, if there is one yet. */
  applyLive(update: Uint8Array): void {
    if (this.doc) this.apply(update);
  }

  /**
   * Applies `update` and reports what it touched, with the blocks before and
   * after. The copy keeps the change: `reset` takes it back.
   */
  apply(update: Uint8Array): Touched {
    this.build();
    const doc = this.doc!;
    const fragment = doc.getXmlFragment(YDOC_PARTS.content);
    const touched = new Set<Y.XmlElement>();
    let structural = false;
    let outsideContent = false;
    const observe = (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) {
        const block = blockOf(type as Y.AbstractType<unknown>, fragment);
        if (block === "fragment") structural = true;
        else if (block === "other") outsideContent = true;
        else touched.add(block);
      }
    };
    doc.on("afterTransaction", observe);
    try {
      Y.applyUpdate(doc, update);
    } finally {
      doc.off("afterTransaction", observe);
    }
    const pending = Boolean(doc.store.pendingStructs || doc.store.pendingDs);

    const ids = new Set<string>();
    const before = new Map<string, BlockJSON>();
    const after = new Map<string, BlockJSON>();
    if (structural) this.elements = null;
    const elements = this.elementsById();
    for (const element of touched) if (element.parent === fragment) ids.add(idOf(element));
    if (structural) {
      for (const id of this.blocks.keys()) if (!elements.has(id)) ids.add(id);
      for (const id of elements.keys()) if (!this.blocks.has(id)) ids.add(id);
    }
    for (const id of ids) {
      const old = this.blocks.get(id);
      if (old) before.set(id, old);
      const element = elements.get(id);
      if (element) after.set(id, readBlock(element));
    }
    // The copy now holds the update: so do its readings.
    for (const id of ids) {
      const now = after.get(id);
      if (now) this.blocks.set(id, now);
      else this.blocks.delete(id);
    }
    return { ids, before, after, outsideContent, pending };
  }

  /** Starts again from the live document and the accepted updates on their way to it. */
  reset(): void {
    this.doc?.destroy();
    const doc = new Y.Doc();
    this.doc = doc;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.live));
    for (const update of this.inflight) Y.applyUpdate(doc, update);
    this.elements = null;
    this.blocks = new Map();
    for (const [id, element] of this.elementsById()) this.blocks.set(id, readBlock(element));
  }

  /** An update passed the checks and is on its way to the live document (via the log). */
  accepted(update: Uint8Array): void {
    this.inflight.add(update);
  }

  /** An accepted update reached the live document (or never will): it no longer counts as on its way. */
  landed(update: Uint8Array): void {
    this.inflight.delete(update);
    if (this.inflight.size === 0) for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  /** Resolves when every accepted update has reached the live document. */
  private async settled(): Promise<void> {
    while (this.inflight.size > 0) await new Promise<void>((resolve) => this.settledWaiters.push(resolve));
  }

  /**
   * Holds back the updates that arrive from now on (they wait in `gate`)
   * and resolves, once those already accepted have reached the live
   * document, with the function that lets them through again. Waiting for
   * the document to fall quiet instead would never end while delegates type.
   */
  async hold(): Promise<() => void> {
    // Checked and taken with no await between: two operations never hold at once.
    while (this.held) await this.held;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.held = held;
    await this.settled();
    return () => {
      if (this.held === held) this.held = null;
      release();
    };
  }

  /** Resolves when no one holds the document (see `hold`); at once, usually. */
  async gate(): Promise<void> {
    while (this.held) await this.held;
  }

  /** Whether updates must wait at the gate now. */
  get isHeld(): boolean {
    return this.held !== null;
  }

  destroy(): void {
    this.doc?.destroy();
    this.doc = null;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
    this.held = null;
  }

  private elementsById(): Map<string, Y.XmlElement> {
    if (!this.elements) {
      this.elements = new Map();
      for (const child of this.doc!.getXmlFragment(YDOC_PARTS.content).toArray()) {
        if (child instanceof Y.XmlElement) this.elements.set(idOf(child), child);
      }
    }
    return this.elements;
  }
}
