import { Node } from "prosemirror-model";
import { choiceGroupProblems, type OptionFacts } from "../alternatives/choices.js";
import { readPositions, withStance } from "../model/positions.js";
import { parseOptionPath } from "../alternatives/options.js";
import { proposerOf } from "./proposer.js";
import { schema } from "../model/schema.js";
import { describeStatus, isParagraphStatus } from "../model/status.js";

/** ProseMirror JSON of one block (or inline node), as `Node.toJSON` and y-prosemirror give it. */
export interface BlockJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: BlockJSON[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

/** A proposal mark's delegations, from JSON attributes. */
function byOf(attrs: Record<string, unknown> | undefined): string[] {
  return Array.isArray(attrs?.by) ? (attrs!.by as string[]) : [];
}

/** A proposal is its first delegation's own. */
const ownedBy = (by: readonly string[], code: string) => proposerOf(by) === code;

/**
 * strip_X of design.md §4 for one block: the block with delegation `code`'s
 * own proposals taken out — those it made (it is first among their
 * delegations): its inserted text dropped, its deletions unmarked — and
 * `code` removed from the proposals it supports and its own position taken
 * off every proposal, as a canonical value. A
 * paragraph that `code` proposed strips to null. So the proposer may go on
 * editing and may withdraw its proposal after others supported it; a
 * supporter may only add or take back its support. Two versions of a
 * block that strip to the same value differ only by what `code` may change.
 * Every attribute of the proposals kept is compared, the tag as written
 * (`tag`, written-tags.ts) among them: a delegation spells the tags of its
 * own proposals as it likes (exports write a spelling only while it names
 * the proposal's delegations), never another's, not even one it supports —
 * that spelling is the proposer's words; the chair and the secretariat may
 * set any. So with a paragraph proposed whole (`proposedTag`): its proposer
 * spells it, no one else, supporter or not.
 * Throws a RangeError when the JSON is not a valid block.
 */
export function stripDelegation(block: BlockJSON, code: string): string | null {
  return stripNode(validNode(block), code);
}

/** The JSON as a node, checked; throws a RangeError when it is not valid. */
function validNode(block: BlockJSON): Node {
  const node = Node.fromJSON(schema, block);
  node.check();
  return node;
}

/**
 * `stripDelegation` of a block already read as a valid node. The canonical
 * value is made straight from the node — marks in a fixed order, adjacent
 * text with equal marks as one run, every attribute (defaults filled) — with
 * no node built for the stripped block: the server strips the block a
 * delegate edits at every keystroke.
 */
export function stripNode(node: Node, code: string): string | null {
  const proposedBy = byOf({ by: node.attrs.proposedBy });
  if (node.type.name === "paragraph" && ownedBy(proposedBy, code)) return null;
  const attrs = proposedBy.includes(code) ? { ...node.attrs, proposedBy: proposedBy.filter((c) => c !== code) } : node.attrs;
  const parts = [JSON.stringify([node.type.name, attrs])];
  let runText: string | null = null;
  let runMarks = "";
  const endRun = () => {
    if (runText !== null) parts.push(`t${JSON.stringify(runText)}${runMarks}`);
    runText = null;
  };
  node.forEach((child) => {
    // Text `code` proposes to insert is not base text: it goes (an inline node it inserts stays, as part of what changed).
    if (child.isText && child.marks.some((m) => m.type.name === "proposal" && m.attrs.op === "insert" && ownedBy(byOf(m.attrs), code))) return;
    const marks = strippedMarks(child, code);
    if (child.isText) {
      if (runText !== null && runMarks === marks) runText += child.text!;
      else {
        endRun();
        runText = child.text!;
        runMarks = marks;
      }
      return;
    }
    endRun();
    parts.push(`n${JSON.stringify([child.type.name, child.attrs])}${marks}`);
  });
  endRun();
  return parts.join("\n");
}

/** A child's marks with `code`'s own proposals unmarked and `code` taken out of those it supports, in a fixed order, as one string. */
function strippedMarks(child: Node, code: string): string {
  if (child.marks.length === 0) return "[]";
  const marks: string[] = [];
  for (const mark of child.marks) {
    if (mark.type.name !== "proposal") {
      marks.push(JSON.stringify([mark.type.name, mark.attrs]));
      continue;
    }
    const by = byOf(mark.attrs);
    if (ownedBy(by, code)) continue; // its own proposal: unmarked
    let attrs = by.includes(code) ? { ...mark.attrs, by: by.filter((c) => c !== code) } : mark.attrs;
    // Its own position is its own to state, change or take back.
    if (hasEntryOf(attrs.positions, code)) attrs = { ...attrs, positions: withStance(attrs.positions, code, null) };
    marks.push(JSON.stringify([mark.type.name, attrs]));
  }
  // ProseMirror keeps marks of one type in the order they were added: equal blocks may list nested brackets differently.
  if (marks.length > 1) marks.sort();
  return JSON.stringify(marks);
}

/** Whether a `positions` value may hold an entry of `code` (a cheap test before it is read). */
function hasEntryOf(positions: unknown, code: string): boolean {
  return typeof positions === "string" && positions.includes(`${code}:`);
}

/** Per proposal id of a block (its first mark): whether `code` made it, its state and delegations, and the positions as read. */
function positionsBy(block: BlockJSON | null): Map<string, { by: string[]; state: string; positions: string }> {
  const found = new Map<string, { by: string[]; state: string; positions: string }>();
  for (const child of block?.content ?? []) {
    for (const mark of child.marks ?? []) {
      const id = String(mark.attrs?.id ?? "");
      if (mark.type !== "proposal" || found.has(id)) continue;
      found.set(id, { by: byOf(mark.attrs), state: String(mark.attrs?.state ?? "open"), positions: typeof mark.attrs?.positions === "string" ? mark.attrs.positions : "" });
    }
  }
  return found;
}

/** The positions of a value as `CODE:stance` words, the form left out. */
const entriesOf = (positions: string) => JSON.stringify(readPositions(positions).positions);

/**
 * What a delegation's edit did to positions that strip_X does not show and
 * only the chair may do, or null: `code` states, changes or takes back its
 * own position only on an open proposal it does not sponsor, and on a
 * proposal of its own (which strip_X takes out whole) it names nobody's
 * position — it may change only how its attribution is written.
 */
function positionProblem(before: BlockJSON | null, after: BlockJSON | null, code: string, name: () => string): string | null {
  const was = positionsBy(before);
  for (const [id, now] of positionsBy(after)) {
    const earlier = was.get(id);
    if (ownedBy(now.by, code)) {
      const allowed = earlier && ownedBy(earlier.by, code) ? entriesOf(earlier.positions) : "[]";
      if (entriesOf(now.positions) !== allowed) return `in ${name()}, ${code}'s proposal can carry only the positions other delegations state themselves`;
      continue;
    }
    const stance = hasEntryOf(now.positions, code) ? readPositions(now.positions).positions.find((p) => p.delegation === code)?.stance : undefined;
    const stanceBefore = earlier && hasEntryOf(earlier.positions, code) ? readPositions(earlier.positions).positions.find((p) => p.delegation === code)?.stance : undefined;
    if (stance === stanceBefore) continue;
    if (now.state !== "open" || (earlier && earlier.state !== "open")) return `in ${name()}, the proposal is ${now.state === "open" ? earlier!.state : now.state}: positions are stated on open proposals only`;
    if (stance && now.by.includes(code)) return `in ${name()}, ${code} supports the proposal: it takes back its support before it states another position`;
  }
  return null;
}

/** strip_X by reading and delegation: a block's reading is an object that does not change once made. */
const strips = new WeakMap<BlockJSON, Map<string, string | null>>();
/** The checked node of a reading, made once (see `rememberedStrip`). */
const nodes = new WeakMap<BlockJSON, Node>();

/** The reading as a checked node, made once per reading; throws as `validNode` does (a throw is not remembered). */
function rememberedNode(block: BlockJSON): Node {
  let node = nodes.get(block);
  if (!node) nodes.set(block, (node = validNode(block)));
  return node;
}

/**
 * `stripDelegation`, remembered for each block reading (by object) and
 * delegation: the block a delegate edits now is usually the one it edited a
 * keystroke ago, whose strip is known. The reading must not change after it
 * was first stripped or checked. Throws as `stripDelegation` does (a throw is not remembered).
 */
export function rememberedStrip(block: BlockJSON, code: string): string | null {
  let byCode = strips.get(block);
  if (!byCode) strips.set(block, (byCode = new Map()));
  if (!byCode.has(code)) byCode.set(code, stripNode(rememberedNode(block), code));
  return byCode.get(code)!;
}

/**
 * `checkBlock` for a reading that does not change once made (as
 * `rememberedStrip`): its node is made once and serves the strips too.
 */
export function rememberedCheck(block: BlockJSON): Node {
  return headingOrParagraph(rememberedNode(block));
}

/** The block as a checked node; throws a RangeError when it is not a valid heading or paragraph. */
export function checkBlock(block: BlockJSON): Node {
  return headingOrParagraph(validNode(block));
}

function headingOrParagraph(node: Node): Node {
  if (node.type.name !== "paragraph" && node.type.name !== "heading") throw new RangeError(`a ${node.type.name} cannot stand in the document`);
  return node;
}

/**
 * The states of what delegation `code` proposed in a block — its
 * bracketed proposals by id, and the block itself (`""`) when `code` proposed the
 * whole paragraph — with the paragraph's status for the latter.
 * strip_X hides these, so they are checked apart: a delegate may propose and
 * withdraw, never decide.
 */
export function ownStates(block: BlockJSON, code: string): Map<string, string> {
  const states = new Map<string, string>();
  if (block.type === "paragraph" && ownedBy(byOf({ by: block.attrs?.proposedBy }), code)) {
    states.set("", `${String(block.attrs?.proposalState ?? "open")}/${String(block.attrs?.status ?? "open")}`);
  }
  for (const child of block.content ?? []) {
    for (const mark of child.marks ?? []) {
      if (mark.type === "proposal" && ownedBy(byOf(mark.attrs), code)) states.set(String(mark.attrs?.id ?? ""), String(mark.attrs?.state ?? "open"));
    }
  }
  return states;
}

/** How a block is named to a delegate: "paragraph 5", "paragraph (3)", "a heading", or its first words. */
export function blockName(block: BlockJSON): string {
  const raw = typeof block.attrs?.label === "string" ? block.attrs.label : "";
  // "1." → 1, "1)" → 1, "(3)" stays "(3)".
  const label = raw.startsWith("(") ? raw : raw.replace(/[.)]$/, "");
  const words = (block.content ?? []).map((c) => c.text ?? "").join("").trim().split(/\s+/).slice(0, 5).join(" ");
  return block.type === "heading" ? "a heading" : label ? `paragraph ${label}` : `the paragraph “${words}…”`;
}

