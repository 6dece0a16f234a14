import type { BlockJSON } from "@accord/schema";
import { afterAll, beforeAll, expect, it } from "vitest";
import { blockById, blockWith, clickAndPress, clickAndType, DEMO_DRAFT, offsetOf, pointInText, serverBlockText } from "../support/click-type.js";
import {
  dismissNotices,
  errorNotices,
  jsonText,
  openDocument,
  openRoom,
  pageProposals,
  serverBlocks,
  serverProposals,
  TEST_MS,
  until,
  type Person,
  type Room,
} from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// The four ways typing went astray when a person clicked into the demo
// negotiation and typed at once (no pause between the click and the keys):
// each is replayed here exactly so, and must put the keys where the caret is.

/** The demo draft with Uruguay's deletion (supported by Brazil) of "in the field", as it stood when the reports were made. */
const DRAFT = DEMO_DRAFT.replace("regional organizations in the field;", "regional organizations [Uru, Bra: ~~in the field~~];");

describeWebApp("a click followed at once by typing goes where the caret is", () => {
  let room: Room;
  let chairToken: string;
  let mexico: Person;

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("demo", DRAFT);
    chairToken = await room.member("chair", "demo", "chair");
    await room.member("mexico", "demo", "delegate", "MEX");
    mexico = await room.signIn("mexico");
    await openDocument(mexico, "demo");
  });
  afterAll(async () => room?.close());

  const server = () => serverBlocks(room, "demo", chairToken);

  it("types a delegate's words, space first, after the word clicked, as its own proposal; Ctrl+Z takes them all back", async () => {
    const page = mexico.page;
    const id = await blockWith(page, "RECOGNIZING");
    const start = await server();
    const before = jsonText(blockById(start, id));
    const existing = new Set(serverProposals(start).keys());
    await clickAndType(page, await pointInText(page, id, await offsetOf(page, id, "national civil")), " ZQ");
    const blocks = await serverBlockText(room, "demo", chairToken, id, (text) => text.includes("ZQ"), "the typed words on the server");
    expect(jsonText(blockById(blocks, id))).toBe(before.replace("national civil", "national civil ZQ"));
    const mine = [...serverProposals(blocks)].filter(([key, p]) => !existing.has(key) && p.blockId === id);
    expect(mine.map(([, p]) => [p.by, p.ops, p.text])).toEqual([["MEX", "insert", " ZQ"]]);
    expect(await errorNotices(page)).toEqual([]);

    await page.keyboard.press("Control+z");
    const undone = await until(server, (b) => !jsonText(blockById(b, id)).includes("ZQ"), "the words undone on the server");
    expect(jsonText(blockById(undone, id))).toBe(before);
    // No bracket of Mexico's is left in the paragraph, not even an empty one.
    expect([...serverProposals(undone).keys()].filter((key) => !existing.has(key))).toEqual([]);
    expect((await pageProposals(page)).filter((p) => !existing.has(p.id)).map((p) => p.id)).toEqual([]);
  }, TEST_MS);

  it("refuses Space in an agreed paragraph with the lock, not headings", async () => {
    const page = mexico.page;
    await dismissNotices(page);
    const id = await blockWith(page, "RECALLING");
    const before = await server();
    await clickAndPress(page, await pointInText(page, id, await offsetOf(page, id, "Inter-American")), "Space");
    const notices = await until(() => errorNotices(page), (list) => list.length > 0, "a refusal");
    expect(notices.join(" ")).toMatch(/is agreed .*and locked/);
    expect(notices.join(" ")).not.toMatch(/heading/);
    expect(await server()).toEqual(before);
    await dismissNotices(page);
  }, TEST_MS);

  it("never makes a delegate a sponsor of another's deletion by pressing Space after it", async () => {
    const page = mexico.page;
    const id = await blockWith(page, "RECOGNIZING");
    const uruguay = (blocks: BlockJSON[]) => [...serverProposals(blocks).values()].find((p) => p.text === "in the field")!;
    const start = await server();
    expect(uruguay(start).by).toBe("URY BRA");
    const existing = new Set(serverProposals(start).keys());
    await clickAndPress(page, await pointInText(page, id, await offsetOf(page, id, "in the field")), "Space");
    const blocks = await serverBlockText(room, "demo", chairToken, id, (text) => text.includes("in the field "), "the space on the server");
    expect(uruguay(blocks).by).toBe("URY BRA");
    const mine = [...serverProposals(blocks)].filter(([key, p]) => !existing.has(key) && p.blockId === id);
    expect(mine.map(([, p]) => [p.by, p.ops, p.text])).toEqual([["MEX", "insert", " "]]);
    expect(await errorNotices(page)).toEqual([]);
  }, TEST_MS);

  it("types the chair's words after the word clicked on a fresh page, not in the title", async () => {
    const chair = await room.signIn("chair");
    await openDocument(chair, "demo");
    const page = chair.page;
    const id = await blockWith(page, "To invite member states to consider");
    const title = await blockWith(page, "DRAFT RESOLUTION");
    const before = await server();
    await clickAndType(page, await pointInText(page, id, await offsetOf(page, id, "To invite")), " all");
    const blocks = await serverBlockText(room, "demo", chairToken, id, (text) => text.includes("all member"), "the chair's words on the server");
    expect(jsonText(blockById(blocks, id))).toBe(jsonText(blockById(before, id)).replace("To invite", "To invite all"));
    expect(jsonText(blockById(blocks, title))).toBe(jsonText(blockById(before, title)));
    expect(await errorNotices(page)).toEqual([]);

    // A click on a bracket's glyph opens its panel with the focus on the panel: Space and Enter at once decide nothing.
    const glyph = page.locator(`.accord-block[data-block-id="${id}"] .accord-bracket[data-proposal-id]`).first();
    const proposal = await glyph.getAttribute("data-proposal-id");
    const state = () => serverBlocks(room, "demo", chairToken).then((b) => serverProposals(b).get(proposal!)?.state);
    expect(await state()).toBe("open");
    await glyph.click();
    await page.keyboard.press("Space");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("accord-popover"))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await state()).toBe("open");
    await page.keyboard.press("Escape");
    await chair.context.close();
  }, TEST_MS);
});
