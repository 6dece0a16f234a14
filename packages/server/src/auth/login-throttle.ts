import { addressKey } from "./client-address.js";
import { FailureTable, type FailureWait } from "./failure-table.js";
import { usernameKey } from "./username-key.js";

/**
 * How sign-in failures are throttled, per account (the username as typed,
 * whether or not the account exists) and per client address. Only failures
 * count: a person who signs in with the right password is never slowed down.
 */
export interface LoginThrottleOptions {
  /** Failed sign-ins of one username before each further attempt must wait. */
  readonly accountFreeFailures: number;
  /** Failed sign-ins of one username that lock it for `lockMs`. */
  readonly accountLockAfter: number;
  /** Failed sign-ins from one address (any usernames) before each further attempt from it must wait. */
  readonly addressFreeFailures: number;
  /** Failed sign-ins from one address that pause sign-in from it for `lockMs`. */
  readonly addressLockAfter: number;
  /** The first wait; it doubles with each failure after it. */
  readonly firstDelayMs: number;
  /** The longest wait between two attempts. */
  readonly maxDelayMs: number;
  /** How long a lock lasts (unless the secretariat lifts an account's lock sooner). */
  readonly lockMs: number;
  /** Failures are forgotten this long after the last one. */
  readonly forgetAfterMs: number;
  /** The most usernames, and the most addresses, whose failures are kept. */
  readonly maxEntries: number;
}

/**
 * The defaults: a username waits after 5 failures (1 s, doubling to 1 min)
 * and is locked for 15 minutes at 10; an address — many people may share one
 * behind a venue's network — waits after 30 and is paused at 200. Failures
 * are forgotten 15 minutes after the last; 10,000 usernames and 10,000
 * addresses at most are remembered.
 */
export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = Object.freeze({
  accountFreeFailures: 5,
  accountLockAfter: 10,
  addressFreeFailures: 30,
  addressLockAfter: 200,
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  lockMs: 15 * 60_000,
  forgetAfterMs: 15 * 60_000,
  maxEntries: 10_000,
});

/** A sign-in attempt that may go ahead; the caller reports how it ended, once. */
export interface LoginAttempt {
  /** The password was right: the account's failures are forgotten (the address's are kept). */
  succeeded(): void;
  /** Wrong password or unknown username (the same thing here): one failure for the account and for the address. */
  failed(): void;
  /** The attempt could not be judged (the store failed): it counts for nothing. */
  abandoned(): void;
}

/** A refused attempt: the sentence for the person, and when to try again. */
export interface LoginRefusal {
  readonly message: string;
  /** Whole seconds until an attempt may be made (for `Retry-After`), at least 1. */
  readonly retryAfterSeconds: number;
  readonly until: Date;
}

/** Whether a sign-in attempt may go ahead. */
export type LoginAdmission = { readonly ok: true; readonly attempt: LoginAttempt } | ({ readonly ok: false } & LoginRefusal);

/** What lifting an account's lock found. */
export interface LoginUnlock {
  /** The end of the lock that was lifted, or null when the account was not locked. */
  readonly lockedUntil: Date | null;
  /** The failures that were forgotten. */
  readonly failures: number;
}

/**
 * Throttles sign-in attempts by username and by client address: each attempt
 * asks `admit` first, which refuses it — right password or not — while either
 * must wait or is locked, and otherwise counts it until the caller says how it
 * ended. State lives in this object's memory (one server process); a restart
 * forgets it. `now` is the clock (tests pass their own). The constructor
 * throws a RangeError for options that make no sense.
 */
export class LoginThrottle {
  readonly options: LoginThrottleOptions;
  readonly #accounts: FailureTable;
  readonly #addresses: FailureTable;

  constructor(
    options: Partial<LoginThrottleOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = Object.freeze({ ...DEFAULT_LOGIN_THROTTLE, ...options });
    const { firstDelayMs, maxDelayMs, lockMs, forgetAfterMs, maxEntries } = this.options;
    const shared = { firstDelayMs, maxDelayMs, lockMs, forgetAfterMs, maxEntries };
    this.#accounts = new FailureTable({ ...shared, freeFailures: this.options.accountFreeFailures, lockAfter: this.options.accountLockAfter });
    this.#addresses = new FailureTable({ ...shared, freeFailures: this.options.addressFreeFailures, lockAfter: this.options.addressLockAfter });
  }

