import { describeRegistry, describeStatus, negotiationStats, PARAGRAPH_STATUSES, registryBase, type NegotiationStats } from "@accord/schema";
import { formatDiagnostic, type Recognition, type RegistryChoice } from "@accord/text";
import { plural } from "../cli.js";
import type { Command } from "../command.js";
import { flag, oneFile, registryOption } from "../args.js";
import { loadInput, type LoadedInput } from "../input.js";

/**
 * What `accord stats --json` prints: `negotiationStats` (paragraphs by
 * status, headings, notes that are not negotiated, open proposals by delegation code, `""` for untagged,
 * a choice group counted once; `choices`: groups of alternatives, open and chosen;
 * `positions`: delegations' positions on brackets, in total, by stance and by delegation;
 * `optionGroups`: option blocks (`Option 1:` …), each group once, open and chosen, with options, No-text options, nested groups)
 * and the import's diagnostics (none for a `.json` input); the registry the
 * document is on (and, for a text, whether it was guessed and from what); and
 * for a text draft what the import recognised — statuses by written form,
 * labels, headings, attributions, citations, what reading wrapped text from a
 * PDF changed (`pdf`: joinedLines, dehyphenated, keptHyphens, splitParagraphs,
 * pageFurniture), and each guess with its line and column (`recognised`, null
 * for other inputs). Scripts depend on this
 * shape; add keys, never rename or remove them.
 */
export interface StatsReport {
  readonly paragraphs: NegotiationStats["paragraphs"];
  readonly headings: NegotiationStats["headings"];
  readonly notes: NegotiationStats["notes"];
  readonly proposals: NegotiationStats["proposals"];
  readonly choices: NegotiationStats["choices"];
  readonly positions: NegotiationStats["positions"];
  readonly optionGroups: NegotiationStats["optionGroups"];
  readonly diagnostics: readonly { line: number; column: number; message: string; excerpt: string }[];
  readonly registry: RegistryChoice;
  readonly recognised: Omit<Recognition, "registry" | "guesses"> & { readonly guesses: readonly { line: number; column: number; message: string }[] } | null;
}

/** The `--json` report of a loaded input. */
export function statsReport(input: LoadedInput): StatsReport {
  const { paragraphs, headings, notes, proposals, choices, positions, optionGroups } = negotiationStats(input.document.content);
  const diagnostics = input.diagnostics.map(({ line, column, message, excerpt }) => ({ line, column, message, excerpt }));
  const found = input.recognition;
  const registry = found?.registry ?? { name: registryBase(input.document.registry), guessed: false, evidence: [] };
  if (!found) return { paragraphs, headings, notes, proposals, choices, positions, optionGroups, diagnostics, registry, recognised: null };
  const { registry: _said, guesses, ...rest } = found;
  return { paragraphs, headings, notes, proposals, choices, positions, optionGroups, diagnostics, registry, recognised: { ...rest, guesses: guesses.map(({ line, column, message }) => ({ line, column, message })) } };
}

