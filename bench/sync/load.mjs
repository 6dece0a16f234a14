// The load: senders (raw WebSocket clients that send updates and apply
// nothing), observers (full Hocuspocus providers that apply everything and
// time when each edit's marker shows up), and the clock that spreads the
// edits evenly. Everything runs in the parent process; the server is a child.
import { cpus } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { YDOC_PARTS } from "@accord/collab";
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { MARKER } from "./edits.mjs";
import { AUTH, EMPTY_UPDATE, MESSAGE, SYNC, authFrame, readHeader, syncFrame } from "./frames.mjs";
import { machineTimes } from "../proc-stat.mjs";
import { percentile } from "../support/stats.mjs";

const CONNECT_TIMEOUT_MS = 30_000;
/** Absolute milliseconds, comparable between the main thread and the observers' worker. */
const clock = () => performance.timeOrigin + performance.now();

/**
 * A sender: authenticates, sends a sync step 1 with the state vector of the
 * initial document (which it holds, so the server's step 2 brings nothing),
 * answers the server's step 1 with an empty step 2, and from then on only
 * sends updates. What the server broadcasts is read off the socket and
 * dropped after a look at the header: acknowledgements (SyncStatus) are
 * matched to sends, `rejected` stateless messages and close frames counted.
 */
export function openSender({ url, documentName, token, stateVector, index, counters }) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const sender = { index, ws, pendingAcks: [], closed: false, closeReason: "", serverExtraBytes: 0, refusals: 0 };
    let synced = false;
    let handshakeAcked = false;
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`sender ${index}: not synced after ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    const finish = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        ws.terminate();
        reject(error);
      } else resolve(sender);
    };
    ws.on("open", () => {
      ws.send(authFrame(documentName, token));
      ws.send(syncFrame(documentName, SYNC.Step1, stateVector));
    });
    ws.on("message", (data) => {
      const { type, sub, decoder } = readHeader(data);
      if (type === MESSAGE.Sync || type === MESSAGE.SyncReply) {
        if (sub === SYNC.Update) {
          counters.broadcastsReceived++;
        } else if (sub === SYNC.Step1) {
          // The server asks what it is missing: nothing, this sender has made no edit yet.
          sender.pendingAcks.push(null);
          ws.send(syncFrame(documentName, SYNC.Step2, EMPTY_UPDATE));
        } else if (sub === SYNC.Step2) {
          const update = decoding.readVarUint8Array(decoder);
          if (update.length > 2) sender.serverExtraBytes += update.length;
          synced = true;
        }
      } else if (type === MESSAGE.SyncStatus) {
        const sent = sender.pendingAcks.shift();
        if (sent === null) handshakeAcked = true;
        else if (sent !== undefined) counters.ackLatencies.push(clock() - sent);
        if (sub !== 1) counters.nacks++;
      } else if (type === MESSAGE.Auth) {
        if (sub === AUTH.PermissionDenied) finish(new Error(`sender ${index}: permission denied: ${decoding.readVarString(decoder)}`));
      } else if (type === MESSAGE.Stateless) {
        const payload = decoding.readVarString(decoder);
        try {
          const parsed = JSON.parse(payload);
          if (parsed?.type === "rejected") {
            sender.refusals++;
            counters.refusals++;
            if (counters.reasons.size < 5) counters.reasons.add(String(parsed.reason));
          }
        } catch {
          // not ours
        }
      } else if (type === MESSAGE.Close) {
        sender.closed = true;
        sender.closeReason = decoding.readVarString(decoder);
      }
      if (!settled && synced && handshakeAcked) finish(null);
    });
    ws.on("close", (code, reason) => {
      sender.closed = true;
      sender.closeReason ||= `${code} ${reason}`;
      finish(new Error(`sender ${index}: closed during connect (${code} ${reason})`));
    });
    ws.on("error", (error) => finish(error));
  });
}

/**
 * A full client: a Hocuspocus provider with its own Y.Doc that applies every
 * update. Resolves once synced with `{ doc, provider, destroy }`; rejects when
 * authentication fails or it is not synced within 30 s.
 */
export function openClient({ url, documentName, token }) {
  return new Promise((resolve, reject) => {
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
    let failed = false;
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName,
      token,
      document: doc,
      onAuthenticationFailed: ({ reason }) => {
        failed = true;
        destroy();
        reject(new Error(`client: authentication failed: ${reason}`));
      },
    });
    provider.attach();
    const destroy = () => {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    };
    const timer = setTimeout(() => {
      destroy();
      reject(new Error(`client: not synced after ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    const ready = () => {
      if (failed) return;
      clearTimeout(timer);
      resolve({ doc, provider, destroy });
    };
    if (provider.isSynced) ready();
    else provider.on("synced", ready);
  });
}

