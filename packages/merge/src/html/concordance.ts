import type { ConcordanceRow } from "../versions/renumber.js";
import { escapeHtml } from "./escape.js";

/**
 * The concordance as a table, Old / New: one row per numbered operative
 * paragraph, a deleted one marked "deleted", a new one (`1bis.`) marked
 * "(new)". When old labels repeat (numbering starts again under each
 * objective), a first column says under which headings each paragraph
 * stood. Empty for no rows.
 */
export function concordanceHtml(rows: readonly ConcordanceRow[]): string {
  if (rows.length === 0) return "";
  const repeated = new Set(rows.map((r) => r.old)).size < rows.length;
  const head = `<tr>${repeated ? `<th scope="col">Under</th>` : ""}<th scope="col">Old</th><th scope="col">New</th></tr>`;
  const body = rows.map((row) => {
    const place = repeated ? `<td class="under">${escapeHtml(row.section)}</td>` : "";
    const now =
      row.change === "deleted" || row.change === "moved"
        ? row.change
        : `${escapeHtml(row.new)}${row.change === "new" ? ` <span class="mark">(new)</span>` : ""}`;
    return `<tr class="${row.change}">${place}<td class="old">${escapeHtml(row.old)}</td><td class="new">${now}</td></tr>`;
  });
  return `<section class="concordance" aria-label="Concordance">
<h2>Concordance</h2>
<table>
<thead>${head}</thead>
<tbody>
${body.join("\n")}
</tbody>
</table>
</section>`;
}
