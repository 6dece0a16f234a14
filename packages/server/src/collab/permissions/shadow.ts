import { placementOf, reconcileContent, YDOC_PARTS } from "@accord/collab";
import { blockSpanFacts, markNameOfKey, parseOptionPath, passedOverBySpans, previousBlocks, type BlockJSON, type SpanBlockJSON, type SpanPartFacts } from "@accord/schema";
import * as Y from "yjs";
import type { ReadUpdate } from "../read-update.js";
import { Identities } from "./identities.js";
import { stableJSON } from "./stable-json.js";
import type { BlockReading, Touched, TouchedBlock, Typed } from "./touched.js";
import { typingBefore } from "./typing-before.js";
import { typingOf, type TypedRun, type Typing, type TypingContext } from "./typing.js";
import { readElement, readElementAsBefore, type ElementReading } from "./y-json.js";

/**
 * Whether reading a block as documents are read would change it: some
 * proposal has variants (marks of one id that disagree on delegations, note
 * or state), a bracket names delegations, a text carries one proposal twice,
 * or two footnotes share an id. Most blocks have none of these, and their
 * stored reading serves as is (no copy: a 2,000-paragraph document is read whole).
 */
function needsReconciling(block: BlockJSON): boolean {
  const proposals = new Map<string, Record<string, unknown>>();
  const footnotes = new Set<string>();
  for (const child of block.content ?? []) {
    if (child.type === "footnote") {
      const id = String(child.attrs?.id ?? "");
      if (footnotes.has(id)) return true;
      footnotes.add(id);
    }
    const marks = child.marks ?? [];
    for (let i = 0; i < marks.length; i++) {
      const mark = marks[i]!;
      if (mark.type !== "proposal") continue;
      const attrs = mark.attrs ?? {};
      const id = String(attrs.id ?? "");
      for (let j = 0; j < i; j++) if (marks[j]!.type === "proposal" && String(marks[j]!.attrs?.id ?? "") === id) return true;
      if (attrs.op === "bracket" && Array.isArray(attrs.by) && attrs.by.length) return true;
      const known = proposals.get(id);
      if (known === undefined) proposals.set(id, attrs);
      else if (known !== attrs && !sameVariant(known, attrs)) return true;
    }
  }
  return false;
}

/**
 * Whether two marks of one proposal carry the very same attributes. Any
 * difference is a variant the reading of the document reconciles (positions
 * merged, not only delegations, note and state), so the checks must read the
 * block reconciled too: a delegate's variant of its own proposal carrying
 * another delegation's position (fuzz seed 3251987766) was judged stretch by
 * stretch and taken, and the document then read the position on the whole
 * proposal.
 */
function sameVariant(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

function readBlock(element: Y.XmlElement, reading: ElementReading = readElement(element)): BlockReading {
  const { json, problem } = reading;
  const id = String(json.attrs?.id ?? "");
  if (!needsReconciling(json)) return { id, raw: json, read: json, problem };
  // Reconciling works in place: it gets a copy, so `raw` stays as stored.
  const read = (reconcileContent({ type: "doc", content: [structuredClone(json)] }).content ?? [])[0]!;
  // Read alone, a block's alternative seems to have lost its original: the document is there, so it keeps it.
  if (json.attrs?.alternativeTo !== undefined) read.attrs = { ...read.attrs, alternativeTo: json.attrs.alternativeTo };
  return { id, raw: json, read, problem };
}

/** The parts of a negotiation's Y.Doc; any other top-level type is not one of its parts. */
const KNOWN_ROOTS: ReadonlySet<string> = new Set(Object.values(YDOC_PARTS));

/** Judges an update that only typed, as it is applied: what to remember when allowed, null to judge it the long way. */
export type TypingRule = (typing: Typing, context: TypingContext) => Typed | null;

/** `proposalVariantsOf` by reading: a reading does not change once made. */
const variantsOfReading = new WeakMap<BlockReading, Map<string, Set<string>>>();

/** The marks of each proposal of a block reading, as `stableJSON` of their attributes (made once per reading). */
function proposalVariantsOf(reading: BlockReading): Map<string, Set<string>> {
  const kept = variantsOfReading.get(reading);
  if (kept) return kept;
  const found = new Map<string, Set<string>>();
  variantsOfReading.set(reading, found);
  for (const child of reading.raw.content ?? []) {
    for (const mark of child.marks ?? []) {
      if (mark.type !== "proposal") continue;
      const id = String(mark.attrs?.id ?? "");
      let variants = found.get(id);
      if (!variants) found.set(id, (variants = new Set()));
      variants.add(stableJSON(mark.attrs));
    }
  }
  return found;
}

/**
 * The marks of each proposal in a block of the live document, as
 * `proposalVariantsOf` gives them from a reading — `stableJSON` of the
 * attributes of every run of text carrying them — read from the element's
 * texts without making JSON of the block.
 */
function liveProposalVariants(block: Y.XmlElement): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const seen = new Set<unknown>();
  for (const child of block.toArray()) {
    if (!(child instanceof Y.XmlText)) continue;
    const current = new Map<string, unknown>();
    for (let item = child._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (content.value === null) current.delete(content.key);
        else current.set(content.key, content.value);
        continue;
      }
      if (!(content instanceof Y.ContentString)) continue;
      for (const [key, value] of current) {
        if (seen.has(value) || markNameOfKey(key) !== "proposal") continue;
        seen.add(value);
        const id = String((value as { id?: unknown } | null)?.id ?? "");
        let variants = found.get(id);
        if (!variants) found.set(id, (variants = new Set()));
        variants.add(stableJSON(value));
      }
    }
  }
  return found;
}

