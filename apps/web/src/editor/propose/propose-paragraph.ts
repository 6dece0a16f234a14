import { delegateEditProblem, isDelegationCode, placeOutsideOptionGroups, type BlockJSON, type ParagraphAttrs, type ParagraphKind } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { TextSelection, type Command } from "prosemirror-state";
import { nameOfBlock } from "./block-mode.js";
import { alternativeLabel, insertedLabel, labelKey } from "./labels.js";
import { PROPOSAL_EDIT_META } from "./meta.js";

/** Where a proposed paragraph goes and what it says. */
export interface ParagraphProposal {
  /**
   * Id of the block the new paragraph follows; its label comes from this
   * block's (`5.` → `5 bis.`). Alternatives of that block stay with it: the
   * new paragraph goes after them. Required unless `alternativeTo` is given.
   */
  readonly after?: string;
  /**
   * Id of the paragraph the new one is an alternative to (an alternative to
   * an alternative is one to the same original). Without `after` it goes
   * right after that paragraph and its alternatives, labelled `5 alt.`.
   */
  readonly alternativeTo?: string;
  /** The paragraph's text (whitespace runs become single spaces); empty by default. */
  readonly text?: string;
}

interface Plan {
  /** Document position the new paragraph is inserted at. */
  readonly pos: number;
  readonly attrs: Omit<ParagraphAttrs, "id">;
  readonly text: string;
}

/** The blocks of a document with their positions. */
function blocksOf(doc: Node): { node: Node; pos: number }[] {
  const blocks: { node: Node; pos: number }[] = [];
  doc.forEach((node, pos) => blocks.push({ node, pos }));
  return blocks;
}

function plan(doc: Node, code: string, proposal: ParagraphProposal): Plan | { problem: string } {
  if (code === "") return { problem: "only a delegation can propose a paragraph" };
  if (!isDelegationCode(code)) throw new RangeError(`proposeParagraph: not a delegation code: ${JSON.stringify(code)}`);
  if (!proposal.after && !proposal.alternativeTo) throw new RangeError("proposeParagraph: give `after` or `alternativeTo`");
  const blocks = blocksOf(doc);
  const indexOf = (id: string) => blocks.findIndex((b) => b.node.attrs.id === id);
  // The paragraph a group of alternatives answers to, and the index after the group.
  const rootOf = (node: Node) => (node.attrs.alternativeTo as string) || (node.attrs.id as string);
  const groupEnd = (index: number) => {
    const root = rootOf(blocks[index]!.node);
    let end = index + 1;
    while (end < blocks.length && blocks[end]!.node.attrs.alternativeTo === root) end++;
    return end;
  };
  const text = (proposal.text ?? "").replace(/\s+/g, " ").trim();

  let at: number;
  let label: string;
  let kind: ParagraphKind;
  let alternativeTo = "";
  if (proposal.alternativeTo) {
    const target = blocks[indexOf(proposal.alternativeTo)]?.node;
    if (!target || target.type.name !== "paragraph") return { problem: "there is no such paragraph to propose an alternative to" };
    const rootIndex = indexOf(rootOf(target));
    const root = blocks[rootIndex]?.node ?? target;
    if (root.attrs.status !== "open") return { problem: `${nameOfBlock(root)} is no longer open; it cannot get an alternative` };
    alternativeTo = root.attrs.id as string;
    label = alternativeLabel(root.attrs.label as string);
    kind = root.attrs.kind as ParagraphKind;
    const afterIndex = proposal.after ? indexOf(proposal.after) : rootIndex;
    if (afterIndex < 0) return { problem: "there is no such paragraph to put the new one after" };
    at = proposal.after ? afterIndex + 1 : groupEnd(afterIndex);
  } else {
    const afterIndex = indexOf(proposal.after!);
    if (afterIndex < 0) return { problem: "there is no such paragraph to put the new one after" };
    const after = blocks[afterIndex]!.node;
    const taken = new Set<string>();
    for (const { node } of blocks) if (node.attrs.label) taken.add(labelKey(node.attrs.label as string));
    label = after.type.name === "paragraph" ? insertedLabel(after.attrs.label as string, taken) : "";
    kind = /^\(?\d/.test(label) ? "operative" : after.attrs.kind === "preambular" ? "preambular" : "plain";
    at = after.type.name === "paragraph" ? groupEnd(afterIndex) : afterIndex + 1;
  }
  // A delegation's paragraph stands after an option block, never inside one (the trust rule refuses it there).
  at = placeOutsideOptionGroups(blocks.map((b) => b.node), at);
  const attrs: Omit<ParagraphAttrs, "id"> = {
    label,
    kind,
    status: "open",
    statusDate: "",
    statusBody: "",
    statusFootnote: "",
    proposedBy: [code],
    // Written in the document's spelling of the delegation: no tag as written of its own.
    proposedTag: "",
    proposalState: "open",
    alternativeTo,
    note: "",
    // A delegation's paragraph stands in no option: the options of an option block are the chair's (trust-rule.ts).
    optionPath: "",
  };
  // The server's rule for a new block, checked before anything is sent.
  const json: BlockJSON = { type: "paragraph", attrs: { ...attrs, id: "new" }, content: text ? [{ type: "text", text }] : undefined };
  const problem = delegateEditProblem(null, json, code);
  if (problem) return { problem };
  return { pos: at < blocks.length ? blocks[at]!.pos : doc.content.size, attrs, text };
}

/**
 * Why delegation `code` cannot propose this paragraph (no delegation — `code`
 * is "" —, no such paragraph, or an alternative to one no longer open), or
 * null when it can. Throws a RangeError when `code` is neither "" nor a
 * delegation code, or when neither `after` nor `alternativeTo` is given.
 */
export function paragraphProposalProblem(doc: Node, code: string, proposal: ParagraphProposal): string | null {
  const result = plan(doc, code, proposal);
  return "problem" in result ? result.problem : null;
}

/**
 * A command inserting a whole paragraph proposed by delegation `code` —
 * `5 bis.` after paragraph 5, or `5 alt.`, an alternative to it — with id
 * `newId()`, open, and the caret at its end. The transaction carries
 * `PROPOSAL_EDIT_META`, so propose mode checks it against the trust rule
 * without rewriting it. Returns false, changing nothing, when
 * `paragraphProposalProblem` names a problem; throws a RangeError like it.
 */
export function proposeParagraph(code: string, newId: () => string, proposal: ParagraphProposal): Command {
  return (state, dispatch) => {
    const result = plan(state.doc, code, proposal);
    if ("problem" in result) return false;
    if (dispatch) {
      const schema = state.schema;
      const paragraph = schema.nodes.paragraph!.create({ ...result.attrs, id: newId() }, result.text ? schema.text(result.text) : null);
      const tr = state.tr.insert(result.pos, paragraph);
      tr.setSelection(TextSelection.create(tr.doc, result.pos + paragraph.nodeSize - 1));
      dispatch(tr.setMeta(PROPOSAL_EDIT_META, true).scrollIntoView());
    }
    return true;
  };
}
