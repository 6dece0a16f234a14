import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS_DIR } from "../../../../test/support/browser.js";
import { blockWith, clickAndType, DEMO_DRAFT, offsetOf, pointInText } from "../support/click-type.js";
import {
  dismissNotices,
  errorNotices,
  jsonText,
  openDocument,
  openRoom,
  serverBlocks,
  TEST_MS,
  until,
  type Person,
  type Room,
} from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// What a chair sees of the demo negotiation in the real page, checked where a
// reader would look: dates in the document's style (badge, status form),
// proposed paragraphs laid out with their tag and label on the text's line
// and inside the page, a space before an insertion's bracket, two footnote
// markers read apart, the "Open brackets only" filter, the status form's
// warning about open brackets, and the chair's reservation form.

/** The demo draft with a second footnote on paragraph 4, after Nicaragua's reservation. */
const DRAFT = DEMO_DRAFT.replace("public investment planning.1/", "public investment planning.1/ 3/").replace(
  "2/ Approval is pending as the required quorum was not present.",
  "2/ Approval is pending as the required quorum was not present.\n3/ Editorial: the strategies are those of the Sendai Framework.",
);

/** A screenshot of the chair's page, for a person to look at (artifacts/, git-ignored). */
async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `also-found-${name}.png`), fullPage: false });
}

/** The bounding box of the first element `selector` finds inside the block with this id. */
async function box(page: Page, blockId: string, selector: string) {
  const found = await page.locator(`.accord-block[data-block-id="${blockId}"] ${selector}`).first().boundingBox();
  if (!found) throw new Error(`${selector} of ${blockId} is not drawn`);
  return found;
}

/** The block whose label is exactly `label`. */
async function blockLabelled(page: Page, label: string): Promise<string> {
  const id = await page.evaluate((wanted) => {
    for (const el of document.querySelectorAll<HTMLElement>(".accord-block")) {
      if (el.querySelector(".accord-label")?.textContent === wanted) return el.dataset.blockId ?? null;
    }
    return null;
  }, label);
  if (!id) throw new Error(`no block labelled ${label}`);
  return id;
}