/**
 * An observer: a full client (`openClient`) that watches the content fragment
 * deep and reports each marker the moment it appears in its document.
 */
export async function openObserver({ url, documentName, token, onMarker, clock = () => performance.now() }) {
  const client = await openClient({ url, documentName, token });
  client.doc.getXmlFragment(YDOC_PARTS.content).observeDeep((events) => {
    const now = clock();
    for (const event of events) {
      if (!(event.target instanceof Y.XmlText)) continue;
      for (const d of event.delta) {
        if (typeof d.insert !== "string" || !d.insert.includes("xq")) continue;
        for (const m of d.insert.matchAll(MARKER)) onMarker(m[0], now);
      }
    }
  });
  return client;
}

/**
 * Runs the load against a ready server child and returns what was measured.
 * `cpu(label)` asks the child for its process.cpuUsage(), `report()` for what its document holds.
 * `alongside`, when given, is started as the sending starts, and the sending
 * goes on (a second at a time) until it has settled, however many `seconds`
 * that takes: what it measures happens under the whole load.
 */
export async function runLoad({ url, documentName, senderTokens, observerTokens, maker, stateVector, seconds, warmUpSeconds = 0, cpu, report, log, alongside = null }) {
  const counters = { broadcastsReceived: 0, ackLatencies: [], nacks: 0, refusals: 0, reasons: new Set() };
  const sent = new Map(); // marker → send time (absolute ms)

  const senders = [];
  const observers = startObservers({ url, documentName, tokens: observerTokens });
  try {
    await observers.ready;
    const BATCH = 20;
    for (let i = 0; i < senderTokens.length; i += BATCH) {
      const batch = senderTokens.slice(i, i + BATCH).map((token, j) => openSender({ url, documentName, token, stateVector, index: i + j, counters }));
      const settled = await Promise.allSettled(batch);
      for (const r of settled) if (r.status === "fulfilled") senders.push(r.value);
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    }
    const diverged = senders.filter((s) => s.serverExtraBytes > 0).length;
    log(`  ${senders.length} senders and ${observerTokens.length} observers (in a worker thread) synced${diverged ? ` (${diverged} senders got content they lacked from the server!)` : ""}`);
    await new Promise((r) => setTimeout(r, 1000));
    if (warmUpSeconds > 0) {
      // The same load, unmeasured: a server compiles its hot paths in its first thousands of edits (V8's optimizing
      // compiler works on helper threads), a one-off a 20 s run at 50 edits a second would charge to every edit.
      const warmedUp = await warmUp({ senders, maker, documentName, seconds: warmUpSeconds, observers });
      counters.ackLatencies = [];
      counters.broadcastsReceived = 0;
      log(`  warmed up: ${warmedUp} edits over ${warmUpSeconds} s, not measured`);
    }

    // Edit e (0-based) is due at t0 + e × (1000 / senders) ms and comes from sender e mod senders,
    // so each sender edits once per second and the edits are spread evenly.
    const n = senders.length;
    const interval = 1000 / n;
    let total = Math.round(n * seconds);
    const lags = [];
    let skipped = 0;
    let next = 0;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const generatorBefore = process.cpuUsage();
    const machineBefore = machineTimes();
    const cpuStart = await cpu("start");
    const t0 = clock() + 20;
    loop.enable();
    let alongsideDone = alongside === null;
    const besides = alongside === null ? null : Promise.resolve().then(alongside).finally(() => (alongsideDone = true));
    // Its failure is thrown below, once the sending has stopped.
    besides?.catch(() => {});
    await new Promise((resolve) => {
      const tick = () => {
        const now = clock();
        while (next < total && t0 + next * interval <= now) {
          const due = t0 + next * interval;
          const sender = senders[next % n];
          next++;
          if (sender.closed) {
            skipped++;
            continue;
          }
          const { update, marker } = maker.make(sender.index);
          const frame = syncFrame(documentName, SYNC.Update, update);
          const at = clock();
          lags.push(at - due);
          sent.set(marker, at);
          sender.pendingAcks.push(at);
          sender.ws.send(frame);
        }
        // Still measuring alongside: one more second of edits.
        if (next >= total && !alongsideDone) total += n;
        if (next < total) setTimeout(tick, Math.max(0, t0 + next * interval - clock()));
        else resolve();
      };
      tick();
    });
    const sendingMs = clock() - t0;
    await besides;
    const cpuEnd = await cpu("end");
    const generatorCpu = process.cpuUsage(generatorBefore);
    const machineAfter = machineTimes();
    loop.disable();

    // Drain: until every observer has every marker and every send is acknowledged — a server that
    // fell behind gets to catch up while it makes progress (nothing new for 5 s ends it), at most 120 s.
    const drainStart = performance.now();
    let counts = await observers.counts();
    const progress = () => counts.reduce((n, c) => n + c, 0) + counters.ackLatencies.length;
    const complete = () => counts.every((c) => c >= sent.size) && senders.every((s) => s.closed || s.pendingAcks.length === 0);
    let last = progress();
    let lastChange = performance.now();
    while (!complete() && performance.now() - drainStart < 120_000 && performance.now() - lastChange < 5_000) {
      await new Promise((r) => setTimeout(r, 20));
      counts = await observers.counts();
      if (progress() !== last) {
        last = progress();
        lastChange = performance.now();
      }
    }
    const drainMs = performance.now() - drainStart;
    // Seen only after the sending stopped, plus a second: what a server that keeps up never shows.
    const lateAfter = sendingMs + 1000;
    const cpuDrained = await cpu("drained");

    // Per observer: marker → latency (arrival − send).
    let unknownMarkers = 0;
    const seen = (await observers.collect()).map((pairs) => {
      const latency = new Map();
      for (const [marker, arrival] of pairs) {
        const at = sent.get(marker);
        if (at === undefined) unknownMarkers++;
        else latency.set(marker, arrival - at);
      }
      return latency;
    });
    // Asked while everyone is still connected: the server keeps the document loaded.
    const server = await report();
    const onServer = new Set(server.markerKeys);
    const missingOnServer = [...sent.keys()].filter((m) => !onServer.has(m)).length;
    delete server.markerKeys;
    const latencies = [];
    for (const m of seen) for (const v of m.values()) latencies.push(v);
    latencies.sort((a, b) => a - b);
    const acks = counters.ackLatencies.sort((a, b) => a - b);
    lags.sort((a, b) => a - b);
    let neverSeen = 0;
    let notSeenByAll = 0;
    let late = 0;
    for (const [marker, at] of sent) {
      if (seen.some((m) => m.has(marker) && at - t0 + m.get(marker) > lateAfter)) late++;
      const count = seen.filter((m) => m.has(marker)).length;
      if (count === 0) neverSeen++;
      if (count < seen.length) notSeenByAll++;
    }
    const cpuMs = (a, b) => (b.user + b.system - a.user - a.system) / 1000;
    return {
      sent: sent.size,
      planned: total,
      skipped,
      sendingMs,
      drainMs,
      lagMedian: percentile(lags, 50),
      lagP99: percentile(lags, 99),
      lagMax: lags[lags.length - 1] ?? NaN,
      samples: latencies.length,
      latencyMedian: percentile(latencies, 50),
      latencyP99: percentile(latencies, 99),
      latencyMax: latencies[latencies.length - 1] ?? NaN,
      ackMedian: percentile(acks, 50),
      ackP99: percentile(acks, 99),
      acks: acks.length,
      nacks: counters.nacks,
      neverSeen,
      notSeenByAll,
      late,
      unseenPerObserver: seen.map((m) => sent.size - m.size),
      unknownMarkers,
      refusals: counters.refusals,
      refusalReasons: [...counters.reasons],
      closedSenders: senders.filter((s) => s.closed).length,
      closeReasons: [...new Set(senders.filter((s) => s.closed).map((s) => s.closeReason))].slice(0, 5),
      broadcastsReceived: counters.broadcastsReceived,
      serverCpuLoadMs: cpuMs(cpuStart, cpuEnd),
      serverCpuTotalMs: cpuMs(cpuStart, cpuDrained),
      serverCpuPercent: (100 * cpuMs(cpuStart, cpuEnd)) / sendingMs,
      serverLoopBusyPercent: (100 * (cpuEnd.active - cpuStart.active)) / (cpuEnd.active - cpuStart.active + cpuEnd.idle - cpuStart.idle),
      serverLoopBusyDrainedPercent: (100 * (cpuDrained.active - cpuStart.active)) / (cpuDrained.active - cpuStart.active + cpuDrained.idle - cpuStart.idle),
      // The server's event loop held up (monitorEventLoopDelay from the start to drained): the longest stall and the 99th percentile.
      serverStallMaxMs: cpuDrained.stallMaxMs ?? null,
      serverStallP99Ms: cpuDrained.stallP99Ms ?? null,
      serverCpuDrainedPercent: (100 * cpuMs(cpuStart, cpuDrained)) / (sendingMs + drainMs),
      serverCpuPerEditMs: cpuMs(cpuStart, cpuDrained) / Math.max(1, sent.size),
      // The kernel's share (system time: sockets, the log's writes and fsync) beside the process's own.
      serverSystemPerEditMs: (cpuDrained.system - cpuStart.system) / 1000 / Math.max(1, sent.size),
      serverRssMb: cpuDrained.rss / 1e6,
      // The server's CPU by thread from the start to drained (ms): what the main thread did, and what V8's helpers did for it.
      serverThreadsMs: Object.fromEntries(Object.entries(cpuDrained.threads ?? {}).map(([name, ms]) => [name, ms - (cpuStart.threads?.[name] ?? 0)]).filter(([, ms]) => ms > 0)),
      generatorCpuPercent: (100 * (generatorCpu.user + generatorCpu.system)) / 1000 / sendingMs,
      // Cores busy on the whole machine while sending, and the share of steal (a virtual machine's neighbours).
      machineBusyCores: machineBefore && machineAfter ? (cpus().length * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total) : NaN,
      machineStealCores: machineBefore && machineAfter ? (cpus().length * (machineAfter.steal - machineBefore.steal)) / (machineAfter.total - machineBefore.total) : NaN,
      generatorLoopDelayP99: loop.percentile(99) / 1e6,
      missingOnServer,
      server,
    };
  } finally {
    for (const s of senders) s.ws.terminate();
    await observers.close();
  }
}

