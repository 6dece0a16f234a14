import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { cleanHtml, cleanVersion, contrastRatio, delegationColour, describeUnresolved, markupHtml } from "@accord/merge";
import { OAS_MEMBER_STATES, type NegotiationDocument } from "@accord/schema";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, describeBrowser, renderHtmlToPdf, renderHtmlToPng } from "../../../test/support/browser.js";
import { describeFixtures, readFixture } from "../../../test/support/fixtures.js";

// The HTML renderings: the marked-up page (brackets, tags, colours, statuses,
// summary) and the clean page, checked on documents imported from small drafts
// in the bracketed convention, then printed in a real Chromium.

function read(text: string): NegotiationDocument {
  const { document, diagnostics } = importText(text);
  expect(diagnostics).toEqual([]);
  return document;
}

const DRAFT = `Title: Plan of Action on Citizen Security
Symbol: CSH/GT/DSS-1/12
Body: Committee on Hemispheric Security
Date: 2012-04-19
---

# CHAPTER 1 – PUBLIC POLICIES (AGREED INF 04/03/12)

1. To ensure [Uru: ~~a~~ the] crosscutting [Barb: and age perspectives] perspective. AGREED INF 04/19/12

2. To request [Chi: civil protection [Per: and search and rescue] capacities] and [the Work Plan of CICTE] (Brazil is opposed to including this reference). (Paragraph approved by the CSH on October 31, 2013)

3. To promote [Arg: regional] cooperation [Mex: among states] (rejected) and [Ven: exchanges] (accepted). AGREED AD REFERENDUM 1/

4. To strengthen coordination.2/ (Previously paragraph 4 of objective 1.1)

5. To evaluate the programs. DELETED INF 04/03/12

5 bis. [PER: Instruct the Secretariat to report.]

5 bis alt. [MEX: Instruct the Secretariat to report annually.]

// [To invite states to act.] (Proposal by the Working Group)

1/ Approval is pending as the required quorum was not present.
2/ The Government of Ecuador reserves its position on this paragraph.
`;

