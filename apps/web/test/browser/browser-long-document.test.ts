import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateDocument } from "@accord/schema/generate";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDocument, openRoom, serverBlocks, jsonText, TEST_MS, until, type Person, type Room } from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";
import { ARTIFACTS_DIR } from "../../../../test/support/browser.js";

// A long negotiation in the browser: the editor draws only the blocks near
// the view (editor/window/block-window.ts) and keeps the space of the others, so
// scrolling, jumping, the outline, the keyboard and typing must all behave as
// if every block were there.

const DOCUMENT = "long";
const PARAGRAPHS = 600;

/** The block elements: how many there are, which are drawn, and the geometry of the text column. */
function layout(page: Page) {
  return page.evaluate(() => {
    const blocks = [...document.querySelectorAll<HTMLElement>(".accord-doc > .accord-block")];
    const scroller = document.querySelector<HTMLElement>(".document-column")!;
    const box = scroller.getBoundingClientRect();
    const drawn = blocks.flatMap((b, i) => (b.classList.contains("accord-offscreen") ? [] : [i]));
    // The blocks the reader sees: drawn and meeting the visible part of the column.
    const visible = drawn.filter((i) => {
      const r = blocks[i]!.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom;
    });
    return { total: blocks.length, drawn, visible, scrollTop: scroller.scrollTop, scrollHeight: scroller.scrollHeight, viewHeight: scroller.clientHeight };
  });
}

const frames = (page: Page, n = 4) =>
  page.evaluate((count) => new Promise<void>((resolve) => {
    const step = () => (count-- > 0 ? requestAnimationFrame(step) : resolve());
    step();
  }), n);

/**
 * Waits until a block stands still on screen (its top and the column's scroll
 * position the same for ten frames running), as a person waits for the
 * outline's scroll to end before clicking: a smooth scroll to a block already
 * drawn goes on for a while after the block comes into view.
 */
function standingStill(page: Page, blockId: string): Promise<void> {
  return page.evaluate((id) => new Promise<void>((resolve, reject) => {
    const scroller = document.querySelector<HTMLElement>(".document-column")!;
    const deadline = performance.now() + 20_000;
    let last = "";
    let still = 0;
    const step = () => {
      const block = document.querySelector<HTMLElement>(`.accord-block[data-block-id="${id}"]`);
      const now = block ? `${block.getBoundingClientRect().top}/${scroller.scrollTop}` : "absent";
      still = now === last && block ? still + 1 : 0;
      last = now;
      if (still >= 10) resolve();
      else if (performance.now() > deadline) reject(new Error(`block ${id} still moving after 20 s (${now})`));
      else requestAnimationFrame(step);
    };
    step();
  }), blockId);
}

/** Sets the text column's scroll position (as dragging the scroll bar does) and lets the window follow. */
async function scrollColumn(page: Page, to: number | "end"): Promise<void> {
  await page.evaluate((target) => {
    const scroller = document.querySelector<HTMLElement>(".document-column")!;
    scroller.scrollTop = target === "end" ? scroller.scrollHeight : target;
  }, to);
  await frames(page, 6);
}

