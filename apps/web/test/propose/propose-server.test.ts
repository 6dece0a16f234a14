import { YDOC_PARTS } from "@accord/collab";
import { canonicalContent, schema } from "@accord/schema";
import { Random } from "@accord/schema/generate";
import { EditorState, type Transaction } from "prosemirror-state";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from "y-prosemirror";
import { connect, eventually, startTestServer, type TestServer } from "../../../../packages/server/test/support.js";
import { proposeParagraph, rewriteTransaction } from "../../src/editor/propose/index.js";
import { randomEdit } from "../support/random-edits.js";

// What propose mode lets through must pass the real server's trust rule: a
// delegate's random local edits, rewritten, are written into a Y.Doc the way
// y-prosemirror's sync plugin writes them (`updateYFragment`) and sent over a
// real WebSocket to a real server, which must refuse none of them and end
// with the same document.

const DRAFT = `Objective 1.2
1. To implement strategies to prevent crime and violence in the region. AGREED INF 04/19/12
2. To develop plans [Uru: while] respecting human rights and [Arg: the rule of law].
3. To ensure a [Barb: ~~gender~~ age] perspective in all programs of cooperation.
4. To promote [Bra, Uru: regional] cooperation in [Mex: ~~training~~ education] and prevention.
5. To strengthen national institutions, with the participation of civil society.
5 bis. [Uru: To exchange information on effective practices.]`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.create("propose", DRAFT);
});
afterAll(async () => t.close());

const RUNS = [
  { seed: 20260101, code: "URY" },
  { seed: 7, code: "MEX" },
  { seed: 99, code: "BRA" },
];

describe("propose mode against the real server", () => {
  it.each(RUNS)("sends only edits the server accepts, and the server ends with the delegate's document (seed $seed, $code)", async ({ seed, code }) => {
    const id = `propose-${seed}`;
    await t.create(id, DRAFT);
    const delegate = await connect(t.server, id, await t.member(`delegate-${seed}`, id, "delegate", code));
    const rejections: string[] = [];
    delegate.provider.on("stateless", ({ payload }: { payload: string }) => rejections.push(String(JSON.parse(payload).reason)));
    try {
      const fragment = delegate.doc.getXmlFragment(YDOC_PARTS.content);
      const { doc, meta } = initProseMirrorDoc(fragment, schema);
      let state = EditorState.create({ doc });
      const rnd = new Random(seed);
      let ids = 0;
      const newId = () => `w${++ids}`;
      let applied = 0;
      // As y-prosemirror's sync plugin writes a local change into the Y.Doc.
      // Acknowledged, or refused (the server then closes the connection).
      const settled = () => eventually(() => !delegate.provider.hasUnsyncedChanges || rejections.length > 0, 10_000, "an acknowledgement");
      const sync = () => delegate.doc.transact(() => updateYFragment(delegate.doc, fragment, state.doc, meta), ySyncPluginKey);

      for (let n = 0; n < 400; n++) {
        if (n === 150 || n === 300) {
          // A whole paragraph proposed now and then, after paragraph 3 and as an alternative to paragraph 5.
          const command = proposeParagraph(code, newId, n === 150 ? { after: String(state.doc.child(3).attrs.id), text: "To report." } : { alternativeTo: String(state.doc.child(5).attrs.id), text: "Other five." });
          let tr: Transaction | null = null;
          expect(command(state, (t) => (tr = t))).toBe(true);
          const outcome = rewriteTransaction(state, tr!, { delegation: code, newId });
          expect(outcome.kind).toBe("apply");
          state = state.apply((outcome as { tr: Transaction }).tr);
          sync();
          continue;
        }
        const next = randomEdit(rnd, state);
        if (!next) continue;
        const outcome = rewriteTransaction(next.state, next.tr, { delegation: code, newId });
        if (outcome.kind === "refused") continue;
        applied++;
        state = next.state.apply(outcome.tr);
        sync();
        if (n % 25 === 0) {
          await settled();
          expect(rejections).toEqual([]);
        }
      }
      await settled();
      await new Promise((r) => setTimeout(r, 200));
      expect(rejections).toEqual([]);
      expect(applied).toBeGreaterThan(150);

      const server = await t.server.live.read(id);
      if (!server.ok) throw new Error(server.message);
      expect(canonicalContent(server.value.content)).toEqual(canonicalContent(state.doc));
    } finally {
      delegate.destroy();
    }
  });

  it("is refused by the server when propose mode is bypassed (the check is real)", async () => {
    const delegate = await connect(t.server, "propose", await t.member("uru2", "propose", "delegate", "URY"));
    const rejections: string[] = [];
    delegate.provider.on("stateless", ({ payload }: { payload: string }) => rejections.push(String(JSON.parse(payload).reason)));
    try {
      const fragment = delegate.doc.getXmlFragment(YDOC_PARTS.content);
      const { doc, meta } = initProseMirrorDoc(fragment, schema);
      const state = EditorState.create({ doc });
      const start = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize + 1;
      const raw = state.apply(state.tr.delete(start, start + 5));
      delegate.doc.transact(() => updateYFragment(delegate.doc, fragment, raw.doc, meta), ySyncPluginKey);
      await eventually(() => rejections.length > 0, 5000, "a refusal");
      expect(rejections[0]).toMatch(/changes base text/);
      const outcome = rewriteTransaction(state, state.tr.delete(start, start + 5), { delegation: "URY", newId: () => "z1" });
      expect(outcome.kind).toBe("apply");
    } finally {
      delegate.destroy();
    }
  });
});
