import { createHash } from "node:crypto";
import { Random } from "@accord/schema/generate";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, eventually, startTestServer, type Client, type TestServer } from "../support.js";

const EDITS = 10_000;
const DELEGATIONS = ["URY", "BRA", "MEX", "ARG"];
/**
 * Rooms negotiating at once, each with the four delegations: every support or
 * withdrawal reads and writes its whole document, so 10,000 edits in one
 * room would measure the API's cost on a 100,000-character paragraph soup.
 */
const ROOMS = 4;
const PARAGRAPHS = 30;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // Few, long paragraphs: delegates meet on the same proposals often, and base text lasts the run.
  const sentence = "To develop and strengthen national programmes of cooperation in disaster risk reduction";
  const lines = Array.from({ length: PARAGRAPHS }, (_, i) => `${i + 1}. ${Array.from({ length: 12 }, () => sentence).join(", ")} (${i + 1}).`);
  for (let room = 0; room < ROOMS; room++) await t.create(`legit-${room}`, lines.join("\n"));
});
afterAll(async () => t.close());

interface ProposalAttrs {
  id: string;
  op: "insert" | "delete";
  by: string[];
  note: string;
  state: string;
}

/** The key y-prosemirror gives a mark that may overlap itself: name--hash of the mark's JSON. */
const keyOf = (attrs: ProposalAttrs) =>
  `proposal--${createHash("sha256").update(JSON.stringify({ type: "proposal", attrs })).digest("base64").slice(0, 8)}`;

/** An edit made: its kind, for support and withdrawal the API call that makes it, and the proposal it changes (extend, support, withdraw). */
interface Edit {
  kind: string;
  api?: string;
  proposal?: string;
}

interface Run {
  start: number;
  length: number;
  proposals: [string, ProposalAttrs][];
}

function runs(text: Y.XmlText): Run[] {
  const out: Run[] = [];
  let at = 0;
  for (const d of text.toDelta() as { insert: string; attributes?: Record<string, ProposalAttrs> }[]) {
    const proposals = Object.entries(d.attributes ?? {}).filter(([k]) => k.startsWith("proposal--"));
    out.push({ start: at, length: d.insert.length, proposals });
    at += d.insert.length;
  }
  return out;
}

/**
 * One legitimate edit by a delegate of `code`, made directly on its replica's
 * Y.XmlText as an editor would: propose an insertion, extend or shorten its
 * own insertion, propose a deletion or a replacement of base text, support
 * another delegation's proposal, withdraw its own.
 */
function legitimateEdit(doc: Y.Doc, code: string, rnd: Random, n: number, kinds: readonly string[], busy: (id: string) => boolean, attempt = 0): Edit {
  if (attempt > 50) throw new Error(`${code} found no paragraph with base text left after ${n} edits`);
  const paragraph = doc.getXmlFragment("content").get(rnd.int(0, PARAGRAPHS - 1)) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  const all = runs(text);
  const base = all.filter((r) => r.proposals.length === 0 && r.length > 3);
  const ownOf = (r: Run) => r.proposals.find(([, a]) => a.by.length === 1 && a.by[0] === code && a.state === "open" && a.op === "insert");
  const own = all.filter((r) => ownOf(r) && !r.proposals.some(([, a]) => busy(a.id)));
  const others = all.filter((r) => r.proposals.length === 1 && !r.proposals[0]![1].by.includes(code) && r.proposals[0]![1].state === "open" && !busy(r.proposals[0]![1].id));
  const kind = rnd.pick(kinds);
  const fresh = (op: "insert" | "delete"): ProposalAttrs => ({ id: `${code}-${n}-${op}`, op, by: [code], note: "", state: "open" });
  // Strictly inside a run: at its edge, Yjs would give the new text the neighbour's formatting too.
  const inside = (r: Run) => r.start + rnd.int(1, r.length - 1);

  if (kind === "extend" && own.length) {
    // Typed at the end of its own insertion, the text takes the marks there, as in the editor.
    const r = rnd.pick(own);
    text.insert(r.start + r.length, " more", Object.fromEntries(r.proposals));
    return { kind, proposal: ownOf(r)![1].id };
  }
  if (kind === "shorten" && own.some((r) => r.length > 2)) {
    const r = rnd.pick(own.filter((x) => x.length > 2));
    text.delete(r.start + 1, 1);
    return { kind };
  }
  // Support and withdrawal go through the API, as the editor sends them: the server changes the
  // proposal's attributes on its current state. (Formatting a proposal's spans on a stale replica,
  // racing the proposer typing at its end, can leave Yjs' format markers around base text.)
  if (kind === "withdraw" && own.length) {
    const [, attrs] = rnd.pick(own).proposals.find(([, a]) => a.by[0] === code)!;
    return { kind, api: `proposals/${attrs.id}/withdraw`, proposal: attrs.id };
  }
  if (kind === "support" && others.length) {
    const [, attrs] = rnd.pick(others).proposals[0]!;
    return { kind, api: `proposals/${attrs.id}/support`, proposal: attrs.id };
  }
  if ((kind === "delete" || kind === "replace") && base.length) {
    const r = rnd.pick(base);
    const from = r.start + rnd.int(1, r.length - 3);
    const length = Math.min(rnd.int(1, 6), r.start + r.length - 1 - from);
    const del = fresh("delete");
    // One transaction, as the editor sends a replacement typed over a selection.
    doc.transact(() => {
      text.format(from, length, { [keyOf(del)]: del });
      if (kind === "replace") {
        const ins = { ...fresh("insert"), id: del.id };
        text.insert(from + length, "new words", { [keyOf(ins)]: ins });
      }
    });
    return { kind };
  }
  if (!base.length) return legitimateEdit(doc, code, rnd, n, kinds, busy, attempt + 1);
  const ins = fresh("insert");
  text.insert(inside(rnd.pick(base)), ` proposed${n}`, { [keyOf(ins)]: ins });
  return { kind: "propose" };
}