describeWebApp("a long document in the browser", () => {
  let room: Room;
  let token: string;
  let uruguay: Person;
  let ids: string[];

  beforeAll(async () => {
    room = await openRoom();
    const document = generateDocument({ seed: 11, paragraphs: PARAGRAPHS, proposals: 1200 });
    ids = [];
    document.content.forEach((block) => ids.push(String(block.attrs.id)));
    if (!(await room.t.server.live.create(DOCUMENT, document, null, []))) throw new Error("the document exists");
    token = await room.member("uruguay", DOCUMENT, "delegate", "URY");
    uruguay = await room.signIn("uruguay");
    await openDocument(uruguay, DOCUMENT);
  }, TEST_MS);
  afterAll(async () => room?.close());

  /** Scrolls the outline to the chunk that lists block `index`, as a reader would, so that its entries are drawn. */
  async function showInOutline(page: Page, index: number): Promise<void> {
    await page.evaluate((c) => document.querySelectorAll(".outline-list > .outline-chunk")[c]!.scrollIntoView({ block: "center" }), Math.floor(index / 64));
  }

  it("draws only the blocks near the view and keeps the space of the others", async () => {
    const page = uruguay.page;
    const first = await until(() => layout(page), (l) => l.visible.length > 0, "the first blocks drawn");
    expect(first.total).toBe(ids.length);
    expect(first.drawn.length).toBeLessThan(150);
    expect(first.visible[0]).toBe(0);
    // The column scrolls over the whole document's height, not the drawn part's.
    expect(first.scrollHeight).toBeGreaterThan(first.viewHeight * 20);
    // Brackets are made for the drawn blocks only.
    expect(await brackets(page)).toEqual({ drawn: expect.any(Number), hidden: 0 });
    expect((await brackets(page)).drawn).toBeGreaterThan(5);
    // The outline has a chunk for every 64 blocks, but only those near its view hold their entries.
    const panels = () =>
      page.evaluate(() => ({
        chunks: document.querySelectorAll(".outline-list > .outline-chunk").length,
        entries: document.querySelectorAll(".outline-list .outline-entry").length,
        proposals: document.querySelectorAll(".proposals-panel .proposal-item").length,
        listed: Number(document.querySelector(".proposals-panel .panel-count")?.textContent),
      }));
    const outline = await until(panels, (p) => p.chunks === Math.ceil(ids.length / 64) && p.entries > 0 && p.proposals > 0, "the panels following the document");
    expect(outline.entries).toBeGreaterThan(0);
    expect(outline.entries).toBeLessThan(ids.length / 4);
    // So has each delegation's list of open proposals.
    expect(outline.proposals).toBeGreaterThan(0);
    expect(outline.listed).toBeGreaterThan(500);
    expect(outline.proposals).toBeLessThan(outline.listed / 4);
    // For a person to look at: the top of a long document, drawn as any other (once the panels have followed).
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS_DIR, "web-long-document.png") });
  }, TEST_MS);

  it("keeps the text under the reader in place while the window follows the scrolling", async () => {
    const page = uruguay.page;
    await scrollColumn(page, 0);
    for (let step = 0; step < 40; step++) {
      const before = await layout(page);
      // A block in the middle of the view, and where it is.
      const watched = before.visible[Math.floor(before.visible.length / 2)]!;
      const top = await blockTop(page, watched);
      await page.evaluate(() => {
        document.querySelector<HTMLElement>(".document-column")!.scrollTop += 500;
      });
      await frames(page, 4);
      const after = await layout(page);
      expect(after.scrollTop - before.scrollTop).toBeGreaterThan(0);
      // It moved by the scrolled distance, and the window's moves did not shift it further.
      expect(Math.abs((await blockTop(page, watched)) - (top - (after.scrollTop - before.scrollTop)))).toBeLessThanOrEqual(1);
      expect(after.visible.length).toBeGreaterThan(0);
    }
    const far = await layout(page);
    expect(far.visible[0]).toBeGreaterThan(40);
    expect(far.drawn.length).toBeLessThan(150);
  }, TEST_MS);

  it("draws what is there after a jump to the end and back to the top", async () => {
    const page = uruguay.page;
    // The very end is the footnotes' list, below the last block: the last block is drawn, ready above it.
    await scrollColumn(page, "end");
    await until(() => layout(page), (l) => l.drawn.includes(l.total - 1), "the last block drawn");
    // Up to where the text ends at the bottom of the view, as a reader scrolling up from the footnotes would.
    const end = await until(
      async () => {
        await page.evaluate(() => {
          const scroller = document.querySelector<HTMLElement>(".document-column")!;
          const footnotes = document.querySelector<HTMLElement>(".accord-footnotes")!;
          scroller.scrollTop += footnotes.getBoundingClientRect().top - scroller.getBoundingClientRect().bottom + 100;
        });
        await frames(page, 4);
        return layout(page);
      },
      (l) => l.visible.includes(l.total - 1) && l.visible.length > 2,
      "the last blocks in view",
    );
    expect(end.drawn.length).toBeLessThan(150);
    // The blocks drawn after the jump have their brackets; the ones left behind lost theirs.
    await until(() => brackets(page), (b) => b.drawn > 5 && b.hidden === 0, "brackets on the blocks drawn after the jump, none on the others");
    await scrollColumn(page, 0);
    const top = await until(() => layout(page), (l) => l.visible[0] === 0, "the first block in view");
    expect(top.scrollTop).toBe(0);
  }, TEST_MS);

  it("makes the text of drawn blocks only, and numbers footnote markers as the whole document counts them", async () => {
    const page = uruguay.page;
    // The last block with footnotes, far from the top: the outline goes there.
    const blocks = await serverBlocks(room, DOCUMENT, token);
    const markersIn = (block: (typeof blocks)[number]) => (block.content ?? []).filter((c) => c.type === "footnote").length + (block.attrs?.statusFootnote ? 1 : 0);
    const target = blocks.findLastIndex((b) => markersIn(b) > 0);
    expect(target).toBeGreaterThan(blocks.length / 2);
    await showInOutline(page, target);
    await page.locator(`.outline-list [data-block="${String(blocks[target]!.attrs?.id)}"]`).click();
    await until(() => layout(page), (l) => l.visible.includes(target), `block ${target} in view after the outline's jump`);
    // Markers are numbered once changes pause.
    await page.waitForTimeout(400);
    const seen = await page.evaluate(() => {
      const blocks = [...document.querySelectorAll<HTMLElement>(".accord-doc > .accord-block")];
      return {
        withText: blocks.filter((b) => b.querySelector(".accord-content")).length,
        drawnWithoutText: blocks.filter((b) => !b.classList.contains("accord-offscreen") && !b.querySelector(".accord-content")).length,
        markers: blocks.map((b) => [...b.querySelectorAll("sup.accord-fn")].map((m) => m.textContent)),
      };
    });
    expect(seen.drawnWithoutText).toBe(0);
    expect(seen.withText).toBeLessThan(ids.length / 4);
    // The numbers a marker must carry: every footnote of the blocks before it, then its place in its block.
    let n = 0;
    let checked = 0;
    let highest = 0;
    blocks.forEach((block, i) => {
      const count = markersIn(block);
      const expected = Array.from({ length: count }, (_, k) => String(n + k + 1));
      if (seen.markers[i]!.length) {
        expect(seen.markers[i]).toEqual(expected);
        checked += count;
        highest = Math.max(highest, n + count);
      }
      n += count;
    });
    expect(checked).toBeGreaterThan(0);
    // Numbered on from the footnotes of blocks that are not on the page.
    expect(highest).toBeGreaterThan(checked);
  }, TEST_MS);

  it("goes to a far paragraph from the outline and types a proposal there that reaches the server", async () => {
    const page = uruguay.page;
    // An open paragraph near the end whose text starts with base text (a delegate may propose there).
    const blocks = await serverBlocks(room, DOCUMENT, token);
    const base = (b: (typeof blocks)[number]) => (b.content?.[0]?.type === "text" && !b.content[0].marks?.length ? String(b.content[0].text) : "");
    const target = blocks.findLastIndex((b, i) => i < blocks.length - 20 && b.type === "paragraph" && b.attrs?.status === "open" && !(b.attrs?.proposedBy as string[] | undefined)?.length && / [a-z]{4,} /.test(base(b)));
    const id = ids[target]!;
    const word = base(blocks[target]!).split(" ").find((w) => /^[a-z]{4,}$/.test(w) && jsonText(blocks[target]!).split(w).length === 2);
    if (!word) throw new Error(`block ${id} has no word of its own to click after`);
    await showInOutline(page, target);
    await page.locator(`.outline-list [data-block="${id}"]`).click();
    await until(() => layout(page), (l) => l.visible.includes(target), `block ${target} in view after the outline's jump`);
    await standingStill(page, id);
    const point = await page.evaluate(([blockId, needle]) => {
      const helpers = (window as unknown as { accordTest: { find(id: string, needle: string): number; pointAt(id: string, offset: number, scroll: boolean): { x: number; y: number } } }).accordTest;
      return helpers.pointAt(blockId, helpers.find(blockId, needle) + needle.length, false);
    }, [id, word] as const);
    await page.mouse.click(point.x, point.y);
    await frames(page);
    expect(await caretBlock(page)).toBe(id);
    // What the header shows while typing, and the state as it is.
    await page.evaluate(() => {
      const indicator = document.querySelector<HTMLElement>(".document-header .connection")!;
      const seen: string[] = [];
      (window as unknown as { seenStates: string[] }).seenStates = seen;
      new MutationObserver(() => seen.push(`${indicator.dataset.state}/${indicator.dataset.sync}`)).observe(indicator, { attributes: true });
    });
    await page.keyboard.type(" swiftly");
    await until(async () => jsonText((await serverBlocks(room, DOCUMENT, token)).find((b) => b.attrs?.id === id)!), (text) => text.includes(`${word} swiftly`), "the typed words on the server");
    // Each keystroke was in flight for a moment (data-sync), too briefly for the header to pulse "Syncing…" at every key.
    const seen = await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
    expect(seen).toContain("connected/syncing");
    expect(seen.filter((s) => s.startsWith("syncing/"))).toEqual([]);
    // Scrolled away to the top, typing goes on at the caret, which comes back into view in its place.
    await scrollColumn(page, 0);
    expect((await layout(page)).visible).not.toContain(target);
    await page.keyboard.type(" too");
    await until(() => layout(page), (l) => l.visible.includes(target) && l.visible.includes(target - 1), `block ${target} in view in its place`);
    await until(async () => jsonText((await serverBlocks(room, DOCUMENT, token)).find((b) => b.attrs?.id === id)!), (text) => text.includes(`${word} swiftly too`), "the words typed after scrolling away on the server");
  }, TEST_MS);

  it("lists a paragraph proposed near the top in its place in the outline, which comes in chunks", async () => {
    const page = uruguay.page;
    await scrollColumn(page, 0);
    const blocks = await serverBlocks(room, DOCUMENT, token);
    const after = blocks.findIndex((b) => b.type === "paragraph" && b.attrs?.status === "open" && !(b.attrs?.proposedBy as string[] | undefined)?.length && !b.attrs?.alternativeTo);
    await page.locator(`.accord-block[data-block-id="${ids[after]}"] .accord-block-menu`).click();
    await page.locator(".accord-popover button[data-action=propose-paragraph]").click();
    await page.keyboard.type("To welcome the new paragraph.");
    await until(async () => (await serverBlocks(room, DOCUMENT, token)).length, (n) => n === blocks.length + 1, "the proposed paragraph on the server");
    // Every chunk after the new entry moves up one; the outline still lists the blocks in the text's order, in each chunk drawn.
    await showInOutline(page, 0);
    const order = () =>
      page.evaluate(() => ({
        text: [...document.querySelectorAll<HTMLElement>(".accord-doc > .accord-block")].map((b) => b.dataset.blockId),
        chunks: [...document.querySelectorAll(".outline-list > .outline-chunk")].map((chunk) => [...chunk.querySelectorAll<HTMLElement>(".outline-entry > button")].map((b) => b.dataset.block)),
      }));
    const newId = (o: Awaited<ReturnType<typeof order>>) => o.text[after + 1];
    const seen = await until(order, (o) => o.text.length === blocks.length + 1 && o.chunks[0]!.includes(newId(o)), "the new paragraph in the outline");
    expect(seen.chunks.length).toBe(Math.ceil((blocks.length + 1) / 64));
    const drawn = seen.chunks.map((entries, c) => [c, entries] as const).filter(([, entries]) => entries.length > 0);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(seen.chunks.length);
    for (const [c, entries] of drawn) expect(entries).toEqual(seen.text.slice(c * 64, c * 64 + entries.length));
    expect(seen.text[after + 1]).not.toBe(ids[after + 1]);
  }, TEST_MS);

  it("goes to the start and the end of the document with Ctrl+Home and Ctrl+End", async () => {
    const page = uruguay.page;
    await page.keyboard.press("Control+Home");
    await until(() => layout(page), (l) => l.visible[0] === 0, "the first block in view after Ctrl+Home");
    expect(await caretBlock(page)).toBe(ids[0]);
    await page.keyboard.press("Control+End");
    await until(() => layout(page), (l) => l.visible.includes(l.total - 1), "the last block in view after Ctrl+End");
    expect(await caretBlock(page)).toBe(ids[ids.length - 1]);
    expect(uruguay.errors).toEqual([]);
  }, TEST_MS);
});

/** Bracket glyphs in drawn and in hidden blocks. */
function brackets(page: Page): Promise<{ drawn: number; hidden: number }> {
  return page.evaluate(() => ({
    drawn: document.querySelectorAll(".accord-doc > .accord-block:not(.accord-offscreen) .accord-bracket").length,
    hidden: document.querySelectorAll(".accord-doc > .accord-offscreen .accord-bracket").length,
  }));
}

function blockTop(page: Page, index: number): Promise<number> {
  return page.evaluate((i) => document.querySelectorAll(".accord-doc > .accord-block")[i]!.getBoundingClientRect().top, index);
}

function caretBlock(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const node = document.getSelection()?.focusNode;
    const element = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
    return element?.closest<HTMLElement>(".accord-block")?.dataset.blockId ?? null;
  });
}
