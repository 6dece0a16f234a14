import { delegationColour } from "@accord/merge";
import type { BlockJSON } from "@accord/schema";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  clickInText,
  cssRgb,
  dismissNotices,
  errorNotices,
  jsonText,
  openDocument,
  openRoom,
  TEST_MS,
  pageBlockText,
  pageCaret,
  pageProposals,
  pageView,
  proposalsOf,
  selectText,
  serverBlocks,
  serverView,
  until,
  withoutProposalsOf,
  type Person,
  type Room,
} from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// A delegate cannot change base text or another delegation's proposal through
// the page, however it tries — typing, deleting, typing over a selection,
// pasting, dragging text — what it does becomes its own proposal; and it
// sees no control it may not use. Checked on the page and on the server,
// whose document must strip (design.md §4) to what it was.

const TRUST = `Title: Trust
---
Objective 1.2
1. To implement strategies to prevent crime and violence in the region. AGREED INF 04/19/12
2. To develop plans respecting human rights and [Arg: the rule of law], and to report on them each year.
3. To ensure a gender perspective in all programs of cooperation.
4. To promote regional cooperation in [Mex: ~~training~~ education] and prevention.
5. To strengthen national institutions with the participation of civil society.
6. To exchange information on effective practices among member states.`;

const URY = "URY";
const INK = cssRgb(delegationColour(URY).ink);

