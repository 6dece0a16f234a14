import { collectProposals, type FootnoteAttrs } from "@accord/schema";
import { importDocx, markupDocx } from "@accord/docx";
import { importText } from "@accord/text";
import { Zip, ZipDeflate, zipSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { paragraph, run, wordDraft } from "./word-drafts.js";

const NUMBERING =
  '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>' +
  '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>' +
  '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
const STYLES = '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>';
const FOOTNOTES =
  '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>' +
  '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> The Government of Ecuador reserves its position on this paragraph.</w:t></w:r></w:p></w:footnote>';

function ok(result: ReturnType<typeof importDocx>) {
  if (!result.ok) throw new Error(`expected a document, got the refusal: ${result.message}`);
  return result;
}

describe("a Word draft as a delegation sends it", () => {
  const draft = wordDraft({
    styles: STYLES,
    numbering: NUMBERING,
    footnotes: FOOTNOTES,
    body:
      paragraph(run("Objective 1.2"), { style: "Heading1" }) +
      paragraph(
        run("To urge member states ") + run("[Uru: ", { bold: true }) + run("timely", { strike: true }) + run(" ") + run("real-time", { underline: true }) + run("]", { bold: true }) +
          run(" information.") + '<w:r><w:footnoteReference w:id="1"/></w:r>',
        { list: [1, 0] },
      ) +
      paragraph(
        run("To request ") + '<w:ins w:id="7" w:author="Uruguay" w:date="2026-11-20T00:00:00Z">' + run("the Secretariat") + "</w:ins>" +
          '<w:del w:id="8" w:author="Uruguay" w:date="2026-11-20T00:00:00Z"><w:r><w:delText xml:space="preserve">all states</w:delText></w:r></w:del>' + run(" to act."),
        { list: [1, 0] },
      ) +
      paragraph(run("the first") , { list: [1, 1] }) +
      paragraph(
        run("To invite ") + '<w:ins w:id="9" w:author="John Smith" w:date="2026-11-20T00:00:00Z">' + run("all ") + "</w:ins>" + run("delegations.") + "<w:r><w:drawing/></w:r>",
        { list: [1, 0] },
      ),
  });
  const result = ok(importDocx(draft));
  const blocks: { type: string; label: string; text: string }[] = [];
  result.document.content.forEach((block) => blocks.push({ type: block.type.name, label: block.attrs.label ?? "", text: block.textContent }));
  const proposals = collectProposals(result.document.content);
  const withText = (words: string) => proposals.find((p) => p.spans.some((s) => s.text.includes(words)))!;

  it("reads Word headings, and automatic numbering as labels", () => {
    expect(blocks.map((b) => [b.type, b.label])).toEqual([["heading", ""], ["paragraph", "1."], ["paragraph", "2."], ["paragraph", "(a)"], ["paragraph", "3."]]);
  });

  it("reads struck text inside a tagged bracket as a proposed deletion, underlined text as an insertion: one replacement", () => {
    const uru = withText("real-time");
    expect(uru.by).toEqual(["URY"]);
    expect(uru.spans.map((s) => [s.op, s.text])).toEqual([["delete", "timely"], ["insert", "real-time"]]);
  });

  it("reads tracked changes as a proposal of the delegation their author names", () => {
    const tracked = withText("the Secretariat");
    expect(tracked.by).toEqual(["URY"]);
    expect(tracked.spans.map((s) => [s.op, s.text])).toEqual([["insert", "the Secretariat"], ["delete", "all states"]]);
  });

  it("keeps a tracked change by an author who names no delegation as an attributed proposal, and says so at its Word paragraph", () => {
    const smith = proposals.find((p) => p.spans.some((s) => s.text === "all "))!;
    expect(smith.by).toHaveLength(1);
    expect(result.document.registry.get(smith.by[0]!)?.name).toBe("John Smith");
    expect(result.diagnostics.some((d) => d.paragraph === 5 && /John Smith/.test(d.message) && /names no delegation/.test(d.message))).toBe(true);
  });

  it("reads Word footnotes, a reservation by its words", () => {
    const notes: FootnoteAttrs[] = [];
    result.document.content.descendants((node) => {
      if (node.type.name === "footnote") notes.push(node.attrs as FootnoteAttrs);
    });
    expect(notes).toEqual([expect.objectContaining({ kind: "reservation", delegation: "ECU" })]);
  });

  it("says what it does not read (a picture) at its Word paragraph, and keeps the text around it", () => {
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ paragraph: 5, message: "a picture is not read: Accord keeps text only" }));
    expect(blocks[4]!.text).toBe("To invite all delegations.");
  });
});

