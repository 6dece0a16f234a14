import { readDocument, YDOC_PARTS } from "@accord/collab";
import {
  canonicalContent,
  collectProposals,
  isLockedStatus,
  META_FIELDS,
  newId,
  readPositions,
  schema,
  STANCES,
  stripDelegation,
  type BlockJSON,
  type NegotiationDocument,
  type ParagraphStatus,
  withStance,
} from "@accord/schema";
import type { Random } from "@accord/schema/generate";
import { Transform } from "prosemirror-transform";
import * as Y from "yjs";
import { editModel, paragraphElement, proposalAttrs, proposalKey, proposalMark, remarkProposal } from "./attack-scene.js";
import { encodeUpdate, FRAMINGS, pendingUpdate, updateOf, type Framing } from "./raw-client.js";

// A seeded fuzzer of a delegate's updates: random Yjs operations of every
// kind on the delegate's copy, and an oracle of the trust rule written from
// the rule itself (design.md §4), not from the server's code.

/** The delegation the fuzzed delegate belongs to. */
export const FUZZ_DELEGATION = "URY";
const OTHERS = ["ARG", "BRA"];
const WORDS = ["plans", "rights", "shall", "regional", "the", "and", "promote", "victims"];

/** One fuzzed update: what it is for the story of a failing seed, and how it is framed. */
export interface FuzzCase {
  /** The operations, in words. */
  readonly story: string[];
  readonly update: Uint8Array;
  /** Sent before `update` and never… (a pending update's missing first half is simply not sent). */
  readonly framing: Framing;
  /** Every operation was one a delegate of URY may make (the update should be accepted). */
  readonly legitimate: boolean;
}

const words = (rnd: Random) => Array.from({ length: rnd.int(1, 3) }, () => rnd.pick(WORDS)).join(" ");

/** The XML children of the content fragment and their Y.XmlText. */
function blocks(doc: Y.Doc): Y.XmlElement[] {
  return doc.getXmlFragment(YDOC_PARTS.content).toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
}
function textOf(element: Y.XmlElement): Y.XmlText | null {
  return (element.toArray().find((c) => c instanceof Y.XmlText) as Y.XmlText | undefined) ?? null;
}
/** Proposal format values found in a text: [key, value]. */
function formats(text: Y.XmlText): [string, Record<string, unknown>, number, number][] {
  const out: [string, Record<string, unknown>, number, number][] = [];
  let at = 0;
  for (const d of text.toDelta() as { insert: unknown; attributes?: Record<string, Record<string, unknown>> }[]) {
    const length = typeof d.insert === "string" ? d.insert.length : 1;
    for (const [key, value] of Object.entries(d.attributes ?? {})) out.push([key, value, at, length]);
    at += length;
  }
  return out;
}

/** An open paragraph's id, or null. */
function openParagraphs(d: NegotiationDocument): { id: string; from: number; to: number; proposedBy: string[] }[] {
  const out: { id: string; from: number; to: number; proposedBy: string[] }[] = [];
  d.content.forEach((block, offset) => {
    if (block.type.name === "paragraph" && block.attrs.status === "open") out.push({ id: block.attrs.id as string, from: offset + 1, to: offset + block.nodeSize - 1, proposedBy: block.attrs.proposedBy as string[] });
  });
  return out;
}

type Op = { name: string; legitimate: boolean; apply: (doc: Y.Doc) => void };

