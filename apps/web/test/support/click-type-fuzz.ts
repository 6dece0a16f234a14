import { Random } from "@accord/schema/generate";
import type { BlockJSON } from "@accord/schema";
import type { Page } from "playwright-core";
import { attr, dismissNotices, errorNotices, jsonText, pageView, serverBlocks, serverView, until, type Room } from "./room.js";

// A seeded fuzz of "click, then act at once": a person clicks somewhere in
// the text — inside a bracket or at either of its edges, on a struck word, a
// bracket's glyph, a label, a badge, a footnote marker, a heading, a locked
// paragraph — and types a word, presses Space, Backspace, Delete or Enter,
// or pastes, with no pause in between. The oracle is the server's document:
// what was typed stands at the offset clicked (read from the page's own hit
// test before the click), as the typist's own proposal (a delegate) or the
// chair's edit; nothing else changed, no delegation was attached to a
// proposal it did not make, nothing was decided; where the trust rule
// forbids the edit, nothing changes and the refusal names the real reason.

/** What a case does after its click. */
export type CaseAction = "type" | "space" | "backspace" | "delete" | "enter" | "paste";

/** Where a case clicks: a character boundary of a block's text, or a piece of chrome drawn in a block. */
export type CaseTarget =
  | { readonly kind: "text"; readonly blockId: string; readonly offset: number }
  | { readonly kind: "chrome"; readonly blockId: string; readonly chrome: ChromeKind; readonly index: number };

/** The chrome a case may click: bracket glyphs (with their tags), labels, status badges, footnote markers. */
export type ChromeKind = "bracket" | "label" | "badge" | "footnote";

/** One case, as a seed and its number reproduce it. */
export interface ClickCase {
  readonly number: number;
  readonly target: CaseTarget;
  readonly action: CaseAction;
  /** The word typed or pasted (unique in the document). */
  readonly word: string;
}

/** Who acts: a delegate (its delegation code) or the chair. */
export type Actor = { readonly role: "delegate"; readonly code: string } | { readonly role: "chair" };

/** A block as the page offers it to click. */
interface PageTargetBlock {
  readonly id: string;
  readonly length: number;
  /** Offsets of bracket edges and footnote markers in the block's text. */
  readonly edges: number[];
  readonly chrome: Record<ChromeKind, number>;
}

