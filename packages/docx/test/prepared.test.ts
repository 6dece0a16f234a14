import { Bookmark, DeletedTextRun, Document, FootnoteReferenceRun, InsertedTextRun, Packer, Paragraph, TextRun, type FileChild, type ParagraphChild } from "docx";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { PreparedParagraphs, PreparedRuns, type PreparedRunOptions } from "../src/write/prepared.js";
import { blockOptions } from "../src/write/word.js";

// Prepared runs and paragraphs stand in for docx's TextRun, InsertedTextRun, DeletedTextRun and
// Paragraph in the exports: the body's XML must stay what docx writes, option by option, so a docx
// upgrade that writes them differently fails here rather than in Word.

const OPTIONS: readonly PreparedRunOptions[] = [
  {},
  { style: undefined, strike: undefined, italics: undefined },
  { style: "AccordInk057C59Bold" },
  { style: "AccordInk057C59", strike: true },
  { style: "AccordInkAutoBold", italics: true },
  { strike: true, italics: true },
  { bold: true },
  { italics: true },
  { bold: false, strike: false },
];
const TEXTS = ["[Bra: ", "plain words", " spaces around ", "\t", "5 bis.", "a < b & c > d \"quoted\" 'single'", "", "(AGREED AD REFERENDUM)"];
const CHANGE = { id: 7, author: "Brazil & <Co>", date: "2026-12-06T00:00:00Z" };

/** The body (`word/document.xml`) docx writes for one paragraph of these runs. */
async function bodyOf(children: ParagraphChild[]): Promise<string> {
  return bodyOfBlocks([new Paragraph({ children })]);
}

/** The body (`word/document.xml`) docx writes for these blocks. */
async function bodyOfBlocks(blocks: FileChild[]): Promise<string> {
  const document = new Document({ creator: "test", footnotes: { 1: { children: [new Paragraph("A note.")] } }, sections: [{ children: blocks }] });
  const files = unzipSync(new Uint8Array(await Packer.toBuffer(document)));
  return strFromU8(files["word/document.xml"]!);
}

describe("prepared runs", () => {
  it("are written as docx writes a TextRun with the same options", async () => {
    const prepared = new PreparedRuns();
    const mine: ParagraphChild[] = [];
    const docx: ParagraphChild[] = [];
    for (const options of OPTIONS) {
      for (const text of TEXTS) {
        mine.push(prepared.text(text, options));
        docx.push(new TextRun({ ...options, text }));
      }
    }
    const expected = await bodyOf(docx);
    expect(expected).toContain("AccordInk057C59Bold");
    expect(await bodyOf(mine)).toBe(expected);
  });

  it("are written as docx writes tracked insertions and deletions with the same options", async () => {
    const prepared = new PreparedRuns();
    const mine: ParagraphChild[] = [];
    const docx: ParagraphChild[] = [];
    for (const options of OPTIONS) {
      for (const text of TEXTS) {
        mine.push(prepared.inserted(text, options, CHANGE), prepared.deleted(text, options, CHANGE));
        docx.push(new InsertedTextRun({ ...options, ...CHANGE, text }), new DeletedTextRun({ ...options, ...CHANGE, text }));
      }
    }
    const expected = await bodyOf(docx);
    expect(expected).toContain("<w:delText");
    expect(await bodyOf(mine)).toBe(expected);
  });

  it("join neighbouring plain runs with the same properties, and no others", async () => {
    const prepared = new PreparedRuns();
    const bold = { style: "AccordInkAutoBold" };
    const joined = prepared.joined([
      prepared.text("3 bis.", {}),
      prepared.text("\t", {}),
      prepared.text("To urge ", {}),
      prepared.text("[", bold),
      prepared.text("[Bra: ", bold),
      prepared.inserted("all", bold, CHANGE),
      prepared.text("]", bold),
      prepared.text(" states", { style: "AccordInkAutoBold", strike: true }),
      prepared.text(" to act", {}),
    ]);
    expect(joined).toHaveLength(6);
    const body = await bodyOf(joined);
    expect(body).toContain('<w:r><w:t xml:space="preserve">3 bis.\tTo urge </w:t></w:r>');
    expect(body).toContain('<w:r><w:rPr><w:rStyle w:val="AccordInkAutoBold"/></w:rPr><w:t xml:space="preserve">[[Bra: </w:t></w:r><w:ins');
    expect(body).toContain('</w:ins><w:r><w:rPr><w:rStyle w:val="AccordInkAutoBold"/></w:rPr><w:t xml:space="preserve">]</w:t></w:r>');
  });

  it("share one prepared set of properties per combination, which no run can change", () => {
    const prepared = new PreparedRuns();
    const context = { stack: [] } as never;
    const first = (prepared.text("a", { style: "S", strike: true }) as unknown as { prepForXml(c: never): { "w:r": unknown[] } }).prepForXml(context);
    const second = (prepared.text("b", { style: "S", strike: true }) as unknown as { prepForXml(c: never): { "w:r": unknown[] } }).prepForXml(context);
    expect(first["w:r"][0]).toBe(second["w:r"][0]);
    expect(Object.isFrozen(first["w:r"][0])).toBe(true);
  });

  it("make paragraphs as docx writes a Paragraph with the block options, bookmarks and footnote references among the children", async () => {
    const paragraphs = new PreparedParagraphs();
    const prepared = new PreparedRuns();
    const children = (): ParagraphChild[] => [
      new TextRun("5 bis.\t"),
      new Bookmark({ id: "accord_p_1", children: [new InsertedTextRun({ text: "proposed", id: 1, author: "Brazil", date: CHANGE.date }), new TextRun("words")] }),
      new FootnoteReferenceRun(1),
      prepared.text(" (AGREED)", { bold: true }),
    ];
    const kinds = [blockOptions("heading", false), blockOptions("paragraph", true), blockOptions("paragraph", false), {}];
    const mine: FileChild[] = [];
    const docx: FileChild[] = [];
    for (const options of [...kinds, ...kinds]) {
      mine.push(paragraphs.paragraph(options, children()));
      docx.push(new Paragraph({ ...options, children: children() }));
    }
    // Bookmark ids count on as bookmarks are made, so the two bodies' differ: ids aside, they are the same.
    const numbersAside = (xml: string) => xml.replace(/w:id="\d+"/g, 'w:id="N"');
    const expected = await bodyOfBlocks(docx);
    expect(expected).toContain('<w:ind w:left="720" w:hanging="720"/>');
    expect(numbersAside(await bodyOfBlocks(mine))).toBe(numbersAside(expected));
  });
});