/** A legitimate edit through the model, as the editor makes it; null when none applies. */
function legitimateOp(doc: Y.Doc, rnd: Random): Op | null {
  const read = readDocument(doc);
  if (!read.ok) return null;
  const d = read.value;
  const open = openParagraphs(d).filter((p) => p.proposedBy.length === 0);
  const proposals = collectProposals(d.content).filter((p) => p.state === "open");
  const own = proposals.filter((p) => p.by[0] === FUZZ_DELEGATION);
  const others = proposals.filter((p) => p.by[0] !== FUZZ_DELEGATION && p.by.length > 0 && !p.by.includes(FUZZ_DELEGATION));
  const supported = proposals.filter((p) => p.by[0] !== FUZZ_DELEGATION && p.by.includes(FUZZ_DELEGATION));
  const kind = rnd.pick(["insert", "insert", "delete", "paragraph", "withdraw", "support", "unsupport", "extend", "position"]);
  if (kind === "insert" && open.length) {
    const p = rnd.pick(open);
    const at = rnd.int(p.from, p.to);
    const text = ` ${words(rnd)}`;
    return { name: `propose insertion "${text}" at ${at} in ${p.id}`, legitimate: true, apply: (y) => editModel(y, (m) => m.withContent(new Transform(m.content).insert(at, schema.text(text, [proposalMark([FUZZ_DELEGATION])])).doc)) };
  }
  if (kind === "delete" && open.length) {
    const p = rnd.pick(open);
    if (p.to - p.from < 2) return null;
    const from = rnd.int(p.from, p.to - 1);
    const to = Math.min(p.to, from + rnd.int(1, 8));
    // Only over unmarked text: a deletion over another's insertion is not ours to mark.
    let plain = true;
    d.content.nodesBetween(from, to, (node) => {
      if (node.isInline && (node.marks.length || !node.isText)) plain = false;
    });
    if (!plain) return null;
    return { name: `propose deletion ${from}-${to} in ${p.id}`, legitimate: true, apply: (y) => editModel(y, (m) => m.withContent(new Transform(m.content).addMark(from, to, proposalMark([FUZZ_DELEGATION], { op: "delete" })).doc)) };
  }
  if (kind === "paragraph") {
    const id = newId("p");
    return {
      name: `propose paragraph ${id}`,
      legitimate: true,
      apply: (y) => editModel(y, (m) => m.withContent(new Transform(m.content).insert(m.content.content.size, schema.nodes.paragraph!.create({ id, proposedBy: [FUZZ_DELEGATION] }, schema.text(words(rnd)))).doc)),
    };
  }
  if (kind === "withdraw" && own.length) {
    const p = rnd.pick(own);
    return { name: `withdraw own ${p.id}`, legitimate: true, apply: (y) => editModel(y, (m) => withState(m, p.id, "withdrawn")) };
  }
  if (kind === "support" && others.length) {
    const p = rnd.pick(others);
    return { name: `support ${p.id}`, legitimate: true, apply: (y) => editModel(y, (m) => remarkProposal(m, p.id, [...p.by, FUZZ_DELEGATION])) };
  }
  if (kind === "unsupport" && supported.length) {
    const p = rnd.pick(supported);
    return { name: `take back support of ${p.id}`, legitimate: true, apply: (y) => editModel(y, (m) => remarkProposal(m, p.id, p.by.filter((c) => c !== FUZZ_DELEGATION))) };
  }
  // Its own position on another's open bracket (or disputed text) it does not sponsor: stated, changed or taken back.
  const unsponsored = proposals.filter((p) => !p.by.includes(FUZZ_DELEGATION));
  if (kind === "position" && unsponsored.length) {
    const p = rnd.pick(unsponsored);
    const stance = rnd.pick([...STANCES, null]);
    return { name: `state URY's position ${stance} on ${p.id}`, legitimate: true, apply: (y) => editModel(y, (m) => withPositions(m, p.id, withStance(p.positions, FUZZ_DELEGATION, stance))) };
  }
  if (kind === "extend" && own.length) {
    const p = rnd.pick(own);
    const span = p.spans[p.spans.length - 1]!;
    const more = ` ${words(rnd)}`;
    return {
      name: `extend own ${p.id} with "${more}"`,
      legitimate: true,
      apply: (y) =>
        editModel(y, (m) => {
          const mark = m.content.nodeAt(span.from)?.marks.find((x) => x.attrs.id === p.id && x.attrs.op === "insert");
          return mark ? m.withContent(new Transform(m.content).insert(span.to, schema.text(more, [mark])).doc) : m;
        }),
    };
  }
  return null;
}

/** The document with proposal `id`'s positions set on every span. */
function withPositions(d: NegotiationDocument, id: string, positions: string): NegotiationDocument {
  const tr = new Transform(d.content);
  d.content.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (mark.type.name !== "proposal" || mark.attrs.id !== id) continue;
      tr.removeMark(pos, pos + node.nodeSize, mark);
      tr.addMark(pos, pos + node.nodeSize, mark.type.create({ ...mark.attrs, positions }));
    }
  });
  return d.withContent(tr.doc);
}