/** The report as people read it. */
export function formatStats(input: LoadedInput, report: StatsReport): string {
  const { registry } = input.document;
  const lines: string[] = [];
  const table = (rows: [string, number][]) => {
    const width = Math.max(0, ...rows.map(([label]) => label.length));
    for (const [label, n] of rows) lines.push(`  ${label.padEnd(width)}  ${String(n).padStart(4)}`);
  };

  const notes = report.notes.total ? `, ${plural(report.notes.total, "note")} not negotiated` : "";
  lines.push(`${input.file}: ${plural(report.paragraphs.total, "paragraph")}, ${plural(report.headings.total, "heading")}${notes}`);
  lines.push("", "Paragraphs by status:");
  table(PARAGRAPH_STATUSES.map((s) => [describeStatus(s), report.paragraphs.byStatus[s]]));

  lines.push("", `Open proposals: ${report.proposals.open} of ${report.proposals.total}, by delegation:`);
  const byDelegation = Object.entries(report.proposals.byDelegation).map(([code, n]): [string, number] => {
    const name = code === "" ? "untagged" : `${registry.get(code)?.name ?? code} (${code})`;
    return [name, n];
  });
  // Most proposals first, then by name; untagged brackets last.
  byDelegation.sort((a, b) => Number(a[0] === "untagged") - Number(b[0] === "untagged") || b[1] - a[1] || a[0].localeCompare(b[0]));
  if (byDelegation.length) table(byDelegation);
  else lines.push("  none");
  if (report.choices.total) {
    lines.push("", `Choices among alternatives: ${report.choices.total} (${report.choices.open} open, ${report.choices.chosen} chosen), each counted once above`);
  }

  if (report.optionGroups.total) {
    const { total, open, chosen, options, noText, nested } = report.optionGroups;
    lines.push("", `Option blocks: ${plural(total, "group")} of ${plural(options, "option")} (${open} open, ${chosen} chosen; ${noText} with no text, ${nested} nested), each group counted once above`);
  }

  // A bracket spanning paragraphs is one proposal, over as many paragraphs as it runs through.
  if (report.recognised?.spans.total) {
    const { total, paragraphs } = report.recognised.spans;
    lines.push("", `Brackets spanning paragraphs: ${total} over ${paragraphs} paragraphs, each counted once above`);
  }

  if (report.positions.total) {
    const byStance = Object.entries(report.positions.byStance).filter(([, n]) => n).map(([stance, n]) => `${stance} ${n}`).join(", ");
    const byDelegation = Object.entries(report.positions.byDelegation).map(([code, n]) => `${code} ${n}`).join(", ");
    lines.push("", `Positions of delegations: ${report.positions.total} (${byStance}), by delegation: ${byDelegation}`);
  }

  const guessed = report.registry.guessed ? ` — guessed${report.registry.evidence.length ? ` from ${report.registry.evidence.join(", ")}` : ", nothing in the text names another"}; say it with --registry` : "";
  lines.push("", `Registry: ${describeRegistry(report.registry.name)}${guessed}`);
  const found = report.recognised;
  if (found) {
    const list = (counts: Readonly<Record<string, number>>) => Object.entries(counts).map(([form, n]) => `${form} ${n}`).join(", ") || "none";
    lines.push("", "Recognised:");
    lines.push(`  statuses      ${list(found.statuses)}`);
    lines.push(`  labels        ${list(found.labels)}`);
    lines.push(`  headings      ${list(found.headings)}`);
    lines.push(`  attributions  ${found.attributions.total} (${list(found.attributions.byDelegation)})`);
    lines.push(`  citations     ${found.citations}, kept as text`);
    const pdf = found.pdf;
    if (pdf.joinedLines || pdf.splitParagraphs || pdf.pageFurniture) {
      const hyphens = pdf.dehyphenated || pdf.keptHyphens ? ` (${pdf.dehyphenated} de-hyphenated, ${pdf.keptHyphens} keeping the hyphen)` : "";
      lines.push(`  wrapped text  ${plural(pdf.joinedLines, "line break")} joined${hyphens}, ${plural(pdf.splitParagraphs, "paragraph")} split off, ${plural(pdf.pageFurniture, "line")} of page furniture removed`);
    }
    lines.push("", `Guesses: ${found.guesses.length || "none"}`);
    for (const g of found.guesses) lines.push(`  ${input.file}:${g.line}:${g.column}: ${g.message}`);
  }

  lines.push("", `Diagnostics: ${input.diagnostics.length || "none"}`);
  for (const d of input.diagnostics) lines.push(`  ${formatDiagnostic(input.file, d)}`);
  return `${lines.join("\n")}\n`;
}

/**
 * `accord stats <file> [--json]`: where a negotiation stands — paragraphs by
 * status, open proposals by delegation, and the problems an import found.
 */
export const statsCommand: Command = {
  name: "stats",
  summary: "count paragraphs by status, open proposals by delegation, and problems",
  help: `Usage: accord stats <doc.json|file.txt> [--json] [--registry oas|un]

Counts paragraphs by status and open proposals by delegation, and lists the
problems found when the input is a legacy text (file:line:col: message). For
a text it also says what the import recognised — the registry (guessed from
the text unless --registry says it), statuses by the form written, labels,
headings, attributions and citations — and each place it guessed.

Options:
  --registry oas|un  read a text draft with the OAS's 35 member states, or the
              UN's 193 member states, observers, the EU and the negotiating
              groups (G77, AOSIS, LDCs, ...); guessed when not given
  --json      print one line of JSON for scripts:
                {"paragraphs":{"total":N,"byStatus":{...}},
                 "headings":{"total":N},
                 "proposals":{"open":N,"byDelegation":{"URY":N,"":N},"total":N},
                 "diagnostics":[{"line":N,"column":N,"message":"...","excerpt":"..."}],
                 "registry":{"name":"oas|un","guessed":true,"evidence":["G77",...]},
                 "recognised":{"statuses":{"(Agreed)":N,...},"labels":{"PP":N,...},
                   "headings":{...},"attributions":{"total":N,"byDelegation":{...}},
                   "citations":N,"guesses":[{"line":N,"column":N,"message":"..."}]}}
              recognised is null for a .json, .docx or .xml input.
              byStatus lists all six statuses; byDelegation counts open proposals
              per delegation code, a co-sponsored one under each sponsor, an
              untagged one under "".
  -h, --help  show this help

Exit status: 0 when the counts were printed (even with diagnostics),
1 when the input cannot be read, 2 for a wrong command line.`,
  options: {
    json: { type: "boolean" },
    registry: { type: "string" },
  },
  async run(args, io) {
    const file = oneFile("stats", args);
    const registryName = registryOption("stats", args);
    const input = await loadInput(file, registryName ? { registryName } : {});
    const report = statsReport(input);
    io.out(flag(args, "json") ? `${JSON.stringify(report)}\n` : formatStats(input, report));
    return 0;
  },
};
