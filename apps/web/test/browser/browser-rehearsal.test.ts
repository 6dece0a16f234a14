import type { BlockJSON } from "@accord/schema";
import { afterAll, beforeAll, expect, it } from "vitest";
import { clickInText, errorNotices, openDocument, openRoom, pageCount, pageView, proposalsOf, serverBlocks, serverView, TEST_MS, until, type Person, type Room } from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// The rehearsal of typing (editor/input/rehearsal.ts): after opening a document, a
// page that may type runs the typing path at idle in a copy nobody sees.
// Whatever it typed must stay there — not on the page, not on the server, not
// in the undo history — and typing afterwards works as ever.

const DRAFT = `Title: Rehearsal
---
Objective 1
1. To implement strategies to prevent crime and violence in the region. AGREED INF 04/19/12
2. To develop plans respecting human rights and [Arg: the rule of law], and to report on them each year.
3. To ensure a gender perspective in all programs of cooperation.
4. To strengthen national institutions with the participation of civil society.`;

/** What the rehearsal types and leaves (it deletes the last three characters again): it must never be seen outside it. */
const REHEARSED = " and fur";

describeWebApp("the rehearsal of typing leaves no trace", () => {
  let room: Room;
  let chairToken: string;
  let initial: BlockJSON[];
  let uruguay: Person;
  let chair: Person;
  let observer: Person;

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("rehearsal", DRAFT);
    chairToken = await room.member("chair", "rehearsal", "chair");
    await room.member("uruguay", "rehearsal", "delegate", "URY");
    await room.member("observer", "rehearsal", "observer");
    initial = await serverBlocks(room, "rehearsal", chairToken);
    [uruguay, chair, observer] = await Promise.all([room.signIn("uruguay"), room.signIn("chair"), room.signIn("observer")]);
  });
  afterAll(async () => room?.close());

  const rehearsal = (person: Person) => person.page.locator(".accord-editor-root").getAttribute("data-typing-rehearsal");

  it(
    "types in a copy for a delegate and the chair, never for an observer, and changes nothing anyone sees",
    async () => {
      for (const person of [uruguay, chair, observer]) await openDocument(person, "rehearsal");
      for (const person of [uruguay, chair]) await until(() => rehearsal(person), (kind) => kind === "typed", `${person.username}'s rehearsal typed in its copy`);
      expect(await rehearsal(observer)).toBeNull();

      const initialView = serverView(initial);
      for (const person of [uruguay, chair, observer]) {
        expect(await pageView(person.page)).toEqual(initialView);
        expect(await pageCount(person.page, REHEARSED)).toBe(0);
        expect(await errorNotices(person.page)).toEqual([]);
        expect(person.errors).toEqual([]);
      }
      // Nothing reached the server: what it holds is what was created.
      expect(await serverBlocks(room, "rehearsal", chairToken)).toEqual(initial);
      // Nor the undo history: undoing at once changes nothing.
      await clickInText(uruguay.page, "p3", "all programs", "end");
      await uruguay.page.keyboard.press("Control+z");
      await clickInText(chair.page, "p4", "civil society", "end");
      await chair.page.keyboard.press("Control+z");
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const person of [uruguay, chair]) expect(await pageView(person.page)).toEqual(initialView);
      expect(await serverBlocks(room, "rehearsal", chairToken)).toEqual(initial);
    },
    TEST_MS,
  );

  it(
    "leaves typing as it was: the delegate's characters become its proposal, on every page and on the server",
    async () => {
      await clickInText(uruguay.page, "p3", "of cooperation", "start");
      await uruguay.page.keyboard.type(" jointly");
      await until(() => proposalsOf(uruguay.page, "URY"), (own) => own.some((p) => p.text === " jointly"), "Uruguay's proposal on its page");
      for (const person of [chair, observer]) await until(() => pageCount(person.page, " jointly"), (n) => n === 1, `${person.username} sees the proposal`);
      const server = await until(
        () => serverBlocks(room, "rehearsal", chairToken),
        (blocks) => JSON.stringify(blocks).includes(" jointly"),
        "the server has the proposal",
      );
      expect(JSON.stringify(server)).not.toContain(REHEARSED);
      expect(await errorNotices(uruguay.page)).toEqual([]);
    },
    TEST_MS,
  );
});