/** The page-side helpers (plain JavaScript: see page-helpers.ts on why). */
const FUZZ_SCRIPT = String.raw`
(() => {
  if (window.accordClickType) return;
  const CHROME = {
    bracket: ":scope .accord-bracket[data-proposal-id]",
    label: ":scope > .accord-gutter .accord-label",
    badge: ":scope > .accord-aside .accord-badge",
    footnote: ":scope .accord-fn",
  };
  function editableText(node, content) {
    for (let el = node.parentElement; el && el !== content; el = el.parentElement) {
      if (el.getAttribute("contenteditable") === "false") return false;
    }
    return true;
  }
  function textNodes(content) {
    const nodes = [];
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (editableText(node, content)) nodes.push(node);
    return nodes;
  }
  // The offset in the block's text of a DOM point (text outside the document's text counted as nothing).
  function offsetIn(content, node, offset) {
    const range = document.createRange();
    range.setStart(content, 0);
    try { range.setEnd(node, offset); } catch (e) { return -1; }
    let total = 0;
    for (const text of textNodes(content)) {
      if (text === node) return total + offset;
      const after = document.createRange();
      after.selectNodeContents(text);
      if (range.compareBoundaryPoints(Range.END_TO_END, after) >= 0) total += text.data.length;
      else if (range.compareBoundaryPoints(Range.END_TO_START, after) > 0) total += 0;
    }
    return total;
  }
  function blocks() {
    return [...document.querySelectorAll(".accord-editor .accord-block[data-block-id]:not(.accord-offscreen)")].map((block) => {
      const content = block.querySelector(":scope > .accord-content");
      const edges = new Set();
      if (content) {
        for (const el of content.querySelectorAll(".accord-prop[data-proposal-id], .accord-fn, .accord-bracket")) {
          const start = document.createRange();
          start.setStartBefore(el);
          edges.add(offsetIn(content, start.startContainer, start.startOffset));
          const end = document.createRange();
          end.setStartAfter(el);
          edges.add(offsetIn(content, end.startContainer, end.startOffset));
        }
      }
      const chrome = {};
      for (const [kind, selector] of Object.entries(CHROME)) chrome[kind] = block.querySelectorAll(selector).length;
      return {
        id: block.dataset.blockId,
        length: content ? textNodes(content).reduce((n, t) => n + t.data.length, 0) : 0,
        edges: [...edges].filter((e) => e >= 0),
        chrome,
      };
    });
  }
  function block(id) {
    const el = document.querySelector('.accord-block[data-block-id="' + CSS.escape(id) + '"]');
    if (!el) throw new Error("no block " + id);
    return el;
  }
  function chromePoint(id, kind, index) {
    const el = block(id).querySelectorAll(CHROME[kind])[index];
    if (!el) return null;
    el.scrollIntoView({ block: "center" });
    const rect = [...el.getClientRects()].find((r) => r.width > 0) || el.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }
  // Where the browser puts the caret for a click at (x, y), as a block and an offset in its text.
  function predict(x, y) {
    const range = document.caretRangeFromPoint(x, y);
    if (!range) return null;
    const node = range.startContainer;
    const element = node.nodeType === 1 ? node : node.parentElement;
    const blockEl = element && element.closest(".accord-block[data-block-id]");
    const content = blockEl && blockEl.querySelector(":scope > .accord-content");
    if (!content || !content.contains(node)) return null;
    const inWidget = !(node.nodeType === 3 ? editableText(node, content) : true);
    return { blockId: blockEl.dataset.blockId, offset: offsetIn(content, node, range.startOffset), inWidget };
  }
  // The point for a caret at 'offset' of a block's text; an empty block is clicked at its content's start.
  function textPoint(id, offset) {
    const content = block(id).querySelector(":scope > .accord-content");
    if (content && textNodes(content).every((t) => t.data.length === 0)) {
      content.scrollIntoView({ block: "center" });
      const rect = content.getBoundingClientRect();
      return { x: rect.left + 2, y: rect.top + Math.min(rect.height, 20) / 2 };
    }
    return window.accordTest.pointAt(id, offset);
  }
  function popoverOpen() {
    return document.querySelector(".accord-popover") !== null;
  }
  function focusIsDecision() {
    const active = document.activeElement;
    return !!(active && active.closest && active.closest(".accord-popover") && active.matches("button, select"));
  }
  // Where the press put the caret, read at the press itself (the page may scroll between measuring and clicking).
  let pressedAt = null;
  document.addEventListener("mousedown", (event) => { pressedAt = predict(event.clientX, event.clientY); }, true);
  window.accordClickType = { blocks, chromePoint, textPoint, predict, popoverOpen, focusIsDecision, pressed: () => pressedAt };
})();
`;

type FuzzWindow = {
  accordClickType: {
    blocks(): PageTargetBlock[];
    chromePoint(id: string, kind: ChromeKind, index: number): { x: number; y: number } | null;
    textPoint(id: string, offset: number): { x: number; y: number };
    predict(x: number, y: number): { blockId: string; offset: number; inWidget: boolean } | null;
    popoverOpen(): boolean;
    focusIsDecision(): boolean;
    pressed(): { blockId: string; offset: number; inWidget: boolean } | null;
  };
  accordTest: { pointAt(id: string, offset: number, scroll?: boolean): { x: number; y: number }; paste(text: string): boolean };
};

/** ProseMirror counts a click within 500 ms and 10 px of the last as a double (then triple) click. */
const MULTI_CLICK_MS = 600;
let lastClick: { x: number; y: number; at: number } | null = null;

/** Installs the page-side helpers of the fuzz (once per page load). */
export async function installFuzzHelpers(page: Page): Promise<void> {
  await page.evaluate(FUZZ_SCRIPT);
}

const ACTIONS: readonly CaseAction[] = ["type", "type", "type", "type", "space", "backspace", "delete", "enter", "paste"];

/** The next case: a target drawn from what the page shows now, an action, a unique word. */
export async function nextCase(page: Page, rnd: Random, number: number): Promise<ClickCase> {
  const blocks = await page.evaluate(() => (window as unknown as FuzzWindow).accordClickType.blocks());
  const block = rnd.pick(blocks);
  const chromeKinds = (Object.keys(block.chrome) as ChromeKind[]).filter((k) => block.chrome[k] > 0);
  let target: CaseTarget;
  if (chromeKinds.length && rnd.chance(0.12)) {
    const chrome = rnd.pick(chromeKinds);
    target = { kind: "chrome", blockId: block.id, chrome, index: rnd.int(0, block.chrome[chrome] - 1) };
  } else {
    const edges = [0, block.length, ...block.edges];
    const offset = rnd.chance(0.6) ? rnd.pick(edges) : rnd.int(0, block.length);
    target = { kind: "text", blockId: block.id, offset: Math.max(0, Math.min(block.length, offset)) };
  }
  const action = rnd.pick(ACTIONS);
  return { number, target, action, word: `zq${number.toString(36)}x` };
}