/** What the trust rule needs to know of the rest of the document. */
export interface DelegateEditContext {
  /** The status of the paragraph with this id in the document after the edit; undefined when there is no such paragraph. */
  paragraphStatus(id: string): string | undefined;
  /**
   * The innermost option group that the blocks on either side of the block with this id are both in, after the edit
   * (its id, and the label of the option before), or null; left out, where a delegate's paragraph stands is not judged.
   */
  optionAround?(id: string): { readonly group: string; readonly label: string } | null;
}

/**
 * A paragraph's attributes a delegation may set on a paragraph it proposes:
 * the others (its id aside, which is its identity) keep the value they had,
 * or their default on a new paragraph — the status is the chair's to give.
 * Its proposal's tag as written (`proposedTag`) is its own to spell, as a
 * bracket's `tag` is; on anyone else's paragraph strip_X compares it.
 */
const OWN_PARAGRAPH_FREE = new Set(["id", "label", "kind", "note", "alternativeTo", "proposedBy", "proposedTag", "proposalState"]);

/** The proposals of a block by id, with the delegations of their first mark (the proposer first). */
function proposalsBy(block: BlockJSON | null): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const child of block?.content ?? []) {
    for (const mark of child.marks ?? []) {
      if (mark.type !== "proposal") continue;
      const id = String(mark.attrs?.id ?? "");
      const by = byOf(mark.attrs);
      const known = found.get(id);
      if (!known) found.set(id, [...by]);
      else for (const code of by) if (!known.includes(code)) known.push(code);
    }
  }
  return found;
}

