import { delegationColour, UNTAGGED_COLOUR } from "./colours.js";

/**
 * One class per delegation drawn on the page, `.d-URY { --ink; --tint }`,
 * and `.d-none` for untagged brackets; brackets, tags, legend entries and
 * captions take their colours from these variables.
 */
export function delegationCss(codes: Iterable<string>): string {
  const rules = [`.d-none { --ink: ${UNTAGGED_COLOUR.ink}; --tint: ${UNTAGGED_COLOUR.tint}; }`];
  for (const code of new Set(codes)) {
    const { ink, tint } = delegationColour(code);
    rules.push(`.d-${code} { --ink: ${ink}; --tint: ${tint}; }`);
  }
  return `\n${rules.join("\n")}\n`;
}

/** The marked-up page: brackets, tags, marks, status badges, captions, the summary box. */
export const MARKUP_CSS = `
.br { background: var(--tint); border-radius: 3px; padding: 0 .06em; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.br .br { box-shadow: inset 0 -1px 0 var(--ink); }
.br.whole { background: none; padding: 0; }
.bk { color: var(--ink); font: 700 1.05em/1 var(--sans); }
.tag { font: 700 .8em/1 var(--sans); letter-spacing: .01em; }
.tag > span { color: var(--ink); }
ins { text-decoration: underline; text-decoration-color: var(--ink, currentColor); text-decoration-thickness: 1.5px; text-underline-offset: .16em; text-decoration-skip-ink: none; }
del { text-decoration: line-through; text-decoration-color: var(--ink, currentColor); text-decoration-thickness: 1.5px; }
.br.state-rejected, .br.state-withdrawn { --ink: #6b6b6b; --tint: #f1f1f1; color: var(--muted); }
.br-note { font-style: italic; color: var(--muted); }
.br-state, .state-label { font: 700 .64rem/1 var(--sans); text-transform: uppercase; letter-spacing: .06em; padding: .12em .4em;
  border: 1px solid currentColor; border-radius: 3px; vertical-align: .15em; white-space: nowrap; color: #595959; }
.br-state.state-accepted, .state-label.state-accepted { color: #1d6331; }
.br-state.state-rejected, .state-label.state-rejected { color: #9b1c1c; }
.status { white-space: nowrap; }
.badge { display: inline-block; font: 700 .68rem/1.6 var(--sans); padding: 0 .45em; border-radius: 3px; border: 1px solid;
  white-space: nowrap; vertical-align: .12em; letter-spacing: .01em; }
.badge.status-open { color: #4a4a4a; background: #f4f4f4; border-color: #c9c9c9; }
.badge.status-agreed-informally { color: #1d6331; background: #eaf6ec; border-color: #a8d5b1; }
.badge.status-agreed-ad-referendum { color: #0d5a61; background: #e6f4f5; border-color: #98cdd2; }
.badge.status-approved { color: #ffffff; background: #1d6331; border-color: #1d6331; }
.badge.status-deleted-informally { color: #9b1c1c; background: #fdeeee; border-color: #e9b1b1; }
.badge.status-deleted-ad-referendum { color: #7a2e0e; background: #fcf0e7; border-color: #e6bd9c; }
h2.heading.status-deleted-informally, h2.heading.status-deleted-ad-referendum,
.para.status-deleted-informally .text, .para.status-deleted-ad-referendum .text { color: var(--muted); }
.caption { font: 700 .68rem/1.4 var(--sans); text-transform: uppercase; letter-spacing: .05em; color: var(--ink); margin: 0 0 .15rem; }
.para.whole > .body { border-left: 3px solid var(--ink); padding-left: .6rem; }
.para.alternative > .body { border-left-style: dashed; }
.para.state-rejected > .body, .para.state-withdrawn > .body { --ink: #6b6b6b; color: var(--muted); }
.summary { border: 1px solid var(--rule); border-radius: 6px; background: #fafafa; padding: .7rem 1rem .6rem; margin: 0 0 1.4rem;
  font: .82rem/1.45 var(--sans); }
.summary h2 { font-size: .72rem; text-transform: uppercase; letter-spacing: .07em; margin: 0 0 .35rem; color: var(--muted); }
.summary h2 .total { color: var(--text); font-size: .85rem; margin-left: .15em; }
.summary h2 .of { text-transform: none; letter-spacing: 0; font-weight: 400; }
.summary-part + .summary-part { margin-top: .6rem; }
.status-counts { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem .4rem; }
.status-counts .badge { font-size: .72rem; }
.status-counts .count { margin-left: .25em; font-variant-numeric: tabular-nums; }
.legend { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(12.5rem, 1fr)); gap: .15rem 1rem; }
.legend li { display: flex; align-items: baseline; gap: .35em; padding: .05rem .3rem; border-left: 4px solid var(--ink); background: var(--tint); border-radius: 2px; }
.legend .legend-tag { color: var(--ink); }
.legend .code { color: var(--muted); font-size: .9em; }
.legend .num { margin-left: auto; font-weight: 700; font-variant-numeric: tabular-nums; }
.key { margin: .55rem 0 0; color: var(--muted); font-size: .78rem; }
.key .br { font-family: var(--serif); font-size: .95rem; color: var(--text); }
.fn-kind { font: 700 .78rem var(--sans); }
.fn-kind.reservation > span { color: var(--ink); }
@media print {
  .summary { background: #fafafa; }
}
/* Option blocks: each option's label on a line of its own, indented as deep as it nests. */
.option-label { font: 600 .9rem/1.4 var(--sans); margin: .8em 0 .2em; }
.option-depth-2 { margin-left: 1.5rem; } .option-depth-3 { margin-left: 3rem; } .option-depth-4 { margin-left: 4.5rem; }
.option-notext { font-weight: 400; font-style: italic; }
`;

/** The clean page: brackets plain, a note on what they mean, the concordance table. */
export const CLEAN_CSS = `
.clean-note { font: .82rem/1.4 var(--sans); color: var(--muted); margin: 0 0 1rem; }
.concordance { margin-top: 2rem; break-inside: auto; }
.concordance h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
.concordance table { font: .85rem/1.4 var(--sans); min-width: 18rem; }
.concordance th, .concordance td { text-align: left; padding: .15rem .9rem .15rem 0; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
.concordance th { border-bottom-color: var(--text); }
.concordance .under { color: var(--muted); }
.concordance tr.deleted td.new { color: #9b1c1c; font-style: italic; }
.concordance .mark { font-style: italic; color: #1d6331; }
.concordance tr.renumbered td.new { font-weight: 700; }
/* Option blocks: each option's label on a line of its own, indented as deep as it nests. */
.option-label { font: 600 .9rem/1.4 var(--sans); margin: .8em 0 .2em; }
.option-depth-2 { margin-left: 1.5rem; } .option-depth-3 { margin-left: 3rem; } .option-depth-4 { margin-left: 4.5rem; }
.option-notext { font-weight: 400; font-style: italic; }
`;
