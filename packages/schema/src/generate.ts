import type { Mark, Node } from "prosemirror-model";
import { DelegationRegistry } from "./registries/delegations.js";
import { NegotiationDocument } from "./model/document.js";
import { writeOptionPath } from "./alternatives/options.js";
import type { FootnoteKind } from "./model/footnote.js";
import { STANCES, writePositions, type Position } from "./model/positions.js";
import type { ProposalState } from "./model/proposal.js";
import { schema } from "./model/schema.js";
import { PARAGRAPH_STATUSES, type ParagraphStatus } from "./model/status.js";

/** A small seeded pseudo-random source (mulberry32): the same seed gives the same document. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** What `generateDocument` makes. */
export interface GenerateOptions {
  readonly seed: number;
  /** Paragraphs to make (headings come on top). */
  readonly paragraphs: number;
  /** Inline proposals to spread over them, about a fifth of them nested in another. */
  readonly proposals: number;
  /**
   * Give about a third of the proposals delegations' positions, of every
   * stance and spelling, written in any attribution form (`[text - URU; ARG
   * delete]`, `[text] (ARG: retain)`, `(CAN: reservation)`, `[Uru: text] (Mexico)`);
   * chosen from each proposal's id, so the rest of the document is what the
   * same seed makes without them.
   */
  readonly positions?: boolean;
  /**
   * Make this many option groups (`Option 1:` / `Option 2:`), each two
   * neighbouring paragraphs of base text offered as the two options of
   * a choice, spread over the document; chosen apart from the rest, so the
   * document is otherwise what the same seed makes without them.
   */
  readonly optionGroups?: number;
}

const WORDS = (
  "member states shall promote strengthen develop national regional policies programs citizen security " +
  "cooperation prevention violence crime law enforcement rehabilitation social reintegration training " +
  "institutions human rights gender perspective assistance information exchange mechanisms agencies " +
  "technical capacity framework implementation public participation community youth victims effective " +
  "coordination hemispheric measures resources dialogue transparency accountability evaluation"
).split(" ").concat(
  // Citations, whose `N/` every reader and writer must leave as text (never a footnote reference), as in UN drafts.
  ["decision 1/CP.21", "resolution 70/1", "A/RES/75/1", "decision 2/CMA.3", "1/CMP.1", "45/264"],
);
const LEADS = ["To promote", "To develop", "To strengthen", "To ensure", "To encourage", "To support", "To request"];
const PREAMBULAR = ["RECOGNIZING", "REAFFIRMING", "TAKING NOTE of", "BEARING IN MIND", "CONSIDERING", "WELCOMING"];
const STATES = ["URY", "ARG", "BRA", "MEX", "PER", "VEN", "BRB", "CAN", "USA", "COL", "CHL", "ECU"];
const BODIES = ["CSH", "Permanent Council", "Working Group"];
const PROCEDURAL = [
  "Approval is pending as the required quorum was not present.",
  "Pending consultations by the United States.",
  "Its deletion is pending as the required quorum was not present.",
];
const EDITORIAL = ["Text of the Commitment adopted in Mexico City.", "As revised by the Style Committee."];
const OPPOSED = ["Brazil is opposed to including this reference", "Canada prefers the original text", "Mexico supports this text"];
const PROPOSAL_STATES: readonly ProposalState[] = ["open", "open", "open", "accepted", "rejected", "withdrawn"];

interface Builder {
  readonly rnd: Random;
  ids: number;
  proposalsLeft: number;
  readonly positions?: boolean;
}

/** Positions for proposal `id` by `by`, from the id alone (see `GenerateOptions.positions`): "" for two proposals in three. */
function positionsFor(id: string, by: readonly string[]): string {
  let h = 7;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  if (h % 3 !== 0) return "";
  const forms = by.length ? (["tag", "dash", "after"] as const) : (["tag", "dash"] as const);
  const form = forms[(h >>> 3) % forms.length]!;
  const others = STATES.filter((code) => !by.includes(code));
  const positions = Array.from({ length: 1 + ((h >>> 5) % 3) }, (_, k): Position => {
    const delegation = others[((h >>> 7) + k) % others.length]!;
    const stance = STANCES[(h >>> (9 + k)) % STANCES.length]!;
    // Every way a draft writes a stance: `reservation` for a reserve, and a support named alone after a bracket with proposers.
    const spelled = ((Math.imul(h, 0x9e3779b1) >>> (20 + k)) & 1) === 1;
    if (spelled && stance === "reserve") return { delegation, stance, spelling: "reservation" };
    if (spelled && stance === "support" && by.length && form !== "dash") return { delegation, stance, spelling: "named" };
    return { delegation, stance };
  });
  return writePositions({ form, positions });
}

function words(rnd: Random, min: number, max: number): string {
  const n = rnd.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rnd.pick(WORDS));
  return out.join(" ");
}

