import { stripDelegation, type BlockJSON } from "@accord/schema";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../../../../packages/server/test/support.js";
import type { Role } from "../../src/api.js";
import { launchChromium } from "../../../../test/support/browser.js";
import { PAGE_HELPERS_SCRIPT, type PageBlock, type PageCaret, type PageProposal } from "./page-helpers.js";
import { WEB_ROOT } from "./web-app.js";

// A negotiation room for browser tests: one real server serving the built app
// and one Chromium, with a browser context (its own storage, its own network)
// per person, each signed in through the real login page.

/** The page size the tests use: wide enough for both side panels (styles.css makes them drawers below 1100 px). */
export const VIEWPORT = Object.freeze({ width: 1280, height: 800 });

/** How long a condition may take before a test fails: generous, the machine is small and shared. */
export const DEADLINE_MS = 20_000;

/** A browser test's own time limit: several people's pages, each step waiting on the others. */
export const TEST_MS = 180_000;

/** One person at the negotiation: their own browser context and page, signed in. */
export interface Person {
  readonly username: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors of the page (`pageerror`), with their stack: a test may require none. */
  readonly errors: string[];
}

/** The server, the browser and the people of one test file. */
export interface Room {
  readonly t: TestServer;
  readonly browser: Browser;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Makes `username` a member of a document (creating the account, password `${username}-password`); returns an API token of theirs. */
  member(username: string, documentId: string, role: Role, delegation?: string): Promise<string>;
  /** Opens a browser context for `username` and signs in through the login page; resolves on the documents page. */
  signIn(username: string): Promise<Person>;
  /** Closes the browser and the server, whatever state they are in. */
  close(): Promise<void>;
}

/** Starts the server (serving apps/web/dist) and Chromium. */
export async function openRoom(): Promise<Room> {
  const t = await startTestServer({ webRoot: WEB_ROOT });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await t.close();
    throw error;
  }
  const url = t.server.url;
  return {
    t,
    browser,
    url,
    member: (username, documentId, role, delegation = "") => t.member(username, documentId, role, delegation),
    async signIn(username) {
      const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
      await context.addInitScript({ content: PAGE_HELPERS_SCRIPT });
      const page = await context.newPage();
      page.setDefaultTimeout(DEADLINE_MS);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`${error.message}\n${error.stack ?? ""}`));
      await page.goto(`${url}/#/login`);
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(`${username}-password`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/#\/documents$/);
      await page.locator(".documents-body .document-list, .documents-body .empty-state").first().waitFor();
      return { username, context, page, errors };
    },
    async close() {
      try {
        await browser.close();
      } finally {
        await t.close();
      }
    },
  };
}

/** Goes to a document's page and waits until its text is shown and the connection is up. */
export async function openDocument(person: Person, documentId: string): Promise<void> {
  const { page } = person;
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#/documents/${encodeURIComponent(documentId)}`);
  await page.locator(".accord-editor-root:not(.accord-loading) .accord-block").first().waitFor();
  await waitForConnection(page, "connected");
}

/**
 * Waits until the connection is in `state` as it is (the indicator's
 * `data-sync`; what it shows lags for brief syncing), so "connected" means
 * every change acknowledged.
 */
export async function waitForConnection(page: Page, state: "connected" | "offline" | "syncing" | "connecting"): Promise<void> {
  await page.locator(`.document-header .connection[data-sync="${state}"]`).waitFor();
}

/**
 * Polls `read` until `ok` holds for its value and returns that value; fails
 * after `timeoutMs` with the last value seen, so a failure says what was there.
 */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = DEADLINE_MS): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not reached after ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// ── Reading the page ────────────────────────────────────────────────────────

type Helpers = {
  blocks(): PageBlock[];
  proposals(): PageProposal[];
  blockText(id: string): string;
  find(id: string, needle: string): number;
  pointAt(id: string, offset: number, scroll?: boolean): { x: number; y: number };
  caret(): PageCaret | null;
  paste(text: string): boolean;
  count(needle: string): number;
  selectionChanges(): number;
};
/** The page's window with the helpers installed (a cast inside `page.evaluate`, so nothing is declared globally). */
type TestWindow = { accordTest: Helpers };

/** The blocks as the page draws them (see `PageBlock`). */
export const pageBlocks = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).accordTest.blocks());
/** The bracketed proposals as the page draws them (see `PageProposal`). */
export const pageProposals = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).accordTest.proposals());
/** The text of one block as the page draws it. */
export const pageBlockText = (page: Page, blockId: string) => page.evaluate((id) => (window as unknown as TestWindow).accordTest.blockText(id), blockId);
/** How many times `needle` occurs in the document text of the page. */
export const pageCount = (page: Page, needle: string) => page.evaluate((n) => (window as unknown as TestWindow).accordTest.count(n), needle);
/** The caret as a block and an offset in its text. */
export const pageCaret = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).accordTest.caret());
/** How many selectionchange events the page has seen. */
const selectionChanges = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).accordTest.selectionChanges());

/**
 * Waits until the page's selection is as `ok` wants and a selectionchange
 * event came after `since` (a count from `selectionChanges`), so that the
 * editor has read the selection into its state before the next key.
 */
async function selectionSettled(page: Page, since: number, ok: (caret: PageCaret | null) => boolean, what: string): Promise<void> {
  await until(
    async () => ({ caret: await pageCaret(page), changes: await selectionChanges(page) }),
    ({ caret, changes }) => ok(caret) && changes > since,
    what,
    5_000,
  );
}

