import { readDocument } from "@accord/collab";
import { canonicalContent } from "@accord/schema";
import type { Extension, onLoadDocumentPayload } from "@hocuspocus/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DRAFT, startTestServer, type TestServer } from "../support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.create("plan", DRAFT);
});
afterAll(async () => t.close());

describe("onLoadDocument", () => {
  it("fills Hocuspocus' own document from the log and returns nothing, so that the document is not applied to itself again", async () => {
    const extension = t.server.hocuspocus.configuration.extensions.find((e: Extension) => e.extensionName === "accord-durable-log");
    if (!extension?.onLoadDocument) throw new Error("the server has no durable log extension");
    const document = new Y.Doc();
    // Hocuspocus applies a returned Y.Doc to the document it passed in: returning that same document decoded it twice.
    const returned = await extension.onLoadDocument({ document, documentName: "plan" } as unknown as onLoadDocumentPayload);
    expect(returned).toBeUndefined();

    const loaded = readDocument(document);
    const stored = await t.server.live.read("plan");
    if (!loaded.ok || !stored.ok) throw new Error("the document does not read");
    expect(loaded.value.content.childCount).toBeGreaterThan(1);
    expect(JSON.stringify(canonicalContent(loaded.value.content))).toBe(JSON.stringify(canonicalContent(stored.value.content)));
    document.destroy();
  });

  it("emits no update while it fills the document (Hocuspocus would encode the whole state to broadcast it to nobody), and the document's update listeners are there after", async () => {
    const extension = t.server.hocuspocus.configuration.extensions.find((e: Extension) => e.extensionName === "accord-durable-log");
    if (!extension?.onLoadDocument) throw new Error("the server has no durable log extension");
    const document = new Y.Doc();
    let updates = 0;
    let transactions = 0;
    document.on("update", () => updates++);
    document.on("afterTransaction", () => transactions++);
    await extension.onLoadDocument({ document, documentName: "plan" } as unknown as onLoadDocumentPayload);
    expect(transactions).toBe(1);
    expect(updates).toBe(0);
    expect(readDocument(document).ok).toBe(true);
    document.getMap("later").set("k", 1);
    expect(updates).toBe(1);
    document.destroy();
  });
});
