import { describeStatus, negotiationStats, PARAGRAPH_STATUSES, type NegotiationStats } from "@accord/schema";
import { formatDiagnostic } from "@accord/text";
import { plural } from "../cli.js";
import type { Command } from "../command.js";
import { flag, oneFile } from "../args.js";
import { loadInput, type LoadedInput } from "../input.js";

/**
 * What `accord stats --json` prints: `negotiationStats` (paragraphs by
 * status, headings, notes that are not negotiated, open proposals by delegation code, `""` for untagged)
 * and the import's diagnostics (none for a `.json` input). Scripts depend on
 * this shape; add keys, never rename or remove them.
 */
export interface StatsReport {
  readonly paragraphs: NegotiationStats["paragraphs"];
  readonly headings: NegotiationStats["headings"];
  readonly notes: NegotiationStats["notes"];
  readonly proposals: NegotiationStats["proposals"];
  readonly diagnostics: readonly { line: number; column: number; message: string; excerpt: string }[];
}

/** The `--json` report of a loaded input. */
export function statsReport(input: LoadedInput): StatsReport {
  const { paragraphs, headings, notes, proposals } = negotiationStats(input.document.content);
  const diagnostics = input.diagnostics.map(({ line, column, message, excerpt }) => ({ line, column, message, excerpt }));
  return { paragraphs, headings, notes, proposals, diagnostics };
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
  help: `Usage: accord stats <doc.json|file.txt> [--json]

Counts paragraphs by status and open proposals by delegation, and lists the
problems found when the input is a legacy text (file:line:col: message).

Options:
  --json      print one line of JSON for scripts:
                {"paragraphs":{"total":N,"byStatus":{...}},
                 "headings":{"total":N},
                 "proposals":{"open":N,"byDelegation":{"URY":N,"":N},"total":N},
                 "diagnostics":[{"line":N,"column":N,"message":"...","excerpt":"..."}]}
              byStatus lists all six statuses; byDelegation counts open proposals
              per delegation code, a co-sponsored one under each sponsor, an
              untagged one under "".
  -h, --help  show this help

Exit status: 0 when the counts were printed (even with diagnostics),
1 when the input cannot be read, 2 for a wrong command line.`,
  options: {
    json: { type: "boolean" },
  },
  async run(args, io) {
    const file = oneFile("stats", args);
    const input = await loadInput(file);
    const report = statsReport(input);
    io.out(flag(args, "json") ? `${JSON.stringify(report)}\n` : formatStats(input, report));
    return 0;
  },
};