/** The keys or paste a case's action makes, with the text it means to add ("" for none). */
function added(c: ClickCase): string {
  if (c.action === "type" || c.action === "paste") return c.word;
  if (c.action === "space") return " ";
  return "";
}

/** A case's outcome: "" when it went as the oracle says, else what went wrong. */
export interface CaseResult {
  readonly problem: string;
  readonly detail: string;
}

type Proposals = Map<string, { by: string; state: string; ops: string }>;

function proposalsOf(blocks: readonly BlockJSON[]): Proposals {
  const found: Proposals = new Map();
  for (const block of blocks) {
    for (const child of block.content ?? []) {
      for (const mark of child.marks ?? []) {
        if (mark.type !== "proposal") continue;
        const id = String(mark.attrs?.id);
        const entry = found.get(id) ?? { by: ((mark.attrs?.by as string[]) ?? []).join(" "), state: String(mark.attrs?.state), ops: "" };
        if (!entry.ops.split(" ").includes(String(mark.attrs?.op))) entry.ops = `${entry.ops} ${String(mark.attrs?.op)}`.trim();
        found.set(id, entry);
      }
    }
    const by = (block.attrs?.proposedBy as string[] | undefined) ?? [];
    if (by.length) found.set(`paragraph:${attr(block, "id")}`, { by: by.join(" "), state: attr(block, "proposalState"), ops: "paragraph" });
  }
  return found;
}

/** The proposal marks of the characters `from`–`to` of a block's text (footnotes skipped), per character. */
function marksOfRange(block: BlockJSON, from: number, to: number): { id: string; by: string[]; op: string }[][] {
  const result: { id: string; by: string[]; op: string }[][] = [];
  let at = 0;
  for (const child of block.content ?? []) {
    if (child.type !== "text") continue;
    const text = child.text ?? "";
    for (let i = 0; i < text.length; i++, at++) {
      if (at >= from && at < to) {
        result.push((child.marks ?? []).filter((m) => m.type === "proposal").map((m) => ({ id: String(m.attrs?.id), by: (m.attrs?.by as string[]) ?? [], op: String(m.attrs?.op) })));
      }
    }
  }
  return result;
}

/** Whether a footnote stands at this text offset of a block (a key there may act on it rather than text). */
function footnoteAt(block: BlockJSON, offset: number): boolean {
  let at = 0;
  for (const child of block.content ?? []) {
    if (child.type === "footnote" && at === offset) return true;
    if (child.type === "text") at += (child.text ?? "").length;
  }
  return false;
}

/** Why a delegate may not edit this block at all, as the refusal must say it (a pattern), or null. */
function closedBecause(block: BlockJSON, code: string): RegExp | null {
  if (block.type === "heading") return /delegates cannot change headings/;
  if (attr(block, "status") !== "open") return /is .+ and locked/;
  const by = (block.attrs?.proposedBy as string[] | undefined) ?? [];
  const state = attr(block, "proposalState");
  if (by[0] === code && state !== "open" && state !== "accepted") return /can no longer be changed/;
  return null;
}

/** Waits until the page shows what the server has and every change is acknowledged; returns the server's blocks. */
async function settled(room: Room, page: Page, documentId: string, token: string): Promise<BlockJSON[]> {
  await page.locator('.document-header .connection[data-sync="connected"]').waitFor();
  const shown = JSON.stringify(await pageView(page));
  return until(() => serverBlocks(room, documentId, token), (blocks) => JSON.stringify(serverView(blocks)) === shown, "the server has the page's document", 10_000);
}

/**
 * Runs one case on `page` against the server's document `before` (as the
 * page shows it, settled): clicks, acts at once, waits for the outcome and
 * judges it. Returns the problem found, if any, and the server's blocks after.
 */
