import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { LoginThrottleOptions } from "../../src/auth/login-throttle.js";
import { startApi, type ApiServer } from "./api-support.js";

// POST /api/login under attack, over real HTTP against a real server. Each
// test starts its own server (the throttle lives in the server's memory) with
// short waits where it must wait, so nothing sleeps for long. Requests are
// sent from chosen loopback addresses (127.0.0.1, 127.0.0.2 …) to tell
// clients apart.

interface LoginAnswer {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly body: { error?: string; token?: string; retryAfter?: number; until?: string };
}

let servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(loginThrottle: Partial<LoginThrottleOptions> = {}): Promise<ApiServer> {
  const api = await startApi({ loginThrottle });
  servers.push(api);
  await api.user("alice");
  return api;
}

/** POST /api/login from `from` (a loopback address of this machine), with extra headers. */
function login(api: ApiServer, username: string, password: string, from = "127.0.0.1", headers: Record<string, string> = {}): Promise<LoginAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${api.url}/api/login`, { method: "POST", localAddress: from, headers: { "content-type": "application/json", ...headers } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        const retryAfter = response.headers["retry-after"];
        resolve({ status: response.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, body: JSON.parse(text) });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify({ username, password }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the moment a 429 named. */
async function waitOut(answer: LoginAnswer): Promise<void> {
  await sleep(Math.max(0, Date.parse(answer.body.until!) - Date.now()) + 5);
}

/**
 * Wrong passwords for `username`, waiting out each wait as a patient attacker
 * would, until the account (or address) is locked: the answers, in order.
 */
async function guessUntilLocked(api: ApiServer, username: string, from = "127.0.0.1"): Promise<LoginAnswer[]> {
  const answers: LoginAnswer[] = [];
  for (let i = 0; i < 500; i++) {
    const answer = await login(api, username, `guess-${i}`, from);
    answers.push(answer);
    if (answer.status === 429 && /locked|paused/.test(answer.body.error!)) return answers;
    if (answer.status === 429) await waitOut(answer);
  }
  throw new Error(`${username} was never locked`);
}

/** The minute at or after an ISO time, as the lock message writes it. */
function clockTime(iso: string): string {
  return new Date(Math.ceil(Date.parse(iso) / 60_000) * 60_000).toISOString().slice(11, 16);
}

describe("guessing a password", () => {
  // Invariant: a refused attempt is refused whatever its password, so
  // guessing fast gets no further than the free failures.
  it("refuses the 201st, right, password after 200 wrong ones", async () => {
    // The default settings but a first wait of a minute, so that no wait passes during the test however slow the machine.
    const api = await serve({ firstDelayMs: 60_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await login(api, "alice", `wrong-${i}`)).status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    const right = await login(api, "alice", "alice-password");
    expect(right.status).toBe(429);
    expect(right.body.token).toBeUndefined();
    expect(right.body.error).toMatch(/^too many failed sign-ins for this account; wait (59|60) seconds before trying again$/);
    expect(Number(right.retryAfter)).toBeGreaterThanOrEqual(59);
    expect(right.body.retryAfter).toBe(Number(right.retryAfter));
    expect(Date.parse(right.body.until!)).toBeGreaterThan(Date.now() + 58_000);
  });

  it("refuses attempts sent all at once beyond the free failures, and the right password after them", async () => {
    const api = await serve({ firstDelayMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(api, "alice", `wrong-${i}`)));
    const judged = answers.filter((answer) => answer.status === 401);
    expect(judged.length).toBeLessThanOrEqual(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(40 - judged.length);
    expect((await login(api, "alice", "alice-password")).status).toBe(429);
  });

  it("makes each attempt past the free failures wait twice as long as the last, and lets the right password in once the wait has passed", async () => {
    const api = await serve();
    let sentAt = 0;
    for (let i = 0; i < 5; i++) {
      sentAt = Date.now();
      expect((await login(api, "alice", `wrong-${i}`)).status).toBe(401);
    }
    let answeredAt = Date.now();
    const early = await login(api, "alice", "alice-password");
    expect(early.status).toBe(429);
    expect(early.retryAfter).toBe("1");
    // The fifth failure was counted between sending it and its answer; the first wait is a second from it.
    expect(Date.parse(early.body.until!)).toBeGreaterThanOrEqual(sentAt + 1000);
    expect(Date.parse(early.body.until!)).toBeLessThanOrEqual(answeredAt + 1000);
    await waitOut(early);
    sentAt = Date.now();
    expect((await login(api, "alice", "wrong-again")).status).toBe(401);
    answeredAt = Date.now();
    const second = await login(api, "alice", "alice-password");
    expect(second.status).toBe(429);
    expect(second.body.error).toBe("too many failed sign-ins for this account; wait 2 seconds before trying again");
    // Six failures: twice the first wait.
    expect(Date.parse(second.body.until!)).toBeGreaterThanOrEqual(sentAt + 2000);
    expect(Date.parse(second.body.until!)).toBeLessThanOrEqual(answeredAt + 2000);
    await waitOut(second);
    expect((await login(api, "alice", "alice-password")).status).toBe(200);
    // The sign-in forgot the account's failures: five free ones again.
    for (let i = 0; i < 5; i++) expect((await login(api, "alice", `later-${i}`)).status).toBe(401);
    expect((await login(api, "alice", "later")).status).toBe(429);
  });

  it("locks the account after more failures, says until when, and refuses the right password until then", async () => {
    const api = await serve({ firstDelayMs: 20, maxDelayMs: 80, lockMs: 60_000 });
    const answers = await guessUntilLocked(api, "alice");
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(10);
    const right = await login(api, "alice", "alice-password");
    expect(right.status).toBe(429);
    expect(right.body.error).toBe(`too many failed sign-ins for this account; it is locked until ${clockTime(right.body.until!)} UTC, or until the secretariat unlocks it`);
    expect(Number(right.retryAfter)).toBeGreaterThan(55);
    expect(Number(right.retryAfter)).toBeLessThanOrEqual(60);
    // Another address does not help: the lock is the account's.
    expect((await login(api, "alice", "alice-password", "127.0.0.2")).status).toBe(429);
    // Nor does typing the username in another case.
    expect((await login(api, "ALICE", "alice-password", "127.0.0.2")).status).toBe(429);
  });

  it("lets the right password in once the lock is over", async () => {
    const api = await serve({ firstDelayMs: 10, maxDelayMs: 20, lockMs: 1500 });
    const locked = (await guessUntilLocked(api, "alice")).at(-1)!;
    expect((await login(api, "alice", "alice-password")).status).toBe(429);
    await waitOut(locked);
    expect((await login(api, "alice", "alice-password")).status).toBe(200);
  });
});

describe("an unknown username", () => {
  /** An answer with its times taken out: what must not tell a known account from an unknown one. */
  const shape = (answer: LoginAnswer) => ({
    status: answer.status,
    error: answer.body.error?.replace(/\d\d:\d\d UTC/, "HH:MM UTC"),
    keys: Object.keys(answer.body).sort(),
  });

  // Invariant: an unknown username is answered, counted, throttled and locked
  // exactly as a known one with a wrong password.
  it("gets the same answers as a wrong password, through the waits and the lock", async () => {
    // Waits long enough that an immediate retry always meets them, so the two sequences are comparable step by step.
    const api = await serve({ firstDelayMs: 150, maxDelayMs: 300, lockMs: 60_000 });
    const known = await guessUntilLocked(api, "alice");
    const unknown = await guessUntilLocked(api, "nobody");
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expect(known.map(shape)[0]).toEqual({ status: 401, error: "wrong username or password", keys: ["error"] });
  });

  it("takes as long to refuse as a wrong password", async () => {
    const api = await serve({ accountFreeFailures: 1000, accountLockAfter: 1000, addressFreeFailures: 1000, addressLockAfter: 1000 });
    const timings = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 15; i++) {
      for (const [kind, username] of [["known", "alice"], ["unknown", `nobody-${i}`]] as const) {
        const started = performance.now();
        expect((await login(api, username, `wrong-${i}`)).status).toBe(401);
        timings[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const [known, unknown] = [median(timings.known), median(timings.unknown)];
    console.log(`login refusal: ${known.toFixed(1)} ms for a wrong password, ${unknown.toFixed(1)} ms for an unknown username (medians of 15)`);
    // Without the decoy hash an unknown username is refused ten times faster.
    expect(unknown).toBeGreaterThan(known / 2.5);
    expect(unknown).toBeLessThan(known * 2.5);
  });
});

describe("one address trying many usernames", () => {
  it("waits, then is paused, whoever it tries — even with the right password — while other addresses sign in; X-Forwarded-For is not believed", async () => {
    const api = await serve({ addressFreeFailures: 4, addressLockAfter: 8, firstDelayMs: 200, maxDelayMs: 200, lockMs: 60_000 });
    const answers: LoginAnswer[] = [];
    for (let i = 0; i < 100 && !answers.at(-1)?.body.error?.includes("paused"); i++) {
      // A client that claims a new address every time: the server has no proxy to trust, so it is one address.
      const answer = await login(api, `user-${i}`, "a-guess", "127.0.0.1", { "x-forwarded-for": `198.51.100.${i}` });
      answers.push(answer);
      if (answer.status === 429 && !answer.body.error!.includes("paused")) await waitOut(answer);
    }
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(8);
    expect(answers.find((answer) => answer.status === 429)!.body.error).toBe("too many failed sign-ins from your network address; wait 1 second before trying again");
    expect(answers.at(-1)!.body.error).toMatch(/^too many failed sign-ins from your network address; signing in from it is paused until (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC$/);
    expect((await login(api, "alice", "alice-password", "127.0.0.1")).status).toBe(429);
    expect((await login(api, "alice", "alice-password", "127.0.0.2")).status).toBe(200);
  });

  it("keeps counting an address's failures when someone from it signs in", async () => {
    const api = await serve({ addressFreeFailures: 4, firstDelayMs: 60_000 });
    for (let i = 0; i < 3; i++) expect((await login(api, `user-${i}`, "a-guess", "127.0.0.3")).status).toBe(401);
    expect((await login(api, "alice", "alice-password", "127.0.0.3")).status).toBe(200);
    expect((await login(api, "user-3", "a-guess", "127.0.0.3")).status).toBe(401);
    const paused = await login(api, "alice", "alice-password", "127.0.0.3");
    expect(paused.status).toBe(429);
    expect(paused.body.error).toBe("too many failed sign-ins from your network address; wait 60 seconds before trying again");
  });
});

describe("honest use", () => {
  it("never slows down sign-ins with the right password, however many", async () => {
    const api = await serve();
    for (let i = 0; i < 30; i++) expect((await login(api, "alice", "alice-password")).status).toBe(200);
    const together = await Promise.all(Array.from({ length: 20 }, () => login(api, "alice", "alice-password")));
    expect(together.map((answer) => answer.status)).toEqual(new Array(20).fill(200));
  });
});

describe("memory", () => {
  // Invariant: the server remembers at most maxEntries usernames; past it,
  // the oldest go first (here every entry is a lock, so the oldest lock).
  it("forgets the oldest username once more than maxEntries have failed", async () => {
    const api = await serve({ maxEntries: 20, accountLockAfter: 1, addressFreeFailures: 10_000, addressLockAfter: 10_000 });
    expect((await login(api, "alice", "wrong")).status).toBe(401);
    expect((await login(api, "alice", "alice-password")).status).toBe(429);
    for (let i = 0; i < 19; i++) expect((await login(api, `flood-${i}`, "wrong")).status).toBe(401);
    // Twenty usernames remembered: alice's lock still holds.
    expect((await login(api, "alice", "alice-password")).status).toBe(429);
    expect((await login(api, "flood-19", "wrong")).status).toBe(401);
    // The twenty-first: the table shrank, dropping the oldest first.
    expect((await login(api, "alice", "alice-password")).status).toBe(200);
    expect((await login(api, "flood-19", "wrong")).status).toBe(429);
  });
});