function withState(d: NegotiationDocument, id: string, state: string): NegotiationDocument {
  const tr = new Transform(d.content);
  d.content.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (mark.type.name !== "proposal" || mark.attrs.id !== id) continue;
      tr.removeMark(pos, pos + node.nodeSize, mark);
      tr.addMark(pos, pos + node.nodeSize, mark.type.create({ ...mark.attrs, state }));
    }
  });
  return d.withContent(tr.doc);
}

const ATTRIBUTE_KEYS = ["id", "label", "kind", "status", "statusDate", "proposedBy", "proposalState", "alternativeTo", "note", "evil"];
function randomAttributeValue(rnd: Random, key: string, doc: Y.Doc): unknown {
  const ids = blocks(doc).map((b) => String(b.getAttribute("id") ?? ""));
  switch (rnd.int(0, 5)) {
    case 0:
      return rnd.pick(ids);
    case 1:
      return key === "proposedBy" ? rnd.pick([[FUZZ_DELEGATION], [FUZZ_DELEGATION, "ARG"], ["ARG"], []]) : "";
    case 2:
      return rnd.pick(["open", "agreed-informally", "withdrawn", "accepted", "operative"]);
    case 3:
      return 42;
    case 4:
      return { nested: true };
    default:
      return words(rnd);
  }
}

/** A raw operation on the Y structures: anything, allowed or not. */
function rawOp(doc: Y.Doc, rnd: Random): Op {
  const all = blocks(doc);
  const element = rnd.pick(all);
  const text = textOf(element);
  const fragment = doc.getXmlFragment(YDOC_PARTS.content);
  const existing = text ? formats(text) : [];
  const kind = rnd.pick(["insert", "insert", "delete", "format", "attribute", "element", "remove-element", "meta"]);
  const length = text?.length ?? 0;
  const where = `${String(element.getAttribute("id"))}`;
  if (kind === "insert" && text) {
    const at = rnd.int(0, length);
    const choice = rnd.int(0, 6);
    const attrs: Record<string, unknown> | undefined =
      choice === 0
        ? undefined
        : choice === 1
          ? { [proposalKey(proposalAttrs(newId("r"), [FUZZ_DELEGATION]))]: proposalAttrs(newId("r"), [FUZZ_DELEGATION]) }
          : choice === 2 && existing.length
            ? Object.fromEntries([rnd.pick(existing).slice(0, 2) as [string, unknown]])
            : choice === 3
              ? (() => {
                  const a = proposalAttrs(newId("r"), [FUZZ_DELEGATION, rnd.pick(OTHERS)]);
                  return { [proposalKey(a)]: a };
                })()
              : choice === 4 && existing.length
                ? (() => {
                    const a = proposalAttrs(String(rnd.pick(existing)[1].id ?? "x"), [FUZZ_DELEGATION]);
                    return { [proposalKey(a)]: a };
                  })()
                : choice === 5
                  ? { evil: { x: 1 } }
                  : { [proposalKey(proposalAttrs("fixed", [FUZZ_DELEGATION]))]: proposalAttrs(newId("r"), [FUZZ_DELEGATION]) };
    const w = ` ${words(rnd)}`;
    return { name: `raw insert "${w}" at ${at} in ${where} with ${JSON.stringify(attrs)}`, legitimate: false, apply: () => text.insert(at, w, attrs as Record<string, unknown>) };
  }
  if (kind === "delete" && text && length > 0) {
    const at = rnd.int(0, length - 1);
    const n = rnd.int(1, Math.min(10, length - at));
    return { name: `raw delete ${at}+${n} in ${where}`, legitimate: false, apply: () => text.delete(at, n) };
  }
  if (kind === "format" && text && length > 0) {
    const at = rnd.int(0, length - 1);
    const n = rnd.int(1, Math.min(10, length - at));
    const pick = rnd.int(0, 5);
    const format: Record<string, unknown> =
      pick === 5 && existing.length
        ? (() => {
            // Positions written over an existing proposal: its own, another's, on a decided one, malformed.
            const [key, value] = rnd.pick(existing);
            return { [key]: { ...value, positions: rnd.pick(["URY:delete", "ARG:delete", "dash URY:retain", "URY:delete URY:retain", "EU:oppose", ""]) } };
          })()
        : pick === 0 && existing.length
        ? { [rnd.pick(existing)[0]]: null }
        : pick === 1
          ? (() => {
              const a = proposalAttrs(newId("r"), [FUZZ_DELEGATION], "delete");
              return { [proposalKey(a)]: a };
            })()
          : pick === 2 && existing.length
            ? (() => {
                const [key, value] = rnd.pick(existing);
                return { [key]: { ...value, by: [FUZZ_DELEGATION], state: rnd.pick(["open", "accepted", "withdrawn"]) } };
              })()
            : pick === 3
              ? { em: rnd.pick([{ emphasis: true }, 5, "x"]) }
              : { [proposalKey({ r: rnd.next() })]: "not an object" };
    return { name: `raw format ${at}+${n} in ${where} with ${JSON.stringify(format)}`, legitimate: false, apply: () => text.format(at, n, format) };
  }
  if (kind === "attribute") {
    const key = rnd.pick(ATTRIBUTE_KEYS);
    const value = randomAttributeValue(rnd, key, doc);
    return { name: `raw set ${where}.${key} = ${JSON.stringify(value)}`, legitimate: false, apply: () => element.setAttribute(key, value as string) };
  }
  if (kind === "element") {
    const at = rnd.int(0, fragment.length);
    const pick = rnd.int(0, 4);
    const ids = all.map((b) => String(b.getAttribute("id") ?? ""));
    const id = rnd.chance(0.5) ? newId("p") : rnd.pick(ids);
    const node =
      pick === 0
        ? paragraphElement({ id, proposedBy: [FUZZ_DELEGATION] }, words(rnd))
        : pick === 1
          ? paragraphElement({ id }, words(rnd))
          : pick === 2
            ? paragraphElement({ id, proposedBy: [FUZZ_DELEGATION], status: rnd.pick(["agreed-informally", "open"]), alternativeTo: rnd.pick(ids) }, words(rnd))
            : pick === 3
              ? new Y.XmlElement(rnd.pick(["heading", "table", "footnote"]))
              : (() => {
                  const t = new Y.XmlText();
                  t.insert(0, words(rnd));
                  return t;
                })();
    return { name: `raw insert element #${pick} id ${id} at ${at}`, legitimate: false, apply: () => fragment.insert(at, [node as Y.XmlElement]) };
  }
  if (kind === "remove-element" && fragment.length > 1) {
    const at = rnd.int(0, fragment.length - 1);
    return { name: `raw delete block #${at}`, legitimate: false, apply: () => fragment.delete(at, 1) };
  }
  const key = rnd.pick([...META_FIELDS, "evil"]);
  return { name: `raw meta ${key}`, legitimate: false, apply: () => doc.getMap(YDOC_PARTS.meta).set(key, words(rnd)) };
}