/**
 * Whether the span rules read a block of the live document (`TypingContext.holdsSpanPart`): it holds a part of a
 * bracket spanning paragraphs (a proposal format with a `span`), or no text at all.
 */
function liveHoldsSpanPart(block: Y.XmlElement): boolean {
  if (block.length === 0 || block.toArray().every((child) => child instanceof Y.XmlText && child.length === 0)) return true;
  for (const child of block.toArray()) {
    if (!(child instanceof Y.XmlText)) continue;
    for (let item = child._start; item !== null; item = item.right) {
      const content = item.content;
      if (item.deleted || !(content instanceof Y.ContentFormat) || markNameOfKey(content.key) !== "proposal") continue;
      if ((content.value as { span?: unknown } | null)?.span) return true;
    }
  }
  return false;
}

/** The spans of the parts the first or last text of a block carries (footnotes passed over); none for no block. */
function edgeSpans(block: BlockJSON | null, edge: "first" | "last"): string[] {
  const texts = (block?.content ?? []).filter((child) => child.type === "text");
  const text = edge === "first" ? texts[0] : texts[texts.length - 1];
  return (text?.marks ?? []).filter((mark) => mark.type === "proposal" && mark.attrs?.span).map((mark) => String(mark.attrs!.span));
}

/** A block of the live document as the typing rule reads it: its kind, attributes and id (its text is not read). */
function liveBlockHead(block: Y.XmlElement): BlockReading {
  const attrs = block.getAttributes() as Record<string, unknown>;
  const raw: BlockJSON = { type: block.nodeName, attrs };
  return { id: String(attrs.id ?? ""), raw, read: raw, problem: null };
}

/** No span: typing was judged by its own rule, which sends typing into a block the span rules read the long way. */
const NO_SPANS: ReadonlySet<string> = new Set();

/** The lookups of a Touched that typing judged before it was applied has none of: nothing judges typing by them. */
function noLookup(): never {
  throw new Error("typing judged before it is applied has no block lookups");
}

/** What `ShadowDocument.typeBefore` found an update to do: it only typed, into this block of the live document, these runs. */
export type TypedBefore = Touched & { readonly typedInto: Y.XmlElement; readonly typedRuns: readonly TypedRun[] };

/**
 * How many accepted updates judged before they were applied the copy may
 * wait for (`catchUp`) before it is let go instead: as many as some seconds
 * of a room typing, so that a copy only typing has used since costs nothing
 * more to keep and is not kept.
 */
const MAX_DEFERRED = 512;

/** An accepted update that typed, judged before it was applied: the copy gets it when next used (see `catchUp`). */
interface Deferred {
  readonly update: Uint8Array;
  readonly block: Y.XmlElement;
  readonly runs: readonly TypedRun[];
}

