import { openBracketsOf } from "@accord/merge";
import { BLOCK_NODE_NAMES, DEFAULT_DATE_STYLE, DelegationRegistry, mayAct, newId, schema, type DateStyle, type ParagraphStatus } from "@accord/schema";
import { baseKeymap } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import type { Node } from "prosemirror-model";
import { EditorState, type Plugin, type Transaction } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { initProseMirrorDoc, redo as yRedo, undo as yUndo, ySyncPlugin, ySyncPluginKey, yUndoPluginKey } from "y-prosemirror";
import "../editor.css";
import { proposalCall, runAction } from "./decisions/actions.js";
import { blockMenuContent } from "./popovers/block-menu.js";
import { uniqueBlockIds } from "./input/block-ids.js";
import { blockNodeViews } from "./views/block-view.js";
import { blockWindow, revealBlock } from "./window/block-window.js";
import { caretScroll } from "./selection/caret-scroll.js";
import { cursorPlugin } from "./sync/cursor-plugin.js";
import { edgeKeymap } from "./input/edge-keys.js";
import { blockActions, mayHaveBlockMenu, proposalActions, type BlockFacts, type Member, type ProposalAction } from "./decisions/controls.js";
import { negotiationDecorations, setFilterTransaction, setRegistryTransaction } from "./decorations/decorations-plugin.js";
import { FootnoteList } from "./views/footnote-list.js";
import { numberFootnoteMarkers } from "./views/footnote-numbers.js";
import { footnoteNodeViews } from "./views/footnote-view.js";
import { highlightPlugin, highlightTransaction } from "./decorations/highlight.js";
import { localSelectionNote, pageSelectionUnread, readPageSelection } from "./adapters/index.js";
import { pageSelection } from "./selection/page-selection.js";
import { readSelectionFirst } from "./selection/read-selection-first.js";
import { Popover } from "./popovers/popover.js";
import { findBlock, findProposal, type ProposalTarget } from "./decisions/proposal-at.js";
import { proposalPopoverContent } from "./popovers/proposal-popover.js";
import { proposeMode, type ProposeMode } from "./propose-integration.js";
import { rehearseTyping } from "./input/rehearsal.js";
import { describeUnkept, unkeptText } from "./sync/unkept-text.js";
import { registryOf, watchRegistry } from "./sync/registry.js";
import { dateStyleOf, watchDateStyle } from "./sync/date-style.js";
import { drawStatusBadge } from "./views/status-badge.js";
import { shortcutKeymap } from "./input/shortcuts.js";
import { SyncSession } from "./sync/sync-session.js";
import { whenQuiet, type QuietCall } from "./timing/when-quiet.js";
import { NO_FILTER, type AccordEditor, type EditorOptions, type Filter } from "./types.js";
import { undoKeymap } from "./input/undo-keymap.js";
import { typedText } from "./input/typed-text.js";
import { spanEdgeText } from "./input/span-edge-text.js";
import { bracketsAcrossParagraphs } from "./input/brackets-across-paragraphs.js";
import { enterKeymap } from "./input/enter.js";
import { glyphEdgeKeys } from "./input/glyph-edge-keys.js";
import { undoPlugin } from "./input/undo-plugin.js";

// The page reads the shortcuts for its help from this module, beside `createEditor`.
export { SHORTCUTS, type Shortcut } from "./input/shortcuts.js";

/** How long `scrollTo` leaves its highlight. */
const FLASH_MS = 1600;
/**
 * `onDocument` (panels, outline, progress) and the footnote numbers follow the
 * document once changes pause this long, and at least this often while they
 * go on: at 2,000 paragraphs that work took a share of every other keystroke.
 */
const DOCUMENT_QUIET_MS = 200;
const DOCUMENT_MAX_WAIT_MS = 1500;

/**
 * `ws(s)://<this host>/collab/<document id>`: the path names the document so
 * that a balancer in front of several servers sends it to the one serving it
 * (docs/deployment.md); one server alone answers it as it answers `/collab`.
 */
