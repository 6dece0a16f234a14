import * as Y from "yjs";
import type { ReadUpdate } from "../read-update.js";
import type { TypedRun, Typing } from "./typing.js";

// Yjs exports its store and delete set as values of a document and an update, not as types.
type StructStore = Y.Doc["store"];
type DeleteSet = ReadUpdate["ds"];

/** The id right after `id` in its item's list, as `doc` has it: within its item, or the first of the next item. */
function nextId(store: StructStore, id: Y.ID | null, text: Y.XmlText): Y.ID | null {
  if (id === null) return text._start?.id ?? null;
  const item = Y.getItem(store, id);
  if (id.clock < item.id.clock + item.length - 1) return Y.createID(id.client, id.clock + 1);
  return item.right?.id ?? null;
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);
}

/** The item `id` is in, when `doc` has it, is an item (not garbage) and holds content of a text (not a map entry). */
function knownItem(store: StructStore, id: Y.ID): Y.Item | null {
  if (id.clock >= Y.getState(store, id.client)) return null;
  const struct = Y.getItem(store, id);
  return struct instanceof Y.Item && struct.parentSub === null ? struct : null;
}

/** How many deleted ranges an update may name for `deletesNothingNew` to look them up. */
const MAX_DELETED_RANGES = 64;

/**
 * Whether every range `ds` deletes is deleted in the store already (a client
 * that sends its state rather than its change repeats the deletions it
 * knows); false for more than `MAX_DELETED_RANGES` ranges.
 */
function deletesNothingNew(ds: DeleteSet, store: StructStore): boolean {
  let ranges = 0;
  for (const [client, deletions] of ds.clients) {
    ranges += deletions.length;
    if (ranges > MAX_DELETED_RANGES) return false;
    const structs = store.clients.get(client);
    for (const { clock, len } of deletions) {
      if (len <= 0) continue;
      if (!structs || clock + len > Y.getState(store, client)) return false;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) if (!structs[i]!.deleted) return false;
    }
  }
  return true;
}

