import type { ChoiceStyle, ProposalState } from "@accord/schema";

/** A bracket as the inline reader finds it; its attributes settle when it closes. */
export interface Bracket {
  readonly id: string;
  by: string[];
  /** Tagged with delegations, or attributed after it: its plain text is an insertion. */
  tagged: boolean;
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
}
