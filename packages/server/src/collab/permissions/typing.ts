import * as Y from "yjs";
import type { ProposalIdentity } from "./identities.js";
import type { BlockReading } from "./touched.js";

/** Text a transaction inserted, with the one formatting attribute it carries. */
export interface TypedRun {
  /** The formatting key, as y-prosemirror writes a mark (`proposal--<hash>`). */
  readonly key: string;
  /** Its value: the mark's attributes, as the update carries them (not yet checked). */
  readonly value: unknown;
  readonly text: string;
}

/** What a transaction that only typed did: the text element of one block it inserted into, and the runs. */
export interface Typing {
  readonly block: Y.XmlElement;
  /** The text element, a child of `block`, that the runs went into. */
  readonly text: Y.XmlText;
  readonly runs: readonly TypedRun[];
}

/** What the rule for typing needs to know of the block typed into and of the document's ids. */
export interface TypingContext {
  /** The block's kept reading: its attributes are as they are; its text may be older than the last typing. */
  readonly block: BlockReading;
  /** The attributes (as `stableJSON`) that the block's marks of this proposal carry; undefined when it has none. */
  proposalVariants(id: string): ReadonlySet<string> | undefined;
  /** What the document's ids know of this proposal id. */
  proposal(id: string): Readonly<ProposalIdentity> | undefined;
  /** Whether this id is, or was, a block's. */
  isBlockId(id: string): boolean;
  /**
   * Whether the span rules read the block: it holds a part of a bracket
   * spanning paragraphs (a proposal mark with a `span`), or it held no text,
   * and may be an empty paragraph between two parts (`passedOverBySpans`),
   * which text typed there would break.
   */
  holdsSpanPart(): boolean;
}

/** Whether an item was made by the transaction (its clock at or past the state the transaction began with). */
function isNew(item: Y.Item, transaction: Y.Transaction): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/**
 * Whether `transaction` only typed: inserted strings into one text of one
 * block of `fragment` — each string carrying exactly one formatting
 * attribute — and left everything that was there as it was. It deleted
 * nothing, changed no attribute of any type, made no item anywhere else,
 * and the formatting markers it inserted change the attributes of no text
 * that was there before. The typed runs, or null when the transaction did
 * anything else (the caller then reads the blocks it touched).
 *
 * So the document after it is the document before it with the typed runs
 * added: any rule under which the text of those runs is not there — strip_X,
 * for runs that are X's proposed insertions — sees no change. Read in an
 * `afterTransaction` handler. Never throws.
 */
export function typingOf(transaction: Y.Transaction, fragment: Y.XmlFragment): Typing | null {
  if (transaction.deleteSet.clients.size > 0 || transaction.changed.size !== 1) return null;
  const [text, keys] = transaction.changed.entries().next().value as [Y.AbstractType<Y.YEvent<any>>, Set<string | null>];
  // Only the text's content changed (null), never one of its attributes (a key).
  if (!(text instanceof Y.XmlText) || keys.size !== 1 || !keys.has(null)) return null;
  const block = text.parent;
  if (!(block instanceof Y.XmlElement) || block.parent !== fragment || block._item?.deleted || text._item?.deleted) return null;

  // Every item the transaction made is a string or a formatting marker in that text.
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = transaction.doc.store.clients.get(client);
    if (!structs) return null;
    for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i++) {
      const struct = structs[i]!;
      if (!(struct instanceof Y.Item) || struct.deleted || struct.parent !== text || struct.parentSub !== null) return null;
      if (!(struct.content instanceof Y.ContentString) && !(struct.content instanceof Y.ContentFormat)) return null;
    }
  }

  // One walk, with the attributes in force as they were (new markers passed over) and as they are.
  const was = new Map<string, unknown>();
  const is = new Map<string, unknown>();
  const differ = new Set<string>();
  const set = (map: Map<string, unknown>, key: string, value: unknown) => {
    if (value === null) map.delete(key);
    else map.set(key, value);
    if (was.get(key) === is.get(key)) differ.delete(key);
    else differ.add(key);
  };
  const runs: TypedRun[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    const made = isNew(item, transaction);
    if (content instanceof Y.ContentFormat) {
      set(is, content.key, content.value);
      if (!made) set(was, content.key, content.value);
      continue;
    }
    if (!item.countable) continue;
    if (!made) {
      // Text that was there keeps the attributes it had.
      if (differ.size) return null;
      continue;
    }
    if (!(content instanceof Y.ContentString) || is.size !== 1) return null;
    const [key, value] = is.entries().next().value as [string, unknown];
    const last = runs[runs.length - 1];
    if (last && last.key === key && last.value === value) runs[runs.length - 1] = { key, value, text: last.text + content.str };
    else runs.push({ key, value, text: content.str });
  }
  return runs.length ? { block, text, runs } : null;
}
