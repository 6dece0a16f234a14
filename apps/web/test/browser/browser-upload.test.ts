import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { exportAkn } from "@accord/akn";
import { markupDocx } from "@accord/docx";
import { importText } from "@accord/text";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS_DIR } from "../../../../test/support/browser.js";
import { openDocument, openRoom, proposalsOf, clickInText, TEST_MS, type Person, type Room } from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// The secretariat creates negotiations from the documents page by uploading a
// draft: the page shows what the import made of it (counts and every
// diagnostic with where it is) before anything is created, and a file that
// is not a draft shows the server's reason and creates nothing.

const DRAFT = `Title: Plan of Action
Symbol: CP/CSH-2301/26
---
1. To implement strategies to prevent crime and violence in the region.
2. To develop plans respecting human rights and [Arg: the rule of law], and to report on them each year.
3. To ensure a gender perspective in all programs of cooperation.`;

/** The same draft with a bracket never closed on line 6: the import keeps the text and says where. */
const DAMAGED = DRAFT.replace("[Arg: the rule of law]", "[Arg: the rule of law");

const SHOTS = join(ARTIFACTS_DIR, "browser-upload");

describeWebApp("the secretariat creates a negotiation by uploading a draft", () => {
  let room: Room;
  let secretariat: Person;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    room = await openRoom();
    // The account exists through another negotiation; the page starts from the documents list.
    await room.t.create("earlier", DRAFT);
    await room.member("secretariat", "earlier", "chair");
    secretariat = await room.signIn("secretariat");
  });
  afterAll(async () => room?.close());

  const upload = (person: Person, name: string, buffer: Buffer) =>
    person.page.getByLabel("Draft (.txt, .docx or Akoma Ntoso .xml)").setInputFiles({ name, mimeType: "application/octet-stream", buffer });

  it(
    "previews a text draft with its diagnostic at line and column, then creates it and opens it; a delegate added to it proposes",
    async () => {
      const { page } = secretariat;
      await upload(secretariat, "plan-2026.txt", Buffer.from(DAMAGED));
      const preview = page.locator(".upload-preview");
      await preview.waitFor();
      const counts = await preview.locator(".upload-counts li").allTextContents();
      expect(counts).toEqual(expect.arrayContaining(["Symbol: CP/CSH-2301/26", "3 paragraphs", "1 open proposals"]));
      const diagnostics = await preview.locator(".upload-diagnostics li").allTextContents();
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics[0]).toMatch(/^line 5, column \d+: /);
      await page.screenshot({ path: join(SHOTS, "text-preview.png"), fullPage: true });
      // Nothing exists until confirmed.
      const chairToken = await room.member("secretariat", "earlier", "chair");
      expect((await fetch(`${room.url}/api/documents/plan-2026`, { headers: { authorization: `Bearer ${chairToken}` } })).status).toBe(404);

      await page.getByLabel("Title").fill("Plan of Action, first draft");
      await page.getByRole("button", { name: "Create the negotiation" }).click();
      await page.waitForURL(/#\/documents\/plan-2026$/);
      await openDocument(secretariat, "plan-2026");

      // The chair adds a delegate of Uruguay who has no account yet, with an initial password, in the page.
      await page.getByRole("button", { name: "Members" }).click();
      const dialog = page.locator("dialog.members-dialog");
      await dialog.locator(".member-list li").first().waitFor();
      await dialog.getByLabel("Username").fill("uruguay");
      await dialog.getByLabel("Role", { exact: true }).selectOption("delegate");
      await dialog.getByLabel("Delegation (delegates)").selectOption("URY");
      await dialog.getByLabel("Initial password (only for a new account)").fill("uruguay-password");
      await dialog.getByRole("button", { name: "Add member" }).click();
      await dialog.locator(".member-list li", { hasText: "uruguay" }).waitFor();
      // An observer added the same way, made secretariat, then removed.
      await dialog.getByLabel("Username").fill("guest");
      await dialog.getByLabel("Role", { exact: true }).selectOption("observer");
      await dialog.getByLabel("Initial password (only for a new account)").fill("guest-password");
      await dialog.getByRole("button", { name: "Add member" }).click();
      await dialog.getByLabel("Role of guest").selectOption("secretariat");
      await dialog.locator(".member-list li", { hasText: "guest (guest): secretariat" }).waitFor();
      await page.screenshot({ path: join(SHOTS, "members.png"), fullPage: true });
      await dialog.getByRole("button", { name: "Remove guest" }).click();
      await expect.poll(() => dialog.locator(".member-list li", { hasText: "guest" }).count()).toBe(0);
      // The last chair cannot be removed: the server's sentence is shown.
      await dialog.getByRole("button", { name: "Remove secretariat" }).click();
      await expect(dialog.locator(".members-status [role=alert]").textContent()).resolves.toMatch(/no chair/);
      await dialog.getByRole("button", { name: "Close" }).click();

      const uruguay = await room.signIn("uruguay");
      await openDocument(uruguay, "plan-2026");
      const block = await uruguay.page.evaluate(() => document.querySelector(".accord-block[data-block-id]:last-of-type")?.getAttribute("data-block-id") ?? "");
      expect(block).not.toBe("");
      await clickInText(uruguay.page, block, "of cooperation", "start");
      await uruguay.page.keyboard.type(" jointly");
      await expect.poll(async () => (await proposalsOf(secretariat.page, "URY")).some((p) => p.text === " jointly"), { timeout: 20_000 }).toBe(true);

      // The chair sets Uruguay's password in the page: Uruguay's session ends, and only the new password signs in.
      await page.getByRole("button", { name: "Members" }).click();
      await dialog.locator("#password-member option[value=uruguay]").waitFor({ state: "attached" });
      await dialog.getByLabel("Member", { exact: true }).selectOption("uruguay");
      await dialog.getByLabel("New password").fill("uruguay-second-password");
      await dialog.getByRole("button", { name: "Set the password" }).click();
      await expect.poll(() => dialog.locator(".members-status").textContent(), { timeout: 20_000 }).toBe("uruguay's password was reset (1 session ended).");
      await expect(dialog.getByLabel("New password").inputValue()).resolves.toBe("");
      await page.screenshot({ path: join(SHOTS, "password-reset.png"), fullPage: true });
      await dialog.getByRole("button", { name: "Close" }).click();
      await uruguay.page.reload();
      await uruguay.page.waitForURL(/#\/login$/);
      const signIn = (password: string) => fetch(`${room.url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "uruguay", password }) });
      expect((await signIn("uruguay-password")).status).toBe(401);
      expect((await signIn("uruguay-second-password")).status).toBe(200);
      await uruguay.context.close();
    },
    TEST_MS,
  );

  it(
    "previews a Word draft and creates it; a file that is not a draft shows the server's reason",
    async () => {
      const { page } = secretariat;
      await page.evaluate(() => (location.hash = "#/documents"));
      await page.locator(".documents-body .document-list").waitFor();
      await upload(secretariat, "Plan from Word.docx", Buffer.from(await markupDocx(importText(DRAFT).document)));
      const preview = page.locator(".upload-preview");
      await preview.waitFor();
      await expect(preview.locator(".hint").first().textContent()).resolves.toBe("The import found no problems.");
      await expect(page.getByLabel("Negotiation id").inputValue()).resolves.toBe("plan-from-word");
      await page.screenshot({ path: join(SHOTS, "word-preview.png"), fullPage: true });
      await page.getByRole("button", { name: "Create the negotiation" }).click();
      await page.waitForURL(/#\/documents\/plan-from-word$/);

      await page.evaluate(() => (location.hash = "#/documents"));
      await page.locator(".documents-body .document-list").waitFor();
      await upload(secretariat, "broken.docx", Buffer.from("hello, not a zip"));
      const alert = page.locator(".upload-status [role=alert]");
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/^broken\.docx could not be read: .*not a Word \(\.docx\) file/);
      await expect(page.locator(".upload-preview").count()).resolves.toBe(0);
      await page.screenshot({ path: join(SHOTS, "refused.png"), fullPage: true });
    },
    TEST_MS,
  );

  it(
    "previews an Akoma Ntoso draft and creates it with its proposal; XML that is not Akoma Ntoso shows the server's reason",
    async () => {
      const { page } = secretariat;
      await page.evaluate(() => (location.hash = "#/documents"));
      await page.locator(".documents-body .document-list").waitFor();
      await upload(secretariat, "Plan in AKN.xml", Buffer.from(exportAkn(importText(DRAFT).document)));
      const preview = page.locator(".upload-preview");
      await preview.waitFor();
      const counts = await preview.locator(".upload-counts li").allTextContents();
      expect(counts).toEqual(expect.arrayContaining(["Symbol: CP/CSH-2301/26", "3 paragraphs", "1 open proposals"]));
      await expect(preview.locator(".hint").first().textContent()).resolves.toBe("The import found no problems.");
      await expect(page.getByLabel("Negotiation id").inputValue()).resolves.toBe("plan-in-akn");
      await page.screenshot({ path: join(SHOTS, "akn-preview.png"), fullPage: true });
      await page.getByRole("button", { name: "Create the negotiation" }).click();
      await page.waitForURL(/#\/documents\/plan-in-akn$/);
      await openDocument(secretariat, "plan-in-akn");
      await expect.poll(async () => (await proposalsOf(page, "ARG")).map((p) => p.text), { timeout: 20_000 }).toEqual(["the rule of law"]);

      await page.evaluate(() => (location.hash = "#/documents"));
      await page.locator(".documents-body .document-list").waitFor();
      await upload(secretariat, "feed.xml", Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel/></rss>'));
      const alert = page.locator(".upload-status [role=alert]");
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/^feed\.xml could not be read: .*not an Akoma Ntoso 3\.0 file/);
      await expect(page.locator(".upload-preview").count()).resolves.toBe(0);
    },
    TEST_MS,
  );
});
