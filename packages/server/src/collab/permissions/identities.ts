import { proposerOf, type BlockJSON } from "@accord/schema";
import { stableJSON } from "./stable-json.js";
import type { BlockReading, Touched, Typed } from "./touched.js";

/** Who made a block: the delegation that proposed the paragraph, "" for base text and headings. */
function blockProposer(block: BlockJSON): string {
  const by = block.type === "paragraph" ? block.attrs?.proposedBy : undefined;
  return (Array.isArray(by) ? proposerOf(by.map(String)) : undefined) ?? "";
}

/** Every proposal mark of a block as stored, with its id and proposer ("" for untagged text). */
function* proposalMarks(block: BlockJSON): Generator<{ id: string; proposer: string }> {
  for (const child of block.content ?? []) {
    for (const mark of child.marks ?? []) {
      if (mark.type !== "proposal") continue;
      const by = mark.attrs?.by;
      yield { id: String(mark.attrs?.id ?? ""), proposer: (Array.isArray(by) ? proposerOf(by.map(String)) : undefined) ?? "" };
    }
  }
}

/** What is known of a block id: who made its block, and the block as it was when it left the document. */
interface BlockIdentity {
  proposer: string;
  left: string | null;
}

/** What is known of a proposal id: who made it and the blocks its marks have stood in. */
export interface ProposalIdentity {
  readonly proposer: string;
  readonly blocks: Set<string>;
}

/**
 * The ids of a document's blocks and proposals as the server has seen them
 * since it loaded the document — present or gone — with who made each. Ids
 * are the server's truth: a block keeps its id, a block id is carried by one
 * block at a time and comes back after its block was removed only with the
 * same proposer (an undo restoring it), and a proposal id keeps its proposer
 * and the blocks it stands in (a paragraph split by the chair carries it
 * into the new one). Only accepted changes are remembered.
 */
export class Identities {
  private readonly blocks = new Map<string, BlockIdentity>();
  private readonly proposals = new Map<string, ProposalIdentity>();

  /** Takes in the blocks of a document as it stands. */
  seed(readings: Iterable<BlockReading>): void {
    for (const reading of readings) this.rememberBlock(reading);
  }

  /** Takes in what an accepted update (or the server's own change) left. */
  remember(touched: Touched): void {
    if (touched.typed) this.rememberTyped(touched.typed);
    for (const { after } of touched.blocks) if (after) this.rememberBlock(after);
    for (const { before, after } of touched.blocks) {
      const known = before && !after && touched.idCount(before.id) === 0 ? this.blocks.get(before.id) : undefined;
      if (known) known.left = stableJSON(before!.raw);
    }
  }

  /**
   * Why the blocks an update left break the ids' rules: for anyone, a block
   * without an id, an id two blocks carry, an id a proposal has, an id that
   * left the document coming back with another proposer; for a delegate
   * (`restoreOnly`), besides, a block that changes its id in place, and an
   * id that left coming back as anything but the block it was (an undo
   * restoring it). Null when none.
   */
  blockProblem(touched: Touched, restoreOnly: boolean): string | null {
    const before = new Set<string>();
    // Blocks this update removed, as they were: a new block taking one's id is judged as a removal and an insertion.
    const removed = new Map<string, string>();
    for (const block of touched.blocks) {
      if (block.before) before.add(block.before.id);
      if (block.before && !block.after) removed.set(block.before.id, stableJSON(block.before.raw));
    }
    for (const { before: was, after } of touched.blocks) {
      if (restoreOnly && was && after && was.id !== after.id) return `a block's id (“${was.id.slice(0, 64)}”) cannot be changed`;
      if (!after) continue;
      const id = after.id.slice(0, 64);
      if (!after.id) return "the edit leaves a block without an id";
      if (touched.idCount(after.id) > 1) return `the edit gives a block the id “${id}”, which another block has`;
      if (restoreOnly && !was && removed.has(after.id) && removed.get(after.id) !== stableJSON(after.raw)) {
        return `the edit removes the block “${id}” and gives its id to a new one`;
      }
      if (before.has(after.id)) continue;
      if (this.proposals.has(after.id)) return `the edit gives a block the id “${id}”, which a proposal has`;
      const known = this.blocks.get(after.id);
      if (!known) continue;
      if (known.proposer !== blockProposer(after.raw)) return `the edit gives a block the id “${id}”, which belonged to another block`;
      if (restoreOnly && known.left !== stableJSON(after.raw)) return `the edit gives a new block the id “${id}” of a block that was removed`;
    }
    return null;
  }

  /**
   * Why the proposal marks a delegate of `code` left break the ids' rules:
   * a mark carrying the id of a proposal made by another delegation (or of
   * untagged text), or of a proposal in another block, or a new proposal
   * that is not `code`'s own. Null when none.
   */
  proposalProblem(touched: Touched, code: string): string | null {
    for (const { after } of touched.blocks) {
      if (!after) continue;
      for (const { id, proposer } of proposalMarks(after.raw)) {
        const known = this.proposals.get(id);
        if (!known) {
          if (proposer !== code) return `a new proposal in a delegate's edit must be ${code}'s own, not ${proposer || "untagged text"}`;
          if (this.blocks.has(id)) return `the proposal id “${id.slice(0, 64)}” is a paragraph's id`;
          continue;
        }
        if (known.proposer !== proposer) return `the proposal id “${id.slice(0, 64)}” is ${known.proposer ? `${known.proposer}'s` : "untagged text's"}, not ${proposer || "untagged"}`;
        if (!known.blocks.has(after.id)) return `the proposal id “${id.slice(0, 64)}” belongs to a proposal in another paragraph`;
      }
    }
    return null;
  }

  /** What is known of a proposal id, or undefined when it was never seen. */
  proposal(id: string): Readonly<ProposalIdentity> | undefined {
    return this.proposals.get(id);
  }

  /** Whether some block carries, or carried, this id. */
  isBlockId(id: string): boolean {
    return this.blocks.has(id);
  }

  private rememberTyped(typed: Typed): void {
    for (const { id, proposer } of typed.proposals) {
      const known = this.proposals.get(id);
      if (known) known.blocks.add(typed.blockId);
      else this.proposals.set(id, { proposer, blocks: new Set([typed.blockId]) });
    }
  }

  private rememberBlock(reading: BlockReading): void {
    this.blocks.set(reading.id, { proposer: blockProposer(reading.raw), left: null });
    for (const { id, proposer } of proposalMarks(reading.raw)) {
      const known = this.proposals.get(id);
      if (known) known.blocks.add(reading.id);
      else this.proposals.set(id, { proposer, blocks: new Set([reading.id]) });
    }
  }
}