/** What a page shows as text: tags and comments out, entities decoded, spaces collapsed. */
function visibleText(html: string): string {
  const at = html.indexOf("<body");
  return (at >= 0 ? html.slice(at) : html)
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** The HTML of the block with this label (`<div class="para …" id="block-…">…</div></div>`). */
function paragraph(html: string, label: string): string {
  const at = html.indexOf(`<span class="label">${label}</span>`);
  expect(at, `paragraph ${label}`).toBeGreaterThan(0);
  const start = html.lastIndexOf(`<div class="para`, at);
  return html.slice(start, html.indexOf("</div></div>", at) + 12);
}

describe("markupHtml", () => {
  const document = read(DRAFT);
  const html = markupHtml(document);
  const text = visibleText(html);

  it("is a standalone UTF-8 page in English with nothing loaded from elsewhere", () => {
    expect(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">")).toBe(true);
    expect(html).toContain(`<meta charset="utf-8">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it("prints on A4 with the page number and count in the footer", () => {
    expect(html).toMatch(/@page \{[^]*size: A4;[^]*@bottom-center \{ content: "Page " counter\(page\) " of " counter\(pages\)/);
    expect(html).toContain(`@top-left { content: "CSH/GT/DSS-1/12"`);
    expect(html).toContain("print-color-adjust: exact");
  });

  it("heads the page with the symbol, the title and the facts of the metadata", () => {
    expect(html).toContain(`<span class="symbol">CSH/GT/DSS-1/12</span>`);
    expect(html).toContain(`<h1 class="title">Plan of Action on Citizen Security</h1>`);
    // The header's date in the document's date style, which its markers (04/19/12) set on import.
    expect(document.meta.dateStyle).toBe("MM/DD/YY");
    expect(text).toContain("Committee on Hemispheric Security · 04/19/12");
    expect(html).toContain("<title>CSH/GT/DSS-1/12 — Plan of Action on Citizen Security (marked-up version)</title>");
  });

  it("falls back to the first heading for the title", () => {
    const untitled = markupHtml(read("# Draft Declaration of Lima\n\n1. To act.\n"));
    expect(untitled).toContain(`<h1 class="title">Draft Declaration of Lima</h1>`);
    expect(markupHtml(read("1. To act.\n"))).toContain(`<h1 class="title">Untitled document</h1>`);
  });

  it("draws brackets with the delegation's tag in bold, insertions underlined and deletions struck", () => {
    const p1 = paragraph(html, "1.");
    expect(p1).toContain(
      `<span class="br d-URY state-open" data-by="URY"><span class="bk">[</span><b class="tag"><span class="d-URY">Uru</span>:</b> <del>a</del> <ins>the</ins><span class="bk">]</span></span>`,
    );
    expect(p1).toContain(`<b class="tag"><span class="d-BRB">Barb</span>:</b> <ins>and age perspectives</ins>`);
    expect(visibleText(p1)).toContain("To ensure [Uru: a the] crosscutting [Barb: and age perspectives] perspective.");
  });

  it("nests brackets, draws untagged brackets without a tag and puts notes after the bracket", () => {
    const p2 = paragraph(html, "2.");
    expect(p2).toMatch(
      /<span class="br d-CHL[^>]*>.*<ins>civil protection <\/ins><span class="br d-PER[^>]*>.*and search and rescue.*<\/span><ins> capacities<\/ins><span class="bk">\]<\/span><\/span>/,
    );
    expect(p2).toContain(
      `<span class="br d-none state-open" data-by=""><span class="bk">[</span>the Work Plan of CICTE<span class="bk">]</span></span> <span class="br-note">(Brazil is opposed to including this reference)</span>`,
    );
    expect(visibleText(p2)).toContain("[Chi: civil protection [Per: and search and rescue] capacities] and [the Work Plan of CICTE] (Brazil is opposed");
  });

  it("shows accepted and rejected proposals with a label, rejected ones muted", () => {
    const p3 = paragraph(html, "3.");
    expect(p3).toMatch(/<span class="br d-MEX state-rejected"[^]*<\/span> <span class="br-state state-rejected">rejected<\/span>/);
    expect(p3).toMatch(/<span class="br d-VEN state-accepted"[^]*<\/span> <span class="br-state state-accepted">accepted<\/span>/);
    expect(p3).not.toContain("br-state state-open");
    expect(html).toMatch(/\.br\.state-rejected, \.br\.state-withdrawn \{[^}]*color: var\(--muted\)/);
  });

  it("mutes a withdrawn or rejected whole-paragraph proposal and labels it", () => {
    const page = markupHtml(read("1. To act.\n\n1 bis. [CAN: To plan.] (paragraph withdrawn)\n\n// [To plan ahead.] (Proposal by the Working Group) (paragraph rejected)\n"));
    const bis = paragraph(page, "1 bis.");
    expect(bis).toMatch(/^<div class="para kind-operative status-open whole state-withdrawn"/);
    expect(bis).toContain(`<span class="bk">]</span></span> <span class="br-state state-withdrawn">withdrawn</span>`);
    expect(page).toContain(`<p class="caption">Alternative to 1 bis, proposed by the Working Group</p>`);
    expect(page).toContain(`<span class="br-state state-rejected">rejected</span>`);
    expect(page).toMatch(/\.para\.state-rejected > \.body, \.para\.state-withdrawn > \.body \{[^}]*color: var\(--muted\)/);
  });

  it("gives paragraphs and headings status badges with dates and bodies, and status footnotes", () => {
    expect(paragraph(html, "1.")).toContain(`<span class="badge status-agreed-informally">Agreed informally · 04/19/12</span>`);
    expect(paragraph(html, "2.")).toContain(`<span class="badge status-approved">Approved · 10/31/13 · CSH</span>`);
    expect(paragraph(html, "3.")).toContain(
      `<span class="badge status-agreed-ad-referendum">Agreed ad referendum</span><sup class="fn-ref"><a href="#fn-1" aria-label="Footnote 1">1</a></sup>`,
    );
    expect(paragraph(html, "5.")).toContain(`<span class="badge status-deleted-informally">Deleted informally · 04/03/12</span>`);
    expect(html).toMatch(/<h2 class="heading status-agreed-informally caps"[^>]*>CHAPTER 1 – PUBLIC POLICIES <span class="status"><span class="badge status-agreed-informally">Agreed informally · 04\/03\/12/);
    expect(paragraph(html, "5 bis.")).not.toContain("badge");
  });

  // One date style per document: every date the page shows (header, badges) is written in it.
  it("writes every date in the document's date style", () => {
    const dayFirst = markupHtml(document.withMeta({ dateStyle: "D Month YYYY" }));
    expect(visibleText(dayFirst)).toContain("Committee on Hemispheric Security · 19 April 2012");
    expect(paragraph(dayFirst, "1.")).toContain(`<span class="badge status-agreed-informally">Agreed informally · 19 April 2012</span>`);
    expect(paragraph(dayFirst, "2.")).toContain(`<span class="badge status-approved">Approved · 31 October 2013 · CSH</span>`);
    expect(dayFirst).not.toMatch(/\d{2}\/\d{2}\/\d{2}/);
    const clean = visibleText((cleanHtml(document.withMeta({ dateStyle: "DD/MM/YYYY" })) as { ok: true; value: string }).value);
    expect(clean).toContain("Committee on Hemispheric Security · 19/04/2012");
  });

  it("marks whole-paragraph proposals and alternatives", () => {
    const bis = paragraph(html, "5 bis.");
    expect(bis).toContain(`<p class="caption">New paragraph proposed by Peru</p>`);
    // The tag as the draft wrote it (`[PER: …]` beside `Per` elsewhere), as every bracket's (proposedTag, written-tags.ts).
    expect(bis).toContain(`<span class="br d-PER whole state-open" data-by="PER"><span class="bk">[</span><b class="tag"><span class="d-PER">PER</span>:</b> Instruct the Secretariat to report.`);
    expect(paragraph(html, "5 bis alt.")).toContain(`<p class="caption">Alternative to 5 bis, proposed by Mexico</p>`);
    expect(html).toContain(`<p class="caption">Alternative to 5 bis, proposed by the Working Group</p>`);
    // A group is shown by its name.
    expect(text).toContain("[Working Group: To invite states to act.]");
  });

  it("writes editorial notes in italics and footnotes at the foot, reservations labelled", () => {
    expect(paragraph(html, "4.")).toContain(`<p class="note">(Previously paragraph 4 of objective 1.1)</p>`);
    expect(html).toMatch(/\.para p\.note \{[^}]*font-style: italic/);
    expect(paragraph(html, "4.")).toContain(`coordination.<sup class="fn-ref"><a href="#fn-2"`);
    expect(html).toContain(`<li id="fn-1" value="1"><span class="fn-kind">Procedural:</span> Approval is pending as the required quorum was not present.</li>`);
    expect(html).toContain(
      `<li id="fn-2" value="2"><span class="fn-kind reservation">Reservation of <span class="d-ECU">Ecuador (ECU)</span>:</span> The Government of Ecuador reserves its position on this paragraph.</li>`,
    );
  });

  // Invariant: two footnote references in a row are separated ("¹,²"), in
  // the text, inside a bracket and in the clean version, never run together.
  it("separates footnote references that follow each other", () => {
    const draft = read(
      "1. To act.1/ 2/ And to plan [Uru: with care3/ 4/].\n\n1/ The Government of Ecuador reserves its position.\n2/ Editorial: see annex.\n3/ Editorial: three.\n4/ Editorial: four.\n",
    );
    for (const html of [markupHtml(draft), (cleanHtml(draft) as { ok: true; value: string }).value]) {
      const text = visibleText(html.slice(html.indexOf("<main"), html.indexOf("</main>")));
      expect(text).toContain("To act.1,2 And to plan");
      expect(text).toMatch(/with care\]3,4/);
      expect(html).not.toMatch(/<\/a><\/sup><sup class="fn-ref">/);
    }
  });

  it("numbers a repeated footnote once", () => {
    const repeated = markupHtml(read("1. To act. AGREED AD REFERENDUM 1/\n\n2. To plan. AGREED AD REFERENDUM 1/ IDEM\n\n1/ Approval is pending.\n"));
    expect(repeated.match(/href="#fn-1"/g)).toHaveLength(2);
    expect(repeated).not.toContain("fn-2");
  });

  it("opens with a summary: paragraphs by status and open proposals by delegation, with the legend", () => {
    const summary = html.slice(html.indexOf(`<section class="summary"`), html.indexOf("</section>") + 10);
    const words = visibleText(summary);
    expect(words).toContain("Paragraphs 8 by status");
    expect(words).toMatch(/Open 4 .*Agreed informally 1 .*Agreed ad referendum 1 .*Approved 1 .*Deleted informally 1/);
    expect(words).not.toContain("Deleted ad referendum");
    // 9 open: URY, BRB, CHL, PER (inline and whole paragraph), ARG, MEX (whole paragraph), WG and an untagged bracket.
    expect(words).toContain("Open proposals 9 of 11, by delegation");
    expect(summary).toContain(`<li class="d-PER"><b class="legend-tag">Per</b> <span class="name">Peru</span> <span class="code">(PER)</span> <span class="num" title="open proposals">2</span></li>`);
    expect(summary).toContain(`<li class="d-WG"><b class="legend-tag">Working Group</b> <span class="code">(WG)</span>`);
    // Delegations whose proposals are all decided, and reservations, appear with no open proposal.
    expect(words).toContain("Ven Venezuela (VEN) 0");
    expect(words).toContain("Ecu Ecuador (ECU) 0");
    expect(words).toContain("[ ] Untagged brackets 1");
    expect(words).not.toContain("Brazil");
  });

  it("colours each delegation on the page from its code", () => {
    for (const code of ["URY", "BRB", "CHL", "PER", "WG", "ECU"]) {
      const { ink, tint } = delegationColour(code);
      expect(html).toContain(`.d-${code} { --ink: ${ink}; --tint: ${tint}; }`);
    }
    expect(html).toContain(".d-none { --ink: #595959;");
    expect(html).not.toContain(".d-BRA {");
  });

  it("escapes every text it writes", () => {
    const hostile = read(`Title: A <b>bold</b> "title" & more
Symbol: X</style><script>alert(1)</script>
---

1. Text with <script>alert("x")</script> & [Uru: <img src=x onerror=alert(1)>] in it. (Note: a <i>note</i>)
`);
    const page = markupHtml(hostile);
    expect(page).not.toMatch(/<script|<img|<i>|<b>bold/);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    expect(page).toContain("Text with &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ");
    expect(page).toContain("<ins>&lt;img src=x onerror=alert(1)&gt;</ins>");
    expect(page).toContain(`<h1 class="title">A &lt;b&gt;bold&lt;/b&gt; &quot;title&quot; &amp; more</h1>`);
    expect(visibleText(page)).toContain(`Text with <script>alert("x")</script> & [Uru: <img src=x onerror=alert(1)>] in it.`);
    // The symbol in the running header is a CSS string that cannot close the style element.
    expect(page).toContain(`@top-left { content: "X\\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e "`);
  });

  it("renders a delegation's compilation and says whose it is", () => {
    const uru = markupHtml(document, { delegation: "URY" });
    expect(uru).toContain(`<span class="version">Compilation for Uruguay</span>`);
    expect(visibleText(uru)).toContain("Compilation for Uruguay (URY): its own proposals as they stand");
    expect(uru).toContain(`<b class="tag"><span class="d-URY">Uru</span>:</b>`);
    // Other delegations' open proposals are resolved away; the untagged bracket stays.
    expect(uru).not.toMatch(/d-BRB|d-CHL|d-PER|d-MEX/);
    expect(visibleText(uru)).toContain("[the Work Plan of CICTE]");
    expect(() => markupHtml(document, { delegation: "XYZ" })).toThrow(RangeError);
  });
});

describe("cleanHtml", () => {
  const document = read(DRAFT);

  it("is the clean version as the same kind of page, with no tags, colours or statuses", () => {
    const result = cleanHtml(document);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const html = result.value;
    const text = visibleText(html);
    expect(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">")).toBe(true);
    expect(html).toContain("counter(pages)");
    expect(html).toContain(`<span class="version">Clean version</span>`);
    expect(html).not.toMatch(/class="(br|tag|badge|caption|bk)\b|d-[A-Z]|--ink|<ins|<del/);
    expect(text).not.toMatch(/Uru:|Barb:|Chi:|Per:|Working Group:|agreed|AGREED|approved|APPROVED|deleted|DELETED|~~|Previously/i);
    // Unresolved brackets as plain brackets, the rejected proposal gone, the accepted one in the text.
    expect(text).toContain("1. To ensure [a] [the] crosscutting [and age perspectives] perspective.");
    expect(text).toContain("To promote [regional] cooperation and exchanges.");
    expect(text).toContain("Text in square brackets is still under negotiation.");
  });

  it("renumbers, keeps reservations as footnotes and drops procedural ones", () => {
    const html = (cleanHtml(document) as { ok: true; value: string }).value;
    const labels = [...html.matchAll(/<span class="label">([^<]*)<\/span>/g)].map((m) => m[1]);
    // Paragraph 5 was deleted; the proposed 5 bis and its alternative keep their negotiating numbers.
    expect(labels).toEqual(["1.", "2.", "3.", "4.", "5 bis.", "5 bis alt."]);
    expect(html).toContain(`<li id="fn-1" value="1">The Government of Ecuador reserves its position on this paragraph.</li>`);
    expect(html).not.toContain("quorum");
  });

  it("refuses a final text while something is unresolved, with the list", () => {
    const result = cleanHtml(document, { final: true });
    expect(result).toEqual({ ok: false, message: describeUnresolved(cleanVersion(document).unresolved) });
    expect(result.ok || result.message).toMatch(/^not a final text: \d+ unresolved proposals/);

    const agreed = read("1. To act. AGREED INF 04/19/12\n\n1bis. To plan. AGREED INF 04/19/12\n\n2. To report. DELETED INF 04/19/12\n");
    const final = cleanHtml(agreed, { final: true });
    expect(final.ok).toBe(true);
    if (final.ok) {
      expect(final.value).toContain(`<span class="version">Final text</span>`);
      expect(final.value).not.toContain("square brackets");
    }
  });

  it("adds the concordance table after the text, deleted and new rows marked", () => {
    const agreed = read("1. To act. AGREED INF 04/19/12\n\n2. To report. DELETED INF 04/19/12\n\n3. To close. AGREED INF 04/19/12\n\n3bis. To end. AGREED INF 04/19/12\n");
    const html = (cleanHtml(agreed, { concordance: true }) as { ok: true; value: string }).value;
    expect(html.indexOf(`<section class="concordance"`)).toBeGreaterThan(html.indexOf("</main>"));
    expect(html).toContain(`<thead><tr><th scope="col">Old</th><th scope="col">New</th></tr></thead>`);
    expect(html).toContain(`<tr class="unchanged"><td class="old">1.</td><td class="new">1.</td></tr>`);
    expect(html).toContain(`<tr class="deleted"><td class="old">2.</td><td class="new">deleted</td></tr>`);
    expect(html).toContain(`<tr class="renumbered"><td class="old">3.</td><td class="new">2.</td></tr>`);
    expect(html).toContain(`<tr class="new"><td class="old">3bis.</td><td class="new">3. <span class="mark">(new)</span></td></tr>`);
    const without = cleanHtml(agreed);
    expect(without.ok && without.value).not.toContain(`<section class="concordance"`);
  });

  it("says under which headings a paragraph stood when old numbers repeat", () => {
    const twice = read("# Objective 1.1\n\n1. To act. AGREED INF 04/19/12\n\n# Objective 1.2\n\n1. To plan. AGREED INF 04/19/12\n");
    const html = (cleanHtml(twice, { concordance: true }) as { ok: true; value: string }).value;
    expect(html).toContain(`<tr class="unchanged"><td class="under">Objective 1.2</td><td class="old">1.</td><td class="new">1.</td></tr>`);
  });

  it("escapes every text it writes", () => {
    const html = (cleanHtml(read("1. Text with <script>alert(1)</script> & [Uru: more].\n")) as { ok: true; value: string }).value;
    expect(html).not.toContain("<script");
    expect(html).toContain("Text with &lt;script&gt;alert(1)&lt;/script&gt; &amp; [more].");
  });
});

describe("delegationColour", () => {
  const codes = OAS_MEMBER_STATES.map((state) => state.code);

  it("is the same for the same code in every document", () => {
    expect(delegationColour("URY")).toEqual(delegationColour("URY"));
    expect(markupHtml(read("1. [Uru: a]\n"))).toContain(`.d-URY { --ink: ${delegationColour("URY").ink};`);
    expect(markupHtml(read("1. [Uru: b] [Arg: c]\n"))).toContain(`.d-URY { --ink: ${delegationColour("URY").ink};`);
  });

  it("gives each member state its own colour, and other codes colours no state has", () => {
    const inks = codes.map((code) => delegationColour(code).ink);
    expect(new Set(inks).size).toBe(codes.length);
    for (const other of ["WG", "CHAIR", "ESP", "EU", "G77"]) expect(inks).not.toContain(delegationColour(other).ink);
  });

  it("has accessible contrast against white and against its tint", () => {
    for (const code of [...codes, "WG", "CHAIR", "ESP", "X", "SICA-2"]) {
      const { ink, tint } = delegationColour(code);
      expect(ink).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrastRatio(ink, "#ffffff"), code).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(ink, tint), code).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
  });
});

/**
 * The text of each page of a PDF as Chromium writes it: streams inflated,
 * glyphs mapped back through the fonts' ToUnicode tables. Enough to read the
 * page-margin boxes; not a general PDF reader.
 */
function pdfPageTexts(pdf: Buffer): string[] {
  const source = pdf.toString("latin1");
  const objects = new Map<string, { dict: string; data: string }>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const stream = /stream\r?\n/.exec(body);
    let data = "";
    if (stream) {
      const start = m.index + m[0].indexOf(body) + stream.index + stream[0].length;
      const raw = pdf.subarray(start, start + Number(/\/Length (\d+)/.exec(body)?.[1] ?? 0));
      data = (/FlateDecode/.test(body.slice(0, stream.index)) ? inflateSync(raw) : raw).toString("latin1");
    }
    objects.set(m[1]!, { dict: stream ? body.slice(0, stream.index) : body, data });
  }
  const toUnicode = (ref: string | undefined) => {
    const map = new Map<number, string>();
    const cmap = (ref && objects.get(ref)?.data) || "";
    for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, from, to] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        map.set(parseInt(from!, 16), String.fromCharCode(...to!.match(/.{4}/g)!.map((h) => parseInt(h, 16))));
      }
    }
    for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, a, b, to] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        for (let c = parseInt(a!, 16), u = parseInt(to!, 16); c <= parseInt(b!, 16); c++, u++) map.set(c, String.fromCharCode(u));
      }
    }
    return map;
  };
  const pages = [...objects.values()].find((o) => /\/Type \/Pages/.test(o.dict))!.dict;
  const kids = /\/Kids \[([^\]]*)\]/.exec(pages)![1]!;
  return [...kids.matchAll(/(\d+) 0 R/g)].map(([, ref]) => {
    const dict = objects.get(ref!)!.dict;
    const fonts = new Map<string, Map<number, string>>();
    for (const [, name, fontRef] of (/\/Font <<([^>]*)>>/.exec(dict)?.[1] ?? "").matchAll(/\/(\w+) (\d+) 0 R/g)) {
      fonts.set(name!, toUnicode(/\/ToUnicode (\d+) 0 R/.exec(objects.get(fontRef!)!.dict)?.[1]));
    }
    let text = "";
    let font = new Map<number, string>();
    const contents = /\/Contents (?:\[([^\]]*)\]|(\d+ 0 R))/.exec(dict)?.slice(1).join(" ") ?? "";
    for (const [, contentRef] of contents.matchAll(/(\d+) 0 R/g)) {
      for (const op of objects.get(contentRef!)!.data.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9A-Fa-f]*>|[^\]])*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (op[1]) font = fonts.get(op[1]) ?? new Map();
        else {
          for (const [, hex] of (op[2] ?? `<${op[3]}>`).matchAll(/<([0-9A-Fa-f]*)>/g)) {
            text += (hex!.match(/.{4}/g) ?? []).map((h) => font.get(parseInt(h, 16)) ?? "").join("");
          }
        }
      }
    }
    return text;
  });
}

describeBrowser("HTML renderings in a real browser", () => {
  const OUT = join(ARTIFACTS_DIR, "html");
  const example = read(readFileSync(join(import.meta.dirname, "..", "..", "..", "examples", "draft-resolution.txt"), "utf8"));

  it("renders the marked-up example to PNG and to a PDF numbered page by page", async () => {
    const png = join(OUT, "example-markup.png");
    const size = await renderHtmlToPng(markupHtml(example), png, { width: 1000, fullPage: true });
    expect(size.width).toBe(1000);
    expect(size.height).toBeGreaterThan(1200);
    expect(statSync(png).size).toBeGreaterThan(50_000);

    const pdf = join(OUT, "example-markup.pdf");
    const pages = await renderHtmlToPdf(markupHtml(example), pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const texts = pdfPageTexts(readFileSync(pdf));
    expect(texts).toHaveLength(pages);
    texts.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${pages}`);
      expect(text).toContain("CP/CSH-2301/26 rev. 2");
    });
    expect(texts.join("")).toContain("Uru:");
  });

  it("renders the clean example to PNG and PDF", async () => {
    const html = (cleanHtml(example, { concordance: true }) as { ok: true; value: string }).value;
    const size = await renderHtmlToPng(html, join(OUT, "example-clean.png"), { width: 1000, fullPage: true });
    expect(size.width).toBe(1000);
    expect(size.height).toBeGreaterThan(900);
    const pdf = join(OUT, "example-clean.pdf");
    const pages = await renderHtmlToPdf(html, pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const text = pdfPageTexts(readFileSync(pdf)).join("");
    expect(text).toContain("Concordance");
    expect(text).not.toContain("Uru:");
  });

  describeFixtures("the 2012 draft plan of action", () => {
    const document = () => importText(readFixture("oas-plan-of-action-draft-2012.txt")).document;

    it("prints the marked-up fixture on several numbered pages", async () => {
      const html = markupHtml(document());
      const size = await renderHtmlToPng(html, join(OUT, "fixture-markup.png"), { width: 1000, fullPage: true });
      expect(size.height).toBeGreaterThan(4000);
      const pdf = join(OUT, "fixture-markup.pdf");
      const pages = await renderHtmlToPdf(html, pdf);
      expect(pages).toBeGreaterThanOrEqual(4);
      const texts = pdfPageTexts(readFileSync(pdf));
      expect(texts[0]).toContain(`Page 1 of ${pages}`);
      expect(texts[pages - 1]).toContain(`Page ${pages} of ${pages}`);
    });

    it("prints the clean fixture", async () => {
      const html = (cleanHtml(document(), { concordance: true }) as { ok: true; value: string }).value;
      const size = await renderHtmlToPng(html, join(OUT, "fixture-clean.png"), { width: 1000, fullPage: true });
      expect(size.height).toBeGreaterThan(3000);
      const pages = await renderHtmlToPdf(html, join(OUT, "fixture-clean.pdf"));
      expect(pages).toBeGreaterThanOrEqual(3);
    });
  });
});
