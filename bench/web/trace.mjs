// Where a page's main thread spent its time, from a Chromium trace
// (`browser.startTracing` / `stopTracing`, the same events as DevTools'
// Performance panel): the renderer main thread that received the most
// keydown events (or, with no typing, the most busy one), its time in tasks,
// and the self time of each kind of trace event in them.

/** The trace categories the summary needs. */
export const TRACE_CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute", "blink"];

/** What the names of trace events mean, for the summary (first match wins): everything else is "other". */
const GROUPS = [
  ["garbage collection", /^(V8\.GC|MajorGC|MinorGC|BlinkGC|V8\.Scavenge|ThreadState::)/],
  ["script", /^(FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|FireIdleCallback|RunMicrotasks|EvaluateScript|v8\.|V8\.|XHR|WebSocket|BlinkScheduler_PerformMicrotaskCheckpoint)/],
  ["browser's editing (native text insertion, selection)", /^(Editor::|TypingCommand::|FrameSelection::|GetSelectionOffsets|InsertTextCommand)/],
  ["hit testing (the mouse over the page)", /(HitTest|handleMouseMoveEvent)/],
  ["style and layout", /^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|Document::(recalcStyle|UpdateStyleAndLayout|rebuildLayoutTree)|LocalFrameView::(UpdateStyleAndLayout|layout|performLayout)|Layout$|InvalidateLayout|InlineNode::|Blink\.(Style|Layout|ForcedStyleAndLayout))/],
  ["compositing inputs, pre-paint and intersections", /^(Blink\.(CompositingInputs|PrePaint)|LocalFrameView::RunCompositingInputsLifecyclePhase|PrePaint|CullRectUpdate|IntersectionObserverController|Layerize|UpdateLayerTree)/],
  ["paint and commit", /^(Paint|Blink\.(Paint|CompositingCommit)|LocalFrameView::(RunPaintLifecyclePhase|pushPaintArtifactToCompositor)|PaintArtifactCompositor|RasterTask|CompositeLayers|Commit|ProxyMain|BeginMainThreadFrame|Animation)/],
  ["profiler", /^CpuProfiler/],
];

function groupOf(name) {
  for (const [group, pattern] of GROUPS) if (pattern.test(name)) return group;
  return "other";
}

/** The complete events of one thread as intervals (ms), B/E pairs joined. */
function intervals(events) {
  const out = [];
  const open = [];
  for (const e of events) {
    if (e.ph === "X" && typeof e.dur === "number") out.push({ name: e.name, start: e.ts / 1000, end: (e.ts + e.dur) / 1000 });
    else if (e.ph === "B") open.push(e);
    else if (e.ph === "E") {
      const b = open.pop();
      if (b) out.push({ name: b.name, start: b.ts / 1000, end: e.ts / 1000 });
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  return out;
}

/**
 * Summarises a trace (the JSON Chromium writes): the chosen thread's busy
 * time (top-level tasks), the self time per event name and per group, and
 * how many keydown events it handled. Throws when the trace has no renderer
 * main thread.
 */
export function summariseTrace(buffer) {
  const trace = JSON.parse(buffer.toString("utf8"));
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = new Set();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain") mains.add(`${e.pid}:${e.tid}`);
  if (!mains.size) throw new Error("the trace has no renderer main thread");
  const byThread = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const keydowns = (list) => list.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown").length;
  const busy = (list) => list.reduce((sum, e) => sum + (e.ph === "X" && typeof e.dur === "number" ? e.dur : 0), 0);
  const [thread, list] = [...byThread.entries()].sort((a, b) => keydowns(b[1]) - keydowns(a[1]) || busy(b[1]) - busy(a[1]))[0];

  const spans = intervals(list);
  const self = new Map();
  const stack = [];
  let first = Infinity;
  let last = -Infinity;
  let tasks = 0;
  let taskMs = 0;
  const longTasks = [];
  for (const span of spans) {
    while (stack.length && stack[stack.length - 1].end <= span.start) stack.pop();
    const parent = stack[stack.length - 1];
    const duration = span.end - span.start;
    if (parent) parent.self -= Math.min(duration, parent.end - span.start);
    else {
      // A span with nothing around it is a task of the thread's scheduler.
      first = Math.min(first, span.start);
      last = Math.max(last, span.end);
      tasks++;
      taskMs += duration;
      if (duration >= 50) longTasks.push(duration);
    }
    const entry = { ...span, self: duration };
    stack.push(entry);
    span.entry = entry;
  }
  for (const span of spans) {
    self.set(span.name, (self.get(span.name) ?? 0) + Math.max(0, span.entry.self));
  }
  const groups = new Map();
  for (const [name, ms] of self) groups.set(groupOf(name), (groups.get(groupOf(name)) ?? 0) + ms);
  const rows = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return { thread, keydowns: keydowns(list), windowMs: last - first, tasks, taskMs, longTasks: longTasks.sort((a, b) => b - a), byName: rows(self), byGroup: rows(groups) };
}

/** Prints a trace summary, per keystroke when there were keystrokes. */
export function printTraceSummary(label, s, top = 14) {
  const per = s.keydowns ? ` = ${(s.taskMs / s.keydowns).toFixed(1)} ms per keystroke` : "";
  console.log(`  trace (${label}), renderer main thread ${s.thread}: ${s.keydowns} keydowns; busy in tasks ${(s.taskMs / 1000).toFixed(2)} s of ${(s.windowMs / 1000).toFixed(2)} s${per}; ${s.tasks} tasks, ${s.longTasks.length} ≥ 50 ms (longest ${(s.longTasks[0] ?? 0).toFixed(0)} ms)`);
  console.log(`    by kind (self time): ${s.byGroup.map(([g, ms]) => `${g} ${ms.toFixed(0)} ms`).join(", ")}`);
  for (const [name, ms] of s.byName.slice(0, top)) console.log(`    ${ms.toFixed(0).padStart(7)} ms  ${name}`);
}
