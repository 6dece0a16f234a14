import { collectProposals, type NegotiationDocument, type ParagraphAttrs, type ProposalOp, type ProposalState } from "@accord/schema";
import { flag, oneFile } from "../args.js";
import { plural } from "../cli.js";
import type { Command } from "../command.js";
import { countDiagnostics, loadInput, reportDiagnostics, type LoadedInput } from "../input.js";
import { describeBlock, locateBlocks, shorten } from "../lookup.js";

/**
 * One line of `accord proposals --json`. Scripts depend on this shape; add
 * keys, never rename or remove them.
 */
export interface ProposalEntry {
  /** What `accord resolve` takes: the proposal id (`b4`), or the paragraph id for a whole paragraph. */
  readonly id: string;
  /** A bracket in the text, a proposed paragraph, or an alternative to another paragraph. */
  readonly kind: "inline" | "paragraph" | "alternative";
  readonly state: ProposalState;
  /** The proposing delegations; empty for an untagged bracket. */
  readonly by: readonly { readonly code: string; readonly name: string }[];
  /** The operations of a bracket in order (`delete`, `insert` for a replacement); empty for a paragraph. */
  readonly ops: readonly ProposalOp[];
  /** For an alternative, the id of the paragraph it is an alternative to; otherwise "". */
  readonly alternativeTo: string;
  /** The block holding the proposal (the paragraph itself for a whole paragraph). */
  readonly block: { readonly id: string; readonly type: "paragraph" | "heading"; readonly label: string };
  /** The nearest heading above that block, or "". */
  readonly heading: string;
  /** The first words of the proposal, deletions written `~~like this~~`. */
  readonly text: string;
  /** The note after the bracket, or "". */
  readonly note: string;
}

/** The proposals of a document in document order: a proposed paragraph before the brackets inside it. */
export function listProposals(document: NegotiationDocument): ProposalEntry[] {
  const blocks = locateBlocks(document);
  const who = (codes: readonly string[]) => codes.map((code) => ({ code, name: document.registry.get(code)?.name ?? code }));
  const where = (index: number) => {
    const block = blocks[index]!;
    const type = block.node.type.name === "heading" ? ("heading" as const) : ("paragraph" as const);
    const label = type === "paragraph" ? (block.node.attrs as ParagraphAttrs).label : "";
    return { block: { id: block.id, type, label }, heading: block.heading };
  };

  const entries: { order: [number, number]; entry: ProposalEntry }[] = [];
  for (const block of blocks) {
    if (block.node.type.name !== "paragraph") continue;
    const attrs = block.node.attrs as ParagraphAttrs;
    if (!attrs.proposedBy.length && !attrs.alternativeTo) continue;
    entries.push({
      order: [block.index, -1],
      entry: {
        id: attrs.id,
        kind: attrs.alternativeTo ? "alternative" : "paragraph",
        state: attrs.proposalState,
        by: who(attrs.proposedBy),
        ops: [],
        alternativeTo: attrs.alternativeTo,
        ...where(block.index),
        text: shorten(block.node.textContent, 80),
        note: attrs.note,
      },
    });
  }
  collectProposals(document.content).forEach((proposal, n) => {
    const ops: ProposalOp[] = [];
    let text = "";
    let previous: ProposalOp | null = null;
    for (const span of proposal.spans) {
      if (!ops.includes(span.op)) ops.push(span.op);
      // A replacement reads as the convention writes it: `~~old~~ new`.
      if (previous !== null && previous !== span.op) text += " ";
      text += span.op === "delete" ? `~~${span.text}~~` : span.text;
      previous = span.op;
    }
    entries.push({
      order: [proposal.blockIndex, n],
      entry: {
        id: proposal.id,
        kind: "inline",
        state: proposal.state,
        by: who(proposal.by),
        ops,
        alternativeTo: "",
        ...where(proposal.blockIndex),
        text: shorten(text, 80),
        note: proposal.note,
      },
    });
  });
  entries.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return entries.map((e) => e.entry);
}

