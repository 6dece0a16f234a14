import { readHeader, YDOC_PARTS } from "@accord/collab";
import {
  blockName,
  blockShapeProblem,
  checkBlock,
  delegateEditProblem,
  isProposer,
  proposerOf,
  markNameOfKey,
  mayAct,
  META_FIELDS,
  rememberedCheck,
  rememberedStrip,
  schema,
  spanProblems,
  type BlockJSON,
  type Role,
} from "@accord/schema";
import * as Y from "yjs";
import type { ShadowDocument } from "./shadow.js";
import { stableJSON } from "./stable-json.js";
import type { Touched, Typed } from "./touched.js";
import type { Typing, TypingContext } from "./typing.js";

/** Why an update was refused, in words for the delegate. */
export class RejectedUpdate extends Error {
  readonly code = 4403;
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Who sent an update, as the rules ask. */
export interface Sender {
  readonly role: Role;
  readonly delegation: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Y.AbstractType) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Whether text marked as a proposal with these attributes, all but the id, is
 * valid in a paragraph, by their `stableJSON`. The id is checked on its own
 * (`validProposalId`): a delegation's every new proposal has a new one, and
 * the rest of its attributes repeat.
 */
const validAttributes = new Map<string, boolean>();
const VALID_ATTRIBUTES_KEPT = 10_000;

/** The schema's own check of a proposal mark's id attribute. */
const proposalIdSpec = schema.marks.proposal!.spec.attrs?.id;

/** Whether `id` passes the schema's check of a proposal's id (the same as `checkBlock` makes). */
function validProposalId(id: unknown): boolean {
  const validate = proposalIdSpec?.validate;
  if (typeof validate !== "function") throw new Error("the schema's proposal mark has no check of its id");
  try {
    validate(id);
    return true;
  } catch {
    return false;
  }
}

/** Whether non-empty text carrying one proposal mark with `attrs` is valid in a paragraph (`blockShapeProblem`, then `checkBlock`). */
function validProposalText(attrs: Record<string, unknown>): boolean {
  if (!validProposalId(attrs.id)) return false;
  // Any valid id stands for the real one: the rest of the check does not depend on it.
  const rest = { ...attrs, id: "" };
  const key = stableJSON(rest);
  const known = validAttributes.get(key);
  if (known !== undefined) return known;
  const node: BlockJSON = { type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "proposal", attrs: { ...rest, id: "p" } }] }] };
  let valid = blockShapeProblem(node) === null;
  try {
    if (valid) checkBlock(node);
  } catch {
    valid = false;
  }
  if (validAttributes.size >= VALID_ATTRIBUTES_KEPT) validAttributes.clear();
  validAttributes.set(key, valid);
  return valid;
}

/**
 * The trust rule for an update that only typed (`typingOf`): a delegate of
 * X may type into an open paragraph text that X proposes to insert — more
 * of one of its own proposals there, with the very attributes it has, or a
 * new proposal of X alone, open, under an id never seen. Such text is what
 * strip_X takes out whole, and the text that was there is unchanged, so
 * `delegateEditProblem` would find nothing to refuse. The chair (whoever
 * may edit the text) may type the same for any delegation: the paragraph
 * stays valid, its proposals' spans agree, and its ids are untouched, which
 * is all the long way asks of an editor. Returns what to remember of the
 * typed proposals when it is allowed; null when the update must be judged
 * the long way (read, then `judgeUpdate`), which decides — never a refusal
 * by itself. Never throws.
 */
export function typedProposals(typing: Typing, sender: Sender, context: TypingContext): Typed | null {
  const editor = mayAct(sender, "edit-text").ok;
  if (!editor && !mayAct(sender, "propose-text").ok) return null;
  const code = sender.delegation;
  const block = context.block.raw;
  if (block.type !== "paragraph" || (block.attrs?.status ?? "open") !== "open" || !context.block.id) return null;
  const proposals = new Map<string, { readonly variant: string; readonly proposer: string }>();
  for (const run of typing.runs) {
    if (markNameOfKey(run.key) !== "proposal" || !isPlainObject(run.value)) return null;
    const attrs = run.value;
    const id = attrs.id;
    const by = attrs.by;
    if (typeof id !== "string" || !id || attrs.op !== "insert" || !Array.isArray(by) || !by.length || !by.every((c) => typeof c === "string")) return null;
    // A delegate types its own proposals; the chair, anyone's.
    const proposer = editor ? proposerOf(by as string[])! : code;
    if (!editor && !isProposer(by, code)) return null;
    // An option of a choice group is judged the long way: the group's rules read the whole block (`delegateEditProblem`).
    if (attrs.choice) return null;
    // So is one carrying delegations' positions: whose position it is, and on what, is the trust rule's (`positionProblem`).
    if (attrs.positions) return null;
    // And a part of a bracket spanning paragraphs, or typing beside one: the span's rules read its other parts (`spanProblems`).
    if (attrs.span || context.holdsSpanPart()) return null;
    const variant = stableJSON(attrs);
    const earlier = proposals.get(id);
    if (earlier !== undefined) {
      if (earlier.variant !== variant) return null;
      continue;
    }
    // The ids know every proposal mark the document holds: one they never saw is in no block.
    const known = context.proposal(id);
    if (known) {
      // More of a proposal of X's in this block, exactly as it stands.
      const variants = context.proposalVariants(id);
      if (known.proposer !== proposer || !known.blocks.has(context.block.id) || variants?.size !== 1 || !variants.has(variant)) return null;
    } else if (context.isBlockId(id) || by.length !== 1 || (attrs.state ?? "open") !== "open") {
      // A new proposal: one delegation's alone, open, under an id no proposal or block has had.
      return null;
    }
    if (!run.text || !validProposalText(attrs)) return null;
    proposals.set(id, { variant, proposer });
  }
  return { blockId: context.block.id, proposals: [...proposals].map(([id, { proposer }]) => ({ id, proposer })) };
}

