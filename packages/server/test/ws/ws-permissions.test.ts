import { readDocument, writeDocument } from "@accord/collab";
import { canonicalContent, collectProposals, newId, schema, type NegotiationDocument } from "@accord/schema";
import * as encoding from "lib0/encoding";
import { Transform } from "prosemirror-transform";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, eventually, startTestServer, type TestServer } from "../support.js";

const DRAFT = `Objective 1.2
1. To implement strategies to prevent crime. AGREED INF 04/19/12
2. To develop plans [Uru: while] respecting human rights.
3. To ensure a [Barb: ~~gender~~ age] perspective in all programs.`;

let t: TestServer;
let documentCount = 0;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

const read = (doc: Y.Doc): NegotiationDocument => {
  const r = readDocument(doc);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

/** A fresh negotiation with a Uruguay delegate and a chair watching. */
async function setup() {
  const id = `perm-${++documentCount}`;
  await t.create(id, DRAFT);
  const delegate = await connect(t.server, id, await t.member(`${id}-uru`, id, "delegate", "URY"));
  const chair = await connect(t.server, id, await t.member(`${id}-chair`, id, "chair"));
  const rejections: string[] = [];
  delegate.provider.on("stateless", ({ payload }: { payload: string }) => rejections.push(JSON.parse(payload).reason));
  return { id, delegate, chair, rejections };
}

async function serverState(id: string) {
  const read = await t.server.live.read(id);
  if (!read.ok) throw new Error(read.message);
  return { content: JSON.stringify(canonicalContent(read.value.content)), log: (await t.server.storage.readUpdates(id)).length };
}

/** The delegate edits its own replica; the edit must be refused and change nothing elsewhere. */
async function expectRefused(edit: (doc: NegotiationDocument) => NegotiationDocument | void, pattern: RegExp, raw?: (ydoc: Y.Doc) => void) {
  const { id, delegate, chair, rejections } = await setup();
  try {
    const before = await serverState(id);
    const chairBefore = JSON.stringify(canonicalContent(read(chair.doc).content));
    if (raw) raw(delegate.doc);
    else {
      const next = edit(read(delegate.doc));
      if (next) writeDocument(delegate.doc, next);
    }
    await eventually(() => rejections.length > 0, 5000, "a refusal");
    expect(rejections[0]).toMatch(pattern);
    await new Promise((r) => setTimeout(r, 100));
    expect(await serverState(id)).toEqual(before);
    expect(JSON.stringify(canonicalContent(read(chair.doc).content))).toBe(chairBefore);
    const audit = await t.server.storage.listAudit(id);
    expect(audit[0]).toMatchObject({ action: "rejected", delegation: "URY" });
  } finally {
    delegate.destroy();
    chair.destroy();
  }
}

const paragraph = (doc: NegotiationDocument, n: number) => {
  let pos = 0;
  for (let i = 0; i < n; i++) pos += doc.content.child(i).nodeSize;
  return { node: doc.content.child(n), pos };
};
const insertAt = (doc: NegotiationDocument, n: number, node: import("prosemirror-model").Node) => {
  const { pos, node: block } = paragraph(doc, n);
  return doc.withContent(new Transform(doc.content).insert(pos + block.nodeSize - 1, node).doc);
};
const proposal = (by: string[], op = "insert") => schema.marks.proposal!.create({ id: newId("r"), op, by });

describe("a delegate's refused edits leave the document as it was for everyone", () => {
  it("text tagged with another delegation", () => expectRefused((d) => insertAt(d, 2, schema.text(" more", [proposal(["BRA"])])), /another delegation's proposal|base text/));
  it("untagged text (editing base text)", () => expectRefused((d) => insertAt(d, 2, schema.text(" more")), /base text/));
  it("deleting base text", () =>
    expectRefused((d) => {
      const { pos } = paragraph(d, 2);
      return d.withContent(new Transform(d.content).delete(pos + 1, pos + 5).doc);
    }, /base text/));
  it("deleting another delegation's proposal", () =>
    expectRefused((d) => {
      const barb = collectProposals(d.content).find((p) => p.by.includes("BRB"))!;
      return d.withContent(new Transform(d.content).delete(barb.from, barb.to).doc);
    }, /another delegation's proposal|base text/));
  it("re-tagging another delegation's proposal", () =>
    expectRefused((d) => {
      const barb = collectProposals(d.content).find((p) => p.by.includes("BRB"))!;
      const tr = new Transform(d.content);
      d.content.nodesBetween(barb.from, barb.to, (node, pos) => {
        for (const m of node.marks) if (m.attrs.id === barb.id) {
          tr.removeMark(pos, pos + node.nodeSize, m);
          tr.addMark(pos, pos + node.nodeSize, m.type.create({ ...m.attrs, by: ["URY"] }));
        }
      });
      return d.withContent(tr.doc);
    }, /another delegation's proposal|base text/));
  it("changing a paragraph's status", () =>
    expectRefused((d) => d.withContent(new Transform(d.content).setNodeMarkup(paragraph(d, 2).pos, undefined, { ...paragraph(d, 2).node.attrs, status: "agreed-informally" }).doc), /status|base text/));
  it("changing a paragraph's label", () =>
    expectRefused((d) => d.withContent(new Transform(d.content).setNodeMarkup(paragraph(d, 2).pos, undefined, { ...paragraph(d, 2).node.attrs, label: "9." }).doc), /base text/));
  it("proposing inside an agreed paragraph", () => expectRefused((d) => insertAt(d, 1, schema.text(" and more", [proposal(["URY"])])), /paragraph 1 is agreed informally and locked/));
  it("accepting its own proposal", () =>
    expectRefused((d) => {
      const own = collectProposals(d.content).find((p) => p.by.includes("URY"))!;
      const tr = new Transform(d.content);
      for (const span of own.spans) {
        const mark = d.content.nodeAt(span.from)!.marks.find((m) => m.attrs.id === own.id)!;
        tr.removeMark(span.from, span.to, mark);
        tr.addMark(span.from, span.to, mark.type.create({ ...mark.attrs, state: "accepted" }));
      }
      return d.withContent(tr.doc);
    }, /only the chair or the secretariat can decide/));
  it("a node the schema does not allow", () =>
    expectRefused(() => undefined, /invalid block|cannot stand/, (ydoc) => {
      ydoc.getXmlFragment("content").insert(1, [new Y.XmlElement("table")]);
    }));
  it("changing the document's metadata", () => expectRefused(() => undefined, /metadata/, (ydoc) => ydoc.getMap("meta").set("title", "Hijacked")));
});

describe("a delegate's legitimate edits pass", () => {
  it("proposing, extending its own proposal, supporting another's, withdrawing its own", async () => {
    const { id, delegate, chair, rejections } = await setup();
    try {
      writeDocument(delegate.doc, insertAt(read(delegate.doc), 2, schema.text(" fully", [proposal(["URY"])])));
      await delegate.acknowledged();
      const barb = collectProposals(read(delegate.doc).content).find((p) => p.by.includes("BRB"))!;
      const d = read(delegate.doc);
      const tr = new Transform(d.content);
      d.content.nodesBetween(barb.from, barb.to, (node, pos) => {
        for (const m of node.marks) if (m.attrs.id === barb.id) {
          tr.removeMark(pos, pos + node.nodeSize, m);
          tr.addMark(pos, pos + node.nodeSize, m.type.create({ ...m.attrs, by: ["BRB", "URY"] }));
        }
      });
      writeDocument(delegate.doc, d.withContent(tr.doc));
      await delegate.acknowledged();
      // The server acknowledged both edits; the chair receives them a moment later.
      const supportSeen = () => collectProposals(read(chair.doc).content).find((p) => p.id === barb.id)?.by.includes("URY") ?? false;
      await eventually(() => read(chair.doc).content.textContent.includes("fully") && supportSeen(), 5000, "the chair sees the proposal and the support");
      expect(collectProposals(read(chair.doc).content).find((p) => p.id === barb.id)!.by).toEqual(["BRB", "URY"]);
      expect(rejections).toEqual([]);
      expect((await serverState(id)).content).toContain("fully");
    } finally {
      delegate.destroy();
      chair.destroy();
    }
  });
});

describe("updates with missing dependencies", () => {
  it("are refused", async () => {
    const { id } = await setup();
    const token = await t.member(`${id}-raw`, id, "chair");
    // A raw client: its second change is sent without its first.
    const local = new Y.Doc();
    local.getMap("scratch").set("a", 1);
    const afterFirst = Y.encodeStateVector(local);
    local.getMap("scratch").set("b", 2);
    const second = Y.encodeStateAsUpdate(local, afterFirst);
    const frame = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, id);
      write(e);
      return encoding.toUint8Array(e);
    };
    const ws = new WebSocket(`${t.server.url.replace("http", "ws")}/collab`);
    await new Promise((r) => ws.once("open", r));
    const closed = new Promise<void>((resolve) => ws.on("message", (data: Buffer) => { if (data.includes(Buffer.from("server has not received"))) resolve(); }));
    ws.send(frame((e) => { encoding.writeVarUint(e, 2); encoding.writeVarUint(e, 0); encoding.writeVarString(e, token); }));
    await new Promise((r) => setTimeout(r, 200));
    const before = await serverState(id);
    ws.send(frame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, second); }));
    await closed;
    ws.close();
    expect(await serverState(id)).toEqual(before);
  });
});