/** A reading of a block is not what the copy holds any more (see `ShadowDocument.stale`): a bug of this file. */
class StaleReading extends Error {}

/** Whether a transaction is Yjs' own cleanup of formatting in `text`: it deletes markers there that change nothing, and does nothing else. */
function isFormattingCleanup(transaction: Y.Transaction, text: Y.XmlText): boolean {
  for (const [client, after] of transaction.afterState) if (after !== (transaction.beforeState.get(client) ?? 0)) return false;
  for (const [type, keys] of transaction.changed) if ((type as unknown) !== text || keys.size !== 1 || !keys.has(null)) return false;
  let onlyMarkers = true;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || struct.parent !== text || !(struct.content instanceof Y.ContentFormat)) onlyMarkers = false;
  });
  return onlyMarkers;
}

/**
 * A copy of a live document that incoming updates are tried on before the
 * live document sees them, with every block kept read so that an update
 * costs the reading of the blocks it touches, not of the whole document.
 * Blocks are followed by their Y.XmlElement — their identity in the Y.Doc —
 * never by the id attribute they carry, which is the client's to write: a
 * block whose id changed, a new block carrying an id already in use and a
 * block deleted and made again are all seen for what they are. The copy runs
 * ahead of the live document by the updates that were accepted and are
 * still being written to disk (`inflight`); `reset` rebuilds it from the
 * live document and those.
 *
 * The copy is made when first needed (an update to judge, or `build`), not
 * when the document loads: for a 2,000-paragraph document it costs some 0.3 s
 * that would otherwise hold up the first client's sync. Until then the live
 * document's own changes need not reach it (`applyLive`): it will be made
 * from the live document. For the same reason it goes again once the
 * document has had no update for `idleMs` (`release`): a document open in
 * many pages but not being edited costs little more than its Y.Doc.
 */
export class ShadowDocument {
  private doc: Y.Doc | null = null;
  /** Every block element of the content fragment and its reading. */
  private blocks = new Map<Y.XmlElement, BlockReading>();
  /** How many blocks carry each id. */
  private ids = new Map<string, number>();
  /** The reading of the blocks `apply` changed, to put back if the update is not kept. */
  private readonly inflight = new Set<Uint8Array>();
  private settledWaiters: (() => void)[] = [];
  /** Set while an operation holds the document (see `hold`). */
  private held: Promise<void> | null = null;
  /** The ids of blocks and proposals seen since the copy was first made; kept across resets. */
  private identities: Identities | null = null;
  /**
   * Blocks typed into since they were last read (see `typingOf`): their kept
   * reading has their attributes as they are, and text older than theirs.
   * Read again only when an update changes them the long way — as they were
   * just before it, from inside its transaction — so that typing costs no
   * reading of its block at all.
   */
  private readonly stale = new Set<Y.XmlElement>();
  /** The proposals typed into each stale block since its reading, as `proposalVariantsOf` gives them. */
  private readonly typedVariants = new Map<Y.XmlElement, Map<string, Set<string>>>();
  /** Accepted updates that typing judged before they were applied (`typeBefore`) and the copy has not had yet, in order. */
  private deferred: Deferred[] = [];
  /** Of the accepted updates on their way, the block of the live document each one judged before it was applied typed into. */
  private readonly inflightTyped = new Map<Uint8Array, Y.XmlElement>();
  /** How many of those typed into each block. */
  private readonly typingInflight = new Map<Y.XmlElement, number>();