/**
 * Other delegations in `after` that `before` did not have: a delegation may
 * make its proposal alone, and keep the supporters it has, but never name
 * another delegation as a supporter — support is that delegation's act.
 */
function addedOthers(before: readonly string[] | undefined, after: readonly string[], code: string): string[] {
  return after.filter((c) => c !== code && !(before ?? []).includes(c));
}

/** What a delegation changed on a paragraph it proposes that only the chair may change; null when nothing. */
function ownParagraphProblem(before: BlockJSON | null, after: BlockJSON, code: string, context: DelegateEditContext | undefined): string | null {
  const name = blockName(after);
  const defaults = schema.nodes.paragraph!.create().attrs as Record<string, unknown>;
  const was = (key: string) => (before?.type === "paragraph" && proposerOf(byOf({ by: before.attrs?.proposedBy })) === code ? before.attrs?.[key] ?? defaults[key] : defaults[key]);
  for (const key of Object.keys(defaults)) {
    if (OWN_PARAGRAPH_FREE.has(key)) continue;
    if (JSON.stringify(after.attrs?.[key] ?? defaults[key]) !== JSON.stringify(was(key))) {
      return `in ${name}, only the chair or the secretariat can set ${key === "status" || key.startsWith("status") ? "a status" : `the paragraph's ${key}`}`;
    }
  }
  const sameOwner = before?.type === "paragraph" && proposerOf(byOf({ by: before.attrs?.proposedBy })) === code;
  const others = addedOthers(sameOwner ? byOf({ by: before!.attrs?.proposedBy }) : [], byOf({ by: after.attrs?.proposedBy }), code);
  if (others.length) return `${name} can name only ${code} as its proposer; ${others.join(", ")} must support it themselves`;
  const target = String(after.attrs?.alternativeTo ?? "");
  if (context && target && target !== String(was("alternativeTo"))) {
    const status = context.paragraphStatus(target);
    if (target === after.attrs?.id || status === undefined) return `${name} is an alternative to a paragraph that is not in the document`;
    if (status !== "open") return `${name} cannot be an alternative to a paragraph that is ${isParagraphStatus(status) ? describeStatus(status) : status}`;
  }
  return null;
}

