// Helpers that run inside the page, installed in every browser context as
// `window.accordTest` (see `installPageHelpers`). They are plain JavaScript in a
// string on purpose: functions handed to `page.evaluate` are serialised from
// their source, and a transpiler's injected helpers (`__name`, …) would not
// exist in the page.

/** A block as the page draws it: id, status, badge and the document text inside it (widgets, cursors and footnote markers left out). */
export interface PageBlock {
  readonly id: string;
  readonly status: string;
  readonly label: string;
  readonly badge: string;
  readonly text: string;
}

/** A bracketed proposal as the page draws it: its text runs in order, gathered by proposal id. */
export interface PageProposal {
  readonly id: string;
  readonly blockId: string;
  /** `data-by` of its runs (its delegations, space-separated). */
  readonly by: string;
  /** The operations of its runs in order, duplicates removed: `insert`, `delete`, `delete insert` (a replacement). */
  readonly ops: string;
  readonly state: string;
  /** The text of its runs, in order. */
  readonly text: string;
  /** The text of its inserted / struck runs. */
  readonly inserted: string;
  readonly deleted: string;
  /** The computed CSS colour of its first run (`rgb(r, g, b)`). */
  readonly colour: string;
  /** Whether its first run is drawn struck through (computed `text-decoration-line`). */
  readonly struck: boolean;
  /** Whether its first run is underlined. */
  readonly underlined: boolean;
  /** The ids of the proposals around its first run, outermost first (`data-proposals`). */
  readonly chain: string;
}

/** The caret (or the selection's head) as a block id and an offset in the block's text (`PageBlock.text`). */
export interface PageCaret {
  readonly blockId: string;
  readonly offset: number;
  /** The selected text, "" for a caret. */
  readonly selected: string;
}

