import {
  collectChoices,
  collectOptionGroups,
  inlineTree,
  isUndecidedOptionGroup,
  isDeletedStatus,
  isNegotiatedParagraph,
  NegotiationDocument,
  optionPathOf,
  withSoundOptionPaths,
  writeOptionPath,
  schema,
  type BracketSegment,
  type InlineSegment,
  type ParagraphAttrs,
  type ProposalOp,
  type ProposalState,
  type ChoiceStyle,
} from "@accord/schema";
import type { Mark, Node } from "prosemirror-model";
import { delegationNames, excerpt, headingPath } from "../describe.js";
import { renumber, type ConcordanceRow } from "./renumber.js";
import { tidyInline, type Piece } from "./tidy.js";

/** A proposal or paragraph the clean version still shows in brackets. */
export interface UnresolvedItem {
  /** Proposal id, paragraph id for a proposed paragraph or one not agreed, or an option group's id. */
  readonly id: string;
  readonly kind: "proposal" | "proposed-paragraph" | "not-agreed" | "option-group";
  /** Where it is, as a reader finds it: "paragraph 3 under “Objective 1.2”". */
  readonly where: string;
  /** What it is, in words: "Uruguay’s proposal b4 “while”". */
  readonly description: string;
}

/** The clean version of a document and what was done to get it. */
export interface CleanVersion {
  /** The text as it stands: a document with no tags, statuses or procedural footnotes. */
  readonly document: NegotiationDocument;
  /** Old label → new number of every numbered operative paragraph, deleted and new ones included. */
  readonly concordance: readonly ConcordanceRow[];
  /** What is still open: proposals in brackets and paragraphs not agreed. */
  readonly unresolved: readonly UnresolvedItem[];
}

type Fate = "drop" | "plain" | "bracketed";

/** What becomes of text a proposal marks with `op`, given the proposal's state. */
function fate(op: ProposalOp, state: ProposalState): Fate {
  if (state === "open") return "bracketed";
  if (state === "accepted") return op === "delete" ? "drop" : "plain";
  return op === "delete" ? "plain" : "drop";
}

function cleanBracketMark(id: string, choice = "", choiceStyle: ChoiceStyle = "adjacent"): Mark {
  return schema.marks.proposal!.create({ id, op: "bracket", by: [], note: "", state: "open", choice, choiceStyle });
}

/** Choice groups with two open options or more, by id, for each document cleaned (made once per document). */
const openGroups = new WeakMap<NegotiationDocument, Set<string>>();

/** The choice groups of `document` still open between two options or more: their open options stay one set in the clean version. */
function openGroupsOf(document: NegotiationDocument): Set<string> {
  let groups = openGroups.get(document);
  if (!groups) {
    groups = new Set(collectChoices(document.content).filter((g) => !g.chosen && g.options.filter((o) => o.state === "open").length > 1).map((g) => g.id));
    openGroups.set(document, groups);
  }
  return groups;
}

/**
 * The clean version: accepted insertions become text, accepted deletions and
 * rejected or withdrawn insertions disappear, deleted and rejected paragraphs
 * drop out with headings left with nothing under them, status markers,
 * editorial notes and procedural footnotes go, reservations and editorial
 * footnotes stay, operative paragraphs are renumbered. What is unresolved
 * stays in plain brackets with no delegation: a deletion keeps its text in
 * brackets, a replacement shows both (`[old] [new]`), a proposed paragraph is
 * bracketed whole. Notes ("(Prepared by the Chair …)") stay and are never
 * "not agreed". Bracket characters that are text, not brackets (a stray `]`
 * the import kept and reported), are left out: here they would read as
 * unresolved brackets; the marked-up version keeps them. Never fails; `unresolved` says what a final text lacks.
 */
