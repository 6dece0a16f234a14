import { describe, expect, it } from "vitest";
import { addressKey } from "../src/auth/client-address.js";
import { FailureTable, MAX_WAITING } from "../src/auth/failure-table.js";
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginAdmission, type LoginThrottleOptions } from "../src/auth/login-throttle.js";
import { usernameKey } from "../src/auth/username-key.js";

// The throttle on its own, with a clock the tests move: what the HTTP tests
// (api-login-throttle.test.ts) cannot reach without waiting minutes.

/** A throttle on a clock that starts at 2026-11-25 10:00:00 UTC and moves only when told. */
function throttleAt(options: Partial<LoginThrottleOptions> = {}) {
  const clock = { now: Date.parse("2026-11-25T10:00:00.000Z") };
  const throttle = new LoginThrottle(options, () => clock.now);
  return { throttle, clock };
}

function admitted(admission: LoginAdmission) {
  if (!admission.ok) throw new Error(`refused: ${admission.message}`);
  return admission.attempt;
}

/** One wrong password for `username` from `address`; the refusal when there was one. */
async function fail(throttle: LoginThrottle, username: string, address = "192.0.2.1") {
  const admission = await throttle.admit(username, address);
  if (admission.ok) admission.attempt.failed();
  return admission;
}

describe("the wait after failures", () => {
  // Invariant: after accountFreeFailures failures, an attempt before the
  // doubling wait has passed is refused (whatever its password), and at
  // accountLockAfter failures the account is locked for lockMs.
  it("doubles the wait after each failure past the free ones, then locks", async () => {
    const { throttle, clock } = throttleAt();
    for (let i = 0; i < 5; i++) expect((await fail(throttle, "alice")).ok).toBe(true);
    const waits: number[] = [];
    for (let failures = 5; failures < 10; failures++) {
      const refused = await throttle.admit("alice", "192.0.2.1");
      if (refused.ok) throw new Error(`admitted at ${failures} failures`);
      waits.push(refused.until.getTime() - clock.now);
      clock.now = refused.until.getTime() - 1;
      expect((await throttle.admit("alice", "192.0.2.1")).ok).toBe(false);
      clock.now += 1;
      expect((await fail(throttle, "alice")).ok).toBe(true);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000]);
    const locked = await throttle.admit("alice", "192.0.2.1");
    if (locked.ok) throw new Error("not locked");
    expect(locked.until.getTime() - clock.now).toBe(15 * 60_000);
    expect(locked.retryAfterSeconds).toBe(15 * 60);
    // 10:00 + 31 s of waits, locked for 15 minutes: until 10:15:31, shown as the minute after.
    expect(locked.message).toBe("too many failed sign-ins for this account; it is locked until 10:16 UTC, or until the secretariat unlocks it");
    clock.now = locked.until.getTime() - 1;
    expect((await throttle.admit("alice", "192.0.2.1")).ok).toBe(false);
    clock.now += 1;
    // The lock over, the count starts again: five free failures.
    for (let i = 0; i < 5; i++) expect((await fail(throttle, "alice")).ok).toBe(true);
    expect((await throttle.admit("alice", "192.0.2.1")).ok).toBe(false);
  });

  it("caps the wait at maxDelayMs and forgets failures forgetAfterMs after the last", async () => {
    const { throttle, clock } = throttleAt({ accountLockAfter: 50, maxDelayMs: 5000, forgetAfterMs: 60_000 });
    let last = 0;
    for (let i = 0; i < 12; i++) {
      const admission = await throttle.admit("bob", "192.0.2.1");
      if (!admission.ok) {
        last = admission.until.getTime() - clock.now;
        clock.now = admission.until.getTime();
        i--;
        continue;
      }
      admission.attempt.failed();
    }
    expect(last).toBe(5000);
    expect((await throttle.admit("bob", "192.0.2.1")).ok).toBe(false);
    clock.now += 60_000;
    for (let i = 0; i < 5; i++) expect((await fail(throttle, "bob")).ok).toBe(true);
  });

  it("forgets an account's failures when it signs in, but not its address's", async () => {
    const { throttle } = throttleAt({ addressFreeFailures: 6 });
    for (let i = 0; i < 4; i++) await fail(throttle, "alice");
    admitted(await throttle.admit("alice", "192.0.2.1")).succeeded();
    for (let i = 0; i < 2; i++) expect((await fail(throttle, "alice")).ok).toBe(true);
    // The address has 6 failures now: the next attempt from it waits, whoever it is for.
    const refused = await throttle.admit("carol", "192.0.2.1");
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toBe("too many failed sign-ins from your network address; wait 1 second before trying again");
    expect((await throttle.admit("carol", "198.51.100.7")).ok).toBe(true);
  });

  it("counts a username in any case of its ASCII letters as one account, and never slows a success", async () => {
    const { throttle } = throttleAt();
    for (const typed of ["Alice", "ALICE", "alice", "aLiCe", "ALICe"]) await fail(throttle, typed);
    expect((await throttle.admit("alice", "192.0.2.2")).ok).toBe(false);
    // Successes alone never count: a thousand sign-ins in a row from one address.
    const { throttle: fresh } = throttleAt();
    for (let i = 0; i < 1000; i++) admitted(await fresh.admit(`user${i % 7}`, "192.0.2.3")).succeeded();
    expect(fresh.size).toEqual({ accounts: 0, addresses: 0 });
  });

  it("refuses an address's attempts past its free failures across many usernames, then pauses it", async () => {
    const { throttle, clock } = throttleAt({ addressFreeFailures: 4, addressLockAfter: 8 });
    let refusal: LoginAdmission | null = null;
    for (let i = 0; i < 100; i++) {
      const admission = await throttle.admit(`user${i}`, "203.0.113.9");
      if (admission.ok) {
        admission.attempt.failed();
        continue;
      }
      refusal = admission;
      if (admission.message.includes("paused")) break;
      clock.now = admission.until.getTime();
    }
    expect(refusal && !refusal.ok && refusal.message).toMatch(/^too many failed sign-ins from your network address; signing in from it is paused until \d\d:\d\d UTC$/);
  });

  it("says the date of a lock that ends on another day", async () => {
    const { throttle, clock } = throttleAt({ accountLockAfter: 1, lockMs: 24 * 60 * 60_000 });
    clock.now = Date.parse("2026-11-25T23:50:00.000Z");
    await fail(throttle, "alice");
    const refused = await throttle.admit("alice", "192.0.2.1");
    expect(!refused.ok && refused.message).toBe("too many failed sign-ins for this account; it is locked until 2026-11-26 23:50 UTC, or until the secretariat unlocks it");
  });
});

