import { mkdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { delegationColour } from "@accord/merge";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS_DIR, pngSize } from "../../../../test/support/browser.js";
import { EXPORTS } from "../../src/api.js";
import {
  clickInText,
  cssRgb,
  DEADLINE_MS,
  dismissNotices,
  errorNotices,
  openDocument,
  openRoom,
  TEST_MS,
  pageBlockText,
  pageCaret,
  pageProposals,
  pageView,
  proposalsOf,
  serverBlocks,
  serverProposals,
  serverView,
  until,
  VIEWPORT,
  type Person,
  type Room,
} from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// The acceptance, live: two delegates of different delegations and the
// chair, each in their own browser context on the real server, see each
// other's proposals as they are typed, the chair's decisions and status
// changes, and export what they see.

const LIVE = `Title: Cooperation against crime
---
Objective 1.2
1. To implement strategies to prevent crime and violence in the region. AGREED INF 04/19/12
2. To develop plans respecting human rights, and to report on them each year.
3. To ensure a gender perspective in all programs of cooperation.
4. To promote regional cooperation in [Mex: ~~training~~ education] and prevention.`;

const STATUS = `Title: Status of the plan
---
Objective 2.1
1. To strengthen national institutions with the participation of civil society. AGREED INF 04/19/12
2. To exchange information on effective practices among member states.
3. To promote the training of officials in [Arg: crime] prevention.
4. To report to the General Assembly on the implementation of this plan.`;

const URY = "URY";
const BRA = "BRA";

