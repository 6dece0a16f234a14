import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BlockJSON } from "@accord/schema";
import type { Page } from "playwright-core";
import { attr, jsonText, serverBlocks, until, type Room } from "./room.js";

// Clicking into the text and typing at once, with no wait in between, as a
// person does: the helpers here never wait for the page to read the click
// (compare `clickInText`, which waits for the selectionchange event).

/** The sample draft the demo negotiation is made from. */
export const DEMO_DRAFT = readFileSync(fileURLToPath(new URL("../../../../examples/draft-resolution.txt", import.meta.url)), "utf8");

type Helpers = {
  find(id: string, needle: string): number;
  pointAt(id: string, offset: number, scroll?: boolean): { x: number; y: number };
  blockText(id: string): string;
};
type TestWindow = { accordTest: Helpers };

/** The id of the one block whose page text contains `needle`; throws when none or several do. */
export async function blockWith(page: Page, needle: string): Promise<string> {
  const ids = await page.evaluate((n) => {
    return [...document.querySelectorAll<HTMLElement>(".accord-editor .accord-block[data-block-id]")]
      .filter((block) => (block.querySelector(":scope > .accord-content")?.textContent ?? "").includes(n))
      .map((block) => block.dataset.blockId!);
  }, needle);
  if (ids.length !== 1) throw new Error(`“${needle}” is in ${ids.length} blocks of the page (${ids.join(", ")})`);
  return ids[0]!;
}

/** The viewport point that puts the caret `offset` characters into a block's text (the block scrolled into view). */
export async function pointInText(page: Page, blockId: string, offset: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([id, o]) => (window as unknown as TestWindow).accordTest.pointAt(id, o), [blockId, offset] as const);
}

/** The offset just after (`end`) or at the start of `needle` (occurring once) in a block's page text. */
export async function offsetOf(page: Page, blockId: string, needle: string, where: "start" | "end" = "end"): Promise<number> {
  const at = await page.evaluate(([id, n]) => (window as unknown as TestWindow).accordTest.find(id, n), [blockId, needle] as const);
  return where === "start" ? at : at + needle.length;
}

/** Clicks at a point and types `text` at once: no wait between the two, as a person's hands go. */
export async function clickAndType(page: Page, point: { x: number; y: number }, text: string): Promise<void> {
  await page.mouse.click(point.x, point.y);
  await page.keyboard.type(text);
}

/** Clicks at a point and presses `key` at once. */
export async function clickAndPress(page: Page, point: { x: number; y: number }, key: string): Promise<void> {
  await page.mouse.click(point.x, point.y);
  await page.keyboard.press(key);
}

/** The server's block with this id; throws when there is none. */
export function blockById(blocks: readonly BlockJSON[], id: string): BlockJSON {
  const block = blocks.find((b) => attr(b, "id") === id);
  if (!block) throw new Error(`no block ${id} on the server`);
  return block;
}

/** Waits until the server's text of a block satisfies `ok`; returns all blocks. */
export async function serverBlockText(room: Room, documentId: string, token: string, blockId: string, ok: (text: string) => boolean, what: string): Promise<BlockJSON[]> {
  return until(() => serverBlocks(room, documentId, token), (blocks) => ok(jsonText(blockById(blocks, blockId))), what);
}
