/**
 * Concurrent edits can leave one proposal with several sets of attributes:
 * Yjs keeps a mark per distinct set, so when one delegate supports a proposal
 * while the chair accepts it, its text ends up with two `proposal` marks of
 * the same id (or spans that disagree). A paragraph split inside a proposal
 * leaves it in two blocks. Every replica holds the same Y.Doc, so reading it
 * through this one deterministic rule gives every replica the same, valid
 * document; the next write carries the merged marks back into the Y.Doc.
 *
 * The rule, per proposal id: delegations are the union in order of first
 * appearance; the note is the longest (then the greatest); a decision beats
 * `open`, and between conflicting decisions `rejected` beats `withdrawn`
 * beats `accepted` (the safer reading of a text: less goes in). A proposal
 * found in a later block takes the id `<id>~<n>` there.
 *
 * A tag as written (`tag`) goes like the note: the longest, then the
 * greatest, so a spelling is never lost to a concurrent edit; exports write
 * it only while it names the merged delegations (written-tags.ts).
 *
 * Positions (`positions`): every delegation's is kept, in order of first
 * appearance; of two stances given one delegation concurrently, the firmer
 * objection (delete, oppose, reserve, support, retain); a delegation that also became a
 * sponsor keeps its support and loses its position; the first attribution
 * form other than the tag stays.
 *
 * Choice groups (`choice`): a proposal whose marks name different groups is
 * in the greatest one named (a group beats none); a group's options found in
 * a later block form the group `<choice>~<n>` there; a group left with one
 * option is no group (its option an ordinary proposal); the options of a
 * group are written the way its first one is; and of two options accepted
 * concurrently, the first in the text stays accepted and the others are
 * rejected (one option goes in, as one would have).
 *
 * The same goes for what concurrent edits can do to blocks: a block or
 * footnote id seen twice is renamed `<id>~<n>` at its later place, an
 * alternative whose original was deleted becomes an ordinary paragraph, and
 * a document left with no block gets one empty paragraph.
 */

import { mergedPositionsValue, mergePositions, positionsVariant, type MergedPositions } from "./reconcile-positions.js";

interface MarkJSON {
  type: string;
  attrs?: Record<string, unknown>;
}

interface NodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: NodeJSON[];
  marks?: MarkJSON[];
  text?: string;
}

const STATE_RANK: Record<string, number> = { open: 0, accepted: 1, withdrawn: 2, rejected: 3 };

interface Merged {
  by: string[];
  note: string;
  state: string;
  /** Some span is untagged disputed text: then the proposal names no delegation. */
  bracket: boolean;
  choice: string;
  choiceStyle: string;
  /** The tag as written. */
  tag: string;
  /** The positions as the first mark gives them; merged (below) once a mark gives others. */
  positions: string;
  mergedPositions?: MergedPositions;
}

/** Reconciles what concurrent edits left inconsistent, in place, on ProseMirror JSON of the document. */
export function reconcileContent(doc: NodeJSON): NodeJSON {
  doc.content = doc.content?.length ? doc.content : [{ type: "paragraph", attrs: { id: "empty" } }];
  const blocks = doc.content;

  const blockIds = new Set<string>();
  const paragraphIds = new Set<string>();
  const footnoteIds = new Set<string>();
  blocks.forEach((block, index) => {
    block.attrs ??= {};
    let id = String(block.attrs.id ?? "");
    if (blockIds.has(id)) block.attrs.id = id = `${id}~${index}`;
    blockIds.add(id);
    if (block.type === "paragraph") paragraphIds.add(id);
    (block.content ?? []).forEach((child, at) => {
      if (child.type !== "footnote" || !child.attrs) return;
      const fid = String(child.attrs.id ?? "");
      if (footnoteIds.has(fid)) child.attrs.id = `${fid}~${index}.${at}`;
      footnoteIds.add(String(child.attrs.id));
    });
  });
  for (const block of blocks) {
    const target = block.attrs?.alternativeTo;
    if (typeof target === "string" && target && (!paragraphIds.has(target) || target === block.attrs!.id)) block.attrs!.alternativeTo = "";
  }
  return reconcileProposals(doc);
}