describeWebApp("the editor live in three browsers: two delegates and the chair", () => {
  let room: Room;
  let chairToken: string;
  let uruguay: Person;
  let brazil: Person;
  let chair: Person;
  const everyone = () => [uruguay, brazil, chair];

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("live", LIVE);
    await room.t.create("exports", LIVE);
    await room.t.create("carets", LIVE);
    await room.t.create("status", STATUS);
    await room.t.create("sample", await readFile(fileURLToPath(new URL("../../../../examples/draft-resolution.txt", import.meta.url)), "utf8"));
    for (const id of ["live", "exports", "status", "sample", "carets"]) {
      chairToken = await room.member("chair", id, "chair");
      await room.member("uruguay", id, "delegate", URY);
      await room.member("brazil", id, "delegate", BRA);
    }
    [uruguay, brazil, chair] = await Promise.all([room.signIn("uruguay"), room.signIn("brazil"), room.signIn("chair")]);
  });
  afterAll(async () => room?.close());

  it("lists each member's negotiations with their progress, and opens one", async () => {
    for (const person of everyone()) {
      const card = person.page.locator(".document-card", { has: person.page.locator(".document-id", { hasText: /^live$/ }) });
      await expect(card.locator(".document-title").textContent()).resolves.toBe("Cooperation against crime");
      // 1 of 4 paragraphs agreed, Mexico's bracket open.
      await expect(card.locator(".progress-text").textContent()).resolves.toBe("1/4 agreed · 1 open bracket");
      expect(await person.page.locator(".document-card").count()).toBe(5);
      await card.locator("a.document-link").click();
      await person.page.waitForURL(/#\/documents\/live$/);
      await person.page.locator(".accord-editor-root:not(.accord-loading) .accord-block").first().waitFor();
    }
    await expect(uruguay.page.locator(".document-header .role-badge").textContent()).resolves.toMatch(/Uruguay/);
    await expect(chair.page.locator(".document-header .role-badge").textContent()).resolves.toMatch(/chair/i);
  }, TEST_MS);

  it("shows each delegate's typing in the others' pages within a second, tagged and coloured; the chair accepts one and rejects the other; all agree, the clean export too", async () => {
    for (const person of everyone()) await openDocument(person, "live");

    await clickInText(uruguay.page, "p2", "To develop plans", "end");
    await clickInText(brazil.page, "p3", "a gender", "end");

    // Each observer waits (in its own page, polling every 20 ms) for the other delegation's whole word, and notes when it saw it.
    const seen = (observer: Person, code: string, inserted: string) =>
      observer.page
        .waitForFunction(
          ([code, inserted]) => {
            const found = (window as unknown as { accordTest: { proposals(): { id: string; by: string; inserted: string; state: string }[] } }).accordTest
              .proposals()
              .find((p) => p.by === code && p.inserted === inserted && p.state === "open");
            return found ? { id: found.id, at: Date.now() } : null;
          },
          [code, inserted] as const,
          { polling: 20, timeout: DEADLINE_MS },
        )
        .then((handle) => handle.jsonValue() as Promise<{ id: string; at: number }>);
    const watches = {
      uryByBrazil: seen(brazil, URY, " swiftly"),
      uryByChair: seen(chair, URY, " swiftly"),
      braByUruguay: seen(uruguay, BRA, " and age"),
      braByChair: seen(chair, BRA, " and age"),
    };
    const [uryTyped, braTyped] = await Promise.all([
      uruguay.page.keyboard.type(" swiftly").then(() => Date.now()),
      brazil.page.keyboard.type(" and age").then(() => Date.now()),
    ]);
    const [uryByBrazil, uryByChair, braByUruguay, braByChair] = await Promise.all([watches.uryByBrazil, watches.uryByChair, watches.braByUruguay, watches.braByChair]);
    const latencies = {
      "Uruguay → Brazil": uryByBrazil.at - uryTyped,
      "Uruguay → chair": uryByChair.at - uryTyped,
      "Brazil → Uruguay": braByUruguay.at - braTyped,
      "Brazil → chair": braByChair.at - braTyped,
    };
    console.info("[browser-live] typed proposal seen after (ms):", latencies);
    for (const [path, ms] of Object.entries(latencies)) expect(ms, path).toBeLessThanOrEqual(1000);

    // Consecutive typing made one proposal of the typist's own delegation.
    const [ury] = await proposalsOf(uruguay.page, URY);
    const [bra] = await proposalsOf(brazil.page, BRA);
    expect(await proposalsOf(uruguay.page, URY)).toHaveLength(1);
    expect(await proposalsOf(brazil.page, BRA)).toHaveLength(1);
    expect(ury).toMatchObject({ id: uryByChair.id, blockId: "p2", by: URY, ops: "insert", state: "open", inserted: " swiftly" });
    expect(bra).toMatchObject({ id: braByChair.id, blockId: "p3", by: BRA, ops: "insert", state: "open", inserted: " and age" });
    expect(uryByBrazil.id).toBe(ury!.id);
    expect(braByUruguay.id).toBe(bra!.id);

    // Tagged and in the delegation's colour, underlined as an insertion, in every page.
    for (const [person, code, id, tag] of [
      [brazil, URY, ury!.id, "Uru:"],
      [chair, URY, ury!.id, "Uru:"],
      [uruguay, BRA, bra!.id, "Bra:"],
      [chair, BRA, bra!.id, "Bra:"],
      [uruguay, URY, ury!.id, "Uru:"],
      [brazil, BRA, bra!.id, "Bra:"],
    ] as const) {
      const ink = cssRgb(delegationColour(code).ink);
      const opening = person.page.locator(`.accord-bracket.accord-open[data-proposal-id="${id}"]`);
      await expect(opening.locator(".accord-tag").textContent(), `${person.username} sees ${code}'s tag`).resolves.toBe(tag);
      await expect(opening.evaluate((el) => getComputedStyle(el).color)).resolves.toBe(ink);
      expect(await person.page.locator(`.accord-bracket.accord-close[data-proposal-id="${id}"]`).count()).toBe(1);
      const drawn = (await pageProposals(person.page)).find((p) => p.id === id);
      expect(drawn, `${person.username} draws ${code}'s proposal`).toMatchObject({ by: code, ops: "insert", colour: ink, underlined: true, struck: false });
    }
    // The two delegations are told apart by colour.
    expect(cssRgb(delegationColour(URY).ink)).not.toBe(cssRgb(delegationColour(BRA).ink));

    // Uruguay's caret is drawn in the others' pages, labelled with the user and the delegation.
    for (const person of [brazil, chair]) {
      const cursor = person.page.locator('.accord-remote-cursor[data-user="uruguay"]');
      await cursor.waitFor();
      await expect(cursor.getAttribute("data-delegation")).resolves.toBe(URY);
      await expect(cursor.locator(".accord-remote-label").textContent()).resolves.toBe("uruguay (URY)");
      // Published when the selection pauses (at least every 400 ms); until then it may still stand where focus first put it.
      await until(() => cursor.evaluate((el) => el.closest(".accord-block")?.getAttribute("data-block-id")), (block) => block === "p2", `Uruguay's cursor in p2 on ${person.username}'s page`);
    }

    // The chair accepts Uruguay's proposal and rejects Brazil's, from the bracket's popover.
    await decide(chair.page, ury!.id, "accept");
    await decide(chair.page, bra!.id, "reject");
    for (const person of everyone()) {
      await until(
        async () => (await pageProposals(person.page)).filter((p) => p.id === ury!.id || p.id === bra!.id).map((p) => `${p.id}:${p.state}`).sort(),
        (states) => states.join() === [`${ury!.id}:accepted`, `${bra!.id}:rejected`].sort().join(),
        `${person.username} sees the decisions`,
      );
    }

    // Every page shows the same document, and it is the server's.
    const server = await serverBlocks(room, "live", chairToken);
    const expected = serverView(server);
    expect(expected.find((b) => b.id === "p2")!.text).toBe("To develop plans swiftly respecting human rights, and to report on them each year.");
    for (const person of everyone()) {
      await until(() => pageView(person.page), (view) => JSON.stringify(view) === JSON.stringify(expected), `${person.username}'s page shows the server's document`);
    }
    const drawnProposals = await Promise.all(everyone().map(async (p) => (await pageProposals(p.page)).map(({ id, by, ops, state, text }) => ({ id, by, ops, state, text }))));
    expect(drawnProposals[1]).toEqual(drawnProposals[0]);
    expect(drawnProposals[2]).toEqual(drawnProposals[0]);
    const onServer = serverProposals(server);
    expect(onServer.get(ury!.id)).toMatchObject({ by: URY, ops: "insert", state: "accepted", text: " swiftly" });
    expect(onServer.get(bra!.id)).toMatchObject({ by: BRA, ops: "insert", state: "rejected", text: " and age" });

    // The clean version downloaded from the chair's page has the accepted text and not the rejected one.
    const clean = await downloadExport(chair.page, "Clean text (.txt)");
    // Named by document, version and day, as the server names every export.
    expect(clean.filename).toMatch(/^live_clean_\d{4}-\d{2}-\d{2}\.txt$/);
    const lines = clean.text.split("\n");
    expect(lines).toContain("2. To develop plans swiftly respecting human rights, and to report on them each year.");
    expect(lines).toContain("3. To ensure a gender perspective in all programs of cooperation.");
    expect(clean.text).not.toContain("and age");
    expect(clean.text).toBe(await apiExport(room, "live", chairToken, "version=clean&format=txt"));
    expect(await errorNotices(chair.page)).toEqual([]);
  }, TEST_MS);

  it("keeps a page's caret in its place while another page types before it in the same paragraph", async () => {
    for (const person of [uruguay, chair]) await openDocument(person, "carets");
    await clickInText(chair.page, "p3", "all programs", "end");
    // The chair's own change first: the page's changes and the others' take different ways into the editor.
    await chair.page.keyboard.type(" X");
    const before = (await pageCaret(chair.page))!;
    expect(before).toMatchObject({ blockId: "p3", selected: "" });
    await clickInText(uruguay.page, "p3", "To ensure", "end");
    await uruguay.page.keyboard.type(" fully");
    await until(() => pageBlockText(chair.page, "p3"), (text) => text.includes("ensure fully a gender"), "Uruguay's words on the chair's page");
    expect(await pageCaret(chair.page)).toEqual({ ...before, offset: before.offset + " fully".length });
    await chair.page.keyboard.type("Y");
    await until(() => pageBlockText(uruguay.page, "p3"), (text) => text.includes("all programs XY of"), "the chair's next character, where its caret was, on Uruguay's page");
  }, TEST_MS);

  it("shows the chair's status change on every page, and the outline's progress follows", async () => {
    for (const person of everyone()) await openDocument(person, "status");
    const progress = (page: Page) => page.locator(".outline-panel .progress-text").textContent();
    for (const person of everyone()) {
      await until(() => progress(person.page), (text) => text === "1/4 agreed · 1 open bracket", `${person.username}'s outline before`);
      await expect(person.page.locator('.accord-block[data-block-id="p3"]').getAttribute("data-status")).resolves.toBe("open");
      expect(await person.page.locator('.accord-block[data-block-id="p3"] .accord-badge').count()).toBe(0);
    }
    // Delegates have no status form.
    await uruguay.page.locator('.accord-block[data-block-id="p3"] .accord-block-menu').click();
    await uruguay.page.locator(".accord-popover").waitFor();
    expect(await uruguay.page.locator('.accord-popover select[name="status"], .accord-popover [data-action="status"]').count()).toBe(0);
    await uruguay.page.keyboard.press("Escape");

    await chair.page.locator('.accord-block[data-block-id="p3"] .accord-block-menu').click();
    const form = chair.page.locator(".accord-popover .accord-status-form");
    await form.locator('select[name="status"]').selectOption("agreed-ad-referendum");
    await form.locator('input[name="date"]').fill("11/25/26");
    await form.locator('input[name="body"]').fill("CSH");
    await form.locator('button[data-action="status"]').click();
    // p3 has an open bracket: the form lists it and asks again before recording.
    await form.locator(".accord-status-warning").waitFor();
    await form.locator('button[data-action="status"]', { hasText: "Record anyway" }).click();

    for (const person of everyone()) {
      const block = person.page.locator('.accord-block[data-block-id="p3"]');
      await until(() => block.getAttribute("data-status"), (s) => s === "agreed-ad-referendum", `${person.username} sees p3's status`);
      await expect(block.locator(".accord-badge").textContent()).resolves.toBe("AGREED AD REF. by CSH 11/25/26");
      await expect(block.locator(".accord-badge").getAttribute("data-status")).resolves.toBe("agreed-ad-referendum");
      await until(() => progress(person.page), (text) => text === "2/4 agreed · 1 open bracket", `${person.username}'s outline after`);
      expect(await person.page.locator('.outline-list li[data-status="agreed-ad-referendum"] button[data-block="p3"]').count()).toBe(1);
      await expect(person.page.locator(".outline-panel .progress-bar").getAttribute("aria-label")).resolves.toBe("2 of 4 paragraphs agreed · 1 open bracket");
    }
    const p3 = (await serverBlocks(room, "status", chairToken)).find((b) => b.attrs?.id === "p3")!;
    expect(p3.attrs).toMatchObject({ status: "agreed-ad-referendum", statusDate: "2026-11-25", statusBody: "CSH" });

    // The paragraph is locked now: a delegate's typing there is refused with the reason, and changes nothing.
    const before = await pageBlockText(uruguay.page, "p3");
    await clickInText(uruguay.page, "p3", "the training", "end");
    await uruguay.page.keyboard.type("x");
    await until(() => errorNotices(uruguay.page), (texts) => texts.some((t) => /paragraph 3 is agreed ad referendum and locked/.test(t)), "the refusal shown to Uruguay");
    expect(await pageBlockText(uruguay.page, "p3")).toBe(before);
    await dismissNotices(uruguay.page);
  }, TEST_MS);

  it("offers every export the server has from the document page, and says what keeps the text from being final", async () => {
    await openDocument(chair, "exports");
    await chair.page.getByRole("button", { name: "Export ▾" }).click();
    const items = chair.page.locator("#export-menu [role=menuitem]");
    await expect(items.allTextContents()).resolves.toEqual(EXPORTS.map((e) => e.label));
    await chair.page.keyboard.press("Escape");
    // Invariant: every export downloads under its own name from the server; a text is the API's text, a
    // Word file a zip (PK) and a PDF a PDF (%PDF) — those carry creation times, so only their kind is compared;
    // Akoma Ntoso is the API's XML.
    const names = new Set<string>();
    for (const choice of EXPORTS) {
      if (choice.query.includes("final=1")) continue;
      const download = await downloadExport(chair.page, choice.label);
      names.add(download.filename);
      if (choice.query.includes("format=docx")) expect(download.bytes.subarray(0, 2).toString("latin1"), choice.label).toBe("PK");
      else if (choice.query.includes("format=pdf")) expect(download.bytes.subarray(0, 4).toString("latin1"), choice.label).toBe("%PDF");
      else {
        if (choice.query.includes("format=akn")) expect(download.text, choice.label).toMatch(/^<\?xml [^>]*\?>\n<akomaNtoso /);
        expect(download.text, choice.label).toBe(await apiExport(room, "exports", chairToken, choice.query));
      }
      expect(download.bytes.length, choice.label).toBeGreaterThan(100);
    }
    expect(names.size).toBe(EXPORTS.filter((e) => !e.query.includes("final=1")).length);
    // Mexico's bracket is still open: the final text is refused, and the page lists why.
    await chair.page.getByRole("button", { name: "Export ▾" }).click();
    await chair.page.getByRole("menuitem", { name: "Final text (.txt)" }).click();
    const notice = chair.page.locator(".notices .notice-error").last();
    await notice.waitFor();
    await expect(notice.locator(".notice-text").textContent()).resolves.toBe("Not a final text: 1 unresolved proposal and 3 paragraphs not agreed.");
    const unresolved = await notice.locator(".unresolved-list li").allTextContents();
    expect(unresolved.filter((item) => /Mexico’s proposal/.test(item))).toHaveLength(1);
    expect(unresolved.filter((item) => /not agreed/.test(item))).toHaveLength(3);
    await dismissNotices(chair.page);

    // A delegate also gets its own delegation's marked-up version.
    await openDocument(uruguay, "exports");
    await uruguay.page.getByRole("button", { name: "Export ▾" }).click();
    await expect(uruguay.page.locator("#export-menu [role=menuitem]").allTextContents()).resolves.toEqual([
      ...EXPORTS.map((e) => e.label),
      "Marked-up, URY’s version (.txt)",
      "Marked-up, URY’s version (.html)",
      "Marked-up, URY’s version (.docx)",
      "Marked-up, URY’s version (.pdf)",
    ]);
    await uruguay.page.keyboard.press("Escape");
    const own = await downloadExport(uruguay.page, "Marked-up, URY’s version (.txt)");
    expect(own.text).toBe(await apiExport(room, "exports", chairToken, "version=markup&format=txt&delegation=URY"));
    const ownWord = await downloadExport(uruguay.page, "Marked-up, URY’s version (.docx)");
    expect(ownWord.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const ownPdf = await downloadExport(uruguay.page, "Marked-up, URY’s version (.pdf)");
    expect(ownPdf.bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(new Set([own.filename, ownWord.filename, ownPdf.filename]).size).toBe(3);
  }, TEST_MS);

  it("saves screenshots of the document page for a delegate and for the chair", async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await openDocument(uruguay, "sample");
    await openDocument(chair, "sample");
    // Uruguay proposes something, and the chair opens the actions of Uruguay's bracket.
    const paragraph = (await pageView(uruguay.page)).find((b) => b.status === "open" && b.text.includes("national strategies"))!;
    await clickInText(uruguay.page, paragraph.id, "national strategies", "start");
    await uruguay.page.keyboard.type("comprehensive ");
    const typed = <T extends { inserted: string }>(list: T[]) => list.find((p) => p.inserted === "comprehensive ");
    const mine = typed(await until(() => proposalsOf(uruguay.page, URY), (list) => typed(list) !== undefined, "Uruguay's proposal on its page"))!;
    await until(() => proposalsOf(chair.page, URY), (list) => list.some((p) => p.id === mine.id), "Uruguay's proposal at the chair's");
    await chair.page.locator(`.accord-bracket.accord-open[data-proposal-id="${mine.id}"]`).click();
    await chair.page.locator(".accord-popover button[data-action=accept]").waitFor();

    const shots = [
      { person: uruguay, file: join(ARTIFACTS_DIR, "web-document-delegate.png") },
      { person: chair, file: join(ARTIFACTS_DIR, "web-document-chair.png") },
    ];
    for (const { person, file } of shots) {
      // The side panels follow the document when the browser is idle: the picture is taken once they show it.
      await until(() => person.page.locator(".outline-panel .outline-entry").count(), (n) => n > 1, `${person.username}'s outline`);
      await until(() => person.page.locator(".proposals-panel .panel-count").textContent(), (count) => Number(count) > 0, `${person.username}'s open proposals`);
      // The whole page: header (role, connection), outline, the text with its brackets, the proposals panel.
      // From the top, or the sticky top bar is drawn where the page happens to be scrolled.
      await person.page.evaluate(() => window.scrollTo(0, 0));
      await person.page.screenshot({ path: file, fullPage: true });
      const size = pngSize(readFileSync(file));
      expect(size.width, file).toBe(VIEWPORT.width);
      expect(size.height, file).toBeGreaterThanOrEqual(VIEWPORT.height);
      // A page of text in colour, not a blank one (a blank 1280×800 PNG is a few kilobytes).
      expect(statSync(file).size, file).toBeGreaterThan(100_000);
    }
    await chair.page.keyboard.press("Escape");
  }, TEST_MS);

  it("raised no uncaught error in any page", () => {
    for (const person of everyone()) expect(person.errors, person.username).toEqual([]);
  });
});

/** Opens a bracket's popover on the page and runs one of its actions. */
async function decide(page: Page, proposalId: string, action: "accept" | "reject" | "reopen"): Promise<void> {
  await page.locator(`.accord-bracket.accord-open[data-proposal-id="${proposalId}"]`).click();
  await page.locator(`.accord-popover .accord-proposal-popover[data-proposal-id="${proposalId}"] button[data-action="${action}"]`).click();
}

/** Downloads an export through the page's Export menu; resolves with the server's file name, the text and the bytes. */
async function downloadExport(page: Page, label: string): Promise<{ filename: string; text: string; bytes: Buffer }> {
  await page.getByRole("button", { name: "Export ▾" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: label, exact: true }).click()]);
  const bytes = readFileSync(await download.path());
  return { filename: download.suggestedFilename(), text: bytes.toString("utf8"), bytes };
}

/** The same export straight from the API. */
async function apiExport(room: Room, documentId: string, token: string, query: string): Promise<string> {
  const answer = await fetch(`${room.url}/api/documents/${documentId}/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`export ${query} answered ${answer.status}`);
  return answer.text();
}
