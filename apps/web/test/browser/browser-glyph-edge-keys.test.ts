import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { blockWith } from "../support/click-type.js";
import { errorNotices, jsonText, openDocument, openRoom, serverBlocks, until, type Person, type Room } from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// Backspace and Delete beside a bracket's glyph, in Chromium: the glyph (`[Argentina: `, `]`) is drawn between
// characters and is no text, so the key takes the character past it. The caret is put in the page's own DOM at
// the glyph's edge, as a click can leave it. The fuzzed clicking and typing found a chair's Delete there that
// Chromium's own deletion turned into nothing (`browser-click-type.test.ts`, seed 16002, case 293, which fails
// without `glyph-edge-keys.ts`); it did so at one place of one layout, and in this page's layout Chromium
// deletes the right character too, so this test holds the page's own deletion to the same result.

const DRAFT = "DRAFT\n\n1. To request a regional inventory of [Uru: civil protection zq13x[Arg: e\u0301and search and rescue] capacities] within existing resources.\n";

/** Puts the page's caret at the end (or start) of the first text node of `blockId` ending (or starting) with `text`. */
async function caretAtTextEdge(page: Page, blockId: string, text: string, where: "end" | "start"): Promise<void> {
  await page.evaluate(
    ([id, t, w]) => {
      const content = document.querySelector(`.accord-block[data-block-id="${CSS.escape(id!)}"] > .accord-content`)!;
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        if (w === "end" ? n.data.endsWith(t!) : n.data.startsWith(t!)) {
          document.getSelection()!.collapse(n, w === "end" ? n.data.length : 0);
          return;
        }
      }
      throw new Error(`no text node with ${t}`);
    },
    [blockId, text, where] as const,
  );
  // Let the editor read the selection the page now has.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describeWebApp("Backspace and Delete beside a bracket's glyph", () => {
  let room: Room;
  let token: string;
  let chair: Person;

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("glyphs", DRAFT);
    token = await room.member("chair", "glyphs", "chair");
    chair = await room.signIn("chair");
  });
  afterAll(async () => room?.close());

  // Invariant: the chair's Delete before a glyph takes the character after it (a letter and its combining accent
  // as one), and Backspace after a glyph takes the character before it; nothing else changes.
  it("takes the character past the glyph, for Delete and for Backspace", async () => {
    await openDocument(chair, "glyphs");
    const page = chair.page;
    const block = await blockWith(page, "civil protection");
    const text = async () => jsonText((await serverBlocks(room, "glyphs", token)).find((b) => b.attrs?.id === block)!);
    const start = await text();
    await page.click(`.accord-block[data-block-id="${block}"] > .accord-content`);

    await caretAtTextEdge(page, block, "zq13x", "end");
    await page.keyboard.press("Delete");
    const first = await until(text, (t) => t !== start, "the Delete on the server");
    expect(first).toBe(start.replace("zq13xe\u0301and", "zq13xand"));

    await caretAtTextEdge(page, block, " capacities", "start");
    await page.keyboard.press("Backspace");
    const second = await until(text, (t) => t !== first, "the Backspace on the server");
    expect(second).toBe(first.replace("rescue capacities", "rescu capacities"));
    expect(await errorNotices(page)).toEqual([]);
    expect(chair.errors).toEqual([]);
  }, 60_000);
});
