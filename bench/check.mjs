// The trust rule's own cost per update, in one process and in CPU time: what
// bench:sync's server spends on each edit beyond plain Hocuspocus, apart from
// the network and the log, so that a change to the check can be measured
// without the noise of 250 sockets. The same edits as bench:sync's senders
// (bench/sync/edits.mjs: a delegate's proposal typed into an open paragraph of
// the 2,000-paragraph generated document) go, one by one, through what the
// server does with a client's update:
//
//   apply   — typing of the sender's own proposal is judged before it is
//             applied, from the update and the live document
//             (ShadowDocument.typeBefore, typedProposals); anything else, the
//             shadow integrates and reads the blocks it touched
//             (ShadowDocument.apply);
//   judge   — the rule on what it touched (judgeUpdate) and the ids remembered;
//   live    — the live document integrates it (what plain Hocuspocus does too).
//
// Prints microseconds of CPU per update for each step (median of `--rounds`
// rounds of `--edits` edits, after one round of warm-up) and the garbage
// collection time. A benchmark, not a test: exits 0.
//
//   npx tsc -b && node bench/check.mjs [--edits 2000] [--rounds 5] [--senders 50] [--as-applied | --long]
//
// --as-applied judges typing as the shadow applies it (every update goes
// through the shadow), as before typing was judged before it is applied;
// --long judges every update the long way (no typing rule).
import { performance, PerformanceObserver } from "node:perf_hooks";
import { documentToUpdate } from "@accord/collab";
import { generateDocument } from "@accord/schema/generate";
import * as Y from "yjs";
import { judgeUpdate, typedProposals } from "../packages/server/dist/collab/permissions/judge.js";
import { ShadowDocument } from "../packages/server/dist/collab/permissions/shadow.js";
import { readUpdate } from "../packages/server/dist/collab/read-update.js";
import { EditMaker, planSenders } from "./sync/edits.mjs";
import { runBench } from "./support/main.mjs";
import { flag, integer, parseOptions } from "./support/options.mjs";

const options = parseOptions(
  process.argv.slice(2),
  { edits: 2000, rounds: 5, senders: 50, seed: 2026, long: false, asApplied: false },
  { "--long": ["long", flag()], "--as-applied": ["asApplied", flag()], "--edits": ["edits", integer(1, 1e6)], "--rounds": ["rounds", integer(1, 100)], "--senders": ["senders", integer(1, 400)], "--seed": ["seed", integer(0, 2 ** 31)] },
);

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

runBench("check", async () => {
  const document = generateDocument({ seed: options.seed, paragraphs: 2000, proposals: 5000 });
  const initial = documentToUpdate(document);
  const plan = planSenders(options.senders);
  const maker = new EditMaker(initial, plan, { seed: options.seed });
  const live = new Y.Doc();
  Y.applyUpdate(live, initial);
  const shadow = new ShadowDocument(live);
  shadow.build();

  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ["gc"] });

  const rows = [];
  for (let round = 0; round <= options.rounds; round++) {
    const updates = [];
    for (let i = 0; i < options.edits; i++) {
      const sender = i % plan.length;
      updates.push({ update: maker.make(sender).update, member: { role: plan[sender].role, delegation: plan[sender].delegation } });
    }
    let apply = 0;
    let judge = 0;
    let integrate = 0;
    const gcBefore = gcMs;
    const clockStart = performance.now();
    for (const { update, member } of updates) {
      const t0 = cpu();
      const rule = (typing, block) => typedProposals(typing, member, block);
      const before = options.long || options.asApplied ? null : shadow.typeBefore(readUpdate(update), rule);
      const touched = before ?? (options.long ? shadow.apply(update) : shadow.apply(update, rule));
      const t1 = cpu();
      judgeUpdate(touched, member, shadow);
      shadow.remember(touched);
      shadow.accepted(update, before ?? undefined);
      const t2 = cpu();
      Y.applyUpdate(live, update);
      shadow.landed(update);
      const t3 = cpu();
      apply += t1 - t0;
      judge += t2 - t1;
      integrate += t3 - t2;
    }
    const clock = performance.now() - clockStart;
    // The observer hears of collections on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (round > 0) rows.push({ apply: apply / updates.length, judge: judge / updates.length, live: integrate / updates.length, gc: ((gcMs - gcBefore) * 1000) / updates.length, clock: (clock * 1000) / updates.length });
  }
  const f = (key) => `${median(rows.map((r) => r[key])).toFixed(0).padStart(5)} µs`;
  console.log(`Check per update${options.long ? ", the long way" : options.asApplied ? ", typing judged as the shadow applies it" : ""}: ${options.edits} edits × ${options.rounds} rounds (median), ${options.senders} senders, 2,000 paragraphs; node ${process.version}`);
  console.log(`  read (before, or on the shadow)  ${f("apply")}   (CPU)`);
  console.log(`  judge + ids           ${f("judge")}   (CPU)`);
  console.log(`  live document apply   ${f("live")}   (CPU; plain Hocuspocus does this too)`);
  console.log(`  garbage collection    ${f("gc")}   (pauses of this thread, on the clock)`);
  console.log(`  all, on the clock     ${f("clock")}`);
  console.log(`  check beyond plain    ${(median(rows.map((r) => r.apply)) + median(rows.map((r) => r.judge))).toFixed(0)} µs per update`);
});
