import { LeaseLost } from "../storage/postgres-lease.js";
import type { NewUpdate, Storage } from "../storage/storage.js";

/**
 * Appends updates to the log in batches: every update that arrives while a
 * commit is on disk, or within `delayMs` of the first one waiting, goes into
 * the next commit, so many clients typing cost a few durable writes, not one
 * each (a synchronous commit costs far more than the rows it writes: at 200
 * edits a second, one commit per edit cost the server a third more CPU than
 * the edits themselves). A returned promise resolves once the update is on
 * disk, with its sequence number; it rejects if the write failed. When the
 * store refuses a batch because this server lost the lease of some of its
 * documents (`LeaseLost`, PostgreSQL), only their updates are refused, the
 * others written in the next commit, and `onLeaseLost` is told.
 */
export class GroupCommit {
  private queue: { update: NewUpdate; resolve: (seq: number) => void; reject: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  /** Told which documents an append found this server no longer holds (ownership.ts gives them up). */
  onLeaseLost: (documentIds: readonly string[]) => void = () => {};

  constructor(
    private readonly storage: Storage,
    /** How long the first update of a batch may wait for others to join it. */
    private readonly delayMs = 0,
  ) {}

  append(update: NewUpdate): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ update, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let every update that arrives in this turn of the event loop, or within the delay, join the batch.
    await new Promise((r) => (this.delayMs > 0 ? setTimeout(r, this.delayMs) : setImmediate(r)));
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      try {
        const seqs = await this.storage.appendUpdates(batch.map((b) => b.update));
        batch.forEach((b, i) => b.resolve(seqs[i]!));
      } catch (error) {
        // A refusal naming none of the batch's documents would be retried for ever: refuse the batch.
        if (!(error instanceof LeaseLost) || !batch.some((b) => error.documentIds.includes(b.update.documentId))) {
          batch.forEach((b) => b.reject(error));
          continue;
        }
        const lost = new Set(error.documentIds);
        for (const b of batch) if (lost.has(b.update.documentId)) b.reject(error);
        this.queue = [...batch.filter((b) => !lost.has(b.update.documentId)), ...this.queue];
        this.onLeaseLost(error.documentIds);
      }
    }
    this.flushing = null;
  }

  /** Resolves when nothing is waiting to be written. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }
}
