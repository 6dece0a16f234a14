import { cssString, escapeHtml } from "./escape.js";

/** What goes into a standalone page. */
export interface PageParts {
  /** The `<title>`, as text. */
  readonly title: string;
  /** The page's own styles, added after the base styles. */
  readonly css: string;
  /** The body's HTML. */
  readonly body: string;
  /** A class for `<body>`: `markup` or `clean`. */
  readonly kind: string;
  /** Text repeated at the top left of every printed page (the document symbol); may be empty. */
  readonly runningLeft: string;
  /** Text repeated at the top right of every printed page (the version); may be empty. */
  readonly runningRight: string;
}

const SANS = `system-ui, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif`;
const SERIF = `"Times New Roman", Times, "Liberation Serif", "DejaVu Serif", serif`;

/**
 * Typography and print layout shared by the marked-up and the clean page:
 * a readable column on screen; on paper A4 with margins, the document symbol
 * and the version at the top of every page, "Page N of M" at the foot
 * (CSS page-margin boxes, which Chromium prints since version 131), and
 * colours printed as they are shown.
 */
export function baseCss(runningLeft: string, runningRight: string): string {
  return `
:root { color-scheme: light; --text: #1b1b1b; --muted: #595959; --rule: #c9c9c9; --sans: ${SANS}; --serif: ${SERIF}; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 54rem; padding: 1.75rem 2.25rem 3rem; background: #fff; color: var(--text);
  font: 16px/1.5 var(--serif); font-kerning: normal; }
a { color: inherit; }
.doc-header { border-bottom: 2px solid var(--text); padding-bottom: .6rem; margin-bottom: 1.1rem; }
.doc-top { display: flex; justify-content: space-between; gap: 1rem; font: 600 .8rem/1.4 var(--sans); color: var(--muted); letter-spacing: .02em; }
.doc-top .version { text-transform: uppercase; letter-spacing: .08em; }
.doc-header h1 { font-size: 1.45rem; line-height: 1.25; margin: .35rem 0 .2rem; }
.doc-header h1.long { font-size: 1.15rem; }
.doc-header p { margin: .15rem 0 0; font: .85rem/1.4 var(--sans); color: var(--muted); }
.doc-header .version-detail { color: var(--text); }
h2.heading { font-size: 1.05rem; line-height: 1.35; margin: 1.5rem 0 .6rem; break-after: avoid; page-break-after: avoid; }
h2.heading.caps { text-align: center; letter-spacing: .01em; }
.para { display: grid; grid-template-columns: 4.25rem minmax(0, 1fr); margin: 0 0 .75rem; }
.para > .label { grid-column: 1; padding-right: .5rem; overflow-wrap: anywhere; }
.para > .body { grid-column: 2; min-width: 0; }
.para.unlabelled > .body { grid-column: 1 / -1; }
.para p { margin: 0; overflow-wrap: break-word; }
.para p.note { margin-top: .2rem; color: var(--muted); font-style: italic; }
.para p.note:first-child { margin-top: 0; }
sup.fn-ref { font: 600 .68em/0 var(--sans); margin-left: .1em; }
sup.fn-sep { font: 600 .68em/0 var(--sans); }
sup.fn-ref a { text-decoration: none; }
.footnotes { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid var(--rule); font-size: .85rem; line-height: 1.4; }
.footnotes ol { margin: 0; padding-left: 1.75rem; }
.footnotes li { margin: .2rem 0; }
table { border-collapse: collapse; }
@page {
  size: A4;
  margin: 18mm 17mm 20mm 20mm;
  @top-left { content: ${cssString(runningLeft)}; font: 8pt ${SANS}; color: #595959; }
  @top-right { content: ${cssString(runningRight)}; font: 8pt ${SANS}; color: #595959; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8.5pt ${SANS}; color: #595959; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .doc-header h1 { font-size: 15pt; }
  .doc-header h1.long { font-size: 12.5pt; }
  .para, .summary, tr { break-inside: avoid; page-break-inside: avoid; }
  .footnotes { break-before: auto; }
}
`;
}

/**
 * A standalone HTML page: UTF-8, `lang="en"`, every style inline, no script
 * and nothing loaded from elsewhere, so the file can be mailed, archived and
 * printed as it is. `title` and the running texts are escaped here; `body`
 * and `css` are taken as they are (the renderers escape what they put in).
 */
export function htmlPage(parts: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Accord">
<title>${escapeHtml(parts.title)}</title>
<style>${baseCss(parts.runningLeft, parts.runningRight)}${parts.css}</style>
</head>
<body class="${escapeHtml(parts.kind)}">
${parts.body}
</body>
</html>
`;
}
