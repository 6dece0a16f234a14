import { readDocument, writeDocument } from "@accord/collab";
import { canonicalContent, schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, eventually, startTestServer, type TestServer } from "../support.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.create("plan", DRAFT);
});
afterAll(async () => t.close());

const text = (doc: import("yjs").Doc) => {
  const read = readDocument(doc);
  if (!read.ok) throw new Error(read.message);
  return read.value;
};

describe("real-time sync over /collab", () => {
  it("two clients edit and converge; a third that joins later gets the same document", async () => {
    const [chair, secretariat, late] = await Promise.all([
      t.member("sync-chair", "plan", "chair"),
      t.member("sync-secretariat", "plan", "secretariat"),
      t.member("sync-late", "plan", "observer"),
    ]);
    const a = await connect(t.server, "plan", chair);
    const b = await connect(t.server, "plan", secretariat);
    try {
      expect(text(a.doc).content.childCount).toBe(4);

      // Each writes at the start of a different paragraph at the same time.
      const docA = text(a.doc);
      const startOf = (index: number) => {
        let pos = 0;
        for (let i = 0; i < index; i++) pos += docA.content.child(i).nodeSize;
        return pos + 1;
      };
      writeDocument(a.doc, docA.withContent(new Transform(docA.content).insert(startOf(1), schema.text("In particular, ")).doc));
      const docB = text(b.doc);
      writeDocument(b.doc, docB.withContent(new Transform(docB.content).insert(startOf(3), schema.text("Finally, ")).doc));
      await Promise.all([a.acknowledged(), b.acknowledged()]);
      await eventually(() => JSON.stringify(canonicalContent(text(a.doc).content)) === JSON.stringify(canonicalContent(text(b.doc).content)), 5000, "convergence");
      expect(text(a.doc).content.textContent).toContain("In particular, ");
      expect(text(a.doc).content.textContent).toContain("Finally, ");

      const c = await connect(t.server, "plan", late);
      try {
        expect(canonicalContent(text(c.doc).content)).toEqual(canonicalContent(text(a.doc).content));
      } finally {
        c.destroy();
      }
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});

describe("going offline and coming back", () => {
  it("a detached client's edits wait, then arrive once it is attached again", async () => {
    const [one, two] = await Promise.all([t.member("offline-one", "plan", "chair"), t.member("offline-two", "plan", "chair")]);
    const a = await connect(t.server, "plan", one);
    const b = await connect(t.server, "plan", two);
    try {
      a.provider.detach();
      const current = text(a.doc);
      const end = current.content.content.size - 1;
      writeDocument(a.doc, current.withContent(new Transform(current.content).insert(end, schema.text(" written offline")).doc));
      await new Promise((r) => setTimeout(r, 300));
      expect(text(b.doc).content.textContent).not.toContain("written offline");
      a.provider.attach();
      await eventually(() => text(b.doc).content.textContent.includes("written offline"), 5000, "the offline edit arrives");
      expect(text(b.doc).content.textContent.split("written offline")).toHaveLength(2);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