function isoDate(rnd: Random): string {
  return `20${String(rnd.int(10, 26)).padStart(2, "0")}-${String(rnd.int(1, 12)).padStart(2, "0")}-${String(rnd.int(1, 28)).padStart(2, "0")}`;
}

function delegations(rnd: Random): string[] {
  const first = rnd.pick(STATES);
  if (!rnd.chance(0.2)) return [first];
  const second = rnd.pick(STATES.filter((s) => s !== first));
  return [first, second];
}

function proposalMark(op: "insert" | "delete" | "bracket", id: string, by: string[], note: string, state: ProposalState, positions = ""): Mark {
  return schema.marks.proposal!.create({ id, op, by, note, state, positions });
}

/**
 * One inline proposal as text nodes carrying `outer` marks plus its own:
 * an insertion, an untagged bracket, a proposed deletion, a replacement
 * (deletion then insertion under one id), possibly with a proposal nested
 * inside its text.
 */
function proposalNodes(b: Builder, outer: readonly Mark[], depth: number): Node[] {
  const { rnd } = b;
  b.proposalsLeft--;
  const id = `g${++b.ids}`;
  const kind = rnd.pick(["insert", "insert", "bracket", "delete", "replace"] as const);
  const note = kind !== "bracket" && rnd.chance(0.1) ? rnd.pick(OPPOSED) : "";
  const state = rnd.pick(PROPOSAL_STATES);
  const by = kind === "bracket" ? [] : delegations(rnd);
  const nodes: Node[] = [];
  const span = (op: "insert" | "delete" | "bracket") => {
    const marks = [...outer, proposalMark(op, id, by, note, state, b.positions ? positionsFor(id, by) : "")];
    const nest = op !== "delete" && depth < 2 && b.proposalsLeft > 0 && rnd.chance(0.25);
    if (!nest) {
      nodes.push(schema.text(words(rnd, 1, 4), marks));
      return;
    }
    nodes.push(schema.text(`${words(rnd, 1, 3)} `, marks));
    nodes.push(...proposalNodes(b, marks, depth + 1));
    nodes.push(schema.text(` ${words(rnd, 1, 3)}`, marks));
  };
  if (kind === "replace") {
    span("delete");
    span("insert");
  } else span(kind);
  return nodes;
}

function footnoteNode(b: Builder): Node {
  const { rnd } = b;
  const kind: FootnoteKind = rnd.pick(["reservation", "editorial", "procedural"] as const);
  const text =
    kind === "reservation"
      ? "The Government of Ecuador reserves its position on this paragraph."
      : rnd.pick(kind === "editorial" ? EDITORIAL : PROCEDURAL);
  return schema.nodes.footnote!.create({ id: `f${++b.ids}`, kind, delegation: kind === "reservation" ? "ECU" : "", text });
}

function inlineContent(b: Builder, lead: string, proposals: number): Node[] {
  const { rnd } = b;
  const nodes: Node[] = [schema.text(`${lead} ${words(rnd, 2, 6)}`)];
  for (let k = 0; k < proposals && b.proposalsLeft > 0; k++) {
    nodes.push(schema.text(" "));
    nodes.push(...proposalNodes(b, [], 0));
    nodes.push(schema.text(` ${words(rnd, 1, 6)}`));
  }
  if (rnd.chance(0.08)) nodes.push(footnoteNode(b));
  nodes.push(schema.text(` ${words(rnd, 1, 4)}.`));
  return nodes;
}

function statusAttrs(rnd: Random, headingLike = false) {
  if (rnd.chance(0.45)) return {};
  const status: ParagraphStatus = rnd.pick(PARAGRAPH_STATUSES.filter((s) => s !== "open"));
  const body = rnd.chance(status === "approved" ? 0.7 : 0.15) ? rnd.pick(BODIES) : "";
  return {
    status,
    statusDate: rnd.chance(0.8) ? isoDate(rnd) : "",
    statusBody: body,
    statusFootnote: !headingLike && rnd.chance(0.15) ? rnd.pick(PROCEDURAL) : "",
  };
}

/** Whether a block can be an option of a generated group: a paragraph of base text, no alternative. */
function optionable(block: Node | undefined): boolean {
  if (!block || block.type.name !== "paragraph") return false;
  const attrs = block.attrs as { alternativeTo: string; proposedBy: readonly string[]; optionPath: string };
  return !attrs.alternativeTo && !attrs.proposedBy.length && !attrs.optionPath;
}

/**
 * Makes up to `count` option groups of two neighbouring paragraphs each,
 * spread evenly over `blocks` (changed in place): a paragraph before and
 * after each pair stays outside it, and none is an alternative to another.
 */