  /** How many usernames and addresses have failures (or attempts in flight) remembered. */
  get size(): { readonly accounts: number; readonly addresses: number } {
    return { accounts: this.#accounts.size, addresses: this.#addresses.size };
  }

  /**
   * May someone at `address` try to sign in as `username` now? Either an
   * attempt to report on, or a refusal saying when to try again — the same
   * for a username that exists and one that does not. An attempt beyond
   * those that may be judged at once waits (milliseconds) for the ones in
   * flight to end, and is then admitted or refused by their outcome; only
   * when too many already wait is it refused at once.
   */
  async admit(username: string, address: string | undefined): Promise<LoginAdmission> {
    const account = usernameKey(username);
    const from = addressKey(address);
    for (;;) {
      const now = this.now();
      const accountWait = this.#accounts.wait(account, now);
      const addressWait = this.#addresses.wait(from, now);
      if (!accountWait && !addressWait) return this.#begin(account, from, now);
      if (accountWait?.kind !== "busy" && addressWait?.kind !== "busy") return { ok: false, ...refusal(accountWait, addressWait, now) };
      // Busy on one side: wait for an attempt there to end, unless the other side refuses anyway.
      const other = accountWait?.kind === "busy" ? addressWait : accountWait;
      const settled = accountWait?.kind === "busy" ? this.#accounts.whenSettled(account) : this.#addresses.whenSettled(from);
      if (other?.kind === "locked" || other?.kind === "backoff" || !settled) return { ok: false, ...refusal(accountWait, addressWait, now) };
      await settled;
    }
  }

  #begin(account: string, from: string, now: number): LoginAdmission {
    this.#accounts.begin(account, now);
    this.#addresses.begin(from, now);
    let ended = false;
    const end = (report: () => void) => {
      if (ended) throw new Error("LoginThrottle: an attempt was reported twice");
      ended = true;
      report();
    };
    return {
      ok: true,
      attempt: {
        succeeded: () =>
          end(() => {
            this.#accounts.succeeded(account);
            this.#addresses.released(from);
          }),
        failed: () =>
          end(() => {
            const at = this.now();
            this.#accounts.failed(account, at);
            this.#addresses.failed(from, at);
          }),
        abandoned: () =>
          end(() => {
            this.#accounts.released(account);
            this.#addresses.released(from);
          }),
      },
    };
  }

  /** Lifts the lock on `username` (as typed or stored; case does not matter) and forgets its failures. */
  unlock(username: string): LoginUnlock {
    const cleared = this.#accounts.clear(usernameKey(username), this.now());
    return { lockedUntil: cleared?.lockedUntil ? new Date(cleared.lockedUntil) : null, failures: cleared?.failures ?? 0 };
  }
}

/** The refusal for the later of the two waits (the account's when they end together); a wait or a lock says more than `busy`. */
function refusal(accountWait: FailureWait | null, addressWait: FailureWait | null, now: number): LoginRefusal {
  const account = accountWait?.kind === "busy" && addressWait && addressWait.kind !== "busy" ? null : accountWait;
  const address = addressWait?.kind === "busy" && account && account.kind !== "busy" ? null : addressWait;
  if (account && (!address || account.until >= address.until)) return refusalFor("account", account, now);
  if (!address) throw new Error("LoginThrottle: a refusal needs a wait");
  return refusalFor("address", address, now);
}

/** The refusal's sentence: what happened, and when to try again. */
function refusalFor(subject: "account" | "address", wait: FailureWait, now: number): LoginRefusal {
  const until = new Date(wait.until);
  const retryAfterSeconds = Math.max(1, Math.ceil((wait.until - now) / 1000));
  const who = subject === "account" ? "for this account" : "from your network address";
  let message: string;
  if (wait.kind === "locked") {
    message =
      subject === "account"
        ? `too many failed sign-ins for this account; it is locked until ${clockTime(until, now)}, or until the secretariat unlocks it`
        : `too many failed sign-ins from your network address; signing in from it is paused until ${clockTime(until, now)}`;
  } else if (wait.kind === "backoff") {
    message = `too many failed sign-ins ${who}; wait ${duration(retryAfterSeconds)} before trying again`;
  } else {
    message = `too many sign-in attempts ${who} at the same time; try again in ${duration(retryAfterSeconds)}`;
  }
  return { message, retryAfterSeconds, until };
}

/** "10:15 UTC" (the minute at or after `time`, so that trying then works), with the date when it is not today's. */
function clockTime(time: Date, now: number): string {
  const minute = new Date(Math.ceil(time.getTime() / 60_000) * 60_000);
  const iso = minute.toISOString();
  const day = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? "" : `${iso.slice(0, 10)} `;
  return `${day}${iso.slice(11, 16)} UTC`;
}

/** "1 second", "45 seconds", "3 minutes". */
function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