  /** When the copy last changed (ms since the epoch), and the timer that lets it go once idle. */
  private lastChange = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly live: Y.Doc,
    private readonly options: {
      /** With it, the copy is let go after this long without a change (`release`); without, it stays. */
      readonly idleMs?: number;
    } = {},
  ) {}

  /** Whether the copy has been made. */
  get isBuilt(): boolean {
    return this.doc !== null;
  }

  /** Makes the copy now, unless it exists. */
  build(): void {
    if (!this.doc) this.reset();
  }

  /**
   * Learns the document's ids — all that typing judged before it is applied
   * needs (`typeBefore`) — from the live document, without making the copy,
   * which waits for an update that needs it. While accepted updates are on
   * their way, which the live document does not hold yet, makes the copy
   * instead (it learns them from it). Does nothing once the ids are known.
   */
  warmUp(): void {
    if (this.identities) return;
    if (this.inflight.size > 0) return this.build();
    const readings: BlockReading[] = [];
    for (const child of this.live.getXmlFragment(YDOC_PARTS.content).toArray()) if (child instanceof Y.XmlElement) readings.push(readBlock(child));
    const identities = new Identities();
    identities.seed(readings);
    this.identities = identities;
  }

  /** Brings a change the live document made on its own (not a checked update) into the copy, if there is one yet. */
  applyLive(update: Uint8Array): void {
    if (this.doc) this.remember(this.apply(update));
  }

  /** Takes what an accepted update left as the truth about ids (see `Identities`). */
  remember(touched: Touched): void {
    this.identities?.remember(touched);
  }

  /** Why the blocks an update left break the rules of block ids (see `Identities.blockProblem`); null when they do not. */
  identityProblem(touched: Touched, restoreOnly: boolean): string | null {
    return this.identities?.blockProblem(touched, restoreOnly) ?? null;
  }

  /** Why the proposal marks a delegate of `code` left break the rules of proposal ids; null when they do not. */
  proposalIdProblem(touched: Touched, code: string): string | null {
    return this.identities?.proposalProblem(touched, code) ?? null;
  }

  /**
   * Applies `update` and reports what it touched, with the blocks before and
   * after. The copy keeps the change: `reset` takes it back.
   */
  apply(update: Uint8Array, typing?: TypingRule): Touched {
    try {
      return this.change((doc) => Y.applyUpdate(doc, update), typing);
    } catch (error) {
      if (!(error instanceof StaleReading)) throw error;
      // Never expected: start again from the live document and judge the update the long way.
      this.reset();
      return this.change((doc) => Y.applyUpdate(doc, update));
    }
  }

  /**
   * Judges an update that only types as `apply` with `typing` would, but
   * before anything applies it: from the update and the live document
   * (`typingBefore`), without the copy — which gets it later, if it is made
   * by then (`catchUp`). Null, changing nothing, when that cannot be done
   * for certain: the update is then applied the long way (`apply`). It is
   * done only while the live document is all there is to judge by: no
   * update on its way to the live document that was judged the long way,
   * none typed into the same block; the document's ids are learnt first if
   * they are not known yet (`warmUp`). What it returns has no block lookups (none is needed to
   * judge typing); `accepted` must be told of the update with its block.
   */
  typeBefore(update: ReadUpdate, typing: TypingRule): TypedBefore | null {
    if (this.inflightTyped.size < this.inflight.size) return null;
    // The ids are learnt now if the warm-up has not come yet (the first edits of a document just opened).
    this.warmUp();
    const identities = this.identities;
    if (!identities) return null;
    const found = typingBefore(update, this.live, this.live.getXmlFragment(YDOC_PARTS.content));
    if (!found || this.typingInflight.has(found.block)) return null;
    let variants: Map<string, Set<string>> | null = null;
    const allowed = typing(found, {
      block: liveBlockHead(found.block),
      proposalVariants: (id) => (variants ??= liveProposalVariants(found.block)).get(id),
      proposal: (id) => identities.proposal(id),
      isBlockId: (id) => identities.isBlockId(id),
      holdsSpanPart: () => liveHoldsSpanPart(found.block),
    });
    if (!allowed) return null;
    return {
      blocks: [],
      typed: allowed,
      typedInto: found.block,
      typedRuns: found.runs,
      fragmentProblem: null,
      outsideContent: false,
      newRoots: [],
      pending: false,
      doc: this.live,
      idCount: noLookup,
      alternativesTo: noLookup,
      paragraphStatus: noLookup,
      spanFacts: noLookup,
      spansThrough: () => NO_SPANS,
    };
  }

  /**
   * Brings the accepted updates judged before they were applied
   * (`typeBefore`) into the copy, in one transaction, before anything else
   * is done to it: their blocks become stale, as typing judged as applied
   * leaves them. Anything they turn out to do beyond typing into those
   * blocks, and the copy starts again from the live document.
   */
  private catchUp(): void {
    if (!this.deferred.length) return;
    const deferred = this.deferred;
    this.deferred = [];
    const doc = this.doc;
    if (!doc) return;
    const fragment = doc.getXmlFragment(YDOC_PARTS.content);
    // A block of the live document is the copy's block with the same Yjs id.
    const copyOf = (element: Y.XmlElement): Y.XmlElement | null => {
      const id = element._item?.id;
      if (!id || id.clock >= Y.getState(doc.store, id.client)) return null;
      const item = Y.getItem(doc.store, id);
      return item instanceof Y.Item && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement ? item.content.type : null;
    };
    const typedInto = new Map<Y.XmlElement, Deferred[]>();
    for (const entry of deferred) {
      const element = copyOf(entry.block);
      if (!element || element.parent !== fragment) return this.reset();
      const entries = typedInto.get(element) ?? [];
      entries.push(entry);
      typedInto.set(element, entries);
    }
    let unexpected = false;
    const observe = (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) {
        const placement = placementOf(type, fragment);
        if (placement.in !== "block" || !typedInto.has(placement.block)) unexpected = true;
      }
    };
    doc.on("afterTransaction", observe);
    try {
      // One transaction for all of them (merging the updates first costs more than applying them).
      doc.transact(() => {
        for (const entry of deferred) Y.applyUpdate(doc, entry.update);
      });
    } finally {
      doc.off("afterTransaction", observe);
    }
    if (unexpected || doc.store.pendingStructs || doc.store.pendingDs) return this.reset();
    for (const [element, entries] of typedInto) {
      this.stale.add(element);
      let variants = this.typedVariants.get(element);
      if (!variants) this.typedVariants.set(element, (variants = new Map()));
      for (const { runs } of entries) {
        for (const run of runs) {
          const id = String((run.value as { id?: unknown }).id);
          let set = variants.get(id);
          if (!set) variants.set(id, (set = new Set()));
          set.add(stableJSON(run.value));
        }
      }
    }
  }

  /**
   * Makes a change on the copy itself, as the server's own (the API's
   * operations: see `Permissions.hold`), and returns the update it made, or
   * null when it changed nothing. The caller must hold the document, so that
   * the copy is the live document (nothing accepted is still on its way), and
   * must bring the update to the live document — once it is on disk.
   */
  write(change: (doc: Y.Doc) => void): { readonly update: Uint8Array | null; readonly clientID: number } {
    let update: Uint8Array | null = null;
    const capture = (made: Uint8Array) => (update = update ? Y.mergeUpdates([update, made]) : made);
    this.build();
    this.catchUp();
    const doc = this.doc!;
    doc.on("update", capture);
    try {
      this.remember(this.change((copy) => copy.transact(() => change(copy))));
    } finally {
      doc.off("update", capture);
    }
    return { update, clientID: doc.clientID };
  }

  /**
   * Makes a change on the copy, watching which blocks it touches. With
   * `typing`, a change that only typed (`typingOf`, in its first
   * transaction) is offered to that rule, and when the rule allows it, its
   * block is not read: the block becomes stale.
   */
  private change(make: (doc: Y.Doc) => void, typing?: TypingRule): Touched {
    this.build();
    this.catchUp();
    this.used();
    const doc = this.doc!;
    const fragment = doc.getXmlFragment(YDOC_PARTS.content);
    // Top-level types are only ever added, in order: the new ones are those past the count before.
    const rootsBefore = doc.share.size;
    const changed = new Set<Y.XmlElement>();
    // Stale blocks the change touches, read as they were just before it.
    const staleBefore = new Map<Y.XmlElement, BlockReading>();
    const readStale = (element: Y.XmlElement, transaction: Y.Transaction) => {
      if (this.stale.has(element) && !staleBefore.has(element)) staleBefore.set(element, readBlock(element, readElementAsBefore(element, transaction)));
    };
    let structural = false;
    let outsideContent = false;
    let typed: { readonly typing: Typing; readonly typed: Typed } | null = null;
    let unexpected = false;
    let first = true;
    const observe = (transaction: Y.Transaction) => {
      if (first && typing) {
        const found = typingOf(transaction, fragment);
        const reading = found && this.blocks.get(found.block);
        const allowed = found && reading ? typing(found, this.typingContext(found.block, reading)) : null;
        first = false;
        if (found && allowed) {
          typed = { typing: found, typed: allowed };
          return;
        }
      }
      first = false;
      if (typed) {
        // After typing, inside one update, only Yjs' cleanup of the formatting it inserted can follow.
        if (transaction.changed.size && !isFormattingCleanup(transaction, typed.typing.text)) unexpected = true;
        return;
      }
      for (const type of transaction.changed.keys()) {
        const placement = placementOf(type, fragment);
        // A change to the fragment itself (its children, or keys no fragment has) is structural.
        if (placement.in === "content") {
          structural = true;
          // Stale blocks it removed are read now, while their content is still there.
          for (const element of this.stale) if (element._item?.deleted && Y.isDeleted(transaction.deleteSet, element._item.id)) readStale(element, transaction);
        } else if (placement.in === "other") outsideContent = true;
        else {
          changed.add(placement.block);
          readStale(placement.block, transaction);
        }
      }
    };
    doc.on("afterTransaction", observe);
    try {
      make(doc);
    } finally {
      doc.off("afterTransaction", observe);
    }
    if (unexpected) throw new StaleReading("a change that typed did something more");
    const pending = Boolean(doc.store.pendingStructs || doc.store.pendingDs);
    const newRoots = doc.share.size > rootsBefore ? [...doc.share.keys()].slice(rootsBefore).filter((name) => !KNOWN_ROOTS.has(name)) : [];
    const lookups = {
      pending,
      newRoots,
      doc,
      idCount: (id: string) => this.ids.get(id) ?? 0,
      alternativesTo: (id: string) => this.alternativesTo(id),
      paragraphStatus: (id: string) => this.paragraphStatus(id),
      optionAround: (id: string) => optionAround(doc, id),
      spanFacts: () => this.spanFacts(doc),
    };
    if (typed) {
      const { typing: found, typed: allowed } = typed as { readonly typing: Typing; readonly typed: Typed };
      this.stale.add(found.block);
      let variants = this.typedVariants.get(found.block);
      if (!variants) this.typedVariants.set(found.block, (variants = new Map()));
      for (const run of found.runs) {
        const id = String((run.value as { id?: unknown }).id);
        let set = variants.get(id);
        if (!set) variants.set(id, (set = new Set()));
        set.add(stableJSON(run.value));
      }
      return { ...lookups, blocks: [], typed: allowed, fragmentProblem: null, outsideContent: false, spansThrough: () => NO_SPANS };
    }

    const touched: TouchedBlock[] = [];
    let fragmentProblem: string | null = null;
    const seen = new Set<Y.XmlElement>();
    if (structural) {
      for (const [key, item] of fragment._map) if (!item.deleted) fragmentProblem ??= `the content has an attribute “${key.slice(0, 40)}”`;
      for (const child of fragment.toArray()) {
        if (!(child instanceof Y.XmlElement)) {
          fragmentProblem ??= "something other than a heading or a paragraph stands in the content";
          continue;
        }
        seen.add(child);
        if (!this.blocks.has(child)) changed.add(child);
      }
      for (const element of this.blocks.keys()) if (!seen.has(element)) changed.add(element);
    }
    for (const element of changed) {
      if (this.stale.has(element) && !staleBefore.has(element)) throw new StaleReading("a stale block changed unseen");
      const before = staleBefore.get(element) ?? this.blocks.get(element) ?? null;
      this.stale.delete(element);
      this.typedVariants.delete(element);
      const present = structural ? seen.has(element) : element.parent === fragment && !element._item?.deleted;
      const after = present ? readBlock(element) : null;
      if (before) this.count(before.id, -1);
      if (after) {
        this.count(after.id, 1);
        this.blocks.set(element, after);
      } else this.blocks.delete(element);
      if (before || after) touched.push({ before, after });
    }
    return { ...lookups, blocks: touched, typed: null, fragmentProblem, outsideContent, spansThrough: () => this.spansThrough(doc, changed) };
  }

  /**
   * The spans whose parts meet across the blocks of `changed` in the copy:
   * a run of changed blocks and paragraphs the span rules pass over
   * (`passedOverBySpans`), with a part of the span running to the end of the
   * block before the run and one starting at the start of the block after
   * it. An update that put text or a block there may have broken them, though
   * it touched none of their parts. Reads only the blocks beside such runs.
   */
  private spansThrough(doc: Y.Doc, changed: ReadonlySet<Y.XmlElement>): Set<string> {
    const through = new Set<string>();
    if (!changed.size) return through;
    const children = doc.getXmlFragment(YDOC_PARTS.content).toArray();
    const reading = (child: unknown): BlockJSON | null => {
      if (!(child instanceof Y.XmlElement)) return null;
      const known = this.stale.has(child) ? undefined : this.blocks.get(child);
      return (known ?? readBlock(child)).read;
    };
    const inRun = (child: unknown) => child instanceof Y.XmlElement && (changed.has(child) || passedOverBySpans(reading(child) as SpanBlockJSON));
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!(child instanceof Y.XmlElement) || !changed.has(child)) continue;
      let from = i - 1;
      while (from >= 0 && inRun(children[from])) from--;
      let to = i + 1;
      while (to < children.length && inRun(children[to])) to++;
      if (from >= 0 && to < children.length) {
        const ending = edgeSpans(reading(children[from]), "last");
        if (ending.length) for (const span of edgeSpans(reading(children[to]), "first")) if (ending.includes(span)) through.add(span);
      }
      i = to - 1;
    }
    return through;
  }

  /** What the typing rule asks of a block and of the ids (see `TypingContext`). */
  private typingContext(element: Y.XmlElement, reading: BlockReading): TypingContext {
    const identities = this.identities!;
    return {
      block: reading,
      proposalVariants: (id) => {
        const typed = this.typedVariants.get(element)?.get(id);
        const variants = proposalVariantsOf(reading).get(id);
        if (!typed) return variants;
        return variants ? new Set([...variants, ...typed]) : typed;
      },
      proposal: (id) => identities.proposal(id),
      isBlockId: (id) => identities.isBlockId(id),
      // The kept reading may be older than the last typing, but typing never adds a part (`typedProposals`); one with
      // no text may have been an empty paragraph between two parts.
      holdsSpanPart: () =>
        !reading.read.content?.length || reading.read.content.some((child) => (child.marks ?? []).some((mark) => mark.type === "proposal" && Boolean(mark.attrs?.span))),
    };
  }

  /** Starts again from the live document and the accepted updates on their way to it. */
  reset(): void {
    this.doc?.destroy();
    // The live document and the updates on their way to it hold what was deferred.
    this.deferred = [];
    const doc = new Y.Doc();
    this.doc = doc;
    this.used();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.live));
    for (const update of this.inflight) Y.applyUpdate(doc, update);
    this.blocks = new Map();
    this.ids = new Map();
    this.stale.clear();
    this.typedVariants.clear();
    for (const child of doc.getXmlFragment(YDOC_PARTS.content).toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const reading = readBlock(child);
      this.blocks.set(child, reading);
      this.count(reading.id, 1);
    }
    if (!this.identities) {
      this.identities = new Identities();
      this.identities.seed(this.blocks.values());
    }
  }

  /**
   * An update passed the checks and is on its way to the live document (via
   * the log). `typed`: what `typeBefore` returned for it, when it was judged
   * so — the copy, if there is one, gets it when next used.
   */
  accepted(update: Uint8Array, typed?: TypedBefore): void {
    this.inflight.add(update);
    if (!typed) return;
    this.inflightTyped.set(update, typed.typedInto);
    this.typingInflight.set(typed.typedInto, (this.typingInflight.get(typed.typedInto) ?? 0) + 1);
    if (!this.doc) return;
    this.deferred.push({ update, block: typed.typedInto, runs: typed.typedRuns });
    // A copy nothing but typing has needed for this long is let go rather than kept up: it is made again when needed.
    if (this.deferred.length > MAX_DEFERRED && this.inflightTyped.size === this.inflight.size && !this.held) this.release();
  }

  /** An accepted update reached the live document (or never will): it no longer counts as on its way. */
  landed(update: Uint8Array): void {
    this.inflight.delete(update);
    const block = this.inflightTyped.get(update);
    if (block) {
      this.inflightTyped.delete(update);
      const n = (this.typingInflight.get(block) ?? 1) - 1;
      if (n > 0) this.typingInflight.set(block, n);
      else this.typingInflight.delete(block);
    }
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

  /**
   * Lets the copy go (it is made again when next needed, as at first); the
   * ids seen so far are kept. Safe between any two changes: the copy is
   * always the live document plus the accepted updates on their way.
   */
  release(): void {
    this.doc?.destroy();
    this.doc = null;
    this.deferred = [];
    this.blocks = new Map();
    this.ids = new Map();
    this.stale.clear();
    this.typedVariants.clear();
  }

  /** The copy was just made or changed: it stays for `idleMs` more. */
  private used(): void {
    const idleMs = this.options.idleMs;
    if (idleMs === undefined) return;
    this.lastChange = Date.now();
    if (this.idleTimer) return;
    const check = (): void => {
      this.idleTimer = null;
      if (!this.doc) return;
      const quiet = Date.now() - this.lastChange;
      // An operation holding the document, or updates on their way to it, are its use too.
      if (quiet >= idleMs && !this.held && this.inflight.size === 0) return this.release();
      this.idleTimer = setTimeout(check, Math.max(idleMs - quiet, 100));
      this.idleTimer.unref?.();
    };
    this.idleTimer = setTimeout(check, idleMs);
    this.idleTimer.unref?.();
  }

  destroy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.doc?.destroy();
    this.doc = null;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
    this.held = null;
  }

  private count(id: string, delta: number): void {
    const n = (this.ids.get(id) ?? 0) + delta;
    if (n > 0) this.ids.set(id, n);
    else this.ids.delete(id);
  }

  private alternativesTo(id: string): BlockReading[] {
    const found: BlockReading[] = [];
    for (const reading of this.blocks.values()) if (id && reading.raw.attrs?.alternativeTo === id) found.push(reading);
    return found;
  }

  /** The parts of brackets spanning paragraphs in the copy, each block at its index; a block typed into is read afresh. */
  private spanFacts(doc: Y.Doc): SpanPartFacts[] {
    const reads = doc.getXmlFragment(YDOC_PARTS.content).toArray().map((child) => {
      if (!(child instanceof Y.XmlElement)) return null;
      const known = this.stale.has(child) ? undefined : this.blocks.get(child);
      return (known ?? readBlock(child)).read as SpanBlockJSON;
    });
    // The block before each that the span rules read: paragraphs with nothing in them are passed over.
    const previous = previousBlocks(reads);
    return reads.flatMap((read, index) => (read ? blockSpanFacts(read, index, previous[index]) : []));
  }

  private paragraphStatus(id: string): string | undefined {
    if (!id || (this.ids.get(id) ?? 0) !== 1) return undefined;
    for (const reading of this.blocks.values()) {
      if (reading.id === id) return reading.raw.type === "paragraph" ? String(reading.raw.attrs?.status ?? "open") : undefined;
    }
    return undefined;
  }
}

