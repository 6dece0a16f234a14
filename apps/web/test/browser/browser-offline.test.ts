import { afterAll, beforeAll, expect, it } from "vitest";
import {
  clickInText,
  errorNotices,
  jsonText,
  openDocument,
  openRoom,
  TEST_MS,
  pageBlockText,
  pageCount,
  pageView,
  proposalsOf,
  serverBlocks,
  serverCount,
  serverProposals,
  serverView,
  until,
  waitForConnection,
  type Person,
  type Room,
} from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// Working offline: a delegate's context loses the network, types on, and its
// proposal reaches the others when the network returns — exactly once, with
// nothing lost either way. And when the server refuses what was typed offline
// (the chair locked the paragraph meanwhile), the page says why and shows the
// server's document again.

const DRAFT = `Title: Offline
---
Objective 3.1
1. To implement strategies to prevent crime and violence in the region. AGREED INF 04/19/12
2. To develop plans respecting human rights, and to report on them each year.
3. To ensure a gender perspective in all programs of cooperation.
4. To promote regional cooperation in training and prevention.`;

describeWebApp("the editor offline and back", () => {
  let room: Room;
  let chairToken: string;
  let uruguay: Person;
  let brazil: Person;
  let chair: Person;

  /** Whether the page would have the browser ask before the tab is closed (a `beforeunload` it cancels). */
  const leavingIsQuestioned = (page: Person["page"]) =>
    page.evaluate(() => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });

  beforeAll(async () => {
    room = await openRoom();
    for (const id of ["offline", "refusal"]) {
      await room.t.create(id, DRAFT);
      chairToken = await room.member("chair", id, "chair");
      await room.member("uruguay", id, "delegate", "URY");
      await room.member("brazil", id, "delegate", "BRA");
    }
    [uruguay, brazil, chair] = await Promise.all([room.signIn("uruguay"), room.signIn("brazil"), room.signIn("chair")]);
  });
  afterAll(async () => room?.close());

  it("keeps what a delegate types offline and delivers it once when the connection returns", async () => {
    for (const person of [uruguay, brazil, chair]) await openDocument(person, "offline");

    await uruguay.context.setOffline(true);
    await waitForConnection(uruguay.page, "offline");
    expect(await uruguay.page.locator(".document-header .connection-label").textContent()).toBe("Offline");

    await clickInText(uruguay.page, "p3", "all programs", "end");
    await uruguay.page.keyboard.type(" worldwide");
    await until(() => proposalsOf(uruguay.page, "URY"), (list) => list.some((p) => p.inserted === " worldwide"), "the offline proposal on Uruguay's page");
    expect(await uruguay.page.locator(".accord-editor-root.accord-readonly").count()).toBe(0);
    // Closing the tab now would lose the proposal: the page asks the browser to confirm.
    expect(await leavingIsQuestioned(uruguay.page)).toBe(true);

    // Meanwhile Brazil proposes online. Once the chair sees that, the server has had every chance to pass Uruguay's on: it did not.
    await clickInText(brazil.page, "p2", "To develop plans", "end");
    await brazil.page.keyboard.type(" jointly");
    for (const person of [brazil, chair]) {
      await until(() => pageCount(person.page, " jointly"), (n) => n === 1, `${person.username} sees Brazil's online proposal`);
      expect(await pageCount(person.page, "worldwide"), `${person.username} before Uruguay is back`).toBe(0);
    }
    const meanwhile = await until(() => serverBlocks(room, "offline", chairToken), (b) => serverCount(b, " jointly") === 1, "Brazil's proposal on the server");
    expect(serverCount(meanwhile, "worldwide")).toBe(0);
    // Uruguay, offline, does not get Brazil's either.
    expect(await pageCount(uruguay.page, "jointly")).toBe(0);
    expect(await uruguay.page.locator(".document-header .connection").getAttribute("data-state")).toBe("offline");

    await uruguay.context.setOffline(false);
    await waitForConnection(uruguay.page, "connected");

    // Everyone ends with both proposals, each exactly once, and the same document as the server.
    const server = await until(
      () => serverBlocks(room, "offline", chairToken),
      (b) => serverCount(b, " worldwide") === 1 && serverCount(b, " jointly") === 1,
      "both proposals on the server",
    );
    const expected = serverView(server);
    for (const person of [uruguay, brazil, chair]) {
      await until(() => pageView(person.page), (view) => JSON.stringify(view) === JSON.stringify(expected), `${person.username}'s page shows the server's document`);
      expect(await pageCount(person.page, "worldwide"), person.username).toBe(1);
      expect(await pageCount(person.page, "jointly"), person.username).toBe(1);
    }
    expect(jsonText(server.find((b) => b.attrs?.id === "p3")!)).toBe("To ensure a gender perspective in all programs worldwide of cooperation.");
    expect(jsonText(server.find((b) => b.attrs?.id === "p2")!)).toBe("To develop plans jointly respecting human rights, and to report on them each year.");
    const proposals = [...serverProposals(server).values()].filter((p) => p.by === "URY");
    expect(proposals).toEqual([{ by: "URY", ops: "insert", state: "open", text: " worldwide", blockId: "p3" }]);
    // Nothing arrives late and twice: once the delegate's page has nothing left to send, the server still has one copy.
    await waitForConnection(uruguay.page, "connected");
    expect(serverCount(await serverBlocks(room, "offline", chairToken), "worldwide")).toBe(1);
    expect(await leavingIsQuestioned(uruguay.page)).toBe(false);
    expect(await errorNotices(uruguay.page)).toEqual([]);
  }, TEST_MS);

  it("shows the server's refusal of what was typed offline, and the server's document again", async () => {
    for (const person of [uruguay, chair]) await openDocument(person, "refusal");
    await uruguay.context.setOffline(true);
    await waitForConnection(uruguay.page, "offline");
    await clickInText(uruguay.page, "p4", "regional cooperation", "end");
    await uruguay.page.keyboard.type(" locally");
    await until(() => pageCount(uruguay.page, " locally"), (n) => n === 1, "the offline proposal on Uruguay's page");

    // Meanwhile the chair records paragraph 4 as agreed: it is locked, and Uruguay's proposal in it can no longer be accepted.
    await chair.page.locator('.accord-block[data-block-id="p4"] .accord-block-menu').click();
    const form = chair.page.locator(".accord-popover .accord-status-form");
    await form.locator('select[name="status"]').selectOption("agreed-informally");
    await form.locator('input[name="date"]').fill("2026-11-25");
    await form.locator('button[data-action="status"]').click();
    await until(() => serverBlocks(room, "refusal", chairToken), (b) => b.find((x) => x.attrs?.id === "p4")?.attrs?.status === "agreed-informally", "p4 agreed on the server");

    await uruguay.context.setOffline(false);
    const notice = await until(() => errorNotices(uruguay.page), (texts) => texts.some((t) => t.startsWith("The server refused your edit:")), "the refusal on Uruguay's page");
    expect(notice.find((t) => t.startsWith("The server refused your edit:"))).toMatch(/paragraph 4 is agreed informally and locked.*The document was reloaded as the server has it\.$/);

    // The page starts afresh from the server's document: the refused words are gone, the status is there, and it can be edited again.
    await waitForConnection(uruguay.page, "connected");
    const server = await serverBlocks(room, "refusal", chairToken);
    expect(serverCount(server, "locally")).toBe(0);
    await until(() => pageView(uruguay.page), (view) => JSON.stringify(view) === JSON.stringify(serverView(server)), "Uruguay's page shows the server's document");
    expect(await uruguay.page.locator('.accord-block[data-block-id="p4"]').getAttribute("data-status")).toBe("agreed-informally");
    expect(await uruguay.page.locator(".accord-editor-root.accord-readonly, .accord-editor-root.accord-loading").count()).toBe(0);
    expect(await pageCount(chair.page, "locally")).toBe(0);
    // The refused words are not lost for the delegate: a notice lists them, where they were, to copy.
    const unkept = (await errorNotices(uruguay.page)).filter((t) => t.startsWith("Not kept by the server"));
    expect(unkept).toHaveLength(1);
    expect(unkept[0]).toMatch(/: paragraph 4\b[^:]*: “locally”\.$/);

    // And it works: Uruguay's next proposal, in an open paragraph, reaches the chair.
    await clickInText(uruguay.page, "p3", "all programs", "end");
    await uruguay.page.keyboard.type(" again");
    await until(() => pageCount(chair.page, " again"), (n) => n === 1, "Uruguay's next proposal at the chair's");
    expect(await pageBlockText(chair.page, "p3")).toBe("To ensure a gender perspective in all programs again of cooperation.");
  }, TEST_MS);

  it("raised no uncaught error in any page", () => {
    for (const person of [uruguay, brazil, chair]) expect(person.errors, person.username).toEqual([]);
  });
});
