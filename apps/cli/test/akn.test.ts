import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, workspace, type Workspace } from "./support.js";

// The invariant: 'accord export --format akn' writes a file 'accord import'
// reads back as the same document; a file that is not Akoma Ntoso is refused
// (exit 1) with the reason.

let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
}, 200_000);

afterAll(async () => {
  await ws?.remove();
});

describe("accord export --format akn and accord import of an .xml", () => {
  it("writes the marked-up version as Akoma Ntoso, which accord import reads back as the same document", async () => {
    const draft = await ws.write("akn.txt", DRAFT);
    const exported = await ws.accord("export", draft, "--version", "markup", "--format", "akn", "-o", "akn.xml");
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await ws.accord("import", "akn.xml", "-o", "akn.json");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/imported akn\.xml to akn\.json: .* 0 diagnostics/);
    const again = await ws.accord("export", "akn.json", "--version", "markup", "--format", "txt");
    expect(again.stdout).toBe((await ws.accord("export", draft, "--version", "markup", "--format", "txt")).stdout);
  });

  it("refuses the clean version in Akoma Ntoso, and an .xml that is not Akoma Ntoso, saying why", async () => {
    await ws.write("clean.txt", DRAFT);
    const clean = await ws.accord("export", "clean.txt", "--version", "clean", "--format", "akn");
    expect(clean.code).not.toBe(0);
    expect(clean.stderr).toMatch(/marked-up version/);
    await ws.write("page.xml", "<html><p>x</p></html>");
    const page = await ws.accord("import", "page.xml", "-o", "page.json");
    expect(page.code).toBe(1);
    expect(page.stderr).toMatch(/page\.xml: .*not akomaNtoso/);
  });
});
