import { canonicalContent, type NegotiationDocument } from "@accord/schema";
import { Random } from "@accord/schema/generate";
import type * as Y from "yjs";
import { readDocument, writeDocument } from "./convert.js";
import { YDOC_PARTS } from "./names.js";
import { randomEdit } from "./random-edits.js";

/**
 * One replica taking part in a convergence run: its Y.Doc and a way to cut
 * and restore its connection. The in-memory network of the tests and real
 * WebSocket clients against the server both provide this.
 */
export interface Peer {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly connected: boolean;
  connect(): Promise<void> | void;
  disconnect(): Promise<void> | void;
}

/** Options of a convergence run. */
export interface ConvergenceOptions {
  readonly seed: number;
  /** Edits (and connection changes) to make across all peers. */
  readonly steps: number;
  /** Chance that a step cuts or restores a peer's connection instead of editing. */
  readonly disconnectChance?: number;
  /** Waits until every connected peer has what the others sent (the transport decides how). */
  readonly settle: () => Promise<void>;
  /** Called between steps; real transports use it to let messages flow. */
  readonly tick?: () => Promise<void>;
}

/** What a convergence run did. */
export interface ConvergenceReport {
  readonly edits: number;
  readonly disconnects: number;
  readonly kinds: Readonly<Record<string, number>>;
}

/**
 * A replica's state in comparable form: its document (validated) with marks
 * in canonical order, plus the raw metadata and registry maps.
 */
export function replicaState(doc: Y.Doc): unknown {
  const read = readDocument(doc);
  return {
    document: read.ok ? canonicalContent(read.value.content) : `invalid: ${read.message}`,
    meta: doc.getMap(YDOC_PARTS.meta).toJSON(),
    delegations: doc.getMap(YDOC_PARTS.delegations).toJSON(),
  };
}

/**
 * Seeded randomized convergence (after Yjs' testHelper): peers make random
 * negotiation edits — typing, proposals, deletions, decisions, statuses, new
 * paragraphs — on their own replicas while connections drop and come back;
 * then all reconnect, and every replica must hold the same, valid document.
 * Throws with the seed in the message when they differ or a replica stops
 * being a valid document, so the seed can be kept as a regression case.
 */
export async function runConvergence(peers: readonly Peer[], options: ConvergenceOptions): Promise<ConvergenceReport> {
  const rnd = new Random(options.seed);
  const kinds: Record<string, number> = {};
  let edits = 0;
  let disconnects = 0;
  const fail = (message: string): never => {
    throw new Error(`convergence failed (seed ${options.seed}): ${message}`);
  };

  for (let step = 0; step < options.steps; step++) {
    const peer = rnd.pick(peers);
    if (rnd.chance(options.disconnectChance ?? 0.1)) {
      if (peer.connected) {
        await peer.disconnect();
        disconnects++;
      } else await peer.connect();
    } else {
      const current = readDocument(peer.doc);
      if (!current.ok) fail(`${peer.name} holds an invalid document: ${current.message}`);
      const edit = randomEdit((current as { value: NegotiationDocument }).value, rnd);
      if (edit) {
        writeDocument(peer.doc, edit.document, peer.name);
        kinds[edit.kind] = (kinds[edit.kind] ?? 0) + 1;
        edits++;
      }
    }
    await options.tick?.();
  }

  for (const peer of peers) if (!peer.connected) await peer.connect();
  await options.settle();

  const states = peers.map((peer) => JSON.stringify(replicaState(peer.doc)));
  states.forEach((state, i) => {
    if (state.includes('"invalid: ')) fail(`${peers[i]!.name} ends with an invalid document: ${state.slice(0, 300)}`);
    if (state !== states[0]) fail(`${peers[i]!.name} differs from ${peers[0]!.name}`);
  });
  return { edits, disconnects, kinds };
}
