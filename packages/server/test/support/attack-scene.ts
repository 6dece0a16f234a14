import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDocument, writeDocument, YDOC_PARTS } from "@accord/collab";
import { canonicalContent, newId, schema, type NegotiationDocument } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { afterAll, beforeAll, expect } from "vitest";
import * as Y from "yjs";
import { connect, eventually, startTestServer, type Client, type TestServer } from "../support.js";
import { RawClient, updateOf, type Outcome } from "./raw-client.js";

// The scene every attack is played in, and the one invariant checker every
// attack goes through (design.md §4, "Invariants the server keeps").

/**
 * A draft with what the attacks need: an agreed paragraph (p1), a proposal of
 * Uruguay (b1 in p2, b4 in p4), of Argentina (b2 in p3, b3 in p4), Uruguay's
 * whole-paragraph proposals (p5, an alternative to p4, and p6), Argentina's
 * alternative to p6 (p7), and in p8 a withdrawn proposal of Uruguay (b8), a
 * decided pair of Argentina's (b9 accepted, b10 rejected) and a footnote (f1).
 */
export const ATTACK_DRAFT = `Objective 1.2
1. To implement strategies to prevent crime and violence. AGREED INF 04/19/12
2. To develop plans [Uru: while] respecting human rights.
3. To ensure a [Arg: joint] perspective in all programs.
4. To promote [Arg: regional] cooperation [Uru: and trust] in the region.
4 alt. [Uru: To promote trust in the region.]
5 bis. [Uru: Instruct the secretariat to report.]
5 bis alt. [Arg: Instruct the chair to report.]
6. To report [Uru: soon] (withdrawn) [Arg: yearly] (accepted) [Arg: never] (rejected) to the council 1/.
1/ The delegation of Argentina reserves its position on this paragraph.
`;

/** A server whose data directory outlives it, so that it can be restarted on the same data. */
export interface AttackServer {
  /** The running server (replaced by `restart`). */
  t: TestServer;
  readonly dataDir: string;
  /** Documents whose state was checked, with what they must read after a restart. */
  readonly expected: Map<string, { content: string; vector: string }>;
  /** Stops the server and starts another on the same data directory. */
  restart(): Promise<void>;
  /** Stops the server and removes its data. */
  close(): Promise<void>;
}

export async function startAttackServer(): Promise<AttackServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "accord-attack-"));
  const holder: AttackServer = {
    t: await startTestServer({}, dataDir),
    dataDir,
    expected: new Map(),
    async restart() {
      await holder.t.close();
      holder.t = await startTestServer({}, dataDir);
    },
    async close() {
      await holder.t.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return holder;
}

/** What the attacks of a file are played on: one server on SQLite unless `playAttacksOn` says otherwise. */
let startAttackServers: () => Promise<AttackServer> = startAttackServer;

/**
 * Plays the attack files loaded after this call on what `start` makes — a
 * cluster of servers behind a balancer (apps/cli/test/attack-cluster.test.ts)
 * — instead of one server: the same cases, unchanged.
 */
export function playAttacksOn(start: () => Promise<AttackServer>): void {
  startAttackServers = start;
}

/** One attack's stage: a fresh document, its chair and Argentina's delegate on real providers, Uruguay's delegate on a raw client. */
export interface Scene {
  readonly s: AttackServer;
  readonly id: string;
  readonly chair: Client;
  readonly arg: Client;
  /** The attacker: a delegate of URY. */
  ury: RawClient;
  readonly tokens: { readonly chair: string; readonly ury: string; readonly arg: string };
  /** Rejections the honest clients received (they must stay empty). */
  readonly honestRejections: string[];
  /** Replaces the raw client by a new one signed in as the chair or as Uruguay's delegate. */
  rawAs(who: "chair" | "ury"): Promise<RawClient>;
  close(): void;
}

let scenes = 0;

/** Creates a document from ATTACK_DRAFT and connects the three members. */
export async function openScene(s: AttackServer, name: string, draft = ATTACK_DRAFT): Promise<Scene> {
  const t = s.t;
  const id = `${name}-${++scenes}`.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 60);
  await t.create(id, draft);
  const tokens = {
    chair: await t.member("attack-chair", id, "chair"),
    ury: await t.member("attack-ury", id, "delegate", "URY"),
    arg: await t.member("attack-arg", id, "delegate", "ARG"),
  };
  const chair = await connect(t.server, id, tokens.chair);
  const arg = await connect(t.server, id, tokens.arg);
  const ury = await RawClient.open(t.server.url, id, tokens.ury);
  const honestRejections: string[] = [];
  for (const [who, client] of [["chair", chair], ["ARG", arg]] as const) {
    client.provider.on("stateless", ({ payload }: { payload: string }) => honestRejections.push(`${who}: ${payload}`));
  }
  const scene: Scene = {
    s,
    id,
    chair,
    arg,
    ury,
    tokens,
    honestRejections,
    async rawAs(who) {
      scene.ury.destroy();
      scene.ury = await RawClient.open(t.server.url, id, tokens[who]);
      return scene.ury;
    },
    close() {
      scene.ury.destroy();
      chair.destroy();
      arg.destroy();
    },
  };
  return scene;
}