export function cleanVersion(document: NegotiationDocument): CleanVersion {
  const unresolved: UnresolvedItem[] = [];
  const kept: Node[] = [];
  // Open alternatives with no label of their own, by id: the id of the paragraph each would replace.
  const alternativeTo = new Map<string, string>();
  const sections: { heading: Node | null; hadContent: boolean; blocks: Node[] }[] = [{ heading: null, hadContent: false, blocks: [] }];


  document.content.forEach((block, _offset, index) => {
    // Option blocks: the options not chosen go, a chosen one stays without its label, an undecided group stays as written.
    const path = optionPathOf(block);
    if (path.some((step) => step.state === "rejected")) return;
    const optionPath = writeOptionPath(path.filter((step) => step.state === "open"));
    const noText = path.length > 0 && path[path.length - 1]!.noText !== "" && path[path.length - 1]!.state === "open";
    if (block.type.name === "heading") {
      if (isDeletedStatus(block.attrs.status)) {
        sections.push({ heading: null, hadContent: false, blocks: [] });
        return;
      }
      const content = cleanInline(block, document, null, unresolved, () => `the heading “${excerpt(block.textContent)}”`);
      sections.push({ heading: schema.nodes.heading!.create({ id: block.attrs.id, optionPath }, content), hadContent: false, blocks: [] });
      return;
    }
    const section = sections[sections.length - 1]!;
    section.hadContent = true;
    const attrs = block.attrs as ParagraphAttrs;
    if (isDeletedStatus(attrs.status) || attrs.proposalState === "rejected" || attrs.proposalState === "withdrawn") return;

    const where = () => placeOf(attrs.label, headingPath(document.content, index));
    const proposed = (attrs.proposedBy.length > 0 || attrs.alternativeTo !== "") && attrs.proposalState === "open";
    const outer = proposed ? [cleanBracketMark(`${attrs.id}:proposed`)] : [];
    if (proposed && attrs.alternativeTo && !attrs.label) alternativeTo.set(attrs.id, attrs.alternativeTo);
    if (proposed) {
      const who = attrs.proposedBy.length ? `${delegationNames(attrs.proposedBy, document.registry)}’s proposed paragraph` : "the alternative paragraph";
      unresolved.push({ id: attrs.id, kind: "proposed-paragraph", where: where(), description: `${who} “${excerpt(block.textContent)}”` });
    }
    const before = unresolved.length;
    const content = cleanInline(block, document, outer, unresolved, where);
    // A paragraph left with no text ("4. (This paragraph was moved …)") has nothing to say in a clean text; an undecided option of no text stays one.
    if (content.length === 0 && !noText) {
      unresolved.length = before;
      return;
    }
    // A proposed paragraph still open is listed once, as a proposal.
    if (attrs.status === "open" && !proposed && isNegotiatedParagraph(attrs)) {
      const text = content.map((n) => n.text ?? "").join("");
      unresolved.splice(before, 0, { id: attrs.id, kind: "not-agreed", where: where(), description: `not agreed: “${excerpt(text)}”` });
    }
    section.blocks.push(
      schema.nodes.paragraph!.create(
        { id: attrs.id, label: attrs.label, kind: attrs.kind, optionPath },
        content,
      ),
    );
  });

  // An option group still undecided is one decision a final text waits for.
  for (const group of collectOptionGroups(document.content)) {
    if (!isUndecidedOptionGroup(group)) continue;
    const first = group.options[0]!.firstBlock;
    const labels = group.options.map((o) => `‘${o.label}’`).join(", ");
    unresolved.push({ id: group.id, kind: "option-group", where: `the options from block ${first + 1}${headingPath(document.content, first).length ? ` under ${headingPath(document.content, first).map((h) => `“${h}”`).join(" / ")}` : ""}`, description: `options not chosen between: ${labels}` });
  }
  // A heading whose paragraphs were all deleted goes with them; one that never had any stays.
  for (const section of sections) {
    if (section.heading && (section.blocks.length > 0 || !section.hadContent)) kept.push(section.heading);
    kept.push(...section.blocks);
  }
  const renumbered = renumber(document.content, kept);
  const { concordance } = renumbered;
  const byId = new Map<string, Node>();
  for (const block of renumbered.blocks) if (!byId.has(block.attrs.id as string)) byId.set(block.attrs.id as string, block);
  const blocks = withSoundOptionPaths(renumbered.blocks.map((block) => markAlternative(block, alternativeTo.get(block.attrs.id as string), byId)));
  if (blocks.length === 0) blocks.push(schema.nodes.paragraph!.create({ id: "empty" }));
  const content = schema.topNodeType.create(null, blocks);
  return { document: NegotiationDocument.create(content, document.meta, document.registry), concordance, unresolved };
}

/**
 * An open alternative with no label of its own ("// [To invite …]") opens
 * with what it is, "Alternative to paragraph 4:" (the number in the clean
 * version), so that the clean text does not show it as a paragraph of its own.
 */