/** The proposals of one delegation (first of their delegations) on the page. */
export async function proposalsOf(page: Page, code: string): Promise<PageProposal[]> {
  return (await pageProposals(page)).filter((p) => p.by.split(" ")[0] === code);
}

/**
 * Clicks into a block's text so that the caret lands at `needle`'s start, end,
 * or `offset` characters into it (`needle` must occur once), and checks that
 * it did land there.
 */
export async function clickInText(page: Page, blockId: string, needle: string, where: "start" | "end" | number = "end"): Promise<number> {
  const at = await page.evaluate(([id, text]) => (window as unknown as TestWindow).accordTest.find(id, text), [blockId, needle] as const);
  const offset = at + (where === "start" ? 0 : where === "end" ? needle.length : where);
  const point = await page.evaluate(([id, o]) => (window as unknown as TestWindow).accordTest.pointAt(id, o), [blockId, offset] as const);
  const since = await selectionChanges(page);
  await page.mouse.click(point.x, point.y);
  await selectionSettled(page, since, (c) => c?.blockId === blockId && c.offset === offset && c.selected === "", `the caret at ${offset} in ${blockId} after a click`);
  return offset;
}

/** Selects `needle` (occurring once) in a block's text: a click at its start, a shift-click at its end; checks the selection. */
export async function selectText(page: Page, blockId: string, needle: string): Promise<void> {
  const at = await clickInText(page, blockId, needle, "start");
  const end = await page.evaluate(([id, o]) => (window as unknown as TestWindow).accordTest.pointAt(id, o), [blockId, at + needle.length] as const);
  const since = await selectionChanges(page);
  await page.keyboard.down("Shift");
  await page.mouse.click(end.x, end.y);
  await page.keyboard.up("Shift");
  await selectionSettled(page, since, (c) => c?.blockId === blockId && c.selected === needle, `“${needle}” selected in ${blockId}`);
}

/** Closes every notice on the page, one by one as a person would. */
export async function dismissNotices(page: Page): Promise<void> {
  const close = page.locator(".notices .notice-close");
  while ((await close.count()) > 0) await close.first().click();
}

/** The texts of the error notices shown on the page. */
export function errorNotices(page: Page): Promise<string[]> {
  return page.locator(".notices .notice-error .notice-text").allTextContents();
}

// ── Reading the server ──────────────────────────────────────────────────────

/** The document's blocks as the server has them now (`GET …/content`), as ProseMirror JSON. */
export async function serverBlocks(room: Room, documentId: string, token: string): Promise<BlockJSON[]> {
  const answer = await fetch(`${room.url}/api/documents/${encodeURIComponent(documentId)}/content`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`GET content answered ${answer.status}: ${await answer.text()}`);
  const json = (await answer.json()) as { content: { content?: BlockJSON[] } };
  return json.content.content ?? [];
}

/** The text of a block in server JSON: its text nodes joined (footnotes, which the page draws apart, left out). */
export function jsonText(block: BlockJSON): string {
  return (block.content ?? []).map((child) => (child.type === "text" ? (child.text ?? "") : "")).join("");
}

/** A block's attribute as a string. */
export const attr = (block: BlockJSON, name: string): string => String(block.attrs?.[name] ?? "");

/** The blocks of server JSON in the shape the page reports them (id, status, text), for comparing the two. */
export function serverView(blocks: readonly BlockJSON[]): { id: string; status: string; text: string }[] {
  return blocks.map((block) => ({ id: attr(block, "id"), status: attr(block, "status"), text: jsonText(block) }));
}

/** The page's blocks in the same shape as `serverView`. */
export async function pageView(page: Page): Promise<{ id: string; status: string; text: string }[]> {
  return (await pageBlocks(page)).map(({ id, status, text }) => ({ id, status, text }));
}

/** Every block with delegation `code`'s own proposals taken out (`stripDelegation`, the server's trust rule), by block id. */
export function withoutProposalsOf(blocks: readonly BlockJSON[], code: string): Record<string, string | null> {
  return Object.fromEntries(blocks.map((block) => [attr(block, "id"), stripDelegation(block, code)]));
}

/** Bracketed proposals in server JSON: id → delegations, operations, state and text, in document order. */
export function serverProposals(blocks: readonly BlockJSON[]): Map<string, { by: string; ops: string; state: string; text: string; blockId: string }> {
  const found = new Map<string, { by: string; ops: string[]; state: string; text: string; blockId: string }>();
  for (const block of blocks) {
    for (const child of block.content ?? []) {
      for (const mark of child.marks ?? []) {
        if (mark.type !== "proposal") continue;
        const id = String(mark.attrs?.id);
        const entry = found.get(id) ?? { by: ((mark.attrs?.by as string[]) ?? []).join(" "), ops: [], state: String(mark.attrs?.state), text: "", blockId: attr(block, "id") };
        const op = String(mark.attrs?.op);
        if (!entry.ops.includes(op)) entry.ops.push(op);
        entry.text += child.text ?? "";
        found.set(id, entry);
      }
    }
  }
  return new Map([...found].map(([id, e]) => [id, { ...e, ops: e.ops.join(" ") }]));
}

/** Occurrences of `needle` in the server's document text. */
export function serverCount(blocks: readonly BlockJSON[], needle: string): number {
  return blocks.reduce((n, block) => n + (jsonText(block).split(needle).length - 1), 0);
}

/** `#rrggbb` as a computed CSS colour reads: `rgb(r, g, b)`. */
export function cssRgb(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return `rgb(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)})`;
}
