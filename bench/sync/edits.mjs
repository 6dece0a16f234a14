// Edits that Accord's permission rules accept, made as direct Yjs operations
// on a paragraph's Y.XmlText (no ProseMirror conversion of the document per
// edit): a delegate of X inserts text carrying a proposal mark
// { id, op: "insert", by: [X], note: "", state: "open" } at the end of a run
// of plain base text, inside a paragraph whose status is "open".
//
// y-prosemirror stores a mark that may overlap itself (ours: `proposal` does
// not exclude itself, so brackets nest) as the text attribute
// `proposal--<hashOfJSON(mark.toJSON())>` whose value is `mark.attrs`
// (marksToAttributes in y-prosemirror/src/plugins/sync-plugin.js, hashOfJSON in
// its utils.js). This file reproduces that and checks it against y-prosemirror.
import { YDOC_PARTS } from "@accord/collab";
import { OAS_MEMBER_STATES, schema } from "@accord/schema";
import * as buf from "lib0/buffer";
import * as sha256 from "lib0/hash/sha256";
import { prosemirrorToYDoc } from "y-prosemirror";
import * as Y from "yjs";

/** y-prosemirror's utils.hashOfJSON: sha256 of lib0's encodeAny, folded to 6 bytes, base64. */
export function hashOfJSON(json) {
  const digest = sha256.digest(buf.encodeAny(json));
  const N = 6;
  for (let i = N; i < digest.length; i++) digest[i % N] = digest[i % N] ^ digest[i];
  return buf.toBase64(digest.slice(0, N));
}

/** The Y.XmlText attribute y-prosemirror writes for a proposal mark with these attributes. */
export function proposalAttribute(attrs) {
  const mark = schema.mark("proposal", attrs); // the schema fills defaults, in spec order
  return { key: `proposal--${hashOfJSON(mark.toJSON())}`, value: mark.attrs };
}

/**
 * Throws unless our attribute key is y-prosemirror's: once for a fresh mark
 * converted by y-prosemirror itself, and for proposal runs of the real
 * document (written by Accord's writeDocument through y-prosemirror).
 */
export function checkAttributeKeys(initialUpdate) {
  const attrs = { id: "bench-check", op: "insert", by: ["URY"], note: "", state: "open" };
  const mark = schema.mark("proposal", attrs);
  const pm = schema.topNodeType.create(null, [schema.nodes.paragraph.create({ id: "x" }, schema.text("check", [mark]))]);
  const ydoc = prosemirrorToYDoc(pm, YDOC_PARTS.content);
  const delta = ydoc.getXmlFragment(YDOC_PARTS.content).get(0).get(0).toDelta();
  const theirs = Object.keys(delta[0].attributes ?? {})[0];
  const ours = proposalAttribute(attrs);
  if (theirs !== ours.key || JSON.stringify(delta[0].attributes[theirs]) !== JSON.stringify(ours.value)) {
    throw new Error(`proposal attribute differs from y-prosemirror's: ${theirs} vs ${ours.key}`);
  }
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initialUpdate);
  let checked = 0;
  for (const element of doc.getXmlFragment(YDOC_PARTS.content).toArray()) {
    for (const child of element.toArray()) {
      if (!(child instanceof Y.XmlText)) continue;
      for (const d of child.toDelta()) {
        for (const [key, value] of Object.entries(d.attributes ?? {})) {
          if (!key.startsWith("proposal--")) continue;
          const expected = proposalAttribute(value).key;
          if (expected !== key) throw new Error(`stored key ${key} for ${JSON.stringify(value)}, computed ${expected}`);
          checked++;
        }
      }
    }
    if (checked >= 200) break;
  }
  doc.destroy();
  return checked;
}

/** A small seeded generator (mulberry32), so every run deals the same paragraphs. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Who sends: mostly delegates of different delegations (OAS codes, several
 * senders per delegation when there are more senders than 35), and one chair
 * per 40 senders, who types proposals from the floor on behalf of a delegation.
 */
export function planSenders(count) {
  const chairs = count >= 2 ? Math.max(1, Math.round(count / 40)) : 0;
  const codes = OAS_MEMBER_STATES.map((d) => d.code);
  const plan = [];
  for (let i = 0; i < count; i++) {
    if (i >= count - chairs) plan.push({ role: "chair", delegation: "", proposeFor: codes[(i * 7) % codes.length] });
    else plan.push({ role: "delegate", delegation: codes[i % codes.length], proposeFor: codes[i % codes.length] });
  }
  return plan;
}

/** The first Y.XmlText of a paragraph and the offsets where a run of plain text (no attributes) ends. */
function plainRunEnds(element) {
  const text = element.get(0);
  if (!(text instanceof Y.XmlText)) return { text: null, ends: [] };
  const ends = [];
  let offset = 0;
  for (const d of text.toDelta()) {
    const length = typeof d.insert === "string" ? d.insert.length : 1;
    offset += length;
    if (typeof d.insert === "string" && !d.attributes) ends.push(offset);
  }
  return { text, ends };
}