/**
 * The innermost option group both blocks around the block with this id are
 * in, in the copy after an update (its id, and the label of the option
 * before), or null: where a delegate's paragraph stands among option blocks
 * (`DelegateEditContext.optionAround`). Reads the content's list once; asked
 * only for a delegate's own paragraphs.
 */
function optionAround(doc: Y.Doc, id: string): { group: string; label: string } | null {
  const blocks = doc.getXmlFragment(YDOC_PARTS.content).toArray();
  const at = blocks.findIndex((block) => block instanceof Y.XmlElement && block.getAttribute("id") === id);
  if (at <= 0 || at >= blocks.length - 1) return null;
  const pathAt = (k: number) => {
    const block = blocks[k];
    const read = parseOptionPath(block instanceof Y.XmlElement ? (block.getAttribute("optionPath") ?? "") : "");
    return typeof read === "string" ? [] : read;
  };
  const [before, after] = [pathAt(at - 1), pathAt(at + 1)];
  let shared: { group: string; label: string } | null = null;
  for (let depth = 0; depth < Math.min(before.length, after.length) && before[depth]!.group === after[depth]!.group; depth++) {
    shared = { group: before[depth]!.group, label: before[depth]!.label };
    if (before[depth]!.option !== after[depth]!.option) break;
  }
  return shared;
}