function markAlternative(block: Node, original: string | undefined, blocks: ReadonlyMap<string, Node>): Node {
  if (original === undefined) return block;
  const label = (blocks.get(original)?.attrs.label as string | undefined) ?? "";
  const number = label.replace(/[.)]$/, "").replace(/^\(/, "");
  const words = label ? `Alternative to paragraph ${number}:` : blocks.has(original) ? "Alternative to the paragraph above:" : "Alternative:";
  const lead = [schema.text(words, [schema.marks.em!.create()]), schema.text(" ")];
  return block.type.create(block.attrs, [...lead, ...block.content.content]);
}

function placeOf(label: string, headings: readonly string[]): string {
  const name = label ? `paragraph ${label.replace(/[.)]$/, "")}` : "unnumbered paragraph";
  return headings.length ? `${name} under ${headings.map((h) => `“${h}”`).join(" / ")}` : name;
}

/** The clean inline content of a block. `outer` brackets the whole content (a proposed paragraph). */
function cleanInline(
  block: Node,
  document: NegotiationDocument,
  outer: Mark[] | null,
  unresolved: UnresolvedItem[],
  where: () => string,
): Node[] {
  const out: Piece[] = [];
  const recorded = new Set<string>();

  const emitText = (raw: string, marks: readonly Mark[], emphasis: readonly Mark[]) => {
    // In a clean text a bracket means "unresolved": a bracket character that is
    // text (a stray `]` the import kept and reported) would read as one.
    const text = raw.replace(/[[\]]/g, "");
    if (text) out.push({ text, marks: [...marks, ...emphasis] });
  };

  const visit = (segments: readonly InlineSegment[], enclosing: readonly Mark[]) => {
    for (const segment of segments) {
      if (segment.kind === "text") emitText(segment.text, enclosing, segment.marks);
      else if (segment.kind === "footnote") {
        if (segment.attrs.kind !== "procedural") out.push({ node: schema.nodes.footnote!.create(segment.attrs) });
      } else visitBracket(segment, enclosing);
    }
  };

  const visitBracket = (bracket: BracketSegment, enclosing: readonly Mark[]) => {
    const { proposal } = bracket;
    const ops = new Set(bracket.children.flatMap((c) => (c.kind === "text" ? [c.op] : c.kind === "bracket" ? [c.op] : [])));
    let previousOp: ProposalOp | null = null;
    for (const child of bracket.children) {
      if (child.kind === "footnote") {
        // A footnote inside a bracket goes with text that goes.
        const goes = proposal.state !== "open" && proposal.state !== "accepted" && !ops.has("delete");
        if (!goes && child.attrs.kind !== "procedural") out.push({ node: schema.nodes.footnote!.create(child.attrs) });
        continue;
      }
      const op = child.op ?? "insert";
      const f = fate(op, proposal.state);
      if (f === "drop") continue;
      let marks = enclosing;
      if (f === "bracketed") {
        // A bracket spanning paragraphs is one unresolved proposal, recorded at its first part.
        if (!recorded.has(proposal.id) && (!proposal.span || proposal.span === proposal.id)) {
          recorded.add(proposal.id);
          unresolved.push({ id: proposal.id, kind: "proposal", where: where(), description: describe(proposal.by, proposal.id, bracket, document) });
        }
        // A replacement still open reads "[old] [new]": two brackets with a space between.
        if (previousOp !== null && previousOp !== op) out.push({ text: " ", marks: enclosing });
        // An open option of a group still open stays one of its set (`[shall][should]`, `[agreed / made]`); its struck part is no option.
        const option = op !== "delete" && openGroupsOf(document).has(proposal.choice);
        marks = [...enclosing, cleanBracketMark(`${proposal.id}:${op === "delete" ? "old" : "new"}`, option ? proposal.choice : "", proposal.choiceStyle)];
        previousOp = op;
      }
      if (child.kind === "text") emitText(child.text, marks, child.marks);
      else visitBracket(child, marks);
    }
  };

  visit(inlineTree(block), outer ?? []);
  return tidyInline(out);
}

function describe(by: readonly string[], id: string, bracket: BracketSegment, document: NegotiationDocument): string {
  // "~~timely~~ real-time" reads "timely / real-time".
  let text = "";
  let previous: ProposalOp | null = null;
  for (const child of bracket.children) {
    if (child.kind !== "text") continue;
    text += previous !== null && previous !== child.op ? ` / ${child.text}` : child.text;
    previous = child.op;
  }
  const who = by.length ? `${delegationNames(by, document.registry)}’s proposal` : "untagged bracket";
  return `${who} ${id} “${excerpt(text)}”`;
}
