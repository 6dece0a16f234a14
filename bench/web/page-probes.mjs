// What bench/web.mjs measures inside the page, installed in every browser
// context (`context.addInitScript`) as `window.__accordBench`. Plain
// JavaScript in a string: a function handed to `page.evaluate` is serialised
// from its source, and this keeps it readable in one place.
//
// Times are `performance.now()` of the page. A change is "shown" by the first
// frame that renders it: its start is when that frame's requestAnimationFrame
// callbacks run, and its end is known when Chromium reports the frame as a
// long animation frame (main-thread rendering done ≥ 50 ms after the frame's
// work began; otherwise it ended sooner). A task posted from the frame would
// not tell its end: here it waits behind the page's idle work (the side
// panels), hundreds of milliseconds after the pixels were on screen. For
// keystrokes the browser's own measure is used as well: Event Timing, from
// the key's timeStamp to the presentation of the next frame after its
// handlers. Epoch times (`performance.timeOrigin + t`) compare two pages of
// the same browser.

/** The page-side source. */
export const PAGE_PROBES = String.raw`
(() => {
  if (window.__accordBench) return;

  // Long animation frames (Chromium ≥ 123), kept for 'frameEnd'.
  const longFrames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longFrames.push({ renderStart: e.renderStart, end: e.startTime + e.duration });
      if (longFrames.length > 20000) longFrames.splice(0, 10000);
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {}

  // The end of the main-thread rendering of the frame whose rendering ran at
  // 't' (a time inside its requestAnimationFrame callbacks), when that frame
  // was long; null otherwise. The entries arrive a little after the frame.
  function frameEnd(t) {
    for (let i = longFrames.length - 1; i >= 0; i--) {
      const f = longFrames[i];
      if (f.renderStart && f.renderStart <= t + 0.5 && t <= f.end + 0.5) return f.end;
    }
    return null;
  }

  // Notes on 'record' when the next frame starts rendering ('raf').
  function nextFrame(record) {
    requestAnimationFrame(() => {
      record.raf = performance.now();
    });
  }

  // Adds 'shown' to records with 'raf': the frame's end when it was long, else its start.
  function shown(records) {
    for (const r of records) {
      if (r.raf === undefined) continue;
      const end = frameEnd(r.raf);
      r.long = end !== null;
      r.shown = end !== null ? end : r.raf;
    }
    return records;
  }

  function state() {
    const root = document.querySelector(".accord-editor-root");
    const doc = root && root.querySelector(".accord-doc");
    const connection = document.querySelector(".document-header .connection");
    return {
      loaded: !!root && !root.classList.contains("accord-loading"),
      editable: !!doc && doc.getAttribute("contenteditable") === "true",
      // As it is (data-sync), not as shown: "Syncing…" shows only when changes stay in flight.
      connection: connection ? connection.dataset.sync || "" : "",
      blocks: document.querySelectorAll(".accord-editor .accord-block[data-block-id]").length,
      visibility: document.visibilityState,
    };
  }

  function ready() {
    const s = state();
    return s.loaded && s.editable && s.connection === "connected";
  }

  // Resolves at the first frame in which the editor is shown, editable and
  // connected, relative to t0: 'frameMs' (that frame's rAF) and, a moment
  // later, 'shownMs' (that frame's end when it was long, else its start).
  function waitReady(t0, timeoutMs) {
    return new Promise((resolve, reject) => {
      const give = setTimeout(() => reject(new Error("not editable after " + timeoutMs + " ms: " + JSON.stringify(state()))), timeoutMs);
      const frame = () => {
        if (!ready()) return requestAnimationFrame(frame);
        const at = performance.now();
        clearTimeout(give);
        // The long-animation-frame entry comes after the frame.
        setTimeout(() => {
          const end = frameEnd(at);
          resolve({ frameMs: at - t0, shownMs: (end !== null ? end : at) - t0, long: end !== null, blocks: state().blocks });
        }, 500);
      };
      requestAnimationFrame(frame);
    });
  }

  // From setting the hash (the app already loaded, on another page) to editable.
  function open(hash, timeoutMs) {
    const t0 = performance.now();
    location.hash = hash;
    return waitReady(t0, timeoutMs);
  }

  function blockElement(id) {
    return document.querySelector('.accord-editor .accord-block[data-block-id="' + CSS.escape(id) + '"]');
  }

  // The document text of a block: its content element's text nodes outside
  // anything ProseMirror keeps uneditable (brackets, tags, remote cursors, markers).
  function textNodes(id) {
    const block = blockElement(id);
    const content = block && block.querySelector(":scope > .accord-content");
    if (!content) return null;
    const nodes = [];
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let inside = true;
      for (let el = node.parentElement; el && el !== content; el = el.parentElement) {
        if (el.getAttribute("contenteditable") === "false" || el.classList.contains("accord-remote-cursor")) { inside = false; break; }
      }
      if (inside) nodes.push(node);
    }
    return nodes;
  }

  function blockText(id) {
    const nodes = textNodes(id);
    return nodes ? nodes.map((n) => n.data).join("") : null;
  }

  const frames = (n) => new Promise((resolve) => {
    const step = () => (n-- > 0 ? requestAnimationFrame(step) : resolve());
    step();
  });

  // Scrolls the text as a reader would, a window's height at a time (after a
  // first jump in proportion to the block's place), until the editor draws
  // the block (it draws only blocks near the view), then to the middle.
  async function scrollTo(id) {
    // Looked up again at each step: a block's element is made anew as it comes into the drawn window.
    const element = () => blockElement(id);
    if (!element()) throw new Error("no block " + id);
    const scroller = element().closest(".document-column") || document.scrollingElement;
    const blocks = [...element().parentElement.children].filter((e) => e.classList.contains("accord-block"));
    scroller.scrollTop = (blocks.indexOf(element()) / blocks.length) * scroller.scrollHeight - scroller.clientHeight / 2;
    await frames(3);
    for (let i = 0; i < 200 && element().classList.contains("accord-offscreen"); i++) {
      const box = scroller.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const inView = hit && hit.closest(".accord-block");
      const below = !inView || inView.compareDocumentPosition(element()) & Node.DOCUMENT_POSITION_FOLLOWING;
      scroller.scrollTop += (below ? 1 : -1) * scroller.clientHeight;
      await frames(2);
    }
    element().scrollIntoView({ block: "center" });
    await frames(3);
  }

  // Scrolls a block to the middle of the window; the point to click to put the
  // caret before character 'offset' of its text (the left edge of that character).
  async function pointAt(id, offset) {
    await scrollTo(id);
    let rest = offset;
    for (const node of textNodes(id)) {
      if (rest < node.data.length) {
        const range = document.createRange();
        range.setStart(node, rest);
        range.setEnd(node, rest + 1);
        const rect = [...range.getClientRects()].find((r) => r.width > 0) || range.getBoundingClientRect();
        return { x: rect.left + Math.min(1.5, rect.width / 4), y: rect.top + rect.height / 2 };
      }
      rest -= node.data.length;
    }
    throw new Error("offset " + offset + " is beyond the text of block " + id);
  }

  // The caret as block id and offset in that block's text.
  function caret() {
    const selection = document.getSelection();
    if (!selection || !selection.focusNode) return null;
    const element = selection.focusNode.nodeType === 1 ? selection.focusNode : selection.focusNode.parentElement;
    const block = element && element.closest(".accord-block[data-block-id]");
    if (!block) return null;
    const id = block.dataset.blockId;
    let offset = 0;
    for (const node of textNodes(id)) {
      if (node === selection.focusNode) return { blockId: id, offset: offset + selection.focusOffset, collapsed: selection.isCollapsed };
      offset += node.data.length;
    }
    return { blockId: id, offset, collapsed: selection.isCollapsed };
  }

  // Typing: one record per keydown in this page ('down': its timeStamp, when
  // the browser received the key, so time queued behind other work counts);
  // the first change to the block's text that follows (an input event or a
  // DOM mutation inside the block) is 'changed', and the frame after it is
  // 'raf' / 'shown'. Event Timing's keydown and keypress entries are kept.
  let typing = null;
  function startTyping(blockId) {
    if (typing) throw new Error("already measuring typing");
    const records = [];
    const entries = [];
    const inBlock = (node) => {
      const el = node.nodeType === 1 ? node : node.parentElement;
      return !!el && !!el.closest('.accord-block[data-block-id="' + CSS.escape(blockId) + '"]');
    };
    const open = () => {
      const r = records[records.length - 1];
      return r && r.changed === undefined ? r : null;
    };
    const settle = (r) => {
      r.changed = performance.now();
      nextFrame(r);
    };
    const onKeyDown = (event) => records.push({ key: event.key, down: event.timeStamp });
    const onInput = () => {
      const r = open();
      if (r) settle(r);
    };
    const observer = new MutationObserver((list) => {
      const r = open();
      if (r && list.some((m) => inBlock(m.target))) settle(r);
    });
    // Event Timing: the browser's own key → next presentation durations (8 ms
    // steps, reported only from 16 ms up).
    const timing = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) keep(entry);
    });
    const keep = (entry) => {
      if (entry.name === "keydown" || entry.name === "keypress") entries.push({ name: entry.name, start: entry.startTime, duration: entry.duration, interactionId: entry.interactionId });
    };
    window.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("input", onInput, true);
    observer.observe(document.querySelector(".accord-doc"), { subtree: true, childList: true, characterData: true });
    try {
      timing.observe({ type: "event", durationThreshold: 16 });
    } catch {}
    typing = {
      stop() {
        window.removeEventListener("keydown", onKeyDown, true);
        document.removeEventListener("input", onInput, true);
        observer.disconnect();
        for (const entry of timing.takeRecords()) keep(entry);
        timing.disconnect();
        return { origin: performance.timeOrigin, records: shown(records), eventTiming: entries };
      },
    };
  }
  function stopTyping() {
    const t = typing;
    typing = null;
    if (!t) throw new Error("not measuring typing");
    return t.stop();
  }

  // Watching another page's typing arrive: the block's text grows by one
  // character per keystroke there; arrival k is when it first holds k more
  // characters than when the watch began ('seen': the DOM mutation; then the
  // frame that shows it: 'raf' / 'shown').
  let watching = null;
  function startWatching(blockId) {
    if (watching) throw new Error("already watching");
    const base = blockText(blockId).length;
    const arrivals = [];
    let reached = 0;
    const observer = new MutationObserver(() => {
      const text = blockText(blockId);
      if (text === null) return;
      const grown = text.length - base;
      if (grown <= reached) return;
      const record = { from: reached + 1, to: grown, seen: performance.now() };
      reached = grown;
      arrivals.push(record);
      nextFrame(record);
    });
    observer.observe(document.querySelector(".accord-doc"), { subtree: true, childList: true, characterData: true });
    watching = {
      stop() {
        observer.disconnect();
        return { origin: performance.timeOrigin, arrivals: shown(arrivals) };
      },
    };
  }
  function stopWatching() {
    const w = watching;
    watching = null;
    if (!w) throw new Error("not watching");
    return w.stop();
  }

  // The bracketed proposals drawn in a block: delegations, operation and text of each, by id.
  // The proposals drawn in a block, brought into view first (the editor draws brackets only for blocks near the view).
  async function proposalsIn(blockId) {
    await scrollTo(blockId);
    const byId = new Map();
    const block = blockElement(blockId);
    for (const run of block ? block.querySelectorAll(".accord-prop[data-proposal-id]") : []) {
      const id = run.dataset.proposalId;
      const entry = byId.get(id) || { id, by: run.dataset.by || "", op: run.dataset.op || "", text: "" };
      entry.text += run.textContent;
      byId.set(id, entry);
    }
    return [...byId.values()];
  }

  function errorNotices() {
    return [...document.querySelectorAll(".notice-error .notice-text")].map((n) => n.textContent);
  }

  window.__accordBench = { state, waitReady, open, blockText, pointAt, scrollTo, caret, startTyping, stopTyping, startWatching, stopWatching, proposalsIn, errorNotices };

  // A page loaded with '?bench-open' times itself from navigation start.
  if (location.search.includes("bench-open")) window.__accordBenchFresh = waitReady(0, 120000);
})();
`;
