import type { AttributionForm, ChoiceStyle, Position, ProposalState } from "@accord/schema";

/** A bracket as the inline reader finds it; its attributes settle when it closes. */
export interface Bracket {
  readonly id: string;
  by: string[];
  /** Tagged with delegations, or attributed after it: its plain text is an insertion. */
  tagged: boolean;
  /** Its tag list as written before the colon (`European Union`), when it has one. */
  writtenTag?: string;
  /** Its proposers' names as an attribution after or inside it wrote them (`(G-77, México)`), when one did. */
  writtenNames?: readonly string[];
  note: string;
  state: ProposalState;
  readonly offset: number;
  struck: boolean;
  struckAt: number;
  /** Opened by `~~` outside any bracket; closed by the next `~~`. */
  implicit: boolean;
  /** The choice group it is an option of (`[shall][should]`, `[agreed / made]`); "" for none. */
  choice: string;
  choiceStyle: ChoiceStyle;
  /** Where its attribution was written, when not as a tag (`[text - G77]`, `[text] (G77)`, after the paragraph). */
  form?: AttributionForm;
  /** Delegations' positions read after it (`- G77; EU delete]`, `(EU: delete)`), in order. */
  positions?: Position[];
  /** Where a dash attribution inside it starts (the space before the dash): the reader skips from there to its `]`. */
  dashAt?: number;
  dashEnd?: number;
  /** The bracket spanning paragraphs it is a part of (spanning.ts); unset for a bracket within one paragraph. */
  span?: SpanLink;
}

/** The parts of one bracket spanning paragraphs, one per paragraph, in order; every part holds the same link. */
export interface SpanLink {
  readonly parts: Bracket[];
}

/**
 * What the inline reader carries from one block to the next: the brackets
 * open at a block's end that close in a later block (spanning.ts). Filled by
 * `readInline` at each block's end, read by it at the next block's start.
 */
export interface SpanCarry {
  /** The `[` offsets `planSpans` matched. */
  readonly spanning: ReadonlySet<number>;
  /** The parts open at the end of the last block read, outermost first. */
  open: Bracket[];
}