export async function runCase(room: Room, page: Page, documentId: string, token: string, actor: Actor, c: ClickCase, before: BlockJSON[]): Promise<{ result: CaseResult; after: BlockJSON[] }> {
  const helpers = () => (window as unknown as FuzzWindow).accordClickType;
  void helpers;
  const point =
    c.target.kind === "text"
      ? await page.evaluate(([id, o]) => (window as unknown as FuzzWindow).accordClickType.textPoint(id, o), [c.target.blockId, c.target.offset] as const)
      : await page.evaluate(([id, k, i]) => (window as unknown as FuzzWindow).accordClickType.chromePoint(id, k as ChromeKind, i), [c.target.blockId, c.target.chrome, c.target.index] as const);
  if (!point) return { result: { problem: "", detail: "target gone" }, after: before };
  const popoverBefore = await page.evaluate(() => (window as unknown as FuzzWindow).accordClickType.popoverOpen());
  if (popoverBefore) await page.keyboard.press("Escape");

  // A click near the last one within half a second is a double or triple click to ProseMirror (its own count,
  // which selects a word or the paragraph): a person's single clicks at one spot come slower.
  const wait = lastClick && Math.hypot(lastClick.x - point.x, lastClick.y - point.y) < 12 ? MULTI_CLICK_MS - (Date.now() - lastClick.at) : 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  // The click and the action, at once.
  await page.mouse.click(point.x, point.y);
  lastClick = { ...point, at: Date.now() };
  switch (c.action) {
    case "type":
      await page.keyboard.type(c.word);
      break;
    case "space":
      await page.keyboard.press("Space");
      break;
    case "backspace":
      await page.keyboard.press("Backspace");
      break;
    case "delete":
      await page.keyboard.press("Delete");
      break;
    case "enter":
      await page.keyboard.press("Enter");
      break;
    case "paste":
      await page.evaluate((w) => (window as unknown as FuzzWindow).accordTest.paste(w), c.word);
      break;
  }
  // The browser's own hit test at the press: where the click put the caret.
  const predicted = await page.evaluate(() => (window as unknown as FuzzWindow).accordClickType.pressed());
  const decisionFocused = await page.evaluate(() => (window as unknown as FuzzWindow).accordClickType.focusIsDecision());
  const focus = await page.evaluate(() => {
    const active = document.activeElement;
    const selection = document.getSelection();
    const where = selection?.focusNode?.parentElement?.closest(".accord-block[data-block-id]") as HTMLElement | null | undefined;
    return `${active?.className ?? "none"} / caret in ${where?.dataset.blockId ?? "none"}`;
  });
  const popover = await page.evaluate(() => (window as unknown as FuzzWindow).accordClickType.popoverOpen());
  // Let a refusal be shown and every change reach the server.
  await new Promise((resolve) => setTimeout(resolve, 60));
  const after = await settled(room, page, documentId, token);
  const notices = await errorNotices(page);
  if (notices.length) await dismissNotices(page);
  if (popover) await page.keyboard.press("Escape");
  const result = judge(actor, c, predicted, before, after, notices, decisionFocused, popover);
  return { result: result.problem ? { ...result, detail: `${result.detail} [predicted ${JSON.stringify(predicted)}; focus ${focus}]` } : result, after };
}

function textsOf(blocks: readonly BlockJSON[]): Map<string, string> {
  return new Map(blocks.map((b) => [attr(b, "id"), jsonText(b)]));
}