function defaultCollabUrl(documentId: string): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/collab/${encodeURIComponent(documentId)}`;
}

/**
 * The editor of the document page, on `options.mount`: the negotiation text
 * synced live with the server, drawn as negotiators read it, with the
 * actions of the member's role. The text shows once the server has sent it
 * and is editable only when the role allows (never for an observer). When the
 * server refuses an update, the reason goes to `onNotice` and the editor starts
 * afresh from the server's state. Throws a RangeError for options that cannot
 * work (a delegate without a delegation).
 */
export function createEditor(options: EditorOptions): AccordEditor {
  return new Editor(options);
}

class Editor implements AccordEditor {
  readonly view: EditorView;
  private readonly root: HTMLElement;
  private readonly footnotes = new FootnoteList();
  private readonly popover: Popover;
  private readonly notifyDocument: QuietCall;
  /** Markers are numbered after any redraw (a node view made anew has no number yet). */
  private readonly renumber: QuietCall;
  private readonly propose: ProposeMode | null;
  private session: SyncSession | null = null;
  /** The session whose document the view shows (null while loading). */
  private shown: SyncSession | null = null;
  private registry = DelegationRegistry.default;
  /** The document's date style (its Y.Doc's `meta.dateStyle`): badges and the status form write dates in it. */
  private dateStyle: DateStyle = DEFAULT_DATE_STYLE;
  private stopWatchingDateStyle: () => void = () => {};
  private filter: Filter = NO_FILTER;
  private acting = "";
  private stopWatchingRegistry: () => void = () => {};
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  private readonly nodeViews = {
    ...blockNodeViews({
      dateStyle: () => this.dateStyle,
      hasMenu: (node) => this.blockActionsFor(node).length > 0,
      openMenu: (blockId, anchor) => this.openBlockMenu(blockId, anchor),
    }),
    ...footnoteNodeViews(),
  };
  /** The page's document when the server refused an edit, until the server's document is shown again. */
  private refusedPage: Node | null = null;
  /** The first report of a document shown (see `show`). */
  private firstReport: ReturnType<typeof setTimeout> | null = null;
  /** Stops the rehearsal of typing, if one is still to run. */
  private stopRehearsal: () => void = () => {};

  constructor(private readonly options: EditorOptions) {
    if (options.role === "delegate" && !options.delegation) throw new RangeError("a delegate's editor needs the delegation code");
    this.propose =
      options.role === "delegate" || options.role === "secretariat"
        ? proposeMode({
            delegation: () => (options.role === "delegate" ? options.delegation : this.acting),
            newId: () => newId(),
            onRefused: (reason) => options.onNotice({ kind: "error", text: reason }),
          })
        : null;

    this.root = document.createElement("div");
    this.root.className = `accord-editor-root accord-loading accord-role-${options.role}`;
    const host = document.createElement("div");
    host.className = "accord-editor";
    this.root.append(host, this.footnotes.element);
    options.mount.append(this.root);
    this.popover = new Popover(this.root);

    this.view = new EditorView(host, {
      state: EditorState.create({ schema }),
      editable: () => this.editable(),
      dispatchTransaction: (tr) => this.dispatch(tr),
      nodeViews: this.nodeViews,
      attributes: { class: "accord-doc", "aria-label": "Negotiation text", spellcheck: "true" },
    });
    host.addEventListener("click", this.onClick);
    this.notifyDocument = whenQuiet(() => this.reportDocument(), DOCUMENT_QUIET_MS, DOCUMENT_MAX_WAIT_MS);
    this.renumber = whenQuiet(() => {
      if (!this.destroyed) numberFootnoteMarkers(this.view);
    }, DOCUMENT_QUIET_MS, DOCUMENT_MAX_WAIT_MS);
    this.startSession();
  }

  // ── Sync ──────────────────────────────────────────────────────────────────

  private startSession(): void {
    // Callbacks may come while the constructor runs; `session` is compared only once assigned.
    let session: SyncSession | null = null;
    session = new SyncSession({
      url: this.options.collabUrl ?? defaultCollabUrl(this.options.documentId),
      documentId: this.options.documentId,
      token: this.options.token,
      onState: (state) => {
        if (session && this.session === session) this.options.onConnection(state);
      },
      onFirstSync: () => {
        if (session && this.session === session) this.show(session);
      },
      onRejected: (reason) => {
        if (!session || this.session !== session) return;
        this.options.onNotice({ kind: "error", text: `The server refused your edit: ${reason}. The document was reloaded as the server has it.` });
        // What the page shows now, refused text and all, is compared with the server's document once it is here.
        this.refusedPage ??= this.view.state.doc;
        this.restart();
      },
      // A remote change restores the state's selection: the page's must be in it (see `readPageSelection`).
      beforeApply: () => {
        if (!this.destroyed) readPageSelection(this.view);
      },
      onAuthenticationFailed: (reason) => {
        if (!session || this.session !== session) return;
        this.options.onNotice({ kind: "error", text: `The document cannot be opened: ${reason}` });
        this.session = null;
        session?.disconnect();
        this.options.onConnection("offline");
        this.refreshEditable();
      },
    });
    this.session = session;
    this.options.onConnection(session.state);
    session.awareness.setLocalStateField("user", {
      name: this.options.user.displayName,
      username: this.options.user.username,
      role: this.options.role,
      delegation: this.options.delegation,
    });
  }

  /** Replaces the session after a refusal: the old one stops at once; its document stays on screen, read-only, until the new one has synced. */
  private restart(): void {
    // A session never shown has nothing on screen to keep: free it all.
    if (this.session && this.session !== this.shown) this.session.destroy();
    else this.session?.disconnect();
    this.popover.close();
    this.root.classList.add("accord-loading");
    this.startSession();
    this.refreshEditable();
  }

  /** Shows the session's document: a new editor state bound to its Y.Doc (built once from the Y.Doc, not re-rendered). */
  private show(session: SyncSession): void {
    const previous = this.shown;
    this.stopWatchingRegistry();
    this.registry = registryOf(session.ydoc);
    this.stopWatchingRegistry = watchRegistry(session.ydoc, (registry) => {
      this.registry = registry;
      const tr = setRegistryTransaction(this.view.state, registry);
      if (tr) this.view.dispatch(tr);
    });
    this.stopWatchingDateStyle();
    this.dateStyle = dateStyleOf(session.ydoc);
    this.stopWatchingDateStyle = watchDateStyle(session.ydoc, (style) => {
      this.dateStyle = style;
      // Only the badges write dates: redraw them, not their blocks.
      for (const badge of this.root.querySelectorAll<HTMLElement>(".accord-badge[data-status]")) drawStatusBadge(badge, style);
    });
    const { doc, mapping } = initProseMirrorDoc(session.fragment, schema);
    this.shown = session;
    this.view.updateState(EditorState.create({ schema, doc, plugins: this.plugins(session.fragment, session.awareness, mapping) }));
    // The old session's plugin views are gone with the old state; its Y.Doc can go too.
    if (previous && previous !== session) previous.destroy();
    this.root.classList.remove("accord-loading");
    this.refreshEditable();
    // The footnotes and the page's panels get the document a moment after it shows (the first frames and the
    // connection come first), however the typing goes: waiting for a pause kept them empty up to 1.5 s.
    if (this.firstReport) clearTimeout(this.firstReport);
    this.firstReport = setTimeout(() => {
      this.firstReport = null;
      this.reportDocument();
    }, DOCUMENT_QUIET_MS);
    numberFootnoteMarkers(this.view);
    if (!previous && this.editable()) this.rehearse(doc);
    if (this.refusedPage) this.reportUnkept(this.refusedPage, doc);
  }

  /** Gives the footnote list and the page (`onDocument`) the document shown. */
  private reportDocument(): void {
    if (this.destroyed || !this.shown) return;
    const doc = this.view.state.doc;
    this.footnotes.update(doc);
    this.options.onDocument(doc);
  }

  /** Lists, in a notice, the member's own text that the page had before a refusal and the server's document has not: the words are not lost for the person. */
  private reportUnkept(refusedPage: Node, doc: Node): void {
    this.refusedPage = null;
    const runs = unkeptText(refusedPage, doc, this.member.delegation);
    if (!runs.length) return;
    this.options.onNotice({ kind: "error", text: `Not kept by the server — your text, to copy and use again where it can go: ${describeUnkept(runs)}.` });
  }

  /** Warms the typing path up before the first keystroke (see `rehearseTyping`); the root's `data-typing-rehearsal` tells how it ended. */
  private rehearse(doc: Node): void {
    this.root.dataset.typingRehearsal = "running";
    this.stopRehearsal = rehearseTyping({ doc, nodeViews: this.nodeViews, plugins: (fragment, awareness, mapping) => this.plugins(fragment, awareness, mapping) }, (outcome) => {
      this.stopRehearsal = () => {};
      this.root.dataset.typingRehearsal = outcome.kind;
      if (outcome.kind === "failed") console.warn(`Accord: the rehearsal of typing failed (${outcome.reason}); the first keystrokes may be slow.`);
    });
  }

  private plugins(fragment: Y.XmlFragment, awareness: Awareness, mapping: ReturnType<typeof initProseMirrorDoc>["mapping"]): Plugin[] {
    // Whoever edits directly or proposes gets undo and typing; direct editors also keep block ids unique.
    const direct = mayAct(this.member, "edit-text").ok;
    const edits = direct || mayAct(this.member, "propose-text").ok;
    const note = localSelectionNote();
    return [
      // First: every key and input acts where the caret is shown.
      readSelectionFirst(),
      note.before,
      ySyncPlugin(fragment, { mapping }),
      note.after,
      cursorPlugin(awareness),
      ...(edits ? [undoPlugin(new Set(BLOCK_NODE_NAMES)), undoKeymap()] : []),
      ...(this.propose?.plugins ?? []),
      shortcutKeymap({ member: () => this.member, decide: (target, action) => this.decide(target, action) }),
      ...(edits ? [enterKeymap(), keymap(baseKeymap), glyphEdgeKeys(), typedText()] : []),
      ...(direct ? [uniqueBlockIds()] : []),
      // Direct edits only: in propose mode the text is the delegation's proposal, marked by the rewriting.
      ...(direct && !this.propose ? [spanEdgeText(), bracketsAcrossParagraphs()] : []),
      // Before the decorations: they are made only for the blocks it draws.
      blockWindow(),
      // After the block window, which draws the selection's block before anything scrolls to it.
      caretScroll(),
      negotiationDecorations(this.registry, this.filter),
      highlightPlugin(),
      edgeKeymap(),
    ];
  }

  private dispatch(tr: Transaction): void {
    if (this.destroyed) return;
    // A transaction of the editor's own (a redrawn window, a flash) made while a click's selection is on
    // the page but not yet in the state would draw the old selection over it: it takes the page's.
    if (!tr.docChanged && !tr.selectionSet && pageSelectionUnread(this.view)) {
      const onPage = pageSelection(this.view);
      if (onPage && !onPage.eq(tr.selection)) tr.setSelection(onPage);
    }
    this.view.updateState(this.view.state.apply(tr));
    if (tr.docChanged) {
      this.notifyDocument();
      // Typing has begun: the rehearsal is of no more use (a change from the others does not stop it).
      if (!tr.getMeta(ySyncPluginKey)?.isChangeOrigin) this.stopRehearsal();
    }
    this.renumber();
  }

  // ── Roles ─────────────────────────────────────────────────────────────────

  /** The member as the controls see it: the secretariat carries the delegation it acts for. */
  private get member(): Member {
    return { role: this.options.role, delegation: this.options.role === "secretariat" ? this.acting : this.options.delegation };
  }

  /** Whether local input may reach the document now: as proposals when the member proposes for a delegation, else directly when it may edit. */
  private editable(): boolean {
    if (!this.shown || this.shown !== this.session) return false;
    const member = this.member;
    if (mayAct(member, "propose-text").ok) return this.propose !== null;
    return mayAct(member, "edit-text").ok;
  }

  private refreshEditable(): void {
    // `editable` is read when the view updates; an update with the same state re-reads it.
    if (!this.destroyed) this.view.updateState(this.view.state);
    this.root.classList.toggle("accord-readonly", !this.editable());
  }

  /** Throws a RangeError for any member but the secretariat (a caller's bug). */
  setActingDelegation(code: string): void {
    if (this.options.role !== "secretariat") throw new RangeError(`only the secretariat acts for a delegation, not a ${this.options.role}`);
    this.acting = code;
    this.refreshEditable();
  }

  // ── Actions ───────────────────────────────────────────────────────────────

  private decide(target: ProposalTarget, action: ProposalAction, delegation = ""): void {
    this.popover.close();
    void runAction(proposalCall(this.options.api, this.options.documentId, target.id, action, delegation), this.options.onNotice);
  }

  private readonly onClick = (event: MouseEvent) => {
    const glyph = event.target instanceof Element ? event.target.closest<HTMLElement>(".accord-bracket[data-proposal-id]") : null;
    if (!glyph) return;
    event.preventDefault();
    this.openProposal(glyph.dataset.proposalId!, glyph);
  };

  private openProposal(id: string, anchor: HTMLElement): void {
    const target = findProposal(this.view.state.doc, id);
    if (!target) return;
    const content = proposalPopoverContent({
      target,
      actions: proposalActions(target, this.member),
      registry: this.registry,
      run: (action, delegation) => this.decide(target, action, delegation),
    });
    this.popover.show(anchor, content, `Proposal ${id}`);
  }

  private blockFacts(node: Node): BlockFacts {
    const id = node.attrs.id as string;
    let inAlternativeSet = node.type.name === "paragraph" && node.attrs.alternativeTo !== "";
    if (!inAlternativeSet && node.type.name === "paragraph") {
      this.view.state.doc.forEach((other) => {
        if (other.attrs.alternativeTo === id) inAlternativeSet = true;
      });
    }
    return { type: node.type.name === "heading" ? "heading" : "paragraph", status: node.attrs.status as ParagraphStatus, inAlternativeSet };
  }

  private blockActionsFor(node: Node) {
    if (!mayHaveBlockMenu(this.member)) return [];
    // Whether there is a menu at all does not depend on alternatives (status comes first for the chair).
    const facts: BlockFacts = { type: node.type.name === "heading" ? "heading" : "paragraph", status: node.attrs.status as ParagraphStatus, inAlternativeSet: false };
    return blockActions(facts, this.member, this.propose?.proposeParagraph != null);
  }

  private openBlockMenu(blockId: string, anchor: HTMLElement): void {
    const found = findBlock(this.view.state.doc, blockId);
    if (!found) return;
    const { node } = found;
    const { api, documentId, onNotice } = this.options;
    const run = (call: () => Promise<string>) => {
      this.popover.close();
      void runAction(call, onNotice);
    };
    const propose = (kind: "after" | "alternative") => {
      this.popover.close();
      const command = this.propose?.proposeParagraph?.(kind, blockId);
      if (command) {
        command(this.view.state, this.view.dispatch);
        this.view.focus();
      }
    };
    const label = node.attrs.label as string | undefined;
    const content = blockMenuContent({
      blockId,
      title: node.type.name === "heading" ? "Heading" : label ? `Paragraph ${label}` : "Paragraph",
      current: { status: node.attrs.status as ParagraphStatus, statusBody: node.attrs.statusBody as string },
      // A proposing entry is offered only when its command would work here.
      actions: blockActions(this.blockFacts(node), this.member, this.propose?.proposeParagraph != null).filter((action) => {
        if (action === "propose-paragraph") return this.propose!.proposeParagraph!("after", blockId)(this.view.state);
        if (action === "propose-alternative") return this.propose!.proposeParagraph!("alternative", blockId)(this.view.state);
        return true;
      }),
      openBrackets: openBracketsOf(node, this.registry),
      dateStyle: this.dateStyle,
      ...(this.options.role === "delegate"
        ? {}
        : { reserveFor: { delegations: this.registry.entries.map(({ code, name }) => ({ code, name })), selected: this.acting } }),
      handlers: {
        status: (status, details) => run(() => api.setStatus(documentId, blockId, status, details)),
        choose: () => run(() => api.choose(documentId, blockId)),
        reserve: (text, delegation) => run(() => api.reserve(documentId, blockId, text, this.options.role === "delegate" ? undefined : delegation)),
        proposeParagraph: () => propose("after"),
        proposeAlternative: () => propose("alternative"),
      },
    });
    this.popover.show(anchor, content, `Actions on ${blockId}`);
  }

  // ── The page's controls ───────────────────────────────────────────────────

  setFilter(filter: Filter): void {
    this.filter = filter;
    const tr = setFilterTransaction(this.view.state, filter);
    if (tr) this.view.dispatch(tr);
  }

  scrollTo(target: { proposal: string } | { block: string }): void {
    const doc = this.view.state.doc;
    let range: { from: number; to: number; block: boolean } | null = null;
    let blockPos = -1;
    if ("proposal" in target) {
      const proposal = findProposal(doc, target.proposal);
      const block = proposal && findBlock(doc, proposal.blockId);
      if (proposal && block) {
        blockPos = block.pos;
        range = proposal.kind === "paragraph" ? { from: block.pos, to: block.pos + block.node.nodeSize, block: true } : { from: proposal.from, to: proposal.to, block: false };
      }
    } else {
      const block = findBlock(doc, target.block);
      if (block) {
        blockPos = block.pos;
        range = { from: block.pos, to: block.pos + block.node.nodeSize, block: true };
      }
    }
    if (!range) return;
    const tr = highlightTransaction(this.view.state, range);
    if (tr) this.view.dispatch(tr);
    // A block far away is drawn first; the way there is not (a smooth scroll across undrawn text would draw it all).
    const far = revealBlock(this.view, doc.resolve(blockPos).index(0));
    const element = range.block ? (this.view.nodeDOM(blockPos) as HTMLElement | null) : this.view.domAtPos(range.from).node.parentElement;
    element?.scrollIntoView({ block: "center", behavior: far ? "instant" : "smooth" });
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => {
      this.flashTimer = null;
      const clear = !this.destroyed && highlightTransaction(this.view.state, null);
      if (clear) this.view.dispatch(clear);
    }, FLASH_MS);
  }

  undo(): boolean {
    return yUndoPluginKey.getState(this.view.state) !== undefined && this.editable() && yUndo(this.view.state);
  }

  redo(): boolean {
    return yUndoPluginKey.getState(this.view.state) !== undefined && this.editable() && yRedo(this.view.state);
  }

  hasUnsentChanges(): boolean {
    return (this.session?.unsentChanges ?? 0) > 0;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.notifyDocument.cancel();
    this.renumber.cancel();
    this.stopRehearsal();
    if (this.firstReport) clearTimeout(this.firstReport);
    this.popover.close();
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.stopWatchingRegistry();
    this.stopWatchingDateStyle();
    this.view.destroy();
    this.destroyed = true;
    this.session?.destroy();
    if (this.shown && this.shown !== this.session) this.shown.destroy();
    this.session = this.shown = null;
    this.root.remove();
  }
}