/**
 * Option blocks are base text: strip_X keeps their attribute (`optionPath`)
 * on every block, and a delegation's own paragraph has none it may set
 * (`OWN_PARAGRAPH_FREE`). What is left is where it puts a paragraph: one it
 * adds or moves between two blocks of one option group (in one option or
 * between two) would split the group (read, its later blocks would leave
 * it), so it is refused unless the paragraph is in that group already. Null
 * when allowed or not judged.
 */
function optionPlaceProblem(before: BlockJSON | null, after: BlockJSON | null, code: string, context: DelegateEditContext | undefined, name: () => string): string | null {
  if (after?.type !== "paragraph" || !context?.optionAround) return null;
  if (before && proposerOf(byOf({ by: after.attrs?.proposedBy })) !== code) return null;
  const around = context.optionAround(String(after.attrs?.id ?? ""));
  if (!around) return null;
  const own = parseOptionPath(after.attrs?.optionPath ?? "");
  if (typeof own !== "string" && own.some((step) => step.group === around.group)) return null;
  return `${name()} would stand inside an option block (after ‘${around.label}’), whose options only the chair or the secretariat can change; propose it after the options, or as text in an option's paragraphs`;
}

/** The options of choice groups in a block's JSON, each proposal once (its first mark). */
function optionsOf(block: BlockJSON | null): OptionFacts[] {
  const options: OptionFacts[] = [];
  const seen = new Set<string>();
  for (const child of block?.content ?? []) {
    for (const mark of child.marks ?? []) {
      const choice = mark.type === "proposal" ? mark.attrs?.choice : undefined;
      if (typeof choice !== "string" || !choice) continue;
      const id = String(mark.attrs?.id ?? "");
      if (seen.has(id)) continue;
      seen.add(id);
      options.push({ id, choice, style: String(mark.attrs?.choiceStyle ?? "adjacent"), state: String(mark.attrs?.state ?? "open"), block: 0 });
    }
  }
  return options;
}

/**
 * What a delegation's edit broke of the block's choice groups, or null.
 * A delegation may make its own proposals options of a group — a new group
 * of its own proposals, or one already in the paragraph: proposing one more
 * option, as `[shall][should][EU: may]`, is how a negotiator answers
 * alternatives. strip_X keeps it from changing another delegation's
 * option (its group or anything else), so no one's proposal is put in or
 * taken out of a group but by its proposer. What is left is the group's own
 * rules: it may not leave a group with one option (it withdraws its option
 * instead, which keeps it there, withdrawn) nor write its option another way
 * than the group's. Problems the block had before are not the edit's.
 */