/**
 * Judges what an update did (`touched`, from the shadow) by the sender's
 * role and delegation: returns when the trust rule allows it, throws a
 * RejectedUpdate saying why in words for the sender when it does not.
 */
export function judgeUpdate(touched: Touched, sender: Sender, shadow: ShadowDocument): void {
  if (touched.pending) throw new RejectedUpdate("the edit depends on changes the server has not received; reload the document");
  const member = { role: sender.role, delegation: sender.delegation };
  const code = member.delegation;
  // Who may write what is the schema's rule: the chair and the secretariat edit, a delegate proposes as its delegation.
  const delegate = !mayAct(member, "edit-text").ok;
  if (delegate) {
    const proposing = mayAct(member, "propose-text");
    if (!proposing.ok) throw new RejectedUpdate(proposing.reason);
  }
  // Only the schema's nodes, marks and attributes enter a document, from anyone.
  if (touched.newRoots.length) throw new RejectedUpdate(`the edit adds a part a negotiation does not have (“${touched.newRoots[0]!.slice(0, 40)}”)`);
  if (touched.fragmentProblem) throw new RejectedUpdate(`the edit leaves an invalid document: ${touched.fragmentProblem}`);
  if (touched.outsideContent) {
    if (delegate) throw new RejectedUpdate("delegates cannot change the document's title, metadata or delegations");
    const problem = headerProblem(touched.doc);
    if (problem) throw new RejectedUpdate(`the edit leaves invalid metadata: ${problem}`);
  }
  for (const { after } of touched.blocks) {
    if (!after) continue;
    const problem = after.problem ?? blockShapeProblem(after.raw);
    if (problem) throw new RejectedUpdate(`the edit leaves an invalid block: ${problem}`);
    try {
      rememberedCheck(after.read);
    } catch (error) {
      throw new RejectedUpdate(`the edit leaves an invalid block: ${(error as Error).message}`);
    }
  }
  // Block ids are the server's truth: every block has one of its own, and an id that left comes back only with its own proposer.
  const identity = shadow.identityProblem(touched, delegate);
  if (identity) throw new RejectedUpdate(identity);
  if (!delegate) return;

  // A paragraph others propose alternatives to stays: its proposer withdraws it instead.
  for (const { before, after } of touched.blocks) {
    if (!before || after || touched.idCount(before.id) > 0) continue;
    const alternative = touched.alternativesTo(before.id)[0];
    if (alternative) throw new RejectedUpdate(`${blockName(before.read)} cannot be removed: ${blockName(alternative.read)} is an alternative to it; withdraw it instead`);
  }

  // A block whose id changed is judged as the old one removed and a new one made: blocks are paired by id.
  const before = new Map<string, BlockJSON>();
  const after = new Map<string, BlockJSON>();
  for (const block of touched.blocks) {
    if (block.before) before.set(block.before.id, block.before.read);
    if (block.after) after.set(block.after.id, block.after.read);
  }
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const problem = delegateEditProblem(before.get(id) ?? null, after.get(id) ?? null, code, rememberedStrip, touched);
    if (problem) throw new RejectedUpdate(problem);
  }
  const proposals = shadow.proposalIdProblem(touched, code);
  if (proposals) throw new RejectedUpdate(proposals);
  // A bracket spanning paragraphs is one proposal across blocks, which the checks of each block above do not see
  // whole: an edit touching a part (supporting it alone, taking it out of its span), or a block between two parts
  // (text typed into the empty paragraph between them, a paragraph put there), must leave the span sound.
  const spans = spansIn(touched);
  if (touched.blocks.length) for (const span of touched.spansThrough()) spans.add(span);
  if (spans.size) {
    const problem = spanProblems(touched.spanFacts().filter((part) => spans.has(part.span)))[0];
    if (problem) throw new RejectedUpdate(`the edit leaves a bracket spanning paragraphs broken: ${problem}`);
  }
}

/** The spans the proposals of the blocks an update touched were parts of, before it or after. */
function spansIn(touched: Touched): Set<string> {
  const spans = new Set<string>();
  const visit = (block: BlockJSON | undefined) => {
    for (const child of block?.content ?? []) {
      for (const mark of child.marks ?? []) if (mark.type === "proposal" && mark.attrs?.span) spans.add(String(mark.attrs.span));
    }
  };
  for (const { before, after } of touched.blocks) {
    visit(before?.read);
    visit(after?.read);
  }
  return spans;
}

/** What is wrong with the metadata and registry of a document copy, or null. */
function headerProblem(doc: Y.Doc): string | null {
  const meta = doc.getMap<unknown>(YDOC_PARTS.meta);
  for (const key of meta.keys()) if (!(META_FIELDS as readonly string[]).includes(key)) return `an unknown field “${key.slice(0, 40)}”`;
  const delegations = doc.getMap<unknown>(YDOC_PARTS.delegations);
  for (const [key, entry] of delegations) {
    if ((entry as { code?: unknown } | null)?.code !== key) return `the delegation “${key.slice(0, 40)}” is filed under another code`;
  }
  const header = readHeader(doc);
  return header.ok ? null : header.message;
}
