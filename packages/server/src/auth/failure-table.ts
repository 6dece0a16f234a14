/**
 * How a failure table judges its keys. After `freeFailures` failures each
 * further attempt must wait `firstDelayMs`, doubling with every failure up to
 * `maxDelayMs`; at `lockAfter` failures the key is locked for `lockMs`.
 * Failures are forgotten `forgetAfterMs` after the last one, and a lock's end
 * starts the count again from nothing. The table keeps at most `maxEntries`
 * keys (plus those with an attempt in flight).
 */
export interface FailurePolicy {
  readonly freeFailures: number;
  readonly lockAfter: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly lockMs: number;
  readonly forgetAfterMs: number;
  readonly maxEntries: number;
}

/**
 * Why a key may not try now, and the time (ms since the epoch) from which it
 * may: `locked` after `lockAfter` failures, `backoff` before the delay after
 * the last failure has passed, `busy` while as many attempts as it may make
 * are still being judged.
 */
export type FailureWait =
  | { readonly kind: "locked"; readonly until: number; readonly failures: number }
  | { readonly kind: "backoff"; readonly until: number; readonly failures: number }
  | { readonly kind: "busy"; readonly until: number };

/** What a key held when it was cleared: its failures, and the end of its lock (0 when it was not locked). */
export interface ClearedFailures {
  readonly failures: number;
  readonly lockedUntil: number;
}

/** How long a `busy` key is asked to wait: the attempts in flight are judged within milliseconds. */
export const BUSY_RETRY_MS = 1000;

/** At most this many attempts of one key wait for those in flight (`whenSettled`); more are refused. */
export const MAX_WAITING = 50;

interface Entry {
  failures: number;
  lastFailureAt: number;
  /** 0 when not locked. */
  lockedUntil: number;
  /** Attempts admitted and not yet judged. */
  pending: number;
  /** Attempts waiting for one of those to end, and how they are woken. */
  waiting: { count: number; readonly settled: Promise<void>; readonly wake: () => void } | null;
}

/**
 * Failed attempts counted per key (an account, an address), in memory, with
 * the waits and locks of a `FailurePolicy`. Every admitted attempt is counted
 * as in flight until it is judged, so that attempts sent at once cannot all
 * slip in before the first failure is counted (the others are `busy` and may
 * wait for them: `whenSettled`): between two resets a key never has more
 * than `lockAfter` attempts judged. The table is bounded: when it
 * holds more than `maxEntries` keys it drops every expired one, and if that is
 * not enough the least recently tried keys that are not locked (locked ones
 * only when too few are unlocked), down to nine tenths of `maxEntries`. Keys
 * with an attempt in flight are never dropped. The constructor throws a RangeError for a policy that makes no
 * sense (a negative count, a delay that is not positive).
 */
export class FailureTable {
  // Insertion order is the order of the last attempt: the first entries are the oldest.
  readonly #entries = new Map<string, Entry>();

  constructor(readonly policy: FailurePolicy) {
    const { freeFailures, lockAfter, firstDelayMs, maxDelayMs, lockMs, forgetAfterMs, maxEntries } = policy;
    const count = (name: string, value: number, min: number) => {
      if (!Number.isInteger(value) || value < min) throw new RangeError(`FailureTable: ${name} must be a whole number from ${min}, not ${value}`);
    };
    const duration = (name: string, value: number) => {
      if (!Number.isFinite(value) || value <= 0) throw new RangeError(`FailureTable: ${name} must be a positive number of milliseconds, not ${value}`);
    };
    count("freeFailures", freeFailures, 0);
    count("lockAfter", lockAfter, 1);
    count("maxEntries", maxEntries, 1);
    duration("firstDelayMs", firstDelayMs);
    duration("maxDelayMs", maxDelayMs);
    duration("lockMs", lockMs);
    duration("forgetAfterMs", forgetAfterMs);
  }

  /** How many keys the table holds. */
  get size(): number {
    return this.#entries.size;
  }

