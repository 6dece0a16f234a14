import { describeStatus, PARAGRAPH_STATUSES, type DelegationRegistry, type NegotiationStats } from "@accord/schema";
import { escapeHtml } from "./escape.js";
import { tagText } from "./inline.js";

function capitalised(words: string): string {
  return `${words[0]!.toUpperCase()}${words.slice(1)}`;
}

/**
 * The summary box at the top of the marked-up page: how many paragraphs
 * stand at each status, and the legend — every delegation that appears in
 * the text (`appearing`, in order of appearance), its tag in its colour, its
 * name and code, with its open proposals — plus a row for untagged brackets
 * and a key to the marks. Counts come from `negotiationStats`.
 */
export function summaryHtml(stats: NegotiationStats, appearing: readonly string[], registry: DelegationRegistry): string {
  const statusItems = PARAGRAPH_STATUSES.filter((status) => stats.paragraphs.byStatus[status] > 0).map(
    (status) =>
      `<li><span class="badge status-${status}">${escapeHtml(capitalised(describeStatus(status)))} <span class="count">${stats.paragraphs.byStatus[status]}</span></span></li>`,
  );

  // Most open proposals first (the order negotiationStats gives), then the rest in order of appearance.
  const open = (code: string) => stats.proposals.byDelegation[code] ?? 0;
  const codes = [
    ...Object.keys(stats.proposals.byDelegation).filter((code) => code !== ""),
    ...appearing.filter((code) => open(code) === 0),
  ].filter((code, index, all) => all.indexOf(code) === index);
  const items = codes.map((code) => {
    const entry = registry.get(code);
    const tag = tagText(code, registry);
    // A group's tag is its name: say it once.
    const name = entry && entry.name !== tag ? ` <span class="name">${escapeHtml(entry.name)}</span>` : "";
    return (
      `<li class="d-${code}"><b class="legend-tag">${escapeHtml(tag)}</b>${name} <span class="code">(${escapeHtml(code)})</span> ` +
      `<span class="num" title="open proposals">${open(code)}</span></li>`
    );
  });
  const untagged = open("");
  if (untagged > 0) {
    items.push(
      `<li class="d-none"><b class="legend-tag">[ ]</b> <span class="name">Untagged brackets</span> <span class="num" title="open proposals">${untagged}</span></li>`,
    );
  }
  const legend = items.length ? `<ul class="legend">\n${items.join("\n")}\n</ul>` : `<p class="none">No proposals.</p>`;

  return `<section class="summary" aria-label="Summary">
<div class="summary-part">
<h2>Paragraphs <span class="total">${stats.paragraphs.total}</span> <span class="of">by status</span></h2>
<ul class="status-counts">
${statusItems.join("\n")}
</ul>
</div>
<div class="summary-part">
<h2>Open proposals <span class="total">${stats.proposals.open}</span> <span class="of">of ${stats.proposals.total}, by delegation</span></h2>
${legend}
</div>
<p class="key">Key: <span class="br d-none"><span class="bk">[</span><b class="tag">Tag:</b> <ins>proposed insertion</ins><span class="bk">]</span></span>
<span class="br d-none"><span class="bk">[</span><b class="tag">Tag:</b> <del>proposed deletion</del><span class="bk">]</span></span>
<span class="br d-none"><span class="bk">[</span>disputed text<span class="bk">]</span></span></p>
</section>`;
}
