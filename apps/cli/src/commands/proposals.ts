import { listProposals as listDocumentProposals, type ProposalEntry as DocumentProposal } from "@accord/merge";
import type { NegotiationDocument, ParagraphAttrs } from "@accord/schema";
import { flag, oneFile } from "../args.js";
import { plural } from "../cli.js";
import type { Command } from "../command.js";
import { countDiagnostics, loadInput, reportDiagnostics, type LoadedInput } from "../input.js";
import { describeBlock, locateBlocks, shorten } from "../lookup.js";

/**
 * One line of `accord proposals --json`: merge's `ProposalEntry` without the
 * block's status, the text cut to its first words. Scripts depend on this
 * shape; add keys, never rename or remove them.
 */
export interface ProposalEntry extends Omit<DocumentProposal, "block"> {
  /** The block holding the proposal (the paragraph itself for a whole paragraph). */
  readonly block: Omit<DocumentProposal["block"], "status">;
  /** The first words of the proposal, deletions written `~~like this~~`. */
  readonly text: string;
}

/**
 * The proposals of a document in document order, a proposed paragraph before
 * the brackets inside it, as `accord proposals` lists them: merge's
 * `listProposals` with the text shortened to 80 characters on one line.
 * Never fails.
 */
export function listProposals(document: NegotiationDocument): ProposalEntry[] {
  // Overriding keys in place keeps the JSON's key order.
  return listDocumentProposals(document).map((entry) => ({
    ...entry,
    block: { id: entry.block.id, type: entry.block.type, label: entry.block.label },
    text: shorten(entry.text, 80),
  }));
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
    if (entry.positions.length) lines.push(`${indent}positions: ${entry.positions.map((p) => `${p.name} (${p.code}) ${p.stance}`).join(", ")}`);
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
