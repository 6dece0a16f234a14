import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_DRAFT } from "../support/click-type.js";
import { fuzz, type Actor } from "../support/click-type-fuzz.js";
import { openDocument, openRoom, type Person, type Room } from "../support/room.js";
import { describeWebApp } from "../support/web-app.js";

// The seeded fuzz of clicking and acting at once (support/click-type-fuzz.ts),
// for a delegate and for the chair, on the demo negotiation with a nested
// bracket, a deletion supported by two delegations, and a proposal of the
// typist's own. CLICK_TYPE_CASES (default 300 per role) and CLICK_TYPE_SEED
// (default: fixed seeds) set the run; bench/click-type.mjs runs the long one.
// A failing run prints its seed and the failing cases.
//
// Invariant (checked after every case, on the server's document): what was
// typed stands at the offset the click put the caret at, as the typist's own
// proposal (a delegate) or as the chair's edit; nothing else changed, no
// proposal gained or lost a delegation or changed state, no text was lost;
// where the trust rule forbids the edit, nothing changed and the refusal
// names the reason.

const DRAFT = DEMO_DRAFT.replace("regional organizations in the field;", "regional organizations [Uru, Bra: ~~in the field~~];").replace(
  "for the integration of disaster risk reduction",
  "for the integration of [Mex: disaster] risk reduction",
);

const CASES = Number(process.env.CLICK_TYPE_CASES ?? 300);
const SEEDS: Record<Actor["role"], number> = {
  delegate: Number(process.env.CLICK_TYPE_SEED ?? 16001),
  chair: Number(process.env.CLICK_TYPE_SEED ?? 16002) + (process.env.CLICK_TYPE_SEED ? 1 : 0),
};
/** Time for one case at most (click, keys, the server's answer), on a small shared machine. */
const CASE_MS = 1_500;

describeWebApp("clicking and typing at once, fuzzed", () => {
  let room: Room;
  let chairToken: string;
  const people: Partial<Record<Actor["role"], Person>> = {};

  beforeAll(async () => {
    room = await openRoom();
    await room.t.create("delegate-run", DRAFT);
    await room.t.create("chair-run", DRAFT);
    chairToken = await room.member("chair", "delegate-run", "chair");
    await room.member("chair", "chair-run", "chair");
    await room.member("mexico", "delegate-run", "delegate", "MEX");
    people.delegate = await room.signIn("mexico");
    await openDocument(people.delegate, "delegate-run");
    people.chair = await room.signIn("chair");
    await openDocument(people.chair, "chair-run");
  });
  afterAll(async () => room?.close());

  for (const [role, documentId] of [["delegate", "delegate-run"], ["chair", "chair-run"]] as const) {
    it(`puts a ${role}'s keys where the caret is, ${CASES} cases`, async () => {
      const actor: Actor = role === "delegate" ? { role, code: "MEX" } : { role };
      const person = people[role]!;
      const seed = SEEDS[role];
      // A fresh token for reading the server: a session lasts 30 minutes, and a long run of one role may take 25.
      chairToken = await room.member("chair", documentId, "chair");
      const { failures, kinds } = await fuzz(room, person.page, documentId, chairToken, actor, seed, CASES);
      console.log(`[click-type] ${role}: ${CASES} cases, seed ${seed}, ${failures.length} failures; kinds ${JSON.stringify(kinds)}`);
      for (const { c, result } of failures.slice(0, 20)) console.log(`[click-type] seed ${seed} case ${c.number}: ${JSON.stringify(c)} → ${result.problem} ${result.detail}`);
      expect(failures.map(({ c, result }) => `seed ${seed} case ${c.number} (${c.action} at ${JSON.stringify(c.target)}): ${result.problem}`)).toEqual([]);
      expect(person.errors).toEqual([]);
    }, 60_000 + CASES * CASE_MS);
  }
});