/** Merges the attributes of every variant of each proposal, in place. */
function reconcileProposals(doc: NodeJSON): NodeJSON {
  const blocks = doc.content ?? [];
  const merged = new Map<string, Merged>();
  const blockOf = new Map<string, number>();
  const renamed = new Map<string, string>();

  // Ids whose marks are found in more than one block are renamed in the later ones.
  blocks.forEach((block, index) => {
    for (const child of block.content ?? []) {
      for (const mark of child.marks ?? []) {
        if (mark.type !== "proposal" || !mark.attrs) continue;
        const id = String(mark.attrs.id ?? "");
        const first = blockOf.get(id);
        if (first === undefined) blockOf.set(id, index);
        else if (first !== index) renamed.set(`${index}:${id}`, `${id}~${index}`);
      }
    }
  });
  const idIn = (index: number, id: string) => renamed.get(`${index}:${id}`) ?? id;

  blocks.forEach((block, index) => {
    for (const child of block.content ?? []) {
      for (const mark of child.marks ?? []) {
        if (mark.type !== "proposal" || !mark.attrs) continue;
        const id = idIn(index, String(mark.attrs.id ?? ""));
        const by = Array.isArray(mark.attrs.by) ? (mark.attrs.by as string[]) : [];
        const note = String(mark.attrs.note ?? "");
        const state = String(mark.attrs.state ?? "open");
        const bracket = mark.attrs.op === "bracket";
        const choice = String(mark.attrs.choice ?? "");
        const choiceStyle = String(mark.attrs.choiceStyle ?? "adjacent");
        const tag = String(mark.attrs.tag ?? "");
        const current = merged.get(id);
        if (!current) {
          merged.set(id, { by: [...by], note, state, bracket, choice, choiceStyle, tag, positions: String(mark.attrs.positions ?? "") });
          continue;
        }
        const positions = String(mark.attrs.positions ?? "");
        if (positions !== current.positions || current.mergedPositions) mergePositions((current.mergedPositions ??= positionsVariant(current.positions)), positionsVariant(positions));
        if (choice > current.choice) Object.assign(current, { choice, choiceStyle });
        current.bracket ||= bracket;
        for (const code of by) if (!current.by.includes(code)) current.by.push(code);
        if (note.length > current.note.length || (note.length === current.note.length && note > current.note)) current.note = note;
        if (tag.length > current.tag.length || (tag.length === current.tag.length && tag > current.tag)) current.tag = tag;
        if ((STATE_RANK[state] ?? 0) > (STATE_RANK[current.state] ?? 0)) current.state = state;
      }
    }
  });

  reconcileChoices(blocks, merged, idIn);

  blocks.forEach((block, index) => {
    for (const child of block.content ?? []) {
      if (!child.marks) continue;
      const seen = new Set<string>();
      const marks: MarkJSON[] = [];
      for (const mark of child.marks) {
        if (mark.type !== "proposal" || !mark.attrs) {
          marks.push(mark);
          continue;
        }
        const id = idIn(index, String(mark.attrs.id ?? ""));
        // One mark per proposal on a piece of text.
        if (seen.has(id)) continue;
        seen.add(id);
        const m = merged.get(id)!;
        marks.push({ type: "proposal", attrs: { ...mark.attrs, id, by: m.bracket ? [] : m.by, tag: m.bracket ? "" : m.tag, note: m.note, state: m.state, choice: m.choice, choiceStyle: m.choiceStyle, positions: m.mergedPositions ? mergedPositionsValue(m.mergedPositions, m.bracket ? [] : m.by) : m.positions } });
      }
      child.marks = marks;
    }
  });
  return doc;
}

/** Makes the merged proposals' choice groups keep the group rules (see `reconcileContent`), in place. */
function reconcileChoices(blocks: NodeJSON[], merged: Map<string, Merged>, idIn: (index: number, id: string) => string): void {
  // The options of each group in document order, with their block.
  const groups = new Map<string, { id: string; block: number }[]>();
  const seen = new Set<string>();
  blocks.forEach((block, index) => {
    for (const child of block.content ?? []) {
      for (const mark of child.marks ?? []) {
        if (mark.type !== "proposal" || !mark.attrs) continue;
        const id = idIn(index, String(mark.attrs.id ?? ""));
        const choice = merged.get(id)?.choice;
        if (!choice || seen.has(id)) continue;
        seen.add(id);
        const options = groups.get(choice);
        if (options) options.push({ id, block: index });
        else groups.set(choice, [{ id, block: index }]);
      }
    }
  });
  for (const [choice, options] of groups) {
    const byBlock = new Map<number, string[]>();
    for (const option of options) {
      const ids = byBlock.get(option.block);
      if (ids) ids.push(option.id);
      else byBlock.set(option.block, [option.id]);
    }
    let first = true;
    for (const [block, ids] of byBlock) {
      const name = first ? choice : `${choice}~${block}`;
      first = false;
      const style = merged.get(ids[0]!)!.choiceStyle;
      let accepted = false;
      for (const id of ids) {
        const m = merged.get(id)!;
        if (ids.length < 2) {
          m.choice = "";
          m.choiceStyle = "adjacent";
          continue;
        }
        m.choice = name;
        m.choiceStyle = style;
        if (m.state === "accepted") {
          if (accepted) m.state = "rejected";
          accepted = true;
        }
      }
    }
  }
}