function offerOptions(blocks: Node[], count: number): void {
  // A step a little under the even spread: pairs that cannot be options (an alternative next) are passed over.
  const step = Math.max(3, Math.floor(blocks.length / count) - 1);
  let made = 0;
  for (let i = 1; i + 2 < blocks.length && made < count; ) {
    if (!(optionable(blocks[i]) && optionable(blocks[i + 1]) && !blocks[i + 2]!.attrs.alternativeTo)) {
      i++;
      continue;
    }
    made++;
    const group = `og${made}`;
    blocks.forEach((block, index) => {
      if (index !== i && index !== i + 1) return;
      const n = index - i + 1;
      const optionPath = writeOptionPath([{ group, option: `${group}o${n}`, label: `Option ${n}:`, state: "open", noText: "" }]);
      blocks[index] = block.type.create({ ...block.attrs, optionPath }, block.content, block.marks);
    });
    i += step;
  }
}

/**
 * A realistic negotiation document for tests and benchmarks: chapters and
 * objectives, preambular and operative paragraphs with labels (`1.`, `2 bis.`,
 * `(3)`, `a.`), every status with dates and bodies, inline proposals by one or
 * two delegations (insertions, untagged brackets, deletions, replacements,
 * nested ones, notes, every state), whole-paragraph proposals, alternatives,
 * footnotes of every kind, editorial notes. Its text is written so that the
 * bracketed text format reads it back unchanged.
 */
export function generateDocument(options: GenerateOptions): NegotiationDocument {
  const rnd = new Random(options.seed);
  const b: Builder = { rnd, ids: 0, proposalsLeft: options.proposals, positions: options.positions };
  const registry = DelegationRegistry.default.with({ code: "WG", name: "Working Group", kind: "group", tags: ["Working Group"] });
  const blocks: Node[] = [];
  const perParagraph = options.paragraphs ? options.proposals / options.paragraphs : 0;
  let chapter = 0;
  let objective = 0;
  let number = 0;
  let lastBase: Node | null = null;

  for (let n = 0; n < options.paragraphs; n++) {
    if (n % 40 === 0) {
      chapter++;
      objective = 0;
      blocks.push(schema.nodes.heading!.create({ id: `h${++b.ids}`, ...statusAttrs(rnd, true) }, schema.text(`CHAPTER ${chapter} – ${words(rnd, 2, 5).toUpperCase()}`)));
    }
    if (n % 10 === 0) {
      objective++;
      number = 0;
      blocks.push(schema.nodes.heading!.create({ id: `h${++b.ids}` }, schema.text(`Objective ${chapter}.${objective}`)));
    }
    const remaining = options.paragraphs - n;
    const quota = Math.max(0, Math.round(b.proposalsLeft / remaining));
    const proposals = Math.min(quota + (rnd.chance(perParagraph % 1) ? 1 : 0), b.proposalsLeft);

    const roll = rnd.next();
    const id = `p${++b.ids}`;
    let attrs: Record<string, unknown>;
    let lead: string;
    if (roll < 0.1) {
      lead = rnd.pick(PREAMBULAR);
      attrs = { kind: "preambular" };
    } else if (roll < 0.15 && lastBase) {
      // An alternative to the paragraph above: `//` or `N alt.`.
      const base = lastBase;
      const numbered = /^(\d+)[.)]$/.exec(String(base.attrs.label));
      const label = numbered && rnd.chance(0.5) ? `${numbered[1]} alt.` : "";
      attrs = {
        label,
        kind: label ? "operative" : "plain",
        alternativeTo: base.attrs.id,
        proposalState: rnd.pick(PROPOSAL_STATES),
        proposedBy: rnd.chance(0.5) ? [rnd.pick(STATES)] : [],
      };
      lead = rnd.pick(LEADS);
    } else if (roll < 0.2) {
      number++;
      attrs = { label: `${number} bis.`, kind: "operative", proposedBy: rnd.chance(0.2) ? ["WG"] : delegations(rnd), proposalState: rnd.pick(PROPOSAL_STATES) };
      lead = rnd.pick(LEADS);
    } else if (roll < 0.25) {
      attrs = { label: `${rnd.pick(["a", "b", "c"])}.`, kind: "plain" };
      lead = "the";
    } else {
      number++;
      attrs = { label: rnd.pick([`${number}.`, `${number}.`, `${number})`, `(${number})`]), kind: "operative" };
      lead = rnd.pick(LEADS);
    }
    const proposalParagraph = (attrs.proposedBy as string[] | undefined)?.length;
    const content = inlineContent(b, lead, proposalParagraph ? Math.min(1, proposals) : proposals);
    const note = rnd.chance(0.05) ? `Previously paragraph ${rnd.int(1, 9)} of objective ${chapter}.${rnd.int(1, 4)}` : "";
    const paragraph = schema.nodes.paragraph!.create({ id, ...attrs, ...statusAttrs(rnd), note }, content);
    blocks.push(paragraph);
    if (!attrs.alternativeTo) lastBase = paragraph;
  }
  if (blocks.length === 0) blocks.push(schema.nodes.paragraph!.create({ id: "p0" }));
  if (options.optionGroups) offerOptions(blocks, options.optionGroups);
  return NegotiationDocument.create(schema.topNodeType.create(null, blocks), { title: "Generated draft plan of action", symbol: "GEN/DOC. 1/26" }, registry);
}