/** The page-side source of `window.accordTest`. */
const SOURCE = String.raw`
(() => {
  if (window.accordTest) return;

  // selectionchange events so far. ProseMirror reads a click's caret into its
  // state on this event (registered after this listener, so run in the same
  // dispatch): a key pressed before it would edit where the DOM caret is while
  // the editor's state still has the old selection — a race no person's hand
  // is fast enough for, but a test's is.
  let selectionChanges = 0;
  document.addEventListener("selectionchange", () => { selectionChanges++; });

  // The text nodes that are document text: those of a block's content element
  // not inside something ProseMirror marks uneditable (bracket glyphs, remote
  // cursors, footnote markers, widgets) — exactly the ProseMirror text.
  function textNodes(content) {
    const nodes = [];
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let inside = true;
      for (let el = node.parentElement; el && el !== content; el = el.parentElement) {
        if (el.getAttribute("contenteditable") === "false") { inside = false; break; }
      }
      if (inside) nodes.push(node);
    }
    return nodes;
  }

  function blockElement(id) {
    const block = document.querySelector('.accord-block[data-block-id="' + CSS.escape(id) + '"]');
    if (!block) throw new Error("no block " + id + " on the page");
    return block;
  }

  function contentOf(id) {
    const content = blockElement(id).querySelector(":scope > .accord-content");
    if (!content) throw new Error("block " + id + " has no content element");
    return content;
  }

  function blockText(id) {
    return textNodes(contentOf(id)).map((n) => n.data).join("");
  }

  function blocks() {
    return [...document.querySelectorAll(".accord-editor .accord-block[data-block-id]")].map((block) => {
      const content = block.querySelector(":scope > .accord-content");
      const label = block.querySelector(":scope > .accord-gutter .accord-label");
      const badge = block.querySelector(":scope > .accord-aside .accord-badge");
      return {
        id: block.dataset.blockId,
        status: block.dataset.status,
        label: label ? label.textContent : "",
        badge: badge ? badge.textContent : "",
        text: content ? textNodes(content).map((n) => n.data).join("") : "",
      };
    });
  }

  function proposals() {
    const byId = new Map();
    for (const run of document.querySelectorAll(".accord-editor .accord-prop[data-proposal-id]")) {
      const id = run.dataset.proposalId;
      let entry = byId.get(id);
      if (!entry) {
        const style = getComputedStyle(run);
        const block = run.closest(".accord-block[data-block-id]");
        entry = {
          id,
          blockId: block ? block.dataset.blockId : "",
          by: run.dataset.by || "",
          ops: [],
          state: run.dataset.state || "",
          text: "",
          inserted: "",
          deleted: "",
          colour: style.color,
          struck: style.textDecorationLine.includes("line-through"),
          underlined: style.textDecorationLine.includes("underline"),
          chain: run.dataset.proposals || "",
        };
        byId.set(id, entry);
      }
      const op = run.dataset.op || "";
      if (!entry.ops.includes(op)) entry.ops.push(op);
      const text = textNodes(run).map((n) => n.data).join("");
      entry.text += text;
      if (op === "delete") entry.deleted += text;
      else entry.inserted += text;
    }
    return [...byId.values()].map((e) => ({ ...e, ops: e.ops.join(" ") }));
  }

  // The text node holding character 'index' of a block's text, and the offset in it.
  function charAt(id, index) {
    let rest = index;
    for (const node of textNodes(contentOf(id))) {
      if (rest < node.data.length) return { node, offset: rest };
      rest -= node.data.length;
    }
    throw new Error("character " + index + " is beyond the text of block " + id);
  }

  // The offset of 'needle' in a block's text; throws unless it occurs exactly once.
  function find(id, needle) {
    const text = blockText(id);
    const at = text.indexOf(needle);
    if (at < 0) throw new Error("“" + needle + "” is not in block " + id + ": “" + text + "”");
    if (text.indexOf(needle, at + 1) >= 0) throw new Error("“" + needle + "” occurs more than once in block " + id);
    return at;
  }

  // The viewport point to click to put the caret at 'offset' in a block's text:
  // on the left edge of the character after it (or the right edge of the one before it).
  function pointAt(id, offset, scroll = true) {
    if (scroll) blockElement(id).scrollIntoView({ block: "center" });
    const after = offset < blockText(id).length;
    const { node, offset: at } = charAt(id, after ? offset : offset - 1);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const rect = rects[0] || range.getBoundingClientRect();
    const x = after ? rect.left + Math.min(1.5, rect.width / 4) : rect.right - Math.min(1.5, rect.width / 4);
    return { x, y: rect.top + rect.height / 2 };
  }

  function offsetIn(content, node, offset) {
    const range = document.createRange();
    range.setStart(content, 0);
    range.setEnd(node, offset);
    let total = 0;
    for (const text of textNodes(content)) {
      if (text === node) return total + offset;
      if (range.intersectsNode(text)) total += text.data.length;
    }
    return total;
  }

  function caret() {
    const selection = document.getSelection();
    if (!selection || !selection.focusNode) return null;
    const element = selection.focusNode.nodeType === 1 ? selection.focusNode : selection.focusNode.parentElement;
    const block = element && element.closest(".accord-block[data-block-id]");
    const content = block && block.querySelector(":scope > .accord-content");
    if (!content || !content.contains(selection.focusNode)) return null;
    return { blockId: block.dataset.blockId, offset: offsetIn(content, selection.focusNode, selection.focusOffset), selected: selection.toString() };
  }

  // Fires a paste of plain text at the focused element, as the clipboard would.
  function paste(text) {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const target = document.activeElement || document.body;
    const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event.defaultPrevented;
  }

  function count(needle) {
    let n = 0;
    for (const block of blocks()) {
      for (let at = block.text.indexOf(needle); at >= 0; at = block.text.indexOf(needle, at + 1)) n++;
    }
    return n;
  }

  window.accordTest = { blockText, blocks, proposals, find, pointAt, caret, paste, count, selectionChanges: () => selectionChanges };
})();
`;

/** The script that installs `window.accordTest` in a page; pass it to `context.addInitScript`. */
export const PAGE_HELPERS_SCRIPT = SOURCE;
