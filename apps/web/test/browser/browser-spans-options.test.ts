import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { blockSpanFacts, previousBlocks, spanProblems, type SpanBlockJSON } from "@accord/schema";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { blockById, blockWith, pointInText } from "../support/click-type.js";
import { errorNotices, jsonText, openDocument, openRoom, pageBlockText, pageCaret, pageProposals, serverBlocks, serverProposals, TEST_MS, until, type Person, type Room } from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// The structures that run over several blocks, as Chromium draws them from the built app, and typing where the
// parts of a bracket spanning paragraphs meet, and pasting there, by a delegate and the chair at once.

const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../examples/${name}.txt`, import.meta.url)), "utf8");

/** What a block draws: its text as shown (glyphs included), and its bracket glyphs in order, `[`-ones as `open:id:…`, `]`-ones as `close:id:…`. */
function drawn(page: Page, blockId: string): Promise<{ shown: string; glyphs: string[] }> {
  return page.evaluate((id) => {
    const content = document.querySelector(`.accord-block[data-block-id="${CSS.escape(id)}"] > .accord-content`)!;
    const glyphs = [...content.querySelectorAll<HTMLElement>(".accord-bracket")].map((g) => `${g.classList.contains("accord-open") ? "open" : g.classList.contains("accord-close") ? "close" : "decided"}:${g.dataset.proposalId}:${g.textContent}`);
    return { shown: (content.textContent ?? "").replace(/\s+/g, " ").trim(), glyphs };
  }, blockId);
}

/** The option labels a block's gutter shows, and how its text is ruled: the rule's style and the outer options' rules behind it. */
function optionChrome(page: Page, blockId: string): Promise<{ labels: string[]; rule: string; outerRules: number }> {
  return page.evaluate((id) => {
    const block = document.querySelector<HTMLElement>(`.accord-block[data-block-id="${CSS.escape(id)}"]`)!;
    const content = block.querySelector(":scope > .accord-content")!;
    const labels = [...block.querySelectorAll(":scope > .accord-gutter .accord-option-label")].map((l) => l.textContent ?? "");
    const background = getComputedStyle(block).backgroundImage;
    return { labels, rule: getComputedStyle(content).borderLeftStyle, outerRules: background === "none" ? 0 : background.split("linear-gradient").length - 1 };
  }, blockId);
}

/** Pastes `text` where the caret is, as plain text from the clipboard. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (window as unknown as { accordTest: { paste(text: string): boolean } }).accordTest.paste(t), text);
}

/** Types `text` where the caret is. */
async function type(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
}

/**
 * Clicks at `point`, meant to put the caret at the start or the end of a block's text, and clicks again
 * (measured anew) while the caret is elsewhere: the other person's words, arriving between the measuring and
 * the click, can move the text under it (a line they fill pushes the paragraphs after it down). No wait.
 */
async function clickAtEdge(page: Page, point: { x: number; y: number }, blockId: string, where: "start" | "end"): Promise<void> {
  for (let tries = 0; ; tries++) {
    await page.mouse.click(point.x, point.y);
    const [caret, length] = await Promise.all([pageCaret(page), pageBlockText(page, blockId).then((t) => t.length)]);
    const offset = where === "start" ? 0 : length;
    if ((caret?.blockId === blockId && caret.offset === offset && !caret.selected) || tries === 3) return;
    point = await pointInText(page, blockId, offset);
  }
}

/**
 * The point that puts the caret at `offset` in a block's text, measured until two measures a frame apart
 * agree: a page just opened may still be moving its text (its scroll settling) when first measured.
 */
async function settledPoint(page: Page, blockId: string, offset: number): Promise<{ x: number; y: number }> {
  let point = await pointInText(page, blockId, offset);
  for (let tries = 0; tries < 50; tries++) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const again = await pointInText(page, blockId, offset);
    if (again.x === point.x && again.y === point.y) return point;
    point = again;
  }
  throw new Error(`the text of ${blockId} never stopped moving`);
}

describeWebApp("brackets spanning paragraphs and option blocks in Chromium", () => {
  let room: Room;
  let chairToken: string;
  let chair: Person;
  let brazil: Person;

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("spans", example("unfccc-spanning-brackets"));
    await room.t.create("options", example("unfccc-option-blocks"));
    await room.t.create("typing", example("unfccc-spanning-brackets"));
    await room.t.create("pasting", example("unfccc-spanning-brackets"));
    await room.t.create("enter", example("unfccc-spanning-brackets"));
    await room.t.create("enter-twice", example("unfccc-spanning-brackets"));
    for (const id of ["spans", "options", "typing", "pasting", "enter", "enter-twice"]) {
      chairToken = await room.member("chair", id, "chair");
      await room.member("brazil", id, "delegate", "BRA");
    }
    chair = await room.signIn("chair");
    brazil = await room.signIn("brazil");
  });
  afterAll(async () => room?.close());

  // Invariant: a span reads as one bracket: `[` and its tag where its first part begins, `]` and what follows it
  // where its last part ends, and the parts between in the proposal's colour and underline, without brackets.
  it("draws a bracket spanning paragraphs as one bracket", async () => {
    await openDocument(brazil, "spans");
    const page = brazil.page;
    const [first, middle, last] = [await blockWith(page, "Parties shall communicate"), await blockWith(page, "every five years"), await blockWith(page, "public registry")];
    expect(await drawn(page, first)).toEqual({ shown: "[Group of 77 and China: Parties shall communicate their contributions", glyphs: ["open:b1:[Group of 77 and China: "] });
    expect(await drawn(page, middle)).toEqual({ shown: "every five years, informed by the outcome of the global stocktake;", glyphs: [] });
    expect(await drawn(page, last)).toEqual({ shown: "the secretariat shall keep a public registry of the contributions.]", glyphs: ["close:b3:]"] });
    // The positions written after the last part's `]`, there only.
    const [opened, closed] = [await blockWith(page, "Noting that"), await blockWith(page, "in line with the best")];
    expect((await drawn(page, opened)).glyphs).toEqual(["open:b5:[Alliance of Small Island States: "]);
    expect((await drawn(page, closed)).glyphs).toEqual(["close:b6:] (US: delete)"]);
    // Every part is drawn as the proposal: the same colour, underlined as an insertion.
    const parts = (await pageProposals(page)).filter((p) => [first, middle, last].includes(p.blockId));
    expect(parts.map((p) => p.blockId)).toEqual([first, middle, last]);
    expect(new Set(parts.map((p) => p.colour)).size).toBe(1);
    expect(parts.every((p) => p.underlined)).toBe(true);
    expect(brazil.errors).toEqual([]);
  }, TEST_MS);

  // Invariant: an option's label stands once, on its first block (a nested option's with it when both begin
  // there); every block of an option is ruled, and the blocks of a nested one show the rules of those around it.
  it("draws an option's label once, on its first block, and rules every block of it", async () => {
    await openDocument(chair, "options");
    const page = chair.page;
    const at = async (needle: string) => optionChrome(page, await blockWith(page, needle));
    expect(await at("every five years in accordance")).toEqual({ labels: ["Option 1:"], rule: "double", outerRules: 0 });
    expect(await at("every ten years")).toEqual({ labels: ["Option 2:"], rule: "double", outerRules: 0 });
    expect(await at("take the lead by undertaking")).toEqual({ labels: ["Option 1:", "Option 1A:"], rule: "double", outerRules: 1 });
    expect(await at("continue taking the lead")).toEqual({ labels: ["Option 1B:"], rule: "double", outerRules: 1 });
    expect(await at("continue enhancing their mitigation")).toEqual({ labels: ["Option 2:"], rule: "double", outerRules: 0 });
    expect(await at("move over time towards")).toEqual({ labels: [], rule: "double", outerRules: 0 });
    expect(await at("Each Party shall account")).toEqual({ labels: [], rule: "none", outerRules: 0 });
    expect(chair.errors).toEqual([]);
  }, TEST_MS);

  /** The words of each round: a delegate's and the chair's, each at the start or the end of a part's paragraph. */
  type Round = { delegate: { block: "first" | "middle" | "last"; where: "start" | "end"; words: string }; chair: { block: "first" | "middle" | "last"; where: "start" | "end"; words: string } };

  /**
   * The rounds of `atMeetingPlaces`, the delegate's words starting with `d`, the chair's with `c`: every
   * meeting place of the span b1 is used, by each person at the end of 4. and one place after it. Never both
   * at one place: concurrent insertions there with different brackets are merged by Yjs formatting, which
   * once gave the chair's words the delegate's bracket and once had the delegate's next update refused
   * ("changes another delegation's proposal") — left to be looked into.
   */
  function schedule(d: string, c: string): Round[] {
    return [
      { delegate: { block: "last", where: "start", words: `${d}q ` }, chair: { block: "first", where: "end", words: ` ${c}x` } },
      { delegate: { block: "first", where: "end", words: ` ${d}w` }, chair: { block: "last", where: "start", words: `${c}y ` } },
      { delegate: { block: "middle", where: "start", words: `${d}z ` }, chair: { block: "first", where: "end", words: ` ${c}v` } },
      { delegate: { block: "first", where: "end", words: ` ${d}u` }, chair: { block: "middle", where: "end", words: ` ${c}z` } },
    ];
  }

  /**
   * Brazil (a delegate) and the chair, on document `id`, each click where the parts of the span b1 meet and
   * `act` there (type, paste) at once, with no wait, round by round; then the words stand where they were
   * put, inside the bracket — Brazil's as its own proposals in the part — the server refused nothing and the
   * span is still sound and drawn as one bracket.
   */
  async function atMeetingPlaces(id: string, rounds: readonly Round[], act: (page: Page, words: string) => Promise<void>): Promise<void> {
    await openDocument(brazil, id);
    await openDocument(chair, id);
    const ids = { first: await blockWith(chair.page, "Parties shall communicate"), middle: await blockWith(chair.page, "every five years"), last: await blockWith(chair.page, "public registry") };
    const server = () => serverBlocks(room, id, chairToken);
    const start = await server();
    const existing = new Set(serverProposals(start).keys());
    const text = (blocks: typeof start, key: keyof typeof ids) => jsonText(blockById(blocks, ids[key]));
    // Both pages show every word put so far: the places are measured on the text the server has.
    const caughtUp = async (blocks: typeof start) => {
      for (const person of [brazil, chair]) {
        for (const key of ["first", "middle", "last"] as const) await until(() => pageBlockText(person.page, ids[key]), (shown) => shown === text(blocks, key), `${person.username}'s page up to date with the server's ${JSON.stringify(text(blocks, key))}`);
      }
    };
    for (const round of rounds) {
      await caughtUp(await server());
      const points = await Promise.all(
        ([[brazil, round.delegate], [chair, round.chair]] as const).map(async ([person, { block, where }]) => {
          const offset = where === "start" ? 0 : (await pageBlockText(person.page, ids[block])).length;
          return settledPoint(person.page, ids[block], offset);
        }),
      );
      await Promise.all(
        ([[brazil, round.delegate, points[0]!], [chair, round.chair, points[1]!]] as const).map(async ([person, { block, where, words }, point]) => {
          await clickAtEdge(person.page, point, ids[block], where);
          await act(person.page, words);
        }),
      );
      // Every keystroke of the round, spaces included, before the next round reads the server: a space typed
      // last reaches it a frame after the word before it, and a read taken in between is a text neither page
      // will ever show again (the next round's caught-up check would wait for it in vain).
      await until(server, (blocks) => [round.delegate, round.chair].every(({ block, words }) => text(blocks, block).includes(words)), `the words of the round ${JSON.stringify(round)}, spaces included, on the server`);
    }
    const blocks = await until(server, (b) => rounds.every((r) => [r.delegate, r.chair].every(({ block, words }) => text(b, block).includes(words))), "every word, spaces included, on the server");
    // Each word where it was put: at the start or the end of its paragraph's text, in either order where both put words at one place.
    for (const key of ["first", "middle", "last"] as const) {
      const put = rounds.flatMap((r) => [r.delegate, r.chair]).filter((w) => w.block === key);
      const [starts, ends] = [put.filter((w) => w.where === "start"), put.filter((w) => w.where === "end")];
      const shown = text(blocks, key);
      expect(shown.length, key).toBe(text(start, key).length + put.reduce((n, w) => n + w.words.length, 0));
      const core = shown.indexOf(text(start, key));
      expect(core, `${key}: its text still whole`).toBeGreaterThanOrEqual(0);
      expect(starts.every((w) => shown.slice(0, core).includes(w.words)) && ends.every((w) => shown.slice(core).includes(w.words)), `${key}: ${shown}`).toBe(true);
    }
    // Brazil's words are its own proposals, nested in the part (which carries the span), never outside it.
    const mine = [...serverProposals(blocks)].filter(([pid, p]) => !existing.has(pid) && p.by === "BRA");
    // (Words put right after its own proposal's end join it: consecutive typing is one bracket.)
    expect(mine.flatMap(([, p]) => p.text.trim().split(/\s+/)).sort()).toEqual(rounds.map((r) => r.delegate.words.trim()).sort());
    const spanOf = (blockKey: keyof typeof ids, needle: string) => {
      const child = (blockById(blocks, ids[blockKey]).content ?? []).find((c) => (c.text ?? "").includes(needle))!;
      return (child.marks ?? []).map((m) => String(m.attrs?.span ?? "")).filter(Boolean);
    };
    for (const { block, words } of rounds.flatMap((r) => [r.delegate, r.chair])) expect(spanOf(block, words.trim()), words).toEqual(["b1"]);
    // The span is still sound on the server: no part left not meeting the next.
    const facts = blocks.flatMap((block, index) => blockSpanFacts(block as SpanBlockJSON, index));
    expect(spanProblems(facts)).toEqual([]);
    // No refusal on either page, and both pages show the server's words.
    expect(await errorNotices(brazil.page)).toEqual([]);
    expect(await errorNotices(chair.page)).toEqual([]);
    for (const person of [brazil, chair]) {
      for (const key of ["first", "middle", "last"] as const) await until(() => pageBlockText(person.page, ids[key]), (shown) => shown === text(blocks, key), `${person.username}'s page`);
      // The span's glyphs as before (the parts b1, b2, b3); Brazil's words in the parts are brackets of their own.
      const spanGlyphs = async (key: keyof typeof ids) => (await drawn(person.page, ids[key])).glyphs.filter((g) => /^\w+:b[123]:/.test(g));
      expect([await spanGlyphs("first"), await spanGlyphs("middle"), await spanGlyphs("last")]).toEqual([["open:b1:[Group of 77 and China: "], [], ["close:b3:]"]]);
    }
    expect([...brazil.errors, ...chair.errors]).toEqual([]);
  }

  // Invariant: a delegate and the chair who click where the parts of a span meet and type at once, with no
  // wait, are both accepted by the server (no refusal), their words stand where they typed them, inside the
  // bracket — the delegate's as its own proposal in the part — and the span is still one bracket.
  it("takes a delegate's and the chair's typing, at once, where the parts of a span meet", async () => {
    await atMeetingPlaces("typing", schedule("B", "C"), type);
  }, TEST_MS);

  // Invariant: the chair's Enter inside a bracket, pressed in Chromium, makes it one bracket spanning the two
  // paragraphs — on the server a second part of one sound span, drawn with one `[` and one `]` — and Backspace at
  // the new paragraph's start joins it back into the bracket it was; nothing refused, no word lost. (ProseMirror's
  // own Enter left one proposal id in two paragraphs, which readers split into two unrelated brackets.)
  /** Opens `documentId` as the chair and puts the caret inside the EU's bracket of `7.` (in `accordance`), clicking until it is there. */
  async function caretInBracket(documentId: string) {
    await openDocument(chair, documentId);
    const page = chair.page;
    const id = await blockWith(page, "Parties shall account for");
    const server = () => serverBlocks(room, documentId, chairToken);
    const before = await server();
    const original = jsonText(blockById(before, id));
    const offset = original.indexOf("accordance") + 3;
    for (let tries = 0; ; tries++) {
      const point = await settledPoint(page, id, offset);
      await page.mouse.click(point.x, point.y);
      const caret = await pageCaret(page);
      if ((caret?.blockId === id && caret.offset === offset && !caret.selected) || tries === 3) break;
    }
    return { page, id, server, before, original, offset };
  }

  it("makes a bracket the chair splits with Enter one bracket spanning both paragraphs, and Backspace joins it back", async () => {
    const { page, id, server, before, original, offset } = await caretInBracket("enter");
    await page.keyboard.press("Enter");
    await type(page, "Zq ");
    const split = await until(server, (blocks) => blocks.some((b) => jsonText(b).startsWith("Zq ")), "the new paragraph on the server");
    const index = split.findIndex((b) => b.attrs?.id === id);
    const [head, tail] = [split[index]!, split[index + 1]!];
    expect([jsonText(head), jsonText(tail)]).toEqual([original.slice(0, offset), `Zq ${original.slice(offset)}`]);
    const part = (child: (typeof head.content & object)[number]) => (child.marks ?? []).filter((m) => m.type === "proposal").map((m) => ({ id: String(m.attrs?.id), span: String(m.attrs?.span) }));
    expect(part(head.content!.at(-1)!)).toEqual([{ id: "b4", span: "b4" }]);
    // The words typed and the rest of the bracket in one part of the span (the full stop after it stays outside).
    expect(tail.content![0]!.text).toBe("Zq ordance with decision 4/CMA.1");
    const [tailPart] = part(tail.content![0]!);
    expect(tailPart!.span).toBe("b4");
    expect(tailPart!.id).not.toBe("b4");
    expect(spanProblems(split.flatMap((block, i) => blockSpanFacts(block as SpanBlockJSON, i)))).toEqual([]);
    const tailId = String(tail.attrs?.id);
    await until(() => drawn(page, tailId), (d) => d.glyphs.length > 0, "the new paragraph drawn");
    expect((await drawn(page, id)).glyphs).toEqual([expect.stringMatching(/^open:b4:\[/)]);
    expect((await drawn(page, tailId)).glyphs).toEqual([expect.stringMatching(/^close:/)]);

    // The typed words out again, and the paragraphs joined: the bracket is b4 alone, as it was.
    for (let k = 0; k < 4; k++) await page.keyboard.press("Backspace");
    const joined = await until(server, (blocks) => blocks.length === before.length && jsonText(blockById(blocks, id)) === original, "the paragraphs joined on the server");
    expect([...serverProposals(joined).keys()].sort()).toEqual([...serverProposals(before).keys()].sort());
    expect(blockById(joined, id)).toEqual(blockById(before, id));

    // Enter at the end of a paragraph makes a paragraph (ProseMirror's own made a heading, the schema's first block type).
    await clickAtEdge(page, await settledPoint(page, id, original.length), id, "end");
    await page.keyboard.press("Enter");
    await type(page, "Zz");
    const after = await until(server, (blocks) => blocks.some((b) => jsonText(b) === "Zz"), "the paragraph typed after Enter on the server");
    expect(after[after.findIndex((b) => b.attrs?.id === id) + 1]!.type).toBe("paragraph");
    expect(await errorNotices(page)).toEqual([]);
    expect(chair.errors).toEqual([]);
  }, TEST_MS);

  // Invariant: Enter pressed twice inside a bracket leaves an empty paragraph between the two parts, which breaks
  // nothing: on the server the span is sound with it, the page draws one `[` and one `]` across it, and words typed
  // into it are a part of the span.
  it("keeps a bracket whole through Enter pressed twice inside it, and takes the words typed in the empty paragraph into it", async () => {
    const { page, id, server, before, original, offset } = await caretInBracket("enter-twice");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    const facts = (blocks: readonly SpanBlockJSON[]) => {
      const previous = previousBlocks(blocks);
      return blocks.flatMap((block, i) => blockSpanFacts(block, i, previous[i]));
    };
    const split = await until(server, (blocks) => blocks.length === before.length + 2, "the two paragraphs on the server");
    const index = split.findIndex((b) => b.attrs?.id === id);
    expect(split[index + 1]!.content ?? []).toEqual([]);
    expect(spanProblems(facts(split as SpanBlockJSON[]))).toEqual([]);
    expect(facts(split as SpanBlockJSON[]).filter((f) => f.span === "b4").map((f) => f.block)).toEqual([index, index + 2]);
    const emptyId = String(split[index + 1]!.attrs?.id);
    const tailId = String(split[index + 2]!.attrs?.id);
    await until(() => drawn(page, tailId), (d) => d.glyphs.length > 0, "the last part drawn");
    expect((await drawn(page, id)).glyphs).toEqual([expect.stringMatching(/^open:b4:\[/)]);
    expect((await drawn(page, tailId)).glyphs).toEqual([expect.stringMatching(/^close:/)]);

    // The cursor is at the start of the last part; the empty paragraph is just above it.
    await page.keyboard.press("ArrowLeft");
    await type(page, "Zq");
    const typed = await until(server, (blocks) => jsonText(blockById(blocks, emptyId)) === "Zq", "the words in the empty paragraph on the server");
    expect(spanProblems(facts(typed as SpanBlockJSON[]))).toEqual([]);
    expect(facts(typed as SpanBlockJSON[]).filter((f) => f.span === "b4").map((f) => f.block)).toEqual([index, index + 1, index + 2]);
    expect(await errorNotices(page)).toEqual([]);
    expect(chair.errors).toEqual([]);
  }, TEST_MS);

  // Invariant: the same for pasting: a paste at a meeting place, by a delegate and the chair at once, goes
  // inside the bracket; the server takes both and the span stays sound (without the chair's re-marking, the
  // server refused its paste: the span left broken).
  it("takes a delegate's and the chair's pastes, at once, where the parts of a span meet", async () => {
    await atMeetingPlaces("pasting", schedule("P", "Q"), paste);
  }, TEST_MS);
});