describeWebApp("a delegate in the browser changes nothing but its own proposals", () => {
  let room: Room;
  let chairToken: string;
  let uruguay: Person;
  /** The server's document before the delegate did anything. */
  let initial: BlockJSON[];

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("trust", TRUST);
    chairToken = await room.member("chair", "trust", "chair");
    await room.member("uruguay", "trust", "delegate", URY);
    initial = await serverBlocks(room, "trust", chairToken);
    uruguay = await room.signIn("uruguay");
    await openDocument(uruguay, "trust");
  });
  afterAll(async () => room?.close());

  const page = () => uruguay.page;
  /** The delegate's proposals on its page, with the text of each. */
  const own = () => proposalsOf(page(), URY);
  /** Waits until the server has the page's document, then checks that only Uruguay's own proposals differ from the start. */
  async function serverKeepsAllButOwnProposals(): Promise<BlockJSON[]> {
    const shown = await pageView(page());
    const server = await until(() => serverBlocks(room, "trust", chairToken), (blocks) => JSON.stringify(serverView(blocks)) === JSON.stringify(shown), "the server has the page's document");
    expect(withoutProposalsOf(server, URY)).toEqual(withoutProposalsOf(initial, URY));
    expect(await errorNotices(page())).toEqual([]);
    return server;
  }

  it("makes typed text in base text its own proposal, one per run of typing", async () => {
    await clickInText(page(), "p2", "To develop", "end");
    // The editor types each character itself (editor/input/typed-text.ts): the browser never edits the page, so no input event.
    await page().evaluate(() => {
      const w = window as unknown as { inputEvents: number };
      w.inputEvents = 0;
      document.querySelector(".ProseMirror")!.addEventListener("input", () => w.inputEvents++);
    });
    await page().keyboard.type(" national");
    const [typed, ...others] = await until(own, (list) => list.some((p) => p.inserted === " national"), "the typed proposal");
    expect(others).toEqual([]);
    expect(typed).toMatchObject({ blockId: "p2", by: URY, ops: "insert", state: "open", inserted: " national", deleted: "", colour: INK, underlined: true });
    expect(await page().evaluate(() => (window as unknown as { inputEvents: number }).inputEvents)).toBe(0);
    expect(await pageBlockText(page(), "p2")).toBe("To develop national plans respecting human rights and the rule of law, and to report on them each year.");
    const server = await serverKeepsAllButOwnProposals();
    expect(jsonText(server.find((b) => b.attrs?.id === "p2")!)).toContain("develop national plans");
  }, TEST_MS);

  it("strikes base text on Backspace instead of removing it", async () => {
    const before = await pageBlockText(page(), "p3");
    await clickInText(page(), "p3", "a gender", "end");
    for (let i = 0; i < "gender".length; i++) await page().keyboard.press("Backspace");
    const struck = await until(own, (list) => list.some((p) => p.deleted === "gender"), "“gender” struck");
    const deletion = struck.find((p) => p.deleted === "gender")!;
    expect(deletion).toMatchObject({ blockId: "p3", by: URY, ops: "delete", inserted: "", colour: INK, struck: true });
    expect(await pageBlockText(page(), "p3")).toBe(before);
    // The caret went back over the struck word, as a deletion would have moved it.
    expect(await pageCaret(page())).toEqual({ blockId: "p3", offset: before.indexOf("gender"), selected: "" });
    await serverKeepsAllButOwnProposals();
  }, TEST_MS);

  it("strikes another delegation's proposed text on Delete, leaving that proposal whole", async () => {
    const before = await pageBlockText(page(), "p2");
    const argentina = (await pageProposals(page())).find((p) => p.by === "ARG")!;
    expect(argentina.text).toBe("the rule of law");
    await clickInText(page(), "p2", "rule of law", "start");
    for (let i = 0; i < "rule".length; i++) await page().keyboard.press("Delete");
    const struck = await until(own, (list) => list.some((p) => p.deleted === "rule"), "“rule” struck");
    const deletion = struck.find((p) => p.deleted === "rule")!;
    // Struck inside Argentina's bracket: Argentina's proposal is around it, Uruguay's deletion innermost.
    expect(deletion).toMatchObject({ blockId: "p2", by: URY, ops: "delete", struck: true, chain: `${argentina.id} ${deletion.id}` });
    expect(await pageBlockText(page(), "p2")).toBe(before);
    const server = await serverKeepsAllButOwnProposals();
    const p2 = server.find((b) => b.attrs?.id === "p2")!;
    const argText = (p2.content ?? []).filter((c) => c.marks?.some((m) => m.attrs?.id === argentina.id)).map((c) => c.text).join("");
    expect(argText).toBe("the rule of law");
  }, TEST_MS);

  it("makes text composed with an input method (a dead key, an accent) its own proposal", async () => {
    await clickInText(page(), "p6", "effective", "end");
    // What Chromium receives from an input method: a composition that grows, then its commit.
    await page().evaluate(() => {
      const counted = window as unknown as { compositions: number };
      counted.compositions = 0;
      document.addEventListener("compositionend", () => counted.compositions++, true);
    });
    const cdp = await page().context().newCDPSession(page());
    for (const text of [" ", " m", " m´", " má", " más"]) {
      await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
    }
    await cdp.send("Input.insertText", { text: " más" });
    await cdp.detach();
    expect(await page().evaluate(() => (window as unknown as { compositions: number }).compositions)).toBe(1);
    const list = await until(own, (l) => l.some((p) => p.blockId === "p6"), "the composed proposal");
    const composed = list.filter((p) => p.blockId === "p6");
    expect(composed).toHaveLength(1);
    expect(composed[0]).toMatchObject({ by: URY, ops: "insert", state: "open", inserted: " más", deleted: "" });
    expect(await pageBlockText(page(), "p6")).toBe("To exchange information on effective más practices among member states.");
    await serverKeepsAllButOwnProposals();
  }, TEST_MS);

  it("turns typing over a selection of base text into a replacement", async () => {
    await selectText(page(), "p4", "regional");
    await page().keyboard.type("hemispheric");
    const list = await until(own, (l) => l.some((p) => p.inserted === "hemispheric"), "the replacement");
    const replacement = list.find((p) => p.inserted === "hemispheric")!;
    expect(replacement).toMatchObject({ blockId: "p4", by: URY, ops: "delete insert", deleted: "regional", inserted: "hemispheric", state: "open" });
    expect(await pageBlockText(page(), "p4")).toBe("To promote regionalhemispheric cooperation in trainingeducation and prevention.");
    // One bracket: "[Uru: ~~regional~~ hemispheric]".
    expect(await page().locator(`.accord-bracket.accord-open[data-proposal-id="${replacement.id}"]`).count()).toBe(1);
    expect(await page().locator(`.accord-bracket.accord-open[data-proposal-id="${replacement.id}"] .accord-tag`).textContent()).toBe("Uru:");
    await serverKeepsAllButOwnProposals();
  }, TEST_MS);

  it("makes pasted text its own proposal, and a paste over base text a replacement", async () => {
    await clickInText(page(), "p5", "civil society", "end");
    expect(await page().evaluate(() => (window as unknown as { accordTest: { paste(t: string): boolean } }).accordTest.paste(" and academia"))).toBe(true);
    await until(own, (l) => l.some((p) => p.inserted === " and academia" && p.ops === "insert"), "the pasted proposal");

    await selectText(page(), "p5", "national");
    await page().evaluate(() => (window as unknown as { accordTest: { paste(t: string): boolean } }).accordTest.paste("public"));
    const list = await until(own, (l) => l.some((p) => p.inserted === "public"), "the pasted replacement");
    expect(list.find((p) => p.inserted === "public")).toMatchObject({ blockId: "p5", ops: "delete insert", deleted: "national", by: URY });
    expect(await pageBlockText(page(), "p5")).toBe("To strengthen nationalpublic institutions with the participation of civil society and academia.");
    await serverKeepsAllButOwnProposals();
  }, TEST_MS);

  it("never moves base text by drag and drop: the dragged words stay, what lands is its own proposal", async () => {
    await selectText(page(), "p6", "effective");
    // Both paragraphs on screen at once (the text column scrolls on its own): paragraph 3 at its top, points read without scrolling.
    await page().evaluate(() => document.querySelector('.accord-block[data-block-id="p3"]')!.scrollIntoView({ block: "start" }));
    type Helpers = { accordTest: { find(id: string, n: string): number; pointAt(id: string, o: number, scroll: boolean): { x: number; y: number } } };
    const from = await page().evaluate(() => {
      const helpers = (window as unknown as Helpers).accordTest;
      return helpers.pointAt("p6", helpers.find("p6", "effective") + 3, false);
    });
    const to = await page().evaluate(() => {
      const helpers = (window as unknown as Helpers).accordTest;
      return helpers.pointAt("p3", helpers.find("p3", "all programs") + "all".length, false);
    });
    const viewport = page().viewportSize()!;
    for (const point of [from, to]) expect(point.y > 0 && point.y < viewport.height, "both ends of the drag on screen").toBe(true);
    const before = await pageBlockText(page(), "p6");
    await page().mouse.move(from.x, from.y);
    await page().mouse.down();
    await page().mouse.move(from.x + 10, from.y, { steps: 2 });
    await page().mouse.move(to.x, to.y, { steps: 5 });
    await page().mouse.up();
    // The drop landed as Uruguay's proposal in paragraph 3, and paragraph 6 still reads as before (its words at most struck).
    const list = await until(own, (l) => l.some((p) => p.blockId === "p3" && p.inserted.includes("effective")), "the dropped text as Uruguay's proposal");
    expect(list.find((p) => p.blockId === "p3" && p.inserted.includes("effective"))).toMatchObject({ by: URY, ops: "insert" });
    expect(await pageBlockText(page(), "p6")).toBe(before);
    const server = await serverKeepsAllButOwnProposals();
    expect(jsonText(server.find((b) => b.attrs?.id === "p6")!)).toBe(before);
  }, TEST_MS);

  it("refuses Enter and typing in an agreed paragraph with a message, changing nothing", async () => {
    const view = await pageView(page());
    await clickInText(page(), "p5", "institutions", "end");
    await page().keyboard.press("Enter");
    await until(() => errorNotices(page()), (texts) => texts.some((t) => /cannot split or join paragraphs/.test(t)), "the refusal of Enter");
    await clickInText(page(), "p1", "crime", "end");
    // A refused character is not even shown for a moment.
    await page().evaluate(() => {
      const w = window as unknown as { p1Texts: string[] };
      const block = document.querySelector('.accord-block[data-block-id="p1"] > .accord-content')!;
      w.p1Texts = [];
      // Read as the page changes, before the editor could put it back (it reads the page's changes in a microtask).
      document.addEventListener("input", () => w.p1Texts.push(block.textContent ?? ""), { capture: true });
    });
    await page().keyboard.type("s");
    await until(() => errorNotices(page()), (texts) => texts.some((t) => /paragraph 1 is agreed informally and locked/.test(t)), "the refusal in an agreed paragraph");
    expect(await pageView(page())).toEqual(view);
    expect(await page().evaluate(() => (window as unknown as { p1Texts: string[] }).p1Texts.filter((text) => text.includes("crimes")))).toEqual([]);
    await dismissNotices(page());
    await serverKeepsAllButOwnProposals();
  }, TEST_MS);

  it("shows a delegate no control it may not use", async () => {
    const argentina = (await pageProposals(page())).find((p) => p.by === "ARG")!;
    const mine = (await own()).find((p) => p.inserted === " national")!;
    const actionsOn = async (id: string) => {
      await page().locator(`.accord-bracket.accord-open[data-proposal-id="${id}"]`).click();
      await page().locator(`.accord-popover .accord-proposal-popover[data-proposal-id="${id}"]`).waitFor();
      const actions = await page().locator(".accord-popover button[data-action]").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-action")));
      await page().keyboard.press("Escape");
      return actions;
    };
    expect(await actionsOn(argentina.id)).toEqual(["support"]);
    expect(await actionsOn(mine.id)).toEqual(["withdraw"]);

    await page().locator('.accord-block[data-block-id="p3"] .accord-block-menu').click();
    await page().locator(".accord-popover .accord-block-menu-panel").waitFor();
    const blockActions = await page().locator(".accord-popover [data-action]").evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
    expect(blockActions).toEqual(["reserve", "propose-paragraph", "propose-alternative"]);
    expect(await page().locator('.accord-popover select[name="status"]').count()).toBe(0);
    await page().keyboard.press("Escape");
    // Nowhere on the page: no deciding, no status, no choosing.
    expect(await page().locator('[data-action="accept"], [data-action="reject"], [data-action="reopen"], [data-action="status"], [data-action="choose"], select[name="status"]').count()).toBe(0);
    // Headings have no menu for a delegate, and the agreed paragraph offers only a reservation.
    expect(await page().locator(".accord-heading .accord-block-menu").count()).toBe(0);
  }, TEST_MS);

  it("raised no uncaught error in the page", () => {
    expect(uruguay.errors).toEqual([]);
  });
});