describe("a Word draft's problems are the text import's, placed in Word", () => {
  it("reports an unclosed bracket with its Word paragraph and column, and keeps the text", () => {
    const result = ok(importDocx(wordDraft({ body: paragraph(run("First paragraph.")) + paragraph(run("")) + paragraph(run("To act [Uru: now and")) })));
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ paragraph: 3, column: 8 }));
    expect(result.document.content.lastChild!.textContent).toBe("To act now and");
  });
});

describe("files that are not a Word draft are refused with a sentence, never a crash", () => {
  const valid = wordDraft({ body: paragraph(run("To act.")) });

  it("refuses a file that is not a zip", () => {
    expect(importDocx(strToU8("1. To act [Uru: now].\n"))).toEqual({ ok: false, message: expect.stringMatching(/not a Word \(\.docx\) file/) });
  });

  it("refuses an old .doc with what to do", () => {
    expect(importDocx(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual({ ok: false, message: expect.stringMatching(/save it as \.docx/) });
  });

  it("refuses a zip that holds no Word document", () => {
    expect(importDocx(zipSync({ "notes.txt": strToU8("hello") }))).toEqual({ ok: false, message: expect.stringMatching(/no word\/document\.xml/) });
  });

  it("refuses a corrupt archive, cut short or damaged inside, at every cut and a seeded sample of damages", () => {
    for (let cut = 4; cut < valid.length; cut += 7) {
      const result = importDocx(valid.slice(0, cut));
      expect(result.ok, `cut at ${cut}`).toBe(false);
    }
    let seed = 17;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 200; k++) {
      const damaged = valid.slice();
      const at = 30 + (next() % (damaged.length - 30));
      damaged[at] = damaged[at]! ^ (1 + (next() % 255));
      const result = importDocx(damaged);
      // Damage the checksum-free parts may survive; any answer is a value, with a message when refused.
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it("refuses a zip bomb (40 MiB of XML in a few dozen KiB) after inflating at most its limit", () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const entry = new ZipDeflate("word/document.xml", { level: 6 });
    zip.add(entry);
    entry.push(strToU8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'));
    const block = new Uint8Array(1024 * 1024).fill(0x61);
    for (let k = 0; k < 40; k++) entry.push(block);
    entry.push(strToU8("</w:t></w:r></w:p></w:body></w:document>"), true);
    zip.end();
    const bomb = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) bomb.set(c, (at += c.length) - c.length);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const result = importDocx(bomb);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/zip bomb/) });
  });

  it("refuses an archive of too many entries", () => {
    const files: Record<string, Uint8Array> = {};
    for (let k = 0; k < 2_001; k++) files[`x/${k}.xml`] = strToU8("<a/>");
    expect(importDocx(zipSync(files))).toEqual({ ok: false, message: expect.stringMatching(/more than 2000 entries/) });
  });

  it("refuses a document type declaration, so no entity is ever expanded (billion laughs)", () => {
    const laughs = '<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>';
    const result = importDocx(wordDraft({ prolog: laughs, body: paragraph(run("&b;")) }));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/document type \(DTD\)/) });
  });

  it("refuses malformed XML with the part's name", () => {
    expect(importDocx(wordDraft({ body: "<w:p><w:r><w:t>open" }))).toEqual({ ok: false, message: expect.stringMatching(/word\/document\.xml is not well-formed/) });
  });

  it("refuses what it cannot finish in time", () => {
    const result = importDocx(valid, { limits: { maxArchiveBytes: 1e9, maxEntries: 10, maxInflatedBytes: 1e9, maxRatio: 1e6, deadline: Date.now() - 1 } });
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/took too long/) });
  });
});

describe("the marked-up export of a delegation's compilation", () => {
  it("reads back as that compilation", async () => {
    const { document } = importText("1. To act [Uru: now] [Arg: ~~today~~ soon].\n");
    const read = ok(importDocx(await markupDocx(document, { delegation: "URY" })));
    expect(collectProposals(read.document.content).map((p) => p.by)).toEqual([["URY"]]);
  });
});