/** The oracle (see the top of this file). */
export function judge(
  actor: Actor,
  c: ClickCase,
  predicted: { blockId: string; offset: number; inWidget: boolean } | null,
  before: BlockJSON[],
  after: BlockJSON[],
  notices: string[],
  decisionFocused: boolean,
  popoverOpened = false,
): CaseResult {
  const fail = (problem: string, detail = ""): CaseResult => ({ problem, detail });
  if (decisionFocused) return fail("the focus is on a decision button after the click");
  const beforeProposals = proposalsOf(before);
  const afterProposals = proposalsOf(after);
  // Nothing decided, no delegation attached to a proposal it did not make.
  for (const [id, was] of beforeProposals) {
    const now = afterProposals.get(id);
    if (!now) {
      if (actor.role === "delegate" && !was.by.startsWith(actor.code)) return fail(`proposal ${id} (${was.by}) disappeared`);
      continue;
    }
    if (now.by !== was.by) return fail(`proposal ${id} changed its delegations: ${was.by} → ${now.by}`);
    if (now.state !== was.state) return fail(`proposal ${id} changed its state: ${was.state} → ${now.state}`);
  }
  const textsBefore = textsOf(before);
  const textsAfter = textsOf(after);
  const changedIds = [...new Set([...textsBefore.keys(), ...textsAfter.keys()])].filter((id) => textsBefore.get(id) !== textsAfter.get(id));
  const blockIds = (bs: readonly BlockJSON[]) => bs.map((b) => attr(b, "id")).join(",");
  const structureChanged = blockIds(before) !== blockIds(after);
  const sameAttrs = (a: BlockJSON, b: BlockJSON) => JSON.stringify(a.attrs) === JSON.stringify(b.attrs);
  const allText = (bs: readonly BlockJSON[]) => bs.map(jsonText).join("");
  if (actor.role === "chair" && structureChanged && (c.action === "enter" || c.action === "backspace" || c.action === "delete")) {
    // The chair splits a block (Enter) or joins two (Backspace at a start, Delete at an end): all text stays, in order.
    return allText(before) === allText(after) ? fail("") : fail("the chair's split or join lost text", `${allText(before).length} → ${allText(after).length} characters`);
  }
  for (const block of before) {
    const other = after.find((b) => attr(b, "id") === attr(block, "id"));
    if (other && !sameAttrs(block, other)) return fail(`block ${attr(block, "id")} changed its attributes`);
  }
  const onText = c.target.kind === "text" && predicted !== null && !predicted.inWidget && predicted.blockId === c.target.blockId;
  const where = predicted ? before.find((b) => attr(b, "id") === predicted.blockId) : undefined;
  const unchanged = !changedIds.length && !structureChanged;
  const text = added(c);
  // The click fell on a bracket's glyph at the text's edge and opened its panel, which has the focus: the keys
  // went to the panel and did nothing (above: nothing decided, the focus on no decision button).
  if (popoverOpened && unchanged) return fail("");

  if (c.target.kind === "chrome" || !onText || !where || !predicted) {
    // A click on chrome: a popover may open (nothing typed then), or the caret goes into the text nearby.
    if (unchanged) return fail("");
    if (structureChanged) return fail("a click on chrome changed the blocks", `${blockIds(before)} → ${blockIds(after)}`);
    if (changedIds.length !== 1) return fail("a click on chrome changed several blocks", changedIds.join(","));
    const id = changedIds[0]!;
    const was = textsBefore.get(id)!;
    const now = textsAfter.get(id)!;
    if (text && now.length === was.length + text.length) {
      const at = [...Array(was.length + 1).keys()].find((i) => now === was.slice(0, i) + text + was.slice(i));
      if (at === undefined) return fail("the typed text landed split or garbled", `${JSON.stringify(was)} → ${JSON.stringify(now)}`);
      return ownership(actor, after, id, at, text.length);
    }
    // Backspace or Delete where the caret stayed (the click did not move it): one character gone (for a
    // delegate only its own, which the proposals' check above and the server's trust rule make sure of).
    if (!text && now.length === was.length - 1) return fail("");
    return fail("a click on chrome changed text unexpectedly", `${JSON.stringify(was)} → ${JSON.stringify(now)}`);
  }

  const id = predicted.blockId;
  const k = predicted.offset;
  const was = textsBefore.get(id)!;
  const closed = actor.role === "delegate" ? closedBecause(where, actor.code) : null;
  const refusal = notices.join(" | ");
  // Backspace at the document's start, Delete at its end: there is nothing to act on, nothing happens.
  const documentEdge =
    (c.action === "backspace" && k === 0 && attr(before[0]!, "id") === id) || (c.action === "delete" && k === was.length && attr(before[before.length - 1]!, "id") === id);
  if (documentEdge && unchanged && !notices.length) return fail("");
  if (closed && (text || c.action === "backspace" || c.action === "delete" || c.action === "enter")) {
    if (!unchanged) return fail(`a delegate changed a closed block ${id}`, changedIds.join(","));
    if (!notices.length) return fail("no refusal shown for a closed block", id);
    if (!closed.test(refusal)) return fail(`the refusal does not name the reason (${closed})`, refusal);
    return fail("");
  }
  if (notices.length && !(actor.role === "delegate" && (c.action === "enter" || c.action === "backspace" || c.action === "delete"))) {
    return fail("an unexpected refusal", refusal);
  }
  if (text) {
    if (structureChanged || changedIds.length !== 1 || changedIds[0] !== id) return fail("the typed text did not land in the clicked block alone", `${changedIds.join(",")} (clicked ${id})`);
    const expected = was.slice(0, k) + text + was.slice(k);
    const now = textsAfter.get(id)!;
    if (now !== expected) return fail("the typed text is not where the caret was", `expected ${JSON.stringify(expected)}, got ${JSON.stringify(now)}`);
    return ownership(actor, after, id, k, text.length);
  }
  if (c.action === "enter") {
    if (actor.role === "delegate") return unchanged ? fail("") : fail("Enter changed the text of a delegate's page", changedIds.join(","));
    // The chair splits the block at the caret: its text up to k, the rest in a new block after it.
    const now = textsAfter.get(id) ?? "";
    const index = after.findIndex((b) => attr(b, "id") === id);
    const next = after[index + 1];
    if (now !== was.slice(0, k) || !next || jsonText(next) !== was.slice(k)) return fail("Enter did not split the block at the caret", `${JSON.stringify(now)} | ${JSON.stringify(next ? jsonText(next) : null)}`);
    return fail("");
  }
  // Backspace / Delete.
  const edge = (c.action === "backspace" && k === 0) || (c.action === "delete" && k === was.length);
  const nearFootnote = footnoteAt(where, k);
  if (edge || nearFootnote) {
    if (actor.role === "delegate" && !unchanged && !nearFootnote) return fail("a delegate's key at a block edge changed the text", changedIds.join(","));
    return fail("");
  }
  const gone = c.action === "backspace" ? k - 1 : k;
  if (structureChanged || changedIds.some((other) => other !== id)) return fail("the key changed another block", changedIds.join(","));
  const now = textsAfter.get(id)!;
  if (actor.role === "chair") {
    if (now !== was.slice(0, gone) + was.slice(gone + 1)) return fail("the chair's key did not delete the character at the caret", `${JSON.stringify(was)} → ${JSON.stringify(now)}`);
    return fail("");
  }
  // A delegate: its own inserted character goes; any other is struck as its deletion (text unchanged).
  const own = marksOfRange(before.find((b) => attr(b, "id") === id)!, gone, gone + 1)[0] ?? [];
  if (now === was) {
    const struck = marksOfRange(after.find((b) => attr(b, "id") === id)!, gone, gone + 1)[0] ?? [];
    if (!struck.some((m) => m.op === "delete" && m.by[0] === actor.code)) return fail("the character at the caret is not struck as the delegate's deletion", JSON.stringify(struck));
    return fail("");
  }
  if (now === was.slice(0, gone) + was.slice(gone + 1) && own.some((m) => m.op === "insert" && m.by[0] === actor.code)) return fail("");
  return fail("a delegate's key removed text that is not its own", `${JSON.stringify(was)} → ${JSON.stringify(now)}`);
}