/** Whether two attribute maps hold the same values (by identity, as Yjs' formatting does). */
function sameAttributes(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/**
 * The order the items of one client's run will stand in, between the two
 * neighbours outside it, when Yjs integrates them in the order of their
 * clocks: each goes between its origin and its right origin — the run's
 * outer neighbours or items of the run before it — and those must be next
 * to each other by then, so that no conflict is to be resolved. Null when
 * they are not, or an item names the middle of another of the run.
 */
function runOrder(items: readonly Y.Item[], isNew: (id: Y.ID) => boolean): Y.Item[] | null {
  // A list with two ends standing for the neighbours outside the run.
  const start = { item: null as Y.Item | null, next: null as unknown };
  const end = { item: null as Y.Item | null, next: null as unknown };
  type Node = { item: Y.Item | null; next: unknown };
  start.next = end;
  const byLast = new Map<number, Node>();
  const byFirst = new Map<number, Node>();
  for (const item of items) {
    const left = item.origin !== null && isNew(item.origin) ? byLast.get(item.origin.clock) : start;
    const right = item.rightOrigin !== null && isNew(item.rightOrigin) ? byFirst.get(item.rightOrigin.clock) : end;
    if (!left || !right || left.next !== right) return null;
    const node: Node = { item, next: right };
    left.next = node;
    byFirst.set(item.id.clock, node);
    byLast.set(item.id.clock + item.length - 1, node);
  }
  const order: Y.Item[] = [];
  for (let node = start.next as Node; node !== end; node = node.next as Node) order.push(node.item!);
  return order;
}

/**
 * What `update` would type into `doc`, read from the update and the document
 * before it is applied: the same answer `typingOf` gives from the
 * transaction that applies it, or null whenever that cannot be told for
 * certain beforehand — then the update is judged the long way.
 *
 * It is told only for the plainest typing, which is nearly all of it: one
 * client's items, the next it has to send, forming one run inserted between
 * two neighbours that are next to each other in `doc` — so that Yjs places
 * the run there and nowhere else (no concurrent insertion to order it
 * against), its items in the order `runOrder` finds (y-prosemirror inserts
 * the text, then formatting markers around it) — in the text of a block of
 * `fragment`; nothing deleted that is
 * not deleted already, and nothing held back in `doc` that it could let go; each
 * item a string or a formatting marker; each string carrying exactly one
 * formatting attribute; and the run leaving the attributes in force after
 * it as they were (y-prosemirror closes what it opens). Never throws on
 * what a client sends (its reading, `readUpdate`, is what throws on bytes
 * that are no update).
 */
export function typingBefore(update: ReadUpdate, doc: Y.Doc, fragment: Y.XmlFragment): Typing | null {
  const { structs, ds } = update;
  const store = doc.store;
  // What the document holds back, waiting for items, may be let go by this update's (a deletion of them, say).
  if (store.pendingStructs || store.pendingDs) return null;
  if (structs.length === 0 || !deletesNothingNew(ds, store)) return null;
  const client = structs[0]!.id.client;
  let clock = Y.getState(store, client);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || struct.id.client !== client || struct.id.clock !== clock || struct.parentSub !== null) return null;
    if (!(struct.content instanceof Y.ContentString) && !(struct.content instanceof Y.ContentFormat)) return null;
    clock += struct.length;
  }

  // The run's neighbours in the document: the one origin and the one right origin its items name outside it.
  const first = structs[0] as Y.Item;
  const isNew = (id: Y.ID) => id.client === client && id.clock >= first.id.clock;
  let origin: Y.ID | null | undefined;
  let right: Y.ID | null | undefined;
  for (const struct of structs) {
    const item = struct as Y.Item;
    if (item.origin === null || !isNew(item.origin)) {
      if (origin !== undefined && !sameId(origin, item.origin)) return null;
      origin = item.origin;
    }
    if (item.rightOrigin === null || !isNew(item.rightOrigin)) {
      if (right !== undefined && !sameId(right, item.rightOrigin)) return null;
      right = item.rightOrigin;
    }
  }
  if (origin === undefined || right === undefined) return null;
  const order = runOrder(structs as Y.Item[], isNew);
  if (!order) return null;

  // Its neighbours are in the document, are text content, and are next to each other there.
  const left = origin === null ? null : knownItem(store, origin);
  const rightItem = right === null ? null : knownItem(store, right);
  if ((origin !== null && !left) || (right !== null && !rightItem)) return null;
  let text: unknown = left?.parent ?? rightItem?.parent ?? null;
  if (!left && !rightItem) {
    // An empty text: the update names it.
    const parent = first.parent;
    if (!(parent instanceof Y.ID)) return null;
    const parentItem = knownItem(store, parent);
    text = parentItem?.content instanceof Y.ContentType ? parentItem.content.type : null;
  }
  if (!(text instanceof Y.XmlText) || (left && left.parent !== text) || (rightItem && rightItem.parent !== text)) return null;
  if (!left && !rightItem && text._start !== null) return null;
  if (!sameId(nextId(store, origin, text), right)) return null;
  const block = text.parent;
  if (!(block instanceof Y.XmlElement) || block.parent !== fragment || block._item?.deleted || text._item?.deleted) return null;

  // The attributes in force where the run goes: those of the formatting markers before it.
  const was = new Map<string, unknown>();
  if (left) {
    for (let item: Y.Item | null = text._start; item !== null; item = item.right) {
      const content = item.content;
      if (!item.deleted && content instanceof Y.ContentFormat) {
        if (content.value === null) was.delete(content.key);
        else was.set(content.key, content.value);
      }
      if (item === left) break;
    }
  }
  const is = new Map(was);
  const runs: TypedRun[] = [];
  for (const item of order) {
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) is.delete(content.key);
      else is.set(content.key, content.value);
      continue;
    }
    if (is.size !== 1) return null;
    const [key, value] = is.entries().next().value as [string, unknown];
    const str = (content as Y.ContentString).str;
    const last = runs[runs.length - 1];
    if (last && last.key === key && last.value === value) runs[runs.length - 1] = { key, value, text: last.text + str };
    else runs.push({ key, value, text: str });
  }
  // The text after the run keeps the attributes it had.
  if (!sameAttributes(is, was)) return null;
  return runs.length ? { block, text, runs } : null;
}