  /** Why `key` may not try at `now`, or null when it may. Changes nothing but forgetting what has expired. */
  wait(key: string, now: number): FailureWait | null {
    const entry = this.#current(key, now);
    if (!entry) return null;
    if (entry.lockedUntil > now) return { kind: "locked", until: entry.lockedUntil, failures: entry.failures };
    if (entry.failures >= this.policy.freeFailures) {
      const until = entry.lastFailureAt + this.#delay(entry.failures);
      if (now < until) return { kind: "backoff", until, failures: entry.failures };
    }
    if (entry.pending >= this.#allowance(entry)) return { kind: "busy", until: now + BUSY_RETRY_MS };
    return null;
  }

  /**
   * Counts an attempt of `key` as in flight. Call it only when `wait` has just
   * said null, and end the attempt with exactly one of `failed`, `succeeded`
   * or `released`.
   */
  begin(key: string, now: number): void {
    const entry = this.#current(key, now) ?? { failures: 0, lastFailureAt: 0, lockedUntil: 0, pending: 0, waiting: null };
    entry.pending += 1;
    this.#touch(key, entry);
    if (this.#entries.size > this.policy.maxEntries) this.#bound(now);
  }

  /**
   * Resolves when an attempt of `key` now in flight ends (then ask `wait`
   * again); null when none is in flight, or when `MAX_WAITING` attempts
   * already wait.
   */
  whenSettled(key: string): Promise<void> | null {
    const entry = this.#entries.get(key);
    if (!entry || entry.pending === 0) return null;
    if (!entry.waiting) {
      let wake = () => {};
      const settled = new Promise<void>((resolve) => (wake = resolve));
      entry.waiting = { count: 0, settled, wake };
    }
    if (entry.waiting.count >= MAX_WAITING) return null;
    entry.waiting.count += 1;
    return entry.waiting.settled;
  }

  /** The attempt failed: one failure more, which may start a wait or lock the key. Throws when no attempt is in flight (a bug). */
  failed(key: string, now: number): void {
    const entry = this.#inFlight(key);
    entry.pending -= 1;
    entry.failures += 1;
    entry.lastFailureAt = now;
    if (entry.failures >= this.policy.lockAfter) entry.lockedUntil = now + this.policy.lockMs;
    this.#touch(key, entry);
  }

  /** The attempt succeeded: the key's failures are forgotten. Throws when no attempt is in flight (a bug). */
  succeeded(key: string): void {
    const entry = this.#inFlight(key);
    entry.pending -= 1;
    entry.failures = 0;
    entry.lastFailureAt = 0;
    entry.lockedUntil = 0;
    this.#dropIfEmpty(key, entry);
  }

  /** The attempt ends without counting for or against the key. Throws when no attempt is in flight (a bug). */
  released(key: string): void {
    const entry = this.#inFlight(key);
    entry.pending -= 1;
    this.#dropIfEmpty(key, entry);
  }

  /** Forgets the key's failures and lock (attempts in flight still count when judged); what it held, or null when nothing. */
  clear(key: string, now: number): ClearedFailures | null {
    const entry = this.#current(key, now);
    if (!entry || (entry.failures === 0 && entry.lockedUntil === 0)) return null;
    const cleared = { failures: entry.failures, lockedUntil: entry.lockedUntil > now ? entry.lockedUntil : 0 };
    entry.failures = 0;
    entry.lastFailureAt = 0;
    entry.lockedUntil = 0;
    this.#dropIfEmpty(key, entry);
    return cleared;
  }

  /** The wait after the failure that brought the count to `failures` (at least `freeFailures`). */
  #delay(failures: number): number {
    const { firstDelayMs, maxDelayMs, freeFailures } = this.policy;
    return Math.min(maxDelayMs, firstDelayMs * 2 ** (failures - freeFailures));
  }

  /** How many attempts may be in flight at once: those left before the first wait, or one at a time after it. */
  #allowance(entry: Entry): number {
    const { freeFailures, lockAfter } = this.policy;
    const firstWaitAt = Math.min(freeFailures, lockAfter);
    return entry.failures < firstWaitAt ? firstWaitAt - entry.failures : 1;
  }

  /** The key's entry brought up to `now`, or undefined when it holds nothing any more (then it is dropped). */
  #current(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#expire(entry, now)) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Ends a lock that is over and forgets failures that are old enough; true when the entry then holds nothing. */
  #expire(entry: Entry, now: number): boolean {
    if (entry.lockedUntil !== 0) {
      if (now >= entry.lockedUntil) {
        entry.lockedUntil = 0;
        entry.failures = 0;
      }
    } else if (entry.failures > 0 && now - entry.lastFailureAt >= this.policy.forgetAfterMs) {
      entry.failures = 0;
    }
    return entry.failures === 0 && entry.lockedUntil === 0 && entry.pending === 0;
  }

  /** The entry of an attempt that ends now; those waiting for it are woken (once the caller has counted it: they run later). */
  #inFlight(key: string): Entry {
    const entry = this.#entries.get(key);
    if (!entry || entry.pending < 1) throw new Error(`FailureTable: no attempt of ${JSON.stringify(key)} is in flight`);
    entry.waiting?.wake();
    entry.waiting = null;
    return entry;
  }

  /** Moves the key to the end of the table: the most recently tried. */
  #touch(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }

  #dropIfEmpty(key: string, entry: Entry): void {
    if (entry.failures === 0 && entry.lockedUntil === 0 && entry.pending === 0) this.#entries.delete(key);
  }

  /**
   * Brings the table down to nine tenths of `maxEntries` (so that the walk
   * through it happens once per tenth, not at every new key): every expired
   * key goes, then as many as needed of the oldest unlocked keys, then of the
   * oldest locked ones.
   */
  #bound(now: number): void {
    const target = this.policy.maxEntries - Math.max(1, Math.floor(this.policy.maxEntries / 10));
    const most = this.#entries.size - target;
    const unlocked: string[] = [];
    const locked: string[] = [];
    for (const [key, entry] of this.#entries) {
      if (entry.pending > 0) continue;
      if (this.#expire(entry, now)) this.#entries.delete(key);
      else if (entry.lockedUntil === 0) {
        if (unlocked.length < most) unlocked.push(key);
      } else if (locked.length < most) locked.push(key);
    }
    for (const key of [...unlocked, ...locked]) {
      if (this.#entries.size <= target) break;
      this.#entries.delete(key);
    }
  }
}