/** Typed text at `at`–`at + length` of a block: for a delegate, all of it in its own open insertion. */
function ownership(actor: Actor, after: BlockJSON[], id: string, at: number, length: number): CaseResult {
  if (actor.role === "chair") return { problem: "", detail: "" };
  const block = after.find((b) => attr(b, "id") === id)!;
  const by = (block.attrs?.proposedBy as string[] | undefined) ?? [];
  if (by[0] === actor.code && attr(block, "proposalState") === "open") return { problem: "", detail: "" };
  const marks = marksOfRange(block, at, at + length);
  const bad = marks.findIndex((list) => !list.some((m) => m.op === "insert" && m.by[0] === actor.code));
  if (bad >= 0) return { problem: "the typed text is not the delegate's own proposal", detail: JSON.stringify(marks[bad]) };
  return { problem: "", detail: "" };
}

/** Runs `count` cases from `seed` on one page; returns the failures (case, problem, detail). */
export async function fuzz(
  room: Room,
  page: Page,
  documentId: string,
  token: string,
  actor: Actor,
  seed: number,
  count: number,
): Promise<{ failures: { c: ClickCase; result: CaseResult }[]; kinds: Record<string, number> }> {
  await installFuzzHelpers(page);
  const rnd = new Random(seed);
  const failures: { c: ClickCase; result: CaseResult }[] = [];
  const kinds: Record<string, number> = {};
  let before = await settled(room, page, documentId, token);
  for (let n = 0; n < count; n++) {
    const c = await nextCase(page, rnd, n);
    const key = `${c.target.kind === "text" ? "text" : c.target.chrome}/${c.action}`;
    kinds[key] = (kinds[key] ?? 0) + 1;
    const { result, after } = await runCase(room, page, documentId, token, actor, c, before);
    if (result.problem) failures.push({ c, result });
    before = after;
  }
  return { failures, kinds };
}