/**
 * How long after its acknowledgement a re-marked or extended proposal is left
 * alone. A support or withdrawal re-marks the proposal's text on the server;
 * racing its owner typing at its very end, Yjs may order the owner's new text
 * outside the new marks, and the server then rightly refuses the merged
 * state — a known limitation while a proposal's supporters live in its marks
 * (docs/architecture.md). The two are kept apart here; everything else runs
 * at once.
 */
const SETTLE_MS = 300;

/** Typing: what the editor's propose mode sends as Yjs updates. */
const TYPING = ["propose", "propose", "extend", "shorten", "delete", "replace"];
/** Typing, and support and withdrawal through the API as the editor's popovers send them. */
const ALL = [...TYPING, "support", "withdraw"];

describe("legitimate delegate edits", () => {
  it(`are never refused: ${EDITS} random edits (typing, supports, withdrawals) by ${DELEGATIONS.length} delegates at once in each of ${ROOMS} rooms`, async () => {
    const kinds: Record<string, number> = {};
    const answers: Record<number, number> = {};
    await Promise.all(Array.from({ length: ROOMS }, (_, room) => run(`legit-${room}`, room, EDITS / ROOMS, kinds, answers)));
    expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(EDITS);
    for (const kind of new Set(ALL)) expect(kinds[kind] ?? 0).toBeGreaterThan(100);
    // Most supports and withdrawals went through; a few met a proposal that had just changed (409).
    expect(answers[200] ?? 0).toBeGreaterThan(10 * (answers[409] ?? 0));
  }, 600_000);
});

/** One room: each delegate makes its share of `edits`, waiting for each to be acknowledged; throws at the first refusal. */
async function run(documentId: string, room: number, edits: number, kinds: Record<string, number>, answers: Record<number, number>): Promise<void> {
  {
    const refusals: string[] = [];
    const clients: Client[] = [];
    const tokens: string[] = [];
    const last: Record<string, string> = {};
    // Proposals being re-marked (support, withdrawal) or typed at the end of (extend), until when.
    const busy = new Map<string, number>();
    const isBusy = (id: string) => (busy.get(id) ?? 0) > Date.now();
    for (const code of DELEGATIONS) {
      const token = await t.member(`${documentId}-${code}`, documentId, "delegate", code);
      tokens.push(token);
      const client = await connect(t.server, documentId, token);
      client.provider.on("stateless", ({ payload }: { payload: string }) => refusals.push(`${code} (last edit: ${last[code]}): ${JSON.parse(payload).reason}`));
      clients.push(client);
    }
    try {
      await Promise.all(
        clients.map(async (client, index) => {
          const code = DELEGATIONS[index]!;
          const rnd = new Random(1000 + 10 * room + index);
          for (let n = 0; n < edits / DELEGATIONS.length; n++) {
            const { kind, api, proposal } = legitimateEdit(client.doc, code, rnd, n, ALL, isBusy);
            last[code] = `${kind} #${n}`;
            // Taken in the same step as the edit was chosen: no other delegate's loop runs in between.
            if (proposal) busy.set(proposal, Infinity);
            if (api) {
              // The API may refuse a support or withdrawal whose proposal changed meanwhile (409): an answer, not a sync refusal.
              const answer = await fetch(`${t.server.url}/api/documents/${documentId}/${api}`, { method: "POST", headers: { authorization: `Bearer ${tokens[index]}` } });
              answers[answer.status] = (answers[answer.status] ?? 0) + 1;
              if (answer.status !== 200 && answer.status !== 409) throw new Error(`${code}'s ${kind} #${n}: ${answer.status} ${await answer.text()}`);
            }
            kinds[kind] = (kinds[kind] ?? 0) + 1;
            await client.acknowledged(30_000);
            // Until every replica has the change, with room to spare on this machine's loopback.
            if (proposal) busy.set(proposal, Date.now() + SETTLE_MS);
            if (refusals.length) throw new Error(`refused after ${code}'s ${kind} #${n}: ${refusals[0]}`);
          }
          await client.acknowledged(30_000);
        }),
      );
      expect(refusals).toEqual([]);
      await eventually(() => clients.every((c) => c.provider.isSynced && !c.provider.hasUnsyncedChanges), 10_000, "all acknowledged");
      // Every replica holds what the server holds, and it reads as a valid document.
      const served = t.server.hocuspocus.documents.get(documentId)!;
      const text = (doc: Y.Doc) => doc.getXmlFragment("content").toString();
      await eventually(() => clients.every((c) => text(c.doc) === text(served)), 10_000, "every replica as served");
      const live = await t.server.live.read(documentId);
      expect(live.ok).toBe(true);
    } finally {
      for (const client of clients) client.destroy();
    }
  }
}