/** The observers' worker thread, and requests to it. */
/**
 * Sends `seconds` of the load's edits (each sender one a second, spread
 * evenly) and waits until every one is acknowledged and seen by every
 * observer, then has the observers forget them; resolves with the count.
 */
async function warmUp({ senders, maker, documentName, seconds, observers }) {
  const n = senders.length;
  const total = Math.round(n * seconds);
  const interval = 1000 / n;
  const t0 = clock() + 20;
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      while (next < total && t0 + next * interval <= clock()) {
        const sender = senders[next % n];
        next++;
        if (sender.closed) continue;
        sender.pendingAcks.push(clock());
        sender.ws.send(syncFrame(documentName, SYNC.Update, maker.make(sender.index).update));
      }
      if (next < total) setTimeout(tick, Math.max(0, t0 + next * interval - clock()));
      else resolve();
    };
    tick();
  });
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const counts = await observers.counts();
    if (counts.every((c) => c >= total) && senders.every((s) => s.closed || s.pendingAcks.length === 0)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await observers.forget();
  return total;
}

function startObservers(workerData) {
  const worker = new Worker(new URL("./observers-worker.mjs", import.meta.url), { workerData });
  const waiting = [];
  let failure = null;
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  const fail = (error) => {
    failure ??= error;
    for (const w of waiting.splice(0)) w.reject(error);
  };
  worker.on("error", fail);
  worker.on("message", (message) => {
    if (message.type === "error") return fail(new Error(message.message));
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(message);
  });
  exited.then(() => fail(new Error("the observers' worker exited")));
  const expect = (type, timeoutMs) =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const timer = setTimeout(() => reject(new Error(`observers: no ${type} after ${timeoutMs} ms`)), timeoutMs);
      waiting.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)), reject: (e) => (clearTimeout(timer), reject(e)) });
    });
  const ask = (type, reply, timeoutMs = 30_000) => {
    const answer = expect(reply, timeoutMs);
    worker.postMessage({ type });
    return answer;
  };
  return {
    ready: expect("ready", 120_000),
    counts: async () => (await ask("counts", "counts")).counts,
    collect: async () => (await ask("collect", "collected")).seen,
    /** Forgets what the observers saw so far (the warm-up's edits). */
    forget: async () => void (await ask("forget", "forgotten")),
    async close() {
      if (!failure) await ask("close", "closed", 10_000).catch(() => {});
      const timeout = new Promise((r) => setTimeout(() => r("timeout"), 5_000));
      if ((await Promise.race([exited, timeout])) === "timeout") await worker.terminate();
    },
  };
}

/**
 * `runLoad` against a server child (`startChild` of child.mjs) whose setup
 * answered `ready`: its port, document, senders' and observers' tokens, its
 * CPU time and its report; the senders start from `initial` (the document as
 * one update, whose state vector they offer). Logs to the console.
 */
export function runLoadOnChild(server, ready, { initial, maker, seconds, warmUpSeconds = 0, alongside = null }) {
  const base = new Y.Doc();
  Y.applyUpdate(base, initial);
  const stateVector = Y.encodeStateVector(base);
  base.destroy();
  return runLoad({
    url: `ws://127.0.0.1:${ready.port}/collab`,
    documentName: ready.documentName,
    senderTokens: ready.senderTokens,
    observerTokens: ready.observerTokens,
    maker,
    stateVector,
    seconds,
    warmUpSeconds,
    cpu: (label) => server.ask({ type: "cpu", label }, "cpu"),
    report: () => server.ask({ type: "report" }, "report"),
    log: console.log,
    alongside,
  });
}