/**
 * One random update of the delegate's copy `doc` (which it changes): one to
 * three operations — legitimate edits through the model and raw operations
 * on the Y structures — under the delegate's own client id or another's, or
 * a hand-encoded GC, Skip or delete set, or the second half of a pending
 * pair; framed as Sync or SyncReply, update or step 2.
 */
export function fuzzCase(doc: Y.Doc, rnd: Random): FuzzCase {
  const framing = rnd.pick(FRAMINGS);
  const clients = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()];
  const special = rnd.int(0, 19);
  if (special === 0 && clients.length) {
    const [client, clock] = rnd.pick(clients);
    const length = rnd.pick([1, 1000, 1_000_000]);
    return { story: [`GC of ${length} at ${client}:${clock}`], update: encodeUpdate([{ client, clock, structs: [{ gc: length }] }]), framing, legitimate: false };
  }
  if (special === 4) {
    // Client ids nobody has used: each a GC range from clock 0, alone or beside an edit that is otherwise legitimate.
    const count = rnd.pick([1, 2, 8, 16, 17, 40, 2000]);
    const known = new Set([doc.clientID, ...clients.map(([c]) => c)]);
    const fresh: number[] = [];
    while (fresh.length < count) {
      const id = rnd.int(1, 2 ** 31);
      if (!known.has(id)) known.add(id), fresh.push(id);
    }
    // Highest id first, as Yjs writes them: Y.mergeUpdates below drops structs of clients out of that order.
    fresh.sort((a, b) => b - a);
    const ranges = encodeUpdate(fresh.map((client) => ({ client, clock: 0, structs: [{ gc: rnd.pick([1, 1000, 1_000_000]) }] })));
    const op = rnd.chance(0.5) ? legitimateOp(doc, rnd) : null;
    const story = [`GC ranges under ${count} fresh client ids`];
    if (!op) return { story, update: ranges, framing, legitimate: false };
    let made = true;
    const edit = updateOf(doc, (d) => {
      try {
        op.apply(d);
      } catch {
        made = false;
      }
    });
    return { story: [...story, made ? `beside ${op.name}` : `(${op.name} not made)`], update: Y.mergeUpdates([edit, ranges]), framing, legitimate: false };
  }
  if (special === 1) {
    const client = rnd.pick([doc.clientID, ...clients.map(([c]) => c)]);
    return { story: [`Skip then item under ${client}`], update: encodeUpdate([{ client, clock: 0, structs: [{ skip: 5 }, { parent: { root: "content" }, content: { string: "x" } }] }]), framing, legitimate: false };
  }
  if (special === 2 && clients.length) {
    const [client, clock] = rnd.pick(clients);
    const from = rnd.int(0, clock + 5);
    return { story: [`delete set ${client}:${from}+${rnd.int(1, 20)}`], update: encodeUpdate([], [{ client, ranges: [[from, rnd.int(1, 20)]] }]), framing, legitimate: false };
  }
  if (special === 3) {
    const { second } = pendingUpdate(
      doc,
      (d) => d.getMap(YDOC_PARTS.meta).get("title"),
      (d) => {
        const own = rawOp(d, rnd);
        own.apply(d);
      },
    );
    return { story: ["a pending update (its first half not sent)"], update: second, framing, legitimate: false };
  }
  const ops: Op[] = [];
  const count = rnd.int(1, 3);
  for (let i = 0; i < count; i++) {
    const op = rnd.chance(0.55) ? legitimateOp(doc, rnd) : rawOp(doc, rnd);
    if (op) ops.push(op);
  }
  if (!ops.length) {
    const op = rawOp(doc, rnd);
    ops.push(op);
  }
  const foreign = rnd.chance(0.15) && clients.length ? rnd.pick(clients)[0] : undefined;
  const story: string[] = [];
  const update = updateOf(
    doc,
    (d) => {
      for (const op of ops) {
        try {
          op.apply(d);
          story.push(op.name);
        } catch (error) {
          story.push(`${op.name} (not made: ${(error as Error).message.slice(0, 80)})`);
        }
      }
    },
    foreign,
  );
  if (foreign !== undefined) story.push(`under client id ${foreign}`);
  story.push(`framed ${framing}`);
  return { story, update, framing, legitimate: foreign === undefined && ops.every((o) => o.legitimate) };
}