describe("attempts in flight", () => {
  // Invariant: attempts being judged count as failures-to-be, so attempts sent
  // at once get no more guesses than attempts sent one after the other —
  // at most min(free, lockAfter) before the first wait, one at a time after.
  it("judges at most the free failures at once; the others wait for them and are then refused, or at once when too many wait", async () => {
    const { throttle, clock } = throttleAt();
    const admissions = Array.from({ length: 200 }, (_, i) => throttle.admit("alice", `192.0.2.${i % 250}`));
    // Admission is decided synchronously for those that need not wait: let those settle.
    await new Promise((resolve) => setImmediate(resolve));
    const settled = await Promise.all(admissions.map((admission) => Promise.race([admission, Promise.resolve("waiting" as const)])));
    const attempts = settled.flatMap((admission) => (admission !== "waiting" && admission.ok ? [admission.attempt] : []));
    const busy = settled.flatMap((admission) => (admission !== "waiting" && !admission.ok ? [admission] : []));
    expect(attempts).toHaveLength(5);
    expect(settled.filter((admission) => admission === "waiting")).toHaveLength(MAX_WAITING);
    expect(busy).toHaveLength(200 - 5 - MAX_WAITING);
    expect(new Set(busy.map((refusal) => refusal.message))).toEqual(new Set(["too many sign-in attempts for this account at the same time; try again in 1 second"]));
    for (const attempt of attempts) attempt.failed();
    // The waiting ones see the five failures: the wait, whatever their password.
    const woken = await Promise.all(admissions);
    expect(woken.filter((admission) => admission.ok)).toHaveLength(5);
    expect(woken.filter((admission) => !admission.ok && admission.message === "too many failed sign-ins for this account; wait 1 second before trying again")).toHaveLength(MAX_WAITING);
    // After the wait, one at a time.
    clock.now += 1000;
    const next = throttle.admit("alice", "192.0.2.1");
    const second = throttle.admit("alice", "192.0.2.2");
    const first = admitted(await next);
    first.abandoned();
    // An abandoned attempt counts for nothing: the one waiting for it goes next.
    admitted(await second).failed();
    expect((await throttle.admit("alice", "192.0.2.3")).ok).toBe(false);
  });

  it("lets right passwords sent at once all in, one batch after the other", async () => {
    const { throttle } = throttleAt();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const admission = await throttle.admit("alice", "192.0.2.1");
        if (!admission.ok) return admission.message;
        await new Promise((resolve) => setTimeout(resolve, 1)); // the password's check
        admission.attempt.succeeded();
        return "signed in";
      }),
    );
    expect(outcomes).toEqual(new Array(40).fill("signed in"));
  });

  it("refuses to hear of an attempt twice (a bug in the caller)", async () => {
    const { throttle } = throttleAt();
    const attempt = admitted(await throttle.admit("alice", "192.0.2.1"));
    attempt.failed();
    expect(() => attempt.succeeded()).toThrow(/reported twice/);
    const table = new FailureTable({ ...DEFAULT_LOGIN_THROTTLE, freeFailures: 5, lockAfter: 10 });
    expect(() => table.failed("nobody", 0)).toThrow(/no attempt/);
  });
});

