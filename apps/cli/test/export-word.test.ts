import { importDocx } from "@accord/docx";
import { canonicalContent } from "@accord/schema";
import { importText } from "@accord/text";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeBrowser } from "../../../test/support/browser.js";
import { paragraph, run, wordDraft } from "../../../packages/docx/test/word-drafts.js";
import { DRAFT, expectOneErrorLine, workspace, type Workspace } from "./support.js";

let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
}, 200_000);

afterAll(async () => {
  await ws?.remove();
});

const meaning = (text: string) => canonicalContent(importText(text).document.content, { renameIds: true });

describe("accord export --format docx and accord import of a .docx", () => {
  it("writes the marked-up version as Word, which accord import reads back as the same document", async () => {
    const draft = await ws.write("word.txt", DRAFT);
    const exported = await ws.accord("export", draft, "--version", "markup", "--format", "docx", "-o", "word.docx");
    expect(exported.code, exported.stderr).toBe(0);
    const bytes = new Uint8Array(await readFile(ws.path("word.docx")));
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const read = importDocx(bytes);
    expect(read.ok && canonicalContent(read.document.content, { renameIds: true })).toEqual(meaning(DRAFT));

    const imported = await ws.accord("import", "word.docx", "-o", "word.json");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/imported word\.docx to word\.json: .* 0 diagnostics/);
    const again = await ws.accord("export", "word.json", "--version", "markup", "--format", "txt");
    expect(again.stdout).toBe((await ws.accord("export", draft, "--version", "markup", "--format", "txt")).stdout);
  });

  it("writes the revisions and the clean version as Word", async () => {
    await ws.write("versions.txt", DRAFT);
    for (const [version, extra] of [["revisions", []], ["clean", ["--concordance"]]] as const) {
      const outcome = await ws.accord("export", "versions.txt", "--version", version, "--format", "docx", ...extra, "-o", `${version}.docx`);
      expect(outcome.code, outcome.stderr).toBe(0);
      expect((await readFile(ws.path(`${version}.docx`))).subarray(0, 2).toString("latin1")).toBe("PK");
    }
  });

  it("refuses revisions in another format, and a file that is not Word", async () => {
    await ws.write("refuse.txt", DRAFT);
    expectOneErrorLine(await ws.accord("export", "refuse.txt", "--version", "revisions", "--format", "html"), /revisions is a Word document: use --format docx/);
    await ws.write("fake.docx", "1. To act [Uru: now].\n");
    const fake = await ws.accord("import", "fake.docx", "-o", "fake.json");
    expect(fake.code).toBe(1);
    expectOneErrorLine(fake, /fake\.docx: this is not a Word \(\.docx\) file/);
  });

  it("reports a Word draft's problems as file:paragraph:column", async () => {
    await ws.write("broken.docx", wordDraft({ body: paragraph(run("1. To act.")) + paragraph(run("2. To act [Uru: now and")) }));
    const outcome = await ws.accord("import", "broken.docx", "-o", "broken.json");
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toMatch(/^broken\.docx:2:11: /m);
  });
});

describeBrowser("accord export --format pdf", () => {
  it("prints the clean version to PDF with headless Chromium", async () => {
    await ws.write("pdf.txt", DRAFT);
    const outcome = await ws.accord("export", "pdf.txt", "--version", "clean", "--format", "pdf", "-o", "clean.pdf");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect((await readFile(ws.path("clean.pdf"))).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});