/**
 * Plays one attack on a fresh scene made from `draft`: `run` returns the
 * problems it found, which must be none; the scene is closed after, whatever happened.
 */
export async function playScene(s: AttackServer, name: string, draft: string, run: (scene: Scene) => Promise<string[]>): Promise<void> {
  const scene = await openScene(s, name, draft);
  try {
    expect(await run(scene)).toEqual([]);
  } finally {
    scene.close();
  }
}

/** Sends, as the scene's raw client (Uruguay's delegate unless replaced), the update `change` makes to its copy, and waits for the outcome. */
export function sendChange(scene: Scene, change: (doc: Y.Doc) => void): ReturnType<RawClient["sendAndWait"]> {
  return scene.ury.sendAndWait(updateOf(scene.ury.doc, change));
}

/** The document a Y.Doc holds, as readDocument reads it; throws when it does not read (a caller's bug in these tests). */
export function modelOf(doc: Y.Doc): NegotiationDocument {
  const read = readDocument(doc);
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

/** The live Y.Doc of a loaded document; throws when it is not loaded (a caller's bug: a scene keeps it open). */
export function liveDoc(t: TestServer, id: string): Y.Doc {
  const doc = t.server.hocuspocus.documents.get(id);
  if (!doc) throw new Error(`document ${id} is not loaded`);
  return doc;
}

/** What a Y.Doc holds, in comparable pieces. */
export interface DocState {
  /** The document as read (canonical JSON of content, metadata and registry), or why it does not read. */
  readonly reading: string;
  /** The content fragment as XML: what the reading may not show (unknown attributes, embeds, hooks). */
  readonly xml: string;
  /** Top-level shared types and the keys of the metadata map. */
  readonly shape: string;
  /** State vector and delete set. */
  readonly snapshot: Y.Snapshot;
  /** Structs or deletions waiting for missing clocks. */
  readonly pending: boolean;
}

/** Reads a Y.Doc as the checks compare it. */
export function docState(doc: Y.Doc): DocState {
  const read = readDocument(doc);
  const reading = read.ok
    ? JSON.stringify({ content: canonicalContent(read.value.content), meta: read.value.meta, registry: read.value.registry.toJSON() })
    : `unreadable: ${read.message}`;
  const shares = [...doc.share.keys()].sort();
  const meta = [...doc.getMap(YDOC_PARTS.meta).keys()].sort();
  return {
    reading,
    xml: doc.getXmlFragment(YDOC_PARTS.content).toString(),
    shape: JSON.stringify({ shares, meta }),
    snapshot: Y.snapshot(doc),
    pending: Boolean(doc.store.pendingStructs || doc.store.pendingDs),
  };
}

/** Differences between two states, in words (empty when equal). */
export function stateDifferences(what: string, a: DocState, b: DocState): string[] {
  const out: string[] = [];
  if (a.reading !== b.reading) out.push(`${what}: the reading differs (${excerpt(a.reading, b.reading)})`);
  if (a.xml !== b.xml) out.push(`${what}: the content XML differs (${excerpt(a.xml, b.xml)})`);
  if (a.shape !== b.shape) out.push(`${what}: shared types or metadata keys differ (${a.shape} vs ${b.shape})`);
  if (!Y.equalSnapshots(a.snapshot, b.snapshot)) out.push(`${what}: state vector or delete set differs`);
  if (a.pending !== b.pending) out.push(`${what}: pending structs ${a.pending} vs ${b.pending}`);
  return out;
}

/** Where two strings first differ, briefly. */
function excerpt(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  return `…${a.slice(from, i + 60)}… vs …${b.slice(from, i + 60)}…`;
}

/** The state the log replays to: every logged update from the start, and separately the snapshot with the updates after it. */
export async function replayedStates(t: TestServer, id: string): Promise<{ all: DocState; fromSnapshot: DocState }> {
  const all = new Y.Doc();
  for (const u of await t.server.storage.readUpdates(id)) Y.applyUpdate(all, u.data);
  const fromSnapshot = new Y.Doc();
  const { snapshot, updates } = await t.server.storage.loadDocumentState(id);
  if (snapshot) Y.applyUpdate(fromSnapshot, snapshot.data);
  for (const u of updates) Y.applyUpdate(fromSnapshot, u.data);
  const result = { all: docState(all), fromSnapshot: docState(fromSnapshot) };
  all.destroy();
  fromSnapshot.destroy();
  return result;
}

/** Differences between the live document and the replay of its log. */
export async function logProblems(t: TestServer, id: string): Promise<string[]> {
  const live = docState(liveDoc(t, id));
  const { all, fromSnapshot } = await replayedStates(t, id);
  return [...stateDifferences("the log's replay vs the live document", all, live), ...stateDifferences("snapshot + log vs the live document", fromSnapshot, live)];
}

/** A legitimate edit of a real client through the model (what the editor sends). */
export function editModel(doc: Y.Doc, edit: (d: NegotiationDocument) => NegotiationDocument): void {
  const read = readDocument(doc);
  if (!read.ok) throw new Error(`the copy does not read: ${read.message}`);
  writeDocument(doc, edit(read.value), null, read.value);
}

/** The position just before the end of block `blockId` (where typing at its end goes). */
export function endOfBlock(d: NegotiationDocument, blockId: string): number {
  let at = -1;
  d.content.forEach((block, offset) => {
    if (block.attrs.id === blockId) at = offset + block.nodeSize - 1;
  });
  if (at < 0) throw new Error(`no block ${blockId}`);
  return at;
}

/** Inserts `text` at the end of block `blockId`, with `marks`. */
export function insertAtEnd(d: NegotiationDocument, blockId: string, text: string, marks: readonly import("prosemirror-model").Mark[] = []): NegotiationDocument {
  return d.withContent(new Transform(d.content).insert(endOfBlock(d, blockId), schema.text(text, marks)).doc);
}

/** A proposal mark (fresh id unless given). */
export function proposalMark(by: string[], attrs: { id?: string; op?: string; state?: string } = {}) {
  return schema.marks.proposal!.create({ id: attrs.id ?? newId("r"), op: attrs.op ?? "insert", by, state: attrs.state ?? "open" });
}

/** The key y-prosemirror gives a proposal mark with these attributes (`proposal--` and eight characters of a hash). */
export function proposalKey(attrs: Record<string, unknown>): string {
  return `proposal--${createHash("sha256").update(JSON.stringify(attrs)).digest("base64").slice(0, 8)}`;
}

/** The attributes of a proposal mark as the editor stores them. */
export function proposalAttrs(id: string, by: string[], op = "insert", state = "open"): Record<string, unknown> {
  return { id, op, by, note: "", state };
}

/** The block element with this id in a Y.Doc's content; throws when absent. */
export function blockElement(doc: Y.Doc, id: string): Y.XmlElement {
  for (const child of doc.getXmlFragment(YDOC_PARTS.content).toArray()) {
    if (child instanceof Y.XmlElement && child.getAttribute("id") === id) return child;
  }
  throw new Error(`no block ${id}`);
}

/** The index of block `id` in the content fragment. */
export function blockIndex(doc: Y.Doc, id: string): number {
  return doc.getXmlFragment(YDOC_PARTS.content).toArray().indexOf(blockElement(doc, id));
}

/** The first Y.XmlText of a block. */
export function blockText(doc: Y.Doc, id: string): Y.XmlText {
  const text = blockElement(doc, id).toArray().find((c) => c instanceof Y.XmlText);
  if (!text) throw new Error(`block ${id} has no text`);
  return text as Y.XmlText;
}

/** A new paragraph element with these attributes and plain or marked text. */
export function paragraphElement(attrs: Record<string, unknown>, text: string, format?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  const full: Record<string, unknown> = { label: "", kind: "plain", status: "open", statusDate: "", statusBody: "", statusFootnote: "", proposedBy: [], proposalState: "open", alternativeTo: "", note: "", ...attrs };
  for (const [key, value] of Object.entries(full)) element.setAttribute(key, value as string);
  const yText = new Y.XmlText();
  yText.insert(0, text, format);
  element.insert(0, [yText]);
  return element;
}

/** Whether an outcome is a refusal that closed the sender's connection. */
export function refusalProblems(outcome: Outcome, sender: RawClient, accept: "refused" | "closed" = "refused"): string[] {
  const out: string[] = [];
  if (accept === "refused" && outcome.kind !== "refused") out.push(`expected a "rejected" message and a close, got ${JSON.stringify(outcome)}`);
  if (accept === "closed" && outcome.kind !== "refused" && outcome.kind !== "closed") out.push(`expected the connection closed, got ${JSON.stringify(outcome)}`);
  if (sender.open) out.push("the sender's connection is still open");
  return out;
}

/** How long to let a broadcast travel before comparing copies. */
const SETTLE_MS = 150;

/** The honest clients' copies against the live document, waiting a little for broadcasts to arrive. */
export async function copyProblems(scene: Scene, timeoutMs = 3000): Promise<string[]> {
  const live = () => docState(liveDoc(scene.s.t, scene.id));
  const differences = () => [
    ...stateDifferences("the chair's copy vs the server", docState(scene.chair.doc), live()),
    ...stateDifferences("ARG's copy vs the server", docState(scene.arg.doc), live()),
  ];
  try {
    await eventually(() => differences().length === 0, timeoutMs, "copies equal to the server's");
    return [];
  } catch {
    return differences();
  }
}

let honestEdits = 0;

/**
 * The one invariant checker every attack goes through (`before`: the server's
 * state just before the attack; `refused`: the attack was to change nothing):
 * (1) the live document is unchanged, with nothing pending; (2) its log
 * replays to it; (3) the chair's and ARG's copies equal it; (4) both make a
 * legitimate edit, acknowledged, and every copy converges with the edits in —
 * (2) and (3) again after them; the state is kept to be read after a restart.
 * Returns the problems in words; empty when every invariant holds.
 */
export async function invariantProblems(scene: Scene, before: DocState | null, options: { extraEdit?: () => Promise<string[]> } = {}): Promise<string[]> {
  const { t } = scene.s;
  const problems: string[] = [];
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const now = docState(liveDoc(t, scene.id));
  if (before) problems.push(...stateDifferences("(1) the live document vs before the attack", now, before));
  if (now.pending) problems.push("(1) the live document holds pending structs or deletions");
  problems.push(...(await logProblems(t, scene.id)).map((p) => `(2) ${p}`));
  problems.push(...(await copyProblems(scene)).map((p) => `(3) ${p}`));

  // (4) The honest keep working: the chair adds a paragraph, ARG proposes in paragraph 3.
  const n = ++honestEdits;
  const chairWord = `chairword${n}`;
  const argWord = `argword${n}`;
  try {
    editModel(scene.chair.doc, (d) => {
      const paragraph = schema.nodes.paragraph!.create({ id: newId("p") }, schema.text(`Added by the chair ${chairWord}.`));
      return d.withContent(new Transform(d.content).insert(d.content.content.size, paragraph).doc);
    });
    editModel(scene.arg.doc, (d) => insertAtEnd(d, "p3", ` ${argWord}`, [proposalMark(["ARG"])]));
    await Promise.all([scene.chair.acknowledged(5000), scene.arg.acknowledged(5000)]);
    if (options.extraEdit) problems.push(...(await options.extraEdit()));
    const text = () => {
      const r = readDocument(liveDoc(t, scene.id));
      return r.ok ? r.value.content.textContent : "";
    };
    await eventually(() => text().includes(chairWord) && text().includes(argWord), 3000, "the honest edits on the server").catch(() =>
      problems.push(`(4) the honest edits are not both on the server (chair: ${text().includes(chairWord)}, ARG: ${text().includes(argWord)})`),
    );
  } catch (error) {
    problems.push(`(4) an honest edit failed: ${(error as Error).message}`);
  }
  if (scene.honestRejections.length) problems.push(`(4) honest clients were refused: ${scene.honestRejections.join("; ")}`);
  problems.push(...(await copyProblems(scene)).map((p) => `(4) after the honest edits, ${p}`));
  problems.push(...(await logProblems(t, scene.id)).map((p) => `(4) after the honest edits, ${p}`));
  const after = docState(liveDoc(t, scene.id));
  scene.s.expected.set(scene.id, { content: after.reading, vector: Buffer.from(Y.encodeStateVector(liveDoc(t, scene.id))).toString("base64") });
  return problems;
}

/**
 * After a restart on the same data directory, every document checked in this
 * file reads as it did: the problems in words.
 */
export async function restartProblems(s: AttackServer): Promise<string[]> {
  await s.restart();
  const problems: string[] = [];
  for (const [id, expected] of s.expected) {
    const connection = await s.t.server.hocuspocus.openDirectConnection(id, {});
    try {
      const doc = connection.document!;
      const state = docState(doc);
      if (state.reading !== expected.content) problems.push(`${id}: reads otherwise after a restart (${excerpt(state.reading, expected.content)})`);
      const vector = Buffer.from(Y.encodeStateVector(doc)).toString("base64");
      if (vector !== expected.vector) problems.push(`${id}: its state vector differs after a restart`);
    } finally {
      await connection.disconnect();
    }
  }
  return problems;
}

/** The API's reads of the document (list, content, exports) must answer 200: the problems otherwise. */
export async function apiProblems(scene: Scene): Promise<string[]> {
  const problems: string[] = [];
  const paths = [
    "/api/documents",
    `/api/documents/${scene.id}`,
    `/api/documents/${scene.id}/content`,
    `/api/documents/${scene.id}/stats`,
    `/api/documents/${scene.id}/proposals`,
    `/api/documents/${scene.id}/export?version=clean&format=txt`,
    `/api/documents/${scene.id}/export?version=markup&format=html`,
  ];
  for (const path of paths) {
    const answer = await fetch(`${scene.s.t.server.url}${path}`, { headers: { authorization: `Bearer ${scene.tokens.chair}` } });
    const body = await answer.text();
    if (answer.status !== 200) problems.push(`GET ${path}: ${answer.status} ${body.slice(0, 200)}`);
    else if (path === "/api/documents" && JSON.parse(body).documents.some((d: { id: string; progress: unknown }) => d.id === scene.id && d.progress === null)) {
      problems.push(`GET ${path}: the document's progress is null (it does not read)`);
    }
  }
  return problems;
}

/** The server's state now (the live document), to compare after an attack. */
export function serverState(scene: Scene): DocState {
  return docState(liveDoc(scene.s.t, scene.id));
}

/**
 * Plays one attack: `send` makes the raw client send it and returns the
 * outcome; the attack must be refused (or, `closed`, the frame refused with
 * the connection closed) and every invariant must hold. Returns the problems.
 */
export async function attackProblems(scene: Scene, send: () => Promise<Outcome>, expect: "refused" | "closed" = "refused"): Promise<string[]> {
  const before = serverState(scene);
  const outcome = await send();
  return [...refusalProblems(outcome, scene.ury, expect).map((p) => `refusal: ${p}`), ...(await invariantProblems(scene, before))];
}

/**
 * Plays a control: `send` makes a legitimate change; it must be acknowledged
 * with no refusal, `present` must find it on the server, and the invariants
 * but the first must hold.
 */
export async function controlProblems(scene: Scene, send: () => Promise<Outcome>, present: (live: Y.Doc) => boolean): Promise<string[]> {
  const outcome = await send();
  const problems: string[] = [];
  if (outcome.kind !== "acknowledged") problems.push(`control not acknowledged: ${JSON.stringify(outcome)}`);
  await new Promise((r) => setTimeout(r, 50));
  if (!present(liveDoc(scene.s.t, scene.id))) problems.push("control: the change is not on the server");
  problems.push(...(await invariantProblems(scene, null)));
  return problems;
}

/**
 * One attack server for the calling test file: started before its tests,
 * stopped (its data removed) after them. `play` opens a scene on it, runs
 * one case and expects no problem; `server` is the server itself.
 */
export function attackFile(): { play: (name: string, run: (scene: Scene) => Promise<string[]>) => Promise<void>; server: () => AttackServer } {
  let s: AttackServer | null = null;
  beforeAll(async () => {
    s = await startAttackServers();
  });
  afterAll(async () => s?.close());
  const server = () => {
    if (!s) throw new Error("the attack server starts before the tests");
    return s;
  };
  return { play: (name, run) => play(server(), name, run), server };
}

/** Opens a scene, runs one case in it and expects no problem; the scene is closed whatever happens. */
export async function play(s: AttackServer, name: string, run: (scene: Scene) => Promise<string[]>): Promise<void> {
  const scene = await openScene(s, name);
  try {
    expect(await run(scene)).toEqual([]);
  } finally {
    scene.close();
  }
}

/** Inserts `text` into block `blockId`'s text at `at`, marked as a proposal with exactly these attributes (any id, any delegations). */
export function insertProposalText(doc: Y.Doc, blockId: string, at: number, text: string, attrs: Record<string, unknown>): void {
  blockText(doc, blockId).insert(at, text, { [proposalKey(attrs)]: attrs });
}

/** The document with every span of proposal `id` re-marked with `by` (as the editor's support and withdrawal of support do). */
export function remarkProposal(d: NegotiationDocument, id: string, by: string[]): NegotiationDocument {
  const tr = new Transform(d.content);
  d.content.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (mark.type.name !== "proposal" || mark.attrs.id !== id) continue;
      tr.removeMark(pos, pos + node.nodeSize, mark);
      tr.addMark(pos, pos + node.nodeSize, mark.type.create({ ...mark.attrs, by }));
    }
  });
  return d.withContent(tr.doc);
}