// ---------------------------------------------------------------------------
// The oracle

/** What the oracle reads of a state, in the rule's own terms. */
export interface OracleView {
  readonly doc: NegotiationDocument | null;
  readonly readError: string;
  /** Block ids in order, as stored. */
  readonly rawBlockIds: string[];
  /** Proposal ids by block, as stored. */
  readonly rawProposalBlocks: Map<string, Set<string>>;
  /** Problems of the raw structure (content the schema does not know). */
  readonly rawProblems: string[];
}

const NODE_ATTRS: Record<string, Set<string>> = {
  paragraph: new Set(Object.keys(schema.nodes.paragraph!.spec.attrs ?? {})),
  heading: new Set(Object.keys(schema.nodes.heading!.spec.attrs ?? {})),
  footnote: new Set(Object.keys(schema.nodes.footnote!.spec.attrs ?? {})),
};
const MARK_ATTRS: Record<string, Set<string>> = Object.fromEntries(Object.entries(schema.marks).map(([name, type]) => [name, new Set(Object.keys(type.spec.attrs ?? {}))]));
const MARK_NAME = /^(.*?)(--[a-zA-Z0-9+/=]{8})?$/;

/** Reads a Y.Doc for the oracle. */
export function oracleView(ydoc: Y.Doc): OracleView {
  const read = readDocument(ydoc);
  const rawProblems: string[] = [];
  const rawBlockIds: string[] = [];
  const rawProposalBlocks = new Map<string, Set<string>>();
  const shares = [...ydoc.share.keys()].filter((k) => !Object.values(YDOC_PARTS).includes(k as never));
  if (shares.length) rawProblems.push(`unknown shared types: ${shares.join(", ")}`);
  const metaKeys = [...ydoc.getMap(YDOC_PARTS.meta).keys()].filter((k) => !(META_FIELDS as readonly string[]).includes(k));
  if (metaKeys.length) rawProblems.push(`unknown metadata keys: ${metaKeys.join(", ")}`);
  for (const child of ydoc.getXmlFragment(YDOC_PARTS.content).toArray()) {
    if (!(child instanceof Y.XmlElement) || !["paragraph", "heading"].includes(child.nodeName)) {
      rawProblems.push(`a ${child.constructor.name} ${(child as Y.XmlElement).nodeName ?? ""} stands in the content`);
      continue;
    }
    const id = String(child.getAttribute("id") ?? "");
    rawBlockIds.push(id);
    const checkAttrs = (element: Y.XmlElement) => {
      for (const key of Object.keys(element.getAttributes())) if (!NODE_ATTRS[element.nodeName]?.has(key)) rawProblems.push(`${id}: unknown attribute ${element.nodeName}.${key}`);
    };
    checkAttrs(child);
    for (const inner of child.toArray()) {
      if (inner instanceof Y.XmlText) {
        for (const d of inner.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
          if (typeof d.insert !== "string") rawProblems.push(`${id}: an embed in the text`);
          for (const [key, value] of Object.entries(d.attributes ?? {})) {
            const name = MARK_NAME.exec(key)![1]!;
            if (!MARK_ATTRS[name]) rawProblems.push(`${id}: unknown mark ${key}`);
            else if (!value || typeof value !== "object" || Array.isArray(value)) rawProblems.push(`${id}: mark ${key} is ${JSON.stringify(value)}`);
            else {
              for (const attr of Object.keys(value)) if (!MARK_ATTRS[name]!.has(attr)) rawProblems.push(`${id}: unknown attribute ${name}.${attr}`);
              if (name === "proposal") {
                const pid = String((value as { id?: unknown }).id ?? "");
                if (!rawProposalBlocks.has(pid)) rawProposalBlocks.set(pid, new Set());
                rawProposalBlocks.get(pid)!.add(id);
              }
            }
          }
        }
      } else if (inner instanceof Y.XmlElement && inner.nodeName === "footnote") checkAttrs(inner);
      else rawProblems.push(`${id}: a ${inner.constructor.name} ${(inner as Y.XmlElement).nodeName ?? ""} inside the block`);
    }
  }
  return { doc: read.ok ? read.value : null, readError: read.ok ? "" : read.message, rawBlockIds, rawProposalBlocks, rawProblems };
}