function choiceProblem(before: BlockJSON | null, after: BlockJSON | null, name: () => string): string | null {
  const options = optionsOf(after);
  if (!options.length) return null;
  const had = new Set(choiceGroupProblems(optionsOf(before)));
  const problem = choiceGroupProblems(options).find((p) => !had.has(p));
  if (!problem) return null;
  return `in ${name()}, ${problem}${problem.includes("has one option") ? ": a delegation withdraws its option rather than removing it" : ""}`;
}

/**
 * Whether a delegate of `code` may turn block `before` into `after` (null:
 * the block did not exist / no longer exists) — the trust rule of design.md
 * §4 for one block, as the server enforces it on every update and the editor
 * checks before it sends one. Returns null when allowed, otherwise the reason
 * in words for the delegate ("paragraph 5 is agreed ad referendum and
 * locked"). `strip` may remember results (it must give what
 * stripDelegation gives). Both blocks are read as documents are read (concurrent variants
 * of a proposal reconciled) and `after` must be a valid block. Besides
 * strip_X: a delegation never names another as a supporter of its own
 * proposal, never sets the standing of a paragraph it proposes, never
 * leaves a choice group of the block broken (`choiceProblem`), states its
 * own position only on an open proposal it does not sponsor and no one's on
 * its own (`positionProblem`), and (given
 * `context`) proposes alternatives only to open paragraphs of the document
 * and puts no paragraph inside an option of an option block
 * (`optionPlaceProblem`).
 */
export function delegateEditProblem(
  before: BlockJSON | null,
  after: BlockJSON | null,
  code: string,
  strip: (block: BlockJSON, code: string) => string | null = stripDelegation,
  context?: DelegateEditContext,
): string | null {
  const block = after ?? before;
  if (!block) return null;
  // Named only when refused: the name reads the whole block.
  const name = () => blockName(block);
  if (before?.type === "heading" || after?.type === "heading") return "delegates cannot change headings";
  const status = before?.attrs?.status;
  if (isParagraphStatus(status) && status !== "open") return `${name()} is ${describeStatus(status)} and locked`;
  let same: boolean;
  try {
    same = (before ? strip(before, code) : null) === (after ? strip(after, code) : null);
  } catch (error) {
    return `the edit leaves an invalid block: ${(error as Error).message}`;
  }
  // What strip_X hides: the delegation's own proposals may be made and withdrawn, not decided.
  const was = before ? ownStates(before, code) : new Map<string, string>();
  for (const [id, state] of after ? ownStates(after, code) : []) {
    const allowed = id === "" ? ["open/open", "withdrawn/open"] : ["open", "withdrawn"];
    if (state !== was.get(id) && (!allowed.includes(state) || was.get(id)?.startsWith("withdrawn"))) {
      return `in ${name()}, only the chair or the secretariat can decide a proposal or set a status`;
    }
  }
  if (!same) {
    return `in ${name()}, the edit changes base text, a status or another delegation's proposal; a delegate of ${code} may only add, change, support or withdraw ${code}'s proposals`;
  }
  const choice = choiceProblem(before, after, name);
  if (choice) return choice;
  const position = positionProblem(before, after, code, name);
  if (position) return position;
  if (after?.type === "paragraph" && proposerOf(byOf({ by: after.attrs?.proposedBy })) === code) {
    const problem = ownParagraphProblem(before, after, code, context);
    if (problem) return problem;
  }
  const options = optionPlaceProblem(before, after, code, context, name);
  if (options) return options;
  // strip_X takes the delegation's own proposals out whole, supporters and all.
  const proposalsBefore = proposalsBy(before);
  for (const [id, by] of proposalsBy(after)) {
    if (proposerOf(by) !== code) continue;
    const earlier = proposalsBefore.get(id);
    const others = addedOthers(earlier && proposerOf(earlier) === code ? earlier : [], by, code);
    if (others.length) return `in ${name()}, ${code}'s proposal can name only ${code} as its proposer; ${others.join(", ")} must support it themselves`;
  }
  return null;
}
