import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { ApiError, Api } from "../../src/api.js";
import { runAction, proposalCall } from "../../src/editor/decisions/actions.js";
import { SyncSession, type SyncSessionOptions } from "../../src/editor/sync/sync-session.js";
import type { ConnectionState, Notice } from "../../src/editor/types.js";
import { DRAFT, eventually, startTestServer, type TestServer } from "../../../../packages/server/test/support.js";

let t: TestServer;
let url: string;
beforeAll(async () => {
  t = await startTestServer();
  await t.create("draft", DRAFT);
  url = `${t.server.url.replace("http", "ws")}/collab`;
});
afterAll(async () => t?.close());

/** A session against the test server, recording what it reports. */
function session(token: string, extra: Partial<SyncSessionOptions> = {}) {
  const record = { states: [] as ConnectionState[], synced: 0, rejected: [] as string[], failed: [] as string[] };
  const s = new SyncSession({
    url,
    documentId: "draft",
    token,
    WebSocketPolyfill: WebSocket,
    onState: (state) => record.states.push(state),
    onFirstSync: () => record.synced++,
    onRejected: (reason) => record.rejected.push(reason),
    onAuthenticationFailed: (reason) => record.failed.push(reason),
    ...extra,
  });
  return { s, record };
}

const firstText = (s: SyncSession, index: number) => (s.fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;

describe("SyncSession against the server", () => {
  it("connects, syncs the document once, and reports connecting then connected", async () => {
    const token = await t.member("chair", "draft", "chair");
    const { s, record } = session(token);
    try {
      expect(s.state).toBe("connecting");
      await eventually(() => record.synced === 1 && s.state === "connected", 10_000, "sync");
      expect(s.fragment.length).toBeGreaterThan(0);
      expect(record.states.at(-1)).toBe("connected");
      expect(record.states).not.toContain("offline");
      // A local change is syncing until the server acknowledges it.
      firstText(s, 1).insert(0, "Indeed, ");
      await eventually(() => record.states.includes("syncing") && s.state === "connected", 10_000, "acknowledgement");
    } finally {
      s.destroy();
    }
  });

  it("reports the server's refusal of a delegate's edit to base text, with the reason", async () => {
    const token = await t.member("uruguay", "draft", "delegate", "URY");
    const { s, record } = session(token);
    try {
      await eventually(() => record.synced === 1, 10_000, "sync");
      firstText(s, 2).insert(0, "Base text ");
      await eventually(() => record.rejected.length === 1, 10_000, "refusal");
      expect(record.rejected[0]).toMatch(/delegate of URY may only/);
    } finally {
      s.destroy();
    }
    // A fresh session shows the server's state: the refused text is not there.
    const fresh = session(token);
    try {
      await eventually(() => fresh.record.synced === 1, 10_000, "second sync");
      expect(firstText(fresh.s, 2).toString()).not.toContain("Base text");
    } finally {
      fresh.s.destroy();
    }
  });

  it("applies others' updates but not the server's echo of its own", async () => {
    const token = await t.member("chair", "draft", "chair");
    const a = session(token);
    const b = session(await t.member("secretariat", "draft", "secretariat"));
    const applied = { a: 0, b: 0 };
    a.s.ydoc.on("afterTransaction", (tr: Y.Transaction) => {
      if (tr.origin === a.s.provider) applied.a++;
    });
    try {
      await eventually(() => a.record.synced === 1 && b.record.synced === 1, 10_000, "sync");
      applied.a = 0;
      firstText(a.s, 1).insert(0, "Echo? ");
      // The server has it (acknowledged) and has sent it on to b; its echo to a came in the same flush.
      await eventually(() => firstText(b.s, 1).toString().startsWith("Echo? ") && a.s.unsentChanges === 0, 10_000, "the change at b");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(applied.a).toBe(0);
      firstText(b.s, 1).insert(0, "Yes. ");
      await eventually(() => firstText(a.s, 1).toString().startsWith("Yes. Echo? "), 10_000, "b's change at a");
      expect(applied.a).toBe(1);
    } finally {
      a.s.destroy();
      b.s.destroy();
    }
  });

  it("sends the changes made before a frame as one update, counted unsent until then", async () => {
    const token = await t.member("chair", "draft", "chair");
    const a = session(token);
    const b = session(await t.member("secretariat", "draft", "secretariat"));
    const sent: string[] = [];
    a.s.provider.on("outgoingMessage", ({ message }: { message: { description?: string } }) => sent.push(message.description ?? ""));
    try {
      await eventually(() => a.record.synced === 1 && b.record.synced === 1 && a.s.unsentChanges === 0, 10_000, "sync");
      sent.length = 0;
      // Three keystrokes' worth of changes in one task: nothing is sent yet, and the page knows it has unsent changes.
      for (const word of ["One ", "two ", "three "]) firstText(a.s, 1).insert(0, word);
      expect(sent.filter((d) => d === "A document update")).toHaveLength(0);
      expect(a.s.unsentChanges).toBeGreaterThan(0);
      await eventually(() => firstText(b.s, 1).toString().startsWith("three two One "), 10_000, "the changes at b");
      expect(sent.filter((d) => d === "A document update")).toHaveLength(1);
      await eventually(() => a.s.unsentChanges === 0, 10_000, "acknowledgement");
    } finally {
      a.s.destroy();
      b.s.destroy();
    }
  });

  it("sends a change still waiting for its frame when the session is closed", async () => {
    const token = await t.member("chair", "draft", "chair");
    const a = session(token);
    try {
      await eventually(() => a.record.synced === 1, 10_000, "sync");
      firstText(a.s, 1).insert(0, "Last words. ");
    } finally {
      a.s.destroy();
    }
    const fresh = session(token);
    try {
      await eventually(() => fresh.record.synced === 1, 10_000, "second sync");
      await eventually(() => firstText(fresh.s, 1).toString().startsWith("Last words. "), 10_000, "the last change on the server");
    } finally {
      fresh.s.destroy();
    }
  });

  // Invariant: the owner hears of every server message just before it is applied (the editor reads the
  // page's selection then).
  it("calls beforeApply just before a server message is applied", async () => {
    let a: ReturnType<typeof session> | null = null;
    const seen: string[] = [];
    a = session(await t.member("chair", "draft", "chair"), { beforeApply: () => seen.push(a ? a.s.fragment.toString() : "") });
    const b = session(await t.member("secretariat", "draft", "secretariat"));
    try {
      await eventually(() => a.record.synced === 1 && b.record.synced === 1, 10_000, "sync");
      firstText(b.s, 1).insert(0, "One. ");
      await eventually(() => firstText(a.s, 1).toString().startsWith("One. "), 10_000, "b's change at a");
      // The last call saw the document just before b's change was applied, with the paragraph's text as it was.
      const last = seen[seen.length - 1]!;
      expect(last).toContain(">Objective");
      expect(last).not.toContain("One. ");
    } finally {
      a.s.destroy();
      b.s.destroy();
    }
  });

  it("reports a failed authentication", async () => {
    const { s, record } = session("not-a-token");
    try {
      await eventually(() => record.failed.length === 1, 10_000, "authentication failure");
      expect(record.synced).toBe(0);
    } finally {
      s.destroy();
    }
  });

  it("keeps a throwing owner from breaking the connection", async () => {
    const token = await t.member("chair", "draft", "chair");
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on("uncaughtException", onError);
    const { s, record } = session(token, {
      onState: () => {
        throw new Error("the page's bug");
      },
    });
    try {
      await eventually(() => record.synced === 1 && s.state === "connected", 10_000, "sync despite a throwing callback");
    } finally {
      s.destroy();
      await new Promise((resolve) => setTimeout(resolve, 10));
      process.off("uncaughtException", onError);
    }
    // The page's error still surfaces, on its own.
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe("runAction against the server", () => {
  it("passes the server's sentence on as information, its refusal as an error", async () => {
    const token = await t.member("chair", "draft", "chair");
    const api = new Api(token, t.server.url);
    const [open] = await api.proposals("draft", "open");
    const notices: Notice[] = [];
    expect(await runAction(proposalCall(api, "draft", open!.id, "accept"), (n) => notices.push(n))).toBe(true);
    expect(notices[0]).toMatchObject({ kind: "info", text: expect.stringMatching(/^Accepted /) });
    expect(await runAction(proposalCall(api, "draft", open!.id, "accept"), (n) => notices.push(n))).toBe(false);
    expect(notices[1]).toMatchObject({ kind: "error", text: expect.stringMatching(/already accepted/) });
  });

  it("turns a delegate's forbidden call into an error notice", async () => {
    const token = await t.member("brazil", "draft", "delegate", "BRA");
    const api = new Api(token, t.server.url);
    const [open] = await api.proposals("draft", "open");
    const notices: Notice[] = [];
    expect(await runAction(proposalCall(api, "draft", open!.id, "accept"), (n) => notices.push(n))).toBe(false);
    expect(notices[0]!.kind).toBe("error");
  });

  it("rethrows what is not a refusal, after telling the person", async () => {
    const notices: Notice[] = [];
    await expect(runAction(() => Promise.reject(new TypeError("bug")), (n) => notices.push(n))).rejects.toThrow(TypeError);
    expect(notices[0]!.kind).toBe("error");
    expect(() => proposalCall(new Api(), "d", "b1", "support-on-behalf")).toThrow(RangeError);
    expect(new ApiError(409, "x")).toBeInstanceOf(Error);
  });
});