/** The ids of open paragraphs with some plain text to insert after. */
export function openParagraphs(doc) {
  const ids = [];
  for (const element of doc.getXmlFragment(YDOC_PARTS.content).toArray()) {
    if (!(element instanceof Y.XmlElement) || element.nodeName !== "paragraph") continue;
    if ((element.getAttribute("status") ?? "open") !== "open") continue;
    if (plainRunEnds(element).ends.length) ids.push(String(element.getAttribute("id")));
  }
  return ids;
}

/**
 * Makes each sender's updates. Each sender owns a few open paragraphs (dealt
 * out at random, none shared), so every update it produces depends only on
 * the initial document and its own earlier updates, which reach the server
 * before it on the same socket — like a client that does not apply what
 * others send.
 *
 * `ownDocs: false` (the default) keeps ONE Y.Doc for all senders and switches
 * its clientID to the sender's before each edit: as the senders' paragraphs
 * are disjoint, the update is byte for byte what the sender's own Y.Doc
 * (initial state + its own edits) would produce, at 1/200 of the memory
 * (a Y.Doc of the 2,000-paragraph document is ~23 MB of heap; 200 of them
 * would not fit the default heap and would make the generator's garbage
 * collection pause for seconds). `ownDocs: true` gives each sender its own.
 */
export class EditMaker {
  constructor(initialUpdate, plan, { seed, ownDocs = false }) {
    this.ownDocs = ownDocs;
    const rnd = random(seed);
    this.rnd = rnd;
    const base = new Y.Doc();
    Y.applyUpdate(base, initialUpdate);
    const open = openParagraphs(base);
    if (open.length < plan.length) throw new Error(`${plan.length} senders but only ${open.length} open paragraphs to share out`);
    for (let i = open.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [open[i], open[j]] = [open[j], open[i]];
    }
    this.openParagraphs = open.length;
    const usedIds = new Set([base.clientID, ...Y.decodeStateVector(Y.encodeStateVector(base)).keys()]);
    this.senders = plan.map((p, index) => {
      let clientID;
      do clientID = Math.floor(rnd() * 0xffffffff) >>> 0;
      while (usedIds.has(clientID));
      usedIds.add(clientID);
      return { index, ...p, clientID, paragraphIds: [], doc: null, elements: new Map(), next: 0, seq: 0 };
    });
    open.forEach((id, i) => this.senders[i % plan.length].paragraphIds.push(id));
    const byId = (doc) => {
      const map = new Map();
      for (const element of doc.getXmlFragment(YDOC_PARTS.content).toArray()) {
        if (element instanceof Y.XmlElement) map.set(String(element.getAttribute("id")), element);
      }
      return map;
    };
    if (ownDocs) {
      base.destroy();
      for (const sender of this.senders) {
        sender.doc = new Y.Doc();
        sender.doc.clientID = sender.clientID;
        Y.applyUpdate(sender.doc, initialUpdate);
        const all = byId(sender.doc);
        for (const id of sender.paragraphIds) sender.elements.set(id, all.get(id));
      }
    } else {
      this.shared = base;
      const all = byId(base);
      for (const sender of this.senders) {
        sender.doc = base;
        for (const id of sender.paragraphIds) sender.elements.set(id, all.get(id));
      }
    }
  }

  /**
   * The sender's next edit: ` xq<sender>n<seq>qx` inserted, as its delegation's
   * proposal, at the end of a plain run of one of its paragraphs.
   * Returns the Yjs update and the marker.
   */
  make(senderIndex) {
    const sender = this.senders[senderIndex];
    const seq = sender.seq++;
    const marker = `xq${senderIndex}n${seq}qx`;
    for (let tries = 0; tries < sender.paragraphIds.length; tries++) {
      const id = sender.paragraphIds[sender.next++ % sender.paragraphIds.length];
      const { text, ends } = plainRunEnds(sender.elements.get(id));
      if (!ends.length) continue;
      const at = ends[Math.floor(this.rnd() * ends.length)];
      const { key, value } = proposalAttribute({ id: `bench-${senderIndex}-${seq}`, op: "insert", by: [sender.proposeFor], note: "", state: "open" });
      const doc = sender.doc;
      if (!this.ownDocs) doc.clientID = sender.clientID;
      let update = null;
      const capture = (u) => (update = u);
      doc.on("update", capture);
      try {
        doc.transact(() => text.insert(at, ` ${marker}`, { [key]: value }));
      } finally {
        doc.off("update", capture);
      }
      return { update, marker, paragraph: id };
    }
    throw new Error(`sender ${senderIndex} has no paragraph with plain text left`);
  }

  destroy() {
    const docs = new Set(this.senders.map((s) => s.doc));
    for (const doc of docs) doc?.destroy();
  }
}

/** Markers in a text: `xq<sender>n<seq>qx`. */
export const MARKER = /xq(\d+)n(\d+)qx/g;