/** The document with paragraph `id`'s attributes changed. */
export function setBlockAttrs(d: NegotiationDocument, id: string, attrs: Record<string, unknown>): NegotiationDocument {
  let at = -1;
  d.content.forEach((block, offset) => {
    if (block.attrs.id === id) at = offset;
  });
  if (at < 0) throw new Error(`no block ${id}`);
  const block = d.content.nodeAt(at)!;
  return d.withContent(new Transform(d.content).setNodeMarkup(at, undefined, { ...block.attrs, ...attrs }).doc);
}

/** The delegations of proposal `id` as the live document reads, or null when it does not read or has no such proposal. */
export function proposalBy(live: Y.Doc, id: string): string[] | null {
  const read = readDocument(live);
  if (!read.ok) return null;
  let by: string[] | null = null;
  read.value.content.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === "proposal" && mark.attrs.id === id) by = mark.attrs.by as string[];
  });
  return by;
}

/** The state of proposal `id` as a Y.Doc reads, or null when it does not read or has no such proposal. */
export function proposalStateIn(doc: Y.Doc, id: string): string | null {
  const read = readDocument(doc);
  if (!read.ok) return null;
  let state: string | null = null;
  read.value.content.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === "proposal" && mark.attrs.id === id) state = mark.attrs.state as string;
  });
  return state;
}
