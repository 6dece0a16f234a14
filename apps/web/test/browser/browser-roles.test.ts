import { afterAll, beforeAll, expect, it } from "vitest";
import {
  clickInText,
  errorNotices,
  jsonText,
  openDocument,
  openRoom,
  pageBlockText,
  pageCount,
  pageProposals,
  proposalsOf,
  serverBlocks,
  serverCount,
  serverProposals,
  TEST_MS,
  until,
  type Person,
  type Room,
} from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// The other parts of the issue a browser shows best: undo that takes back only
// one's own changes, the chair's keyboard shortcuts and direct edits, the
// secretariat typing for a delegation, an observer who cannot type, support
// given and taken back, and the filters and panels that help follow a
// negotiation.

const draft = (title: string) => `Title: ${title}
---
Objective 4.2
1. To implement strategies to prevent crime and violence in the region. AGREED INF 04/19/12
2. To develop plans respecting human rights, and to report on them each year.
3. To ensure a gender perspective in all programs of cooperation.
4. To promote regional cooperation in [Mex: ~~training~~ education] and prevention.`;

const DOCUMENTS = ["undo", "chairing", "behalf", "reading", "following", "support"] as const;

describeWebApp("roles and following in the browser", () => {
  let room: Room;
  let chairToken: string;
  let uruguay: Person;
  let brazil: Person;
  let chair: Person;
  let secretariat: Person;
  let observer: Person;
  const content = (id: string) => serverBlocks(room, id, chairToken);

  beforeAll(async () => {
    room = await openRoom();
    for (const id of DOCUMENTS) {
      await room.t.create(id, draft(id));
      chairToken = await room.member("chair", id, "chair");
      await room.member("uruguay", id, "delegate", "URY");
      await room.member("brazil", id, "delegate", "BRA");
      await room.member("secretariat", id, "secretariat");
      await room.member("observer", id, "observer");
    }
    [uruguay, brazil, chair, secretariat, observer] = await Promise.all([
      room.signIn("uruguay"),
      room.signIn("brazil"),
      room.signIn("chair"),
      room.signIn("secretariat"),
      room.signIn("observer"),
    ]);
  });
  afterAll(async () => room?.close());

  it("undoes and redoes one's own changes only", async () => {
    for (const person of [uruguay, brazil, chair]) await openDocument(person, "undo");
    await clickInText(uruguay.page, "p2", "To develop plans", "end");
    await uruguay.page.keyboard.type(" swiftly");
    await clickInText(brazil.page, "p3", "all programs", "end");
    await brazil.page.keyboard.type(" jointly");
    for (const person of [uruguay, brazil, chair]) {
      await until(async () => [await pageCount(person.page, " swiftly"), await pageCount(person.page, " jointly")], ([a, b]) => a === 1 && b === 1, `${person.username} sees both proposals`);
    }

    // Uruguay undoes (as often as it likes): its own proposal goes, Brazil's stays — on every page and on the server.
    await uruguay.page.keyboard.press("Control+z");
    await until(() => pageCount(uruguay.page, "swiftly"), (n) => n === 0, "Uruguay's proposal undone on its page");
    await uruguay.page.keyboard.press("Control+z");
    await uruguay.page.keyboard.press("Control+z");
    for (const person of [uruguay, brazil, chair]) {
      await until(async () => [await pageCount(person.page, "swiftly"), await pageCount(person.page, " jointly")], ([a, b]) => a === 0 && b === 1, `${person.username} after Uruguay's undo`);
    }
    let server = await until(content.bind(null, "undo"), (b) => serverCount(b, "swiftly") === 0, "the undo on the server");
    expect(serverCount(server, " jointly")).toBe(1);
    expect(jsonText(server.find((b) => b.attrs?.id === "p2")!)).toBe("To develop plans respecting human rights, and to report on them each year.");

    // Redo, from the toolbar, brings it back as Uruguay's proposal.
    await uruguay.page.getByRole("button", { name: "Redo" }).click();
    for (const person of [uruguay, brazil, chair]) {
      await until(async () => (await proposalsOf(person.page, "URY")).map((p) => p.inserted), (list) => list.join() === " swiftly", `${person.username} after the redo`);
    }
    server = await until(content.bind(null, "undo"), (b) => serverCount(b, " swiftly") === 1, "the redo on the server");
    expect(serverCount(server, " jointly")).toBe(1);
    expect(await errorNotices(uruguay.page)).toEqual([]);
  }, TEST_MS);

  it("lets the chair decide at the cursor with Ctrl+Alt+A and edit base text directly", async () => {
    await openDocument(chair, "chairing");
    await openDocument(uruguay, "chairing");
    const mexico = (await pageProposals(chair.page)).find((p) => p.by === "MEX")!;
    await clickInText(chair.page, "p4", "education", 3);
    await chair.page.keyboard.press("Control+Alt+a");
    await until(async () => serverProposals(await content("chairing")).get(mexico.id)?.state, (s) => s === "accepted", "Mexico's proposal accepted on the server");
    await until(async () => (await pageProposals(uruguay.page)).find((p) => p.id === mexico.id)?.state, (s) => s === "accepted", "the acceptance on Uruguay's page");

    // The chair's typing is base text, not a proposal; Backspace really removes.
    await clickInText(chair.page, "p3", "all programs", "end");
    await chair.page.keyboard.type(" and projects");
    await clickInText(chair.page, "p2", "each year", "end");
    for (let i = 0; i < " each year".length; i++) await chair.page.keyboard.press("Backspace");
    const expected = {
      p2: "To develop plans respecting human rights, and to report on them.",
      p3: "To ensure a gender perspective in all programs and projects of cooperation.",
    };
    const server = await until(content.bind(null, "chairing"), (b) => jsonText(b.find((x) => x.attrs?.id === "p2")!) === expected.p2 && jsonText(b.find((x) => x.attrs?.id === "p3")!) === expected.p3, "the chair's edits on the server");
    expect([...serverProposals(server).values()].map((p) => p.by)).toEqual(["MEX"]);
    for (const person of [chair, uruguay]) {
      await until(async () => [await pageBlockText(person.page, "p2"), await pageBlockText(person.page, "p3")], ([p2, p3]) => p2 === expected.p2 && p3 === expected.p3, `${person.username} sees the chair's edits`);
    }
    expect(await errorNotices(chair.page)).toEqual([]);
  }, TEST_MS);

  it("lets the secretariat enter a proposal on behalf of a delegation, and base text", async () => {
    await openDocument(secretariat, "behalf");
    await openDocument(chair, "behalf");
    await secretariat.page.locator("#acting-delegation").selectOption("URY");
    await clickInText(secretariat.page, "p2", "To develop plans", "end");
    await secretariat.page.keyboard.type(" swiftly");
    const [onBehalf] = await until(() => proposalsOf(chair.page, "URY"), (list) => list.length === 1 && list[0]!.inserted === " swiftly", "Uruguay's proposal, typed by the secretariat, at the chair's");
    expect(onBehalf).toMatchObject({ by: "URY", ops: "insert", state: "open" });
    expect(await chair.page.locator(`.accord-bracket.accord-open[data-proposal-id="${onBehalf!.id}"] .accord-tag`).textContent()).toBe("Uru:");

    await secretariat.page.locator("#acting-delegation").selectOption("");
    await clickInText(secretariat.page, "p3", "all programs", "end");
    await secretariat.page.keyboard.type(" and projects");
    const server = await until(content.bind(null, "behalf"), (b) => serverCount(b, " and projects") === 1, "the secretariat's base text on the server");
    const proposals = [...serverProposals(server).values()];
    expect(proposals.filter((p) => p.text.includes("projects"))).toEqual([]);
    expect(proposals.filter((p) => p.by === "URY").map((p) => p.text)).toEqual([" swiftly"]);
  }, TEST_MS);

  it("lets an observer read but not type, and offers it no action", async () => {
    await openDocument(observer, "reading");
    const page = observer.page;
    expect(await page.locator(".accord-editor-root.accord-readonly").count()).toBe(1);
    expect(await page.locator(".accord-editor .ProseMirror").getAttribute("contenteditable")).toBe("false");
    const before = await content("reading");
    const point = await page.evaluate(() => {
      const helpers = (window as unknown as { accordTest: { find(id: string, n: string): number; pointAt(id: string, o: number): { x: number; y: number } } }).accordTest;
      return helpers.pointAt("p3", helpers.find("p3", "all programs"));
    });
    await page.mouse.click(point.x, point.y);
    await page.keyboard.type("xyz");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Enter");
    expect(await pageBlockText(page, "p3")).toBe("To ensure a gender perspective in all programs of cooperation.");
    expect(await page.locator(".accord-block-menu, button[aria-label=Undo], button[aria-label=Redo]").count()).toBe(0);
    const mexico = (await pageProposals(page)).find((p) => p.by === "MEX")!;
    await page.locator(`.accord-bracket.accord-open[data-proposal-id="${mexico.id}"]`).click();
    await page.locator(".accord-popover .accord-proposal-popover").waitFor();
    expect(await page.locator(".accord-popover button").count()).toBe(0);
    await page.keyboard.press("Escape");
    // A chair's change still reaches the observer, and the observer's keys reached nothing.
    await openDocument(chair, "reading");
    await clickInText(chair.page, "p2", "To develop plans", "end");
    await chair.page.keyboard.type(" together");
    await until(() => pageCount(page, " together"), (n) => n === 1, "the chair's edit at the observer's");
    const after = await content("reading");
    expect(after.filter((b) => b.attrs?.id !== "p2")).toEqual(before.filter((b) => b.attrs?.id !== "p2"));
  }, TEST_MS);

  it("follows the negotiation: filters dim what is left out, the panels go to what is chosen", async () => {
    for (const person of [chair, uruguay, brazil]) await openDocument(person, "following");
    await clickInText(uruguay.page, "p2", "To develop plans", "end");
    await uruguay.page.keyboard.type(" swiftly");
    await clickInText(brazil.page, "p3", "all programs", "end");
    await brazil.page.keyboard.type(" jointly");
    const page = chair.page;
    const [ury] = await until(() => proposalsOf(page, "URY"), (l) => l.length === 1, "Uruguay's proposal at the chair's");
    const [bra] = await until(() => proposalsOf(page, "BRA"), (l) => l.length === 1, "Brazil's proposal at the chair's");
    const dimmed = (id: string) => page.locator(`.accord-prop[data-proposal-id="${id}"]`).first().evaluate((el) => el.classList.contains("accord-dimmed"));

    // Only Brazil's proposals: the others are dimmed, and the proposals panel shows Brazil's group alone.
    await until(() => page.locator('#filter-delegation option[value="BRA"]').count(), (n) => n === 1, "Brazil among the filter's delegations");
    await page.locator("#filter-delegation").selectOption("BRA");
    await until(async () => [await dimmed(ury!.id), await dimmed(bra!.id)], ([u, b]) => u === true && b === false, "Uruguay's proposal dimmed, Brazil's not");
    const groups = await page.locator(".proposals-panel .proposal-group").evaluateAll((els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => e.getAttribute("data-delegation")));
    expect(groups).toEqual(["BRA"]);
    await page.locator("#filter-delegation").selectOption("");
    await until(() => dimmed(ury!.id), (d) => !d, "no proposal dimmed without the filter");

    // Only paragraphs not yet agreed: the agreed one is dimmed.
    await page.locator("#filter-not-agreed").check();
    const dimmedBlocks = () => page.locator(".accord-block.accord-dimmed-block").evaluateAll((els) => els.map((e) => e.getAttribute("data-block-id")));
    await until(dimmedBlocks, (ids) => ids.join() === "p1", "the agreed paragraph dimmed");
    // The outline lists the headings and the paragraphs not yet agreed, and no longer the agreed one.
    const outlined = () => page.locator(".outline-panel .outline-entry button[data-block]").evaluateAll((els) => els.map((e) => e.getAttribute("data-block")));
    const all = await page.evaluate(() => [...document.querySelectorAll(".accord-block[data-block-id]")].map((e) => e.getAttribute("data-block-id")));
    await until(outlined, (ids) => ids.join() === all.filter((id) => id !== "p1").join(), "the outline without the agreed paragraph");
    await page.locator("#filter-not-agreed").uncheck();
    await until(dimmedBlocks, (ids) => ids.length === 0, "no paragraph dimmed");
    await until(outlined, (ids) => ids.join() === all.join(), "the whole outline again");

    // Only open brackets: a decided proposal is drawn as plain text.
    const mexico = (await pageProposals(page)).find((p) => p.by === "MEX")!;
    const reject = await fetch(`${room.url}/api/documents/following/proposals/${mexico.id}/reject`, { method: "POST", headers: { authorization: `Bearer ${chairToken}` } });
    expect(reject.status).toBe(200);
    await until(async () => (await pageProposals(page)).find((p) => p.id === mexico.id)?.state, (s) => s === "rejected", "the rejection on the chair's page");
    await page.locator("#filter-open").check();
    await until(() => page.locator(`.accord-prop[data-proposal-id="${mexico.id}"]`).first().evaluate((el) => el.classList.contains("accord-plain")), (plain) => plain, "the decided proposal drawn plain");
    expect(await page.locator(`.accord-decided[data-proposal-id="${mexico.id}"]`).count()).toBe(0);
    await page.locator("#filter-open").uncheck();
    await until(() => page.locator(`.accord-decided[data-proposal-id="${mexico.id}"]`).count(), (n) => n === 1, "the decided mark back");

    // The proposals panel lists open proposals by delegation; choosing one flashes it in the text.
    const item = page.locator(`.proposals-panel .proposal-group[data-delegation="URY"] button[data-proposal="${ury!.id}"]`);
    expect(await item.locator(".proposal-excerpt ins").textContent()).toBe(" swiftly");
    await item.click();
    await until(() => page.locator(`.accord-flash[data-proposal-id="${ury!.id}"], .accord-flash .accord-prop[data-proposal-id="${ury!.id}"], .accord-prop[data-proposal-id="${ury!.id}"] .accord-flash`).count(), (n) => n > 0, "Uruguay's proposal flashed");
    // The outline goes to a paragraph.
    await page.locator('.outline-panel button[data-block="p4"]').click();
    await until(() => page.locator('.accord-block[data-block-id="p4"]').evaluate((el) => el.classList.contains("accord-flash")), (f) => f, "paragraph 4 flashed");
  }, TEST_MS);

  it("lets a delegate support another delegation's proposal and take its support back; only the proposer withdraws it", async () => {
    for (const person of [uruguay, brazil]) await openDocument(person, "support");
    const mexico = (await pageProposals(uruguay.page)).find((p) => p.by === "MEX")!;
    const popoverAction = async (person: Person, action: string) => {
      await person.page.locator(`.accord-bracket.accord-open[data-proposal-id="${mexico.id}"]`).first().click();
      const popover = person.page.locator(`.accord-popover .accord-proposal-popover[data-proposal-id="${mexico.id}"]`);
      await popover.waitFor();
      return popover.locator(`button[data-action="${action}"]`);
    };
    const sponsors = async () => serverProposals(await content("support")).get(mexico.id);

    await (await popoverAction(uruguay, "support")).click();
    await until(sponsors, (p) => p?.by === "MEX URY", "Uruguay among the sponsors on the server");
    await until(async () => (await pageProposals(brazil.page)).find((p) => p.id === mexico.id)?.by, (by) => by === "MEX URY", "Uruguay's support on Brazil's page");

    // A supporter is offered its support back, not the withdrawal of Mexico's proposal.
    const back = await popoverAction(uruguay, "withdraw-support");
    expect(await back.textContent()).toBe("Withdraw our support");
    expect(await uruguay.page.locator('.accord-popover button[data-action="withdraw"]').count()).toBe(0);
    await back.click();
    await until(sponsors, (p) => p?.by === "MEX" && p.state === "open", "Mexico's proposal open, without Uruguay");
    await until(async () => (await pageProposals(uruguay.page)).find((p) => p.id === mexico.id)?.by, (by) => by === "MEX", "the support gone on Uruguay's page");
    expect(await errorNotices(uruguay.page)).toEqual([]);
  }, TEST_MS);

  it("raised no uncaught error in any page", () => {
    for (const person of [uruguay, brazil, chair, secretariat, observer]) expect(person.errors, person.username).toEqual([]);
  });
});
