import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { describe, expect, it } from "vitest";
import { ProsemirrorBinding, updateYFragment } from "y-prosemirror";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { HOCUSPOCUS_PROVIDER_VERSION, PROSEMIRROR_VIEW_VERSION, Y_PROSEMIRROR_VERSION } from "../../src/editor/adapters/index.js";

// Canaries of the private internals the editor's adapters (src/editor/adapters/)
// rely on. Each fails when an installed dependency is not the release the
// adapter was written for, or when the private function or field it touches
// is no longer shaped as the adapter expects: upgrade the adapter with the
// dependency, never one without the other.

const require = createRequire(import.meta.url);
const webRoot = join(dirname(new URL(import.meta.url).pathname), "..", "..");

/** The installed version of a package, as the web app resolves it. */
function installed(name: string): string {
  const main = require.resolve(name, { paths: [webRoot] });
  let dir = dirname(main);
  while (!JSON.parse(safeRead(join(dir, "package.json")) ?? "{}").name?.startsWith(name)) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version as string;
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** The pinned version of a dependency in apps/web/package.json (an exact version, no range). */
function pinned(name: string): string {
  const manifest = JSON.parse(readFileSync(join(webRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  return manifest.dependencies[name]!;
}

/** A function's source with whitespace collapsed, to compare its shape. */
const shape = (source: string) => source.replace(/\s+/g, " ").trim();

describe("prosemirror-view's DOM observer (adapters/prosemirror-dom-selection.ts)", () => {
  const source = readFileSync(require.resolve("prosemirror-view", { paths: [webRoot] }).replace(/index\.(c?js)$/, "index.js"), "utf8");

  it("is the pinned release", () => {
    expect(pinned("prosemirror-view")).toBe(PROSEMIRROR_VIEW_VERSION);
    expect(installed("prosemirror-view")).toBe(PROSEMIRROR_VIEW_VERSION);
  });

  it("keeps the view's domObserver with currentSelection, flushingSoon, forceFlush and flush as the adapter uses them", () => {
    expect(source).toContain("this.domObserver = new DOMObserver(this,");
    const observer = shape(source.slice(source.indexOf("class DOMObserver {"), source.indexOf("registerMutation(mut, added) {")));
    expect(observer).toContain("this.flushingSoon = -1;");
    expect(observer).toContain("this.currentSelection = new SelectionState;");
    expect(observer).toContain("forceFlush() { if (this.flushingSoon > -1) { window.clearTimeout(this.flushingSoon); this.flushingSoon = -1; this.flush(); } }");
    // flush reads the page's selection when it differs from the one last seen, as the pending selectionchange would.
    expect(observer).toContain("flush() { let { view } = this; if (!view.docView || this.flushingSoon > -1) return;");
    expect(observer).toContain("newSel = !this.currentSelection.eq(selRange) && !this.ignoreSelectionChange(selRange);");
    const state = shape(source.slice(source.indexOf("class SelectionState {"), source.indexOf("class DOMObserver {")));
    expect(state).toContain("eq(sel) { return sel.anchorNode == this.anchorNode && sel.anchorOffset == this.anchorOffset && sel.focusNode == this.focusNode && sel.focusOffset == this.focusOffset; }");
  });
});

describe("y-prosemirror's binding (adapters/y-prosemirror-selection-note.ts)", () => {
  it("is the pinned release", () => {
    expect(pinned("y-prosemirror")).toBe(Y_PROSEMIRROR_VERSION);
    expect(installed("y-prosemirror")).toBe(Y_PROSEMIRROR_VERSION);
  });

  it("notes the selection in beforeTransactionSelection and writes the page's changes with updateYFragment, as the adapter copies", () => {
    const binding = new ProsemirrorBinding(new Y.Doc().getXmlFragment("content"));
    expect(binding).toHaveProperty("beforeTransactionSelection", null);
    expect(typeof binding.beforeAllTransactions).toBe("function");
    expect(shape(binding.beforeAllTransactions.toString())).toContain("if (this.beforeTransactionSelection === null && this.prosemirrorView != null)");
    // The adapter replaces _prosemirrorChanged by this same body less the closing note of the selection.
    expect(shape(ProsemirrorBinding.prototype._prosemirrorChanged.toString())).toBe(
      shape(`_prosemirrorChanged (doc) {
        this.doc.transact(() => {
          updateYFragment(this.doc, this.type, doc, this)
          this.beforeTransactionSelection = getRelativeSelection(
            this,
            this.prosemirrorView.state
          )
        }, ySyncPluginKey)
      }`),
    );
    expect(typeof updateYFragment).toBe("function");
    expect(binding).toHaveProperty("doc");
    expect(binding).toHaveProperty("type");
    expect(binding).toHaveProperty("mapping");
  });
});

describe("the Hocuspocus provider (adapters/hocuspocus-provider.ts)", () => {
  it("is the pinned release", () => {
    expect(pinned("@hocuspocus/provider")).toBe(HOCUSPOCUS_PROVIDER_VERSION);
    expect(installed("@hocuspocus/provider")).toBe(HOCUSPOCUS_PROVIDER_VERSION);
  });

  it("keeps the bound update listener, the update handler, onMessage and the socket's onClose as the adapter uses them", () => {
    const ydoc = new Y.Doc();
    // A socket that never connects: only the objects' shape is read.
    const websocket = new HocuspocusProviderWebsocket({ url: "ws://127.0.0.1:9/collab", autoConnect: false, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: websocket, name: "canary", document: ydoc });
    try {
      expect(typeof provider.boundDocumentUpdateHandler).toBe("function");
      expect(shape(HocuspocusProvider.prototype.documentUpdateHandler.toString())).toMatch(/^documentUpdateHandler\(update, origin\) \{ if \(origin === this\) return;.*this\.send\(UpdateMessage, \{ update,/);
      expect(HocuspocusProvider.prototype.onMessage.length).toBe(1);
      // The provider listens with its bound handler: taking it off the document stops its own sending.
      const listeners = (ydoc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get("update");
      expect(listeners?.has(provider.boundDocumentUpdateHandler)).toBe(true);
      const socket = provider.configuration.websocketProvider;
      expect(typeof socket.onClose).toBe("function");
      expect(socket).toHaveProperty("status");
      // The socket hands each message to the provider's onMessage as a method call (so it can be replaced).
      expect(socket).toBe(websocket);
      expect(shape(socket.onMessage.toString())).toMatch(/providerMap\.get\(rawKey\)\?\.onMessage\(event\)/);
    } finally {
      provider.destroy();
      websocket.destroy();
      ydoc.destroy();
    }
  });
});
