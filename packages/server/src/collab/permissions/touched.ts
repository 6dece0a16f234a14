import type { BlockJSON, SpanPartFacts } from "@accord/schema";
import type * as Y from "yjs";

/** One block as the checks see it: as stored, as documents read it, and what in it cannot be read. */
export interface BlockReading {
  /** The block's id attribute ("" when it has none). */
  readonly id: string;
  /** The block as stored, every attribute and mark as it is. */
  readonly raw: BlockJSON;
  /** The block as documents are read: concurrent variants of a proposal merged. */
  readonly read: BlockJSON;
  /** What in the element a JSON reading cannot show (an XmlHook, an embed, attributes on a text), or null. */
  readonly problem: string | null;
}

/** A block element an update added, changed or removed, as it was and as it is (null: absent on that side). */
export interface TouchedBlock {
  readonly before: BlockReading | null;
  readonly after: BlockReading | null;
}

/**
 * An update that only typed a delegation's proposed insertions into one
 * block, judged as it was applied (see `typingOf` and `typedProposals`): its
 * block was not read again.
 */
export interface Typed {
  /** The id of the block typed into. */
  readonly blockId: string;
  /** The proposals the typed text carries, each with its proposer. */
  readonly proposals: readonly { readonly id: string; readonly proposer: string }[];
}

/** What one update did to a document, with what the checks need to judge it. */
export interface Touched {
  /** The block elements it added, changed or removed — by element, not by the id they carry (none when it only typed). */
  readonly blocks: readonly TouchedBlock[];
  /** Set when the update only typed proposed insertions and was judged allowed as it was applied; null otherwise. */
  readonly typed: Typed | null;
  /** Something other than a heading or paragraph element now stands in the content fragment, or the fragment has attributes. */
  readonly fragmentProblem: string | null;
  /** The update changed something outside the content (title, metadata, registry, or a shared type of its own). */
  readonly outsideContent: boolean;
  /** Top-level shared types the update created that a negotiation does not have. */
  readonly newRoots: readonly string[];
  /** The update depends on changes this copy has not seen. */
  readonly pending: boolean;
  /** The copy after the update, to look up other blocks and the metadata. */
  readonly doc: Y.Doc;
  /** How many blocks carry each id after the update. */
  readonly idCount: (id: string) => number;
  /** The blocks that are, after the update, alternatives to the block with this id. */
  readonly alternativesTo: (id: string) => readonly BlockReading[];
  /** The status of the paragraph with this id after the update, undefined when there is none. */
  readonly paragraphStatus: (id: string) => string | undefined;
  /** The parts of brackets spanning paragraphs after the update, in document order (`blockSpanFacts`). */
  readonly spanFacts: () => SpanPartFacts[];
  /** The spans whose parts meet across blocks it touched (an empty paragraph between two parts, a block put there), after it. */
  readonly spansThrough: () => ReadonlySet<string>;
}