/** The listing as people read it: two lines per proposal, then how to decide one. */
export function formatProposals(input: LoadedInput, all: readonly ProposalEntry[], shown: readonly ProposalEntry[], openOnly: boolean): string {
  const { file, document } = input;
  const open = all.filter((e) => e.state === "open").length;
  const inline = all.filter((e) => e.kind === "inline").length;
  const lines = [`${file}: ${plural(all.length, "proposal")}, ${open} open (${inline} in brackets, ${all.length - inline} whole paragraphs)`];
  if (!shown.length) {
    lines.push("", openOnly ? "No open proposals." : "No proposals.");
    return `${lines.join("\n")}\n`;
  }
  lines.push("");
  const blocks = new Map(locateBlocks(document).map((b) => [b.id, b]));
  const width = Math.max(...shown.map((e) => e.id.length));
  const indent = " ".repeat(width + 2);
  for (const entry of shown) {
    const by = entry.by.length
      ? entry.by.map((d) => `${d.name} (${d.code})`).join(", ")
      : entry.kind === "inline"
        ? "untagged bracket"
        : "no delegation named";
    let what: string = entry.ops.join(" + ");
    if (entry.kind === "paragraph") what = "proposed paragraph";
    if (entry.kind === "alternative") {
      const base = blocks.get(entry.alternativeTo);
      const label = base ? (base.node.attrs as ParagraphAttrs).label : "";
      what = `alternative to ${entry.alternativeTo}${label ? ` (${label})` : ""}`;
    }
    lines.push(`${entry.id.padEnd(width)}  ${entry.state.padEnd(9)} ${by} — ${what}`);
    lines.push(`${indent}${describeBlock(blocks.get(entry.block.id)!)}: “${entry.text}”`);
    if (entry.note) lines.push(`${indent}note: ${shorten(entry.note, 80)}`);
  }
  lines.push(
    "",
    input.kind === "json"
      ? `Decide one with: accord resolve ${file} accept|reject|withdraw|reopen <id>, or choose <paragraph-id>`
      : `To decide them, import the draft first: accord import ${file} -o <doc.json>`,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * `accord proposals <file> [--json] [--open]`: the bracketed proposals and the
 * proposed or alternative paragraphs of a document, with the ids that
 * `accord resolve` takes.
 */
export const proposalsCommand: Command = {
  name: "proposals",
  summary: "list proposals with their ids, delegations, state and place",
  help: `Usage: accord proposals <doc.json|file.txt> [--open] [--json]

Lists the proposals of a document, in document order, with the ids that
'accord resolve' takes:
  - bracketed proposals (b1, b2 ...): the delegations, the state (open,
    accepted, rejected, withdrawn), the operations (insert, delete, bracket
    for an untagged bracket; a replacement is delete + insert), the paragraph
    or heading it is in, and its first words, deletions written ~~like this~~;
  - whole paragraphs proposed by a delegation (5 bis. [PER: ...]) and
    alternatives to a paragraph (5 bis alt., //): the paragraph's own id.

Options:
  --open      list only the proposals still open
  --json      print one line of JSON for scripts:
                {"proposals":[{"id":"b1","kind":"inline|paragraph|alternative",
                  "state":"open","by":[{"code":"URY","name":"Uruguay"}],
                  "ops":["insert"],"alternativeTo":"",
                  "block":{"id":"p1","type":"paragraph","label":"1."},
                  "heading":"Objective 1.1","text":"a","note":""}]}
  -h, --help  show this help

A legacy text draft is imported first (its problems are printed to stderr);
its ids are those 'accord import' gives, but only a .json document can be
changed.

Exit status: 0 when the list was printed (even when it is empty), 1 when the
input cannot be read, 2 for a wrong command line.`,
  options: {
    json: { type: "boolean" },
    open: { type: "boolean" },
  },
  async run(args, io) {
    const file = oneFile("proposals", args, "<doc.json|file.txt>");
    const input = await loadInput(file);
    reportDiagnostics(input, io);
    if (input.diagnostics.length) io.err(`${file}: ${countDiagnostics(input)}`);
    const all = listProposals(input.document);
    const shown = flag(args, "open") ? all.filter((e) => e.state === "open") : all;
    if (flag(args, "json")) {
      io.out(`${JSON.stringify({ proposals: shown })}\n`);
      return 0;
    }
    io.out(formatProposals(input, all, shown, flag(args, "open")));
    return 0;
  },
};