describe("unlocking", () => {
  it("lifts an account's lock and forgets its failures, whatever the case typed; the address keeps its own", async () => {
    const { throttle } = throttleAt({ accountLockAfter: 3, accountFreeFailures: 3, addressFreeFailures: 3, addressLockAfter: 100 });
    for (let i = 0; i < 3; i++) await fail(throttle, "ALICE");
    expect((await throttle.admit("alice", "198.51.100.1")).ok).toBe(false);
    const unlocked = throttle.unlock("Alice");
    expect(unlocked.failures).toBe(3);
    expect(unlocked.lockedUntil?.toISOString()).toBe("2026-11-25T10:15:00.000Z");
    admitted(await throttle.admit("alice", "198.51.100.1")).succeeded();
    expect((await throttle.admit("alice", "192.0.2.1")).ok).toBe(false);
    expect(throttle.unlock("alice")).toEqual({ lockedUntil: null, failures: 0 });
  });
});

describe("memory", () => {
  // Invariant: each table holds at most maxEntries keys plus those with an
  // attempt in flight, however many usernames and addresses fail.
  it("keeps at most maxEntries usernames and addresses under a flood of distinct ones", async () => {
    const { throttle, clock } = throttleAt({ maxEntries: 100 });
    for (let i = 0; i < 20_000; i++) {
      await fail(throttle, `flood-${i}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      if (i % 1000 === 0) clock.now += 1000;
      const { accounts, addresses } = throttle.size;
      if (accounts > 100 || addresses > 100) throw new Error(`${accounts} accounts, ${addresses} addresses after ${i + 1}`);
    }
    expect(throttle.size.accounts).toBeGreaterThanOrEqual(90);
    expect(throttle.size.addresses).toBeGreaterThanOrEqual(90);
  });

  it("drops expired keys first, then the oldest unlocked, and locked keys only when too few are unlocked", async () => {
    // maxEntries 10: past it, the table goes down to 9.
    const { throttle, clock } = throttleAt({ maxEntries: 10, accountLockAfter: 2, accountFreeFailures: 2, addressFreeFailures: 1000, addressLockAfter: 1000 });
    await fail(throttle, "old");
    clock.now += 15 * 60_000; // old's failure is forgotten from here
    await fail(throttle, "victim");
    await fail(throttle, "victim"); // locked
    const others = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"];
    for (const name of others) await fail(throttle, name);
    expect(throttle.size.accounts).toBe(10);
    await fail(throttle, "b"); // the eleventh key: "old" has expired and goes, then the oldest unlocked, a1 — not the older, locked victim
    expect(throttle.size.accounts).toBe(9);
    expect(throttle.unlock("a1").failures).toBe(0);
    expect((await throttle.admit("victim", "192.0.2.9")).ok).toBe(false);
    for (const name of [...others.slice(1), "b"]) await fail(throttle, name); // all nine locked now
    await fail(throttle, "d");
    await fail(throttle, "e"); // eleven again: d (unlocked, though newer) goes, then the oldest locked, victim
    expect(throttle.size.accounts).toBe(9);
    expect(throttle.unlock("d").failures).toBe(0);
    expect((await throttle.admit("victim", "192.0.2.9")).ok).toBe(true);
  });

  it("stays fast when full: a failure costs microseconds next to the password hash's milliseconds", async () => {
    const { throttle, clock } = throttleAt(); // 10,000 keys per table
    const started = performance.now();
    const count = 30_000;
    for (let i = 0; i < count; i++) {
      await fail(throttle, `flood-${i}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      clock.now += 10;
    }
    const perFailureMs = (performance.now() - started) / count;
    console.log(`login throttle: ${perFailureMs.toFixed(3)} ms per failure with ${throttle.size.accounts} usernames and ${throttle.size.addresses} addresses kept`);
    expect(throttle.size.accounts).toBeLessThanOrEqual(10_000);
    expect(throttle.size.addresses).toBeLessThanOrEqual(10_000);
    // Verifying an Argon2id hash takes about 10 ms here; the throttle must stay well below.
    expect(perFailureMs).toBeLessThan(5);
  });
});

describe("keys", () => {
  it("folds A–Z only, as the store's NOCASE does", async () => {
    expect(usernameKey("Alice.Smith@OAS")).toBe("alice.smith@oas");
    expect(usernameKey("ÉLODIE")).toBe("Élodie");
  });

  it("reads IPv4-mapped addresses as IPv4, IPv6 by its /64, and no address as unknown", async () => {
    expect(addressKey("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("2001:db8:0:42:1::7")).toBe("2001:db8:0:42::/64");
    expect(addressKey("2001:0DB8:0000:0042:ffff:1:2:3")).toBe("2001:db8:0:42::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
    expect(addressKey(undefined)).toBe("unknown");
    expect(addressKey("not an address")).toBe("unknown");
  });

  it("refuses options that make no sense", async () => {
    expect(() => new LoginThrottle({ lockMs: 0 })).toThrow(RangeError);
    expect(() => new LoginThrottle({ accountLockAfter: 2.5 })).toThrow(/lockAfter/);
    expect(() => new LoginThrottle({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