describeWebApp("what a chair sees of the demo negotiation", () => {
  let room: Room;
  let chairToken: string;
  let chair: Person;
  let peru: Person;

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("demo", DRAFT);
    chairToken = await room.member("chair", "demo", "chair");
    await room.member("peru", "demo", "delegate", "PER");
    chair = await room.signIn("chair");
    await openDocument(chair, "demo");
  });
  afterAll(async () => room?.close());

  const server = () => serverBlocks(room, "demo", chairToken);
  const page = () => chair.page;
  const api = (method: string, path: string, json?: unknown) =>
    fetch(`${room.url}/api/documents/demo${path}`, {
      method,
      headers: { authorization: `Bearer ${chairToken}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });

  it("lays out proposed paragraphs with the tag and label on the text's first line, inside the page", async () => {
    await page().locator(`.accord-block[data-block-id="${await blockLabelled(page(), "2 bis.")}"]`).evaluate((el) => el.scrollIntoView({ block: "center" }));
    await snapshot(page(), "proposed-paragraphs");
    const editor = await page().locator(".accord-editor").boundingBox();
    for (const label of ["2 bis.", "2 bis alt."]) {
      const id = await blockLabelled(page(), label);
      const labelBox = await box(page(), id, ".accord-label");
      // The label's first line (a label wider than a narrow gutter may wrap between its words).
      const labelLine = await page()
        .locator(`.accord-block[data-block-id="${id}"] .accord-label`)
        .evaluate((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const first = range.getClientRects()[0]!;
          return { y: first.y, height: first.height };
        });
      const tagBox = await box(page(), id, ".accord-whole-tag");
      const text = await box(page(), id, ".accord-content");
      // One line: the label, the tag and the text's first line share their vertical middle (within a few pixels).
      const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
      expect(Math.abs(middle(tagBox) - middle(labelLine)), `${label}: the tag on the label's line`).toBeLessThan(6);
      expect(tagBox.y, `${label}: the tag starts no higher than the text`).toBeGreaterThanOrEqual(text.y - 4);
      expect(tagBox.y + tagBox.height, `${label}: the tag ends within the text's first line`).toBeLessThanOrEqual(text.y + 32);
      // The label inside the editor's box (it stuck out into the margin), left of the text.
      expect(labelBox.x, `${label}: inside the editor`).toBeGreaterThanOrEqual(editor!.x);
      expect(labelBox.x + labelBox.width, `${label}: left of its text`).toBeLessThanOrEqual(text.x + 1);
    }
  }, TEST_MS);

  it("draws a space before an insertion's bracket when its text starts with one, and the export writes one space", async () => {
    peru = await room.signIn("peru");
    await openDocument(peru, "demo");
    const id = await blockWith(peru.page, "public investment planning");
    await clickAndType(peru.page, await pointInText(peru.page, id, await offsetOf(peru.page, id, "public investment planning")), " and budgets");
    await until(server, (blocks) => blocks.some((b) => jsonText(b).includes("and budgets")), "Peru's insertion on the server");
    expect(await errorNotices(peru.page)).toEqual([]);
    const shown = await until(
      () => page().locator(`.accord-block[data-block-id="${id}"] .accord-content`).innerText(),
      (text) => text.includes("and budgets"),
      "the insertion on the chair's page",
    );
    await page().locator(`.accord-block[data-block-id="${id}"]`).evaluate((el) => el.scrollIntoView({ block: "center" }));
    await snapshot(page(), "insertion");
    expect(shown).toContain("planning [Per: and budgets]");
    expect(shown).not.toMatch(/planning\[|Per: {2}/);
    const exported = await (await api("GET", "/export?version=markup&format=txt")).text();
    expect(exported).toContain("public investment planning [Per: and budgets].");
    expect(exported).not.toMatch(/planning\[|Per: {2}/);
  }, TEST_MS);

  it("reads two footnote markers on one paragraph as two (a comma between), not as footnote 12", async () => {
    const id = await blockWith(page(), "public investment planning");
    const markers = page().locator(`.accord-block[data-block-id="${id}"] .accord-content .accord-fn`);
    await until(() => markers.count(), (n) => n === 2, "two footnote markers");
    const reading = await markers.evaluateAll((els) =>
      els.map((el) => `${getComputedStyle(el, "::before").content.replace(/^"|"$/g, "").replace(/^none$/, "")}${(el as HTMLElement).innerText}`),
    );
    expect(reading.join("")).toMatch(/^\d+,\d+$/);
    expect(await markers.nth(1).getAttribute("data-follows-footnote")).not.toBeNull();
  }, TEST_MS);

  it("shows status dates in the document's style and follows a change of style at once", async () => {
    const recalling = await blockWith(page(), "RECALLING");
    const badge = page().locator(`.accord-block[data-block-id="${recalling}"] .accord-badge`);
    expect(await badge.textContent()).toBe("AGREED INF 11/18/26");
    expect(await badge.getAttribute("title")).toBe("agreed informally on 11/18/26");
    expect((await api("PATCH", "/meta", { dateStyle: "D Month YYYY" })).status).toBe(200);
    await until(() => badge.textContent(), (text) => text === "AGREED INF 18 November 2026", "the badge in the new style");
    await snapshot(page(), "date-style");
    expect((await api("PATCH", "/meta", { dateStyle: "MM/DD/YY" })).status).toBe(200);
    await until(() => badge.textContent(), (text) => text === "AGREED INF 11/18/26", "the badge back in MM/DD/YY");
  }, TEST_MS);

  it("takes the status date as the document writes dates, says how to write a bad one, and warns of open brackets before recording", async () => {
    await dismissNotices(page());
    const id = await blockWith(page(), "RECOGNIZING");
    await page().locator(`.accord-block[data-block-id="${id}"] .accord-block-menu`).click();
    const form = page().locator(".accord-popover .accord-status-form");
    const date = form.locator('input[name="date"]');
    // A text field in the document's style, not the browser's date picker (which showed 12/06/2026).
    expect(await date.getAttribute("type")).toBe("text");
    expect(await date.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{2}$/);
    await form.locator('select[name="status"]').selectOption("agreed-informally");
    await date.fill("18/11/26");
    await form.locator('button[data-action="status"]').click();
    const problem = form.locator(".accord-date-problem");
    await problem.waitFor();
    expect(await problem.textContent()).toBe("There is no such date as ‘18/11/26’; write the date as MM/DD/YY, e.g. 11/18/26");
    expect(await date.getAttribute("aria-invalid")).toBe("true");
    const before = await server();
    expect(before.find((b) => b.attrs?.id === id)?.attrs?.status).toBe("open");

    // A good date: first the warning, listing the paragraph's open bracket; nothing is recorded yet.
    await date.fill("11/25/26");
    expect(await problem.isHidden()).toBe(true);
    await form.locator('button[data-action="status"]').click();
    const warning = form.locator(".accord-status-warning");
    await warning.waitFor();
    expect(await warning.locator("li").allTextContents()).toEqual([expect.stringMatching(/Mexico.*Inter-American Committee for Natural Disaster Reduction/)]);
    expect(await form.locator('button[data-action="status"]').textContent()).toBe("Record anyway");
    await snapshot(page(), "status-warning");
    expect((await server()).find((b) => b.attrs?.id === id)?.attrs?.status).toBe("open");

    await form.locator('button[data-action="status"]').click();
    const blocks = await until(server, (b) => b.find((x) => x.attrs?.id === id)?.attrs?.status === "agreed-informally", "the status on the server");
    expect(blocks.find((b) => b.attrs?.id === id)?.attrs).toMatchObject({ statusDate: "2026-11-25" });
    await until(
      () => page().locator(`.accord-block[data-block-id="${id}"] .accord-badge`).textContent(),
      (text) => text === "AGREED INF 11/25/26",
      "the new badge",
    );
  }, TEST_MS);

  it("dims the paragraphs with no open bracket under 'Open brackets only'", async () => {
    const open = await blockWith(page(), "CONCERNED");
    const agreed = await blockWith(page(), "RECALLING");
    const dimmed = (id: string) => page().locator(`.accord-block[data-block-id="${id}"]`).evaluate((el) => el.classList.contains("accord-dimmed-block"));
    expect(await dimmed(agreed)).toBe(false);
    await page().locator("#filter-open").check();
    await until(() => dimmed(agreed), (d) => d, "the paragraph without an open bracket dimmed");
    expect(await dimmed(open)).toBe(false);
    await snapshot(page(), "open-only");
    await page().locator("#filter-open").uncheck();
    await until(() => dimmed(agreed), (d) => !d, "no dimming without the filter");
  }, TEST_MS);

  it("gives the chair a reservation form for any delegation in the paragraph menu", async () => {
    await dismissNotices(page());
    const id = await blockWith(page(), "To request the General Secretariat");
    await page().locator(`.accord-block[data-block-id="${id}"] .accord-block-menu`).click();
    const form = page().locator(".accord-popover .accord-reservation-form");
    await form.waitFor();
    await form.locator('select[name="delegation"]').selectOption("ECU");
    await form.locator('textarea[name="reservation"]').fill("The Government of Ecuador reserves its position on this paragraph.");
    await form.locator('button[data-action="reserve"]').click();
    const blocks = await until(
      server,
      (b) => JSON.stringify(b.find((x) => x.attrs?.id === id)).includes("The Government of Ecuador reserves"),
      "the reservation on the server",
    );
    const footnote = JSON.stringify(blocks.find((x) => x.attrs?.id === id));
    expect(footnote).toMatch(/"kind":"reservation","delegation":"ECU"/);
    expect(await errorNotices(page())).toEqual([]);
  }, TEST_MS);
});
