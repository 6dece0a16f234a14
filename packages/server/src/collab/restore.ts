import { readDocument } from "@accord/collab";
import type { Result } from "@accord/schema";
import * as Y from "yjs";
import type { LoggedUpdate, SetAside, Storage } from "../storage/storage.js";

/** What a restore of a document keeps and sets aside, found by reading states of its log. */
export interface RestorePlan {
  readonly documentId: string;
  /** The entries of the log as it stands (set-aside ones excluded) and the last one's number. */
  readonly entries: number;
  readonly lastSeq: number;
  /** Why the log as it stands does not read; null when it reads. */
  readonly problem: string | null;
  /** The last entry kept (the state up to it reads) and how many entries are kept. */
  readonly keepUpto: number;
  readonly kept: number;
  /** The entries set aside: how many, from which entry to which (null when none). */
  readonly setAside: { readonly count: number; readonly fromSeq: number | null; readonly toSeq: number | null };
  /** How many states of the log were read to find the plan. */
  readonly reads: number;
}

/** Who restores, for the audit trail. */
export interface Restorer {
  readonly userId: string | null;
  readonly username: string;
  readonly delegation: string;
  /** How: through the API or `accord restore`. */
  readonly via: "api" | "cli";
}

/** A restore made: its plan and what the store set aside (with its audit entry). */
export interface Restored {
  readonly plan: RestorePlan;
  readonly setAside: SetAside;
}

/**
 * Why the document the first `count` entries of the log make does not read,
 * or null when it reads: a fresh Y.Doc from the entries alone (snapshots
 * play no part), read with `readDocument`.
 */
export function prefixProblem(updates: readonly LoggedUpdate[], count: number): string | null {
  const ydoc = new Y.Doc();
  try {
    Y.transact(ydoc, () => {
      for (let i = 0; i < count; i++) Y.applyUpdate(ydoc, updates[i]!.data);
    });
    const read = readDocument(ydoc);
    return read.ok ? null : read.message;
  } catch (error) {
    return `an entry cannot be applied: ${(error as Error).message}`;
  } finally {
    ydoc.destroy();
  }
}

/**
 * The longest prefix of the log, shorter than the whole (which does not
 * read), whose state reads — or null when not even the first entry's does.
 * Reads O(log d) states, d being how far back the break is: it steps back
 * from the last entry 1, 2, 4, 8 … entries until a state reads, then halves
 * the gap between that state and the nearest that does not. Exact when the
 * document, once broken, stayed broken (a later entry that repaired it would
 * make the whole log read); when the log broke, read again, then broke
 * again, it finds the break nearest the end, which sets aside least.
 */
export function lastReadablePrefix(entries: number, problemAt: (count: number) => string | null): number | null {
  if (entries <= 1) return null;
  let unreadable = entries;
  let readable = 0;
  for (let step = 1; readable === 0; step *= 2) {
    const count = Math.max(1, entries - step);
    if (problemAt(count) === null) readable = count;
    else if (count === 1) return null;
    else unreadable = count;
  }
  while (unreadable - readable > 1) {
    const middle = Math.floor((readable + unreadable) / 2);
    if (problemAt(middle) === null) readable = middle;
    else unreadable = middle;
  }
  return readable;
}

/**
 * What restoring the document would keep and set aside: up to `upto` when
 * given (an entry of the log whose state reads), else up to the last state
 * that reads. Read-only. A failure — no such entry, a state that does not
 * read, no state that reads at all — is a message saying so; a document that
 * reads as it stands, with no `upto`, is a plan that sets nothing aside.
 */
export async function planRestore(storage: Storage, documentId: string, options: { readonly upto?: number } = {}): Promise<Result<RestorePlan>> {
  const updates = await storage.readUpdates(documentId);
  const last = updates[updates.length - 1];
  if (!last) return { ok: false, message: `document “${documentId}” has no log to restore from` };
  let reads = 0;
  const problemAt = (count: number) => {
    reads++;
    return prefixProblem(updates, count);
  };
  const problem = problemAt(updates.length);
  let kept: number;
  if (options.upto !== undefined) {
    const index = updates.findIndex((u) => u.seq === options.upto);
    const range = `its entries are numbered ${updates[0]!.seq} to ${last.seq}`;
    if (index < 0) return { ok: false, message: `entry ${options.upto} is not in the log of “${documentId}” (${range}, set-aside ones excluded)` };
    kept = index + 1;
    const uptoProblem = kept === updates.length ? problem : problemAt(kept);
    if (uptoProblem !== null) return { ok: false, message: `the state of “${documentId}” up to entry ${options.upto} cannot be read either (${uptoProblem}); choose an earlier entry, or leave out upto to find the last state that reads` };
  } else if (problem === null) {
    kept = updates.length;
  } else {
    const found = lastReadablePrefix(updates.length, problemAt);
    if (found === null) return { ok: false, message: `no state of the log of “${documentId}” reads, not even its first entry's (${problem}); it cannot be restored from its log` };
    kept = found;
  }
  const aside = updates.slice(kept);
  return {
    ok: true,
    value: {
      documentId,
      entries: updates.length,
      lastSeq: last.seq,
      problem,
      keepUpto: updates[kept - 1]!.seq,
      kept,
      setAside: { count: aside.length, fromSeq: aside[0]?.seq ?? null, toSeq: aside[aside.length - 1]?.seq ?? null },
      reads,
    },
  };
}

/**
 * Sets aside the entries the plan sets aside — kept in storage, out of the
 * document — with an audit entry saying who restored what and how many
 * entries were set aside. The document must not be open meanwhile (the
 * server unloads it first; `accord restore` acts only on documents a server
 * cannot open). A failure — nothing to set aside, a log that changed since
 * the plan — is a message and changes nothing.
 */
export async function applyRestore(storage: Storage, plan: RestorePlan, by: Restorer): Promise<Result<Restored>> {
  const { documentId, keepUpto, kept, setAside, problem } = plan;
  if (setAside.count === 0) {
    return { ok: false, message: `document “${documentId}” reads as it stands: nothing to restore (name an earlier entry to go back to it)` };
  }
  const who = by.via === "cli" ? "with accord restore" : `by ${by.username}`;
  const why = problem === null ? "" : ` The document could not be read: ${problem}`;
  const done = await storage.setAsideUpdates(documentId, keepUpto, plan.lastSeq, {
    documentId,
    userId: by.userId,
    username: by.username,
    delegation: by.delegation,
    action: "restore",
    message:
      `Restored from its log ${who}: kept entries up to ${keepUpto} (${kept}) and set aside ${setAside.count} ` +
      `(${setAside.fromSeq}–${setAside.toSeq}), which stay in storage.${why}`,
    detail: { keptUpto: keepUpto, kept, setAside: setAside.count, fromSeq: setAside.fromSeq, toSeq: setAside.toSeq, problem, via: by.via },
  });
  if (!done) return { ok: false, message: `the log of “${documentId}” changed while the restore was being prepared; nothing was set aside: run it again` };
  return { ok: true, value: { plan, setAside: done } };
}