/** Ids a document has ever had, to tell reuse. */
export interface IdHistory {
  readonly blocks: Set<string>;
  readonly proposals: Set<string>;
}

const blockJSON = (d: NegotiationDocument) => {
  const out = new Map<string, BlockJSON>();
  d.content.forEach((block) => out.set(block.attrs.id as string, block.toJSON() as BlockJSON));
  return out;
};
const canon = (block: BlockJSON) => JSON.stringify(canonicalContent(schema.topNodeType.create(null, [schema.nodeFromJSON(block)])));

/**
 * Whether turning `before` into `after` is something a delegate of `code`
 * may do, by the rule of design.md §4 read from the two states: the
 * documents with `code`'s own proposals stripped are equal, block by block
 * in order; no locked block changed; block and proposal ids are unique and
 * new ones were never used before; proposals keep their proposer and `code`
 * names no one else's support; its own proposals are only opened or
 * withdrawn; the result reads and holds nothing the schema does not know.
 * Returns the violations in words.
 */
export function trustViolations(before: OracleView, after: OracleView, code: string, history: IdHistory): string[] {
  const out: string[] = [];
  if (!after.doc) return [`the document no longer reads: ${after.readError}`];
  if (!before.doc) return [];
  out.push(...after.rawProblems.filter((p) => !before.rawProblems.includes(p)));
  const seen = new Set<string>();
  for (const id of after.rawBlockIds) {
    if (seen.has(id)) out.push(`block id ${id} repeats`);
    seen.add(id);
    if (!before.rawBlockIds.includes(id) && history.blocks.has(id)) out.push(`block id ${id} was used before`);
  }
  for (const [pid, where] of after.rawProposalBlocks) {
    if (where.size > 1) out.push(`proposal id ${pid} in several blocks: ${[...where].join(", ")}`);
    if (!before.rawProposalBlocks.has(pid) && (history.proposals.has(pid) || history.blocks.has(pid) || seen.has(pid))) out.push(`proposal id ${pid} was used before or names a block`);
  }

  const a = blockJSON(before.doc);
  const b = blockJSON(after.doc);
  const strips = (blocks: Map<string, BlockJSON>) => {
    const list: string[] = [];
    for (const [id, block] of blocks) {
      try {
        const s = stripDelegation(block, code);
        if (s !== null) list.push(s);
      } catch (error) {
        out.push(`block ${id} is invalid: ${(error as Error).message}`);
      }
    }
    return list;
  };
  if (JSON.stringify(strips(a)) !== JSON.stringify(strips(b))) out.push(`strip_${code}(after) ≠ strip_${code}(before): the edit changed more than ${code}'s own proposals`);
  for (const [id, block] of a) {
    const status = block.attrs?.status as ParagraphStatus | undefined;
    if (status && isLockedStatus(status) && (!b.has(id) || canon(b.get(id)!) !== canon(block))) out.push(`locked block ${id} changed`);
  }

  const was = new Map(collectProposals(before.doc.content).map((p) => [p.id, p]));
  for (const p of collectProposals(after.doc.content)) {
    const old = was.get(p.id);
    if (old && old.by[0] !== p.by[0] && old.by.length && p.by.length) out.push(`proposal ${p.id} changed proposer from ${old.by[0]} to ${p.by[0]}`);
    if (p.by[0] === code) {
      const named = p.by.slice(1).filter((c) => !(old?.by ?? []).includes(c));
      if (named.length) out.push(`${code}'s proposal ${p.id} names ${named.join(", ")} as supporters`);
      if (p.state !== (old?.state ?? "open") && (p.state !== "withdrawn" || old?.state === "withdrawn")) out.push(`${code} set its proposal ${p.id} to ${p.state}`);
    }
    // Positions: its own only, on an open proposal it does not sponsor; on its own proposal, nobody's it did not find there.
    const stances = (positions: string | undefined) => (positions ? readPositions(positions).positions : []);
    const ownStance = (positions: string | undefined) => stances(positions).find((x) => x.delegation === code)?.stance;
    if (p.by[0] === code) {
      const others = JSON.stringify(stances(p.positions));
      if (others !== JSON.stringify(old && old.by[0] === code ? stances(old.positions) : [])) out.push(`${code}'s proposal ${p.id} carries positions ${code} did not find there`);
    } else if (ownStance(p.positions) !== ownStance(old?.positions) && (p.state !== "open" || (old && old.state !== "open") || (ownStance(p.positions) && p.by.includes(code)))) {
      out.push(`${code} stated its position on ${p.id}, which is ${p.state} or which it sponsors`);
    }
  }
  after.doc.content.forEach((block) => {
    const by = (block.attrs.proposedBy as string[] | undefined) ?? [];
    if (by[0] !== code) return;
    const old = a.get(block.attrs.id as string);
    const oldBy = (old?.attrs?.proposedBy as string[] | undefined) ?? [];
    const named = by.slice(1).filter((c) => !oldBy.includes(c));
    if (named.length) out.push(`${code}'s paragraph ${String(block.attrs.id)} names ${named.join(", ")} as supporters`);
    if (block.attrs.status !== "open" && block.attrs.status !== old?.attrs?.status) out.push(`${code} set the status of its paragraph ${String(block.attrs.id)}`);
  });
  return out;
}

/** Adds a state's ids to the history. */
export function remember(history: IdHistory, view: OracleView): void {
  for (const id of view.rawBlockIds) history.blocks.add(id);
  for (const id of view.rawProposalBlocks.keys()) history.proposals.add(id);
}
