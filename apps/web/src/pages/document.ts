import { delegationColour } from "@accord/merge";
import { DEFAULT_DATE_STYLE, DelegationRegistry, isDateStyle } from "@accord/schema";
import type { Node as ProseMirrorNode } from "prosemirror-model";
import { ApiError, type Api, type DocumentInfo, type Role, type Session } from "../api.js";
import { runAction } from "../editor/decisions/actions.js";
import { createEditor, SHORTCUTS } from "../editor/editor.js";
import { NO_FILTER, type AccordEditor, type Filter, type Notice } from "../editor/types.js";
import { whenIdle } from "../editor/timing/when-idle.js";
import { h } from "../panels/dom.js";
import { FilterControls } from "../panels/filters.js";
import { OutlinePanel } from "../panels/outline.js";
import { ProposalsPanel } from "../panels/proposals.js";
import { ActingDelegationSelect } from "./acting-delegation.js";
import { ConnectionIndicator } from "./connection-indicator.js";
import { ExportMenu } from "./export-menu.js";
import { MembersDialog } from "./members-dialog.js";
import { HelpDialog, shortcutsFor } from "./help-dialog.js";
import { sentence } from "./login.js";
import { describeMembership } from "./membership.js";
import { NoticeArea } from "./notices.js";
import type { Page } from "./page.js";
import { routeHash } from "./route.js";

/** The editor's shortcuts for a role. */
const editorShortcuts = (role: Role) => shortcutsFor(SHORTCUTS, role);

/** How long the side panels' work may wait for the browser to be idle. */
const PANELS_IDLE_TIMEOUT_MS = 300;

/** What the document page needs from the app. */
export interface DocumentPageOptions {
  readonly api: Api;
  readonly session: Session;
  readonly documentId: string;
  /** `ws://host/collab`; by default the editor derives it from `location`. */
  readonly collabUrl?: string;
}

/** Below this width the side panels are drawers, closed until asked for (as in styles.css). */
const NARROW = "(max-width: 1099px)";

/**
 * The page a negotiation is worked on: the header (title, the member's role,
 * connection state, undo/redo, filters, Export, help, and for the secretariat
 * the delegation it types for), the outline on the left, the editor in the
 * middle, the open proposals on the right, and the notices. A document the
 * caller may not see reads as "not found", with a way back.
 */
export function documentPage(options: DocumentPageOptions): Page {
  const { api, session, documentId } = options;
  const notices = new NoticeArea();
  const root = h("main", { class: "page document-page" }, h("p", { class: "loading" }, "Opening the negotiation…"), notices.element);
  let destroyed = false;
  let cleanup: () => void = () => {};

  void api.document(documentId).then(
    (info) => {
      if (destroyed) return;
      cleanup = open(info);
    },
    (failure: unknown) => {
      if (destroyed || (failure instanceof ApiError && failure.status === 401)) return;
      const notFound = failure instanceof ApiError && failure.status === 404;
      root.replaceChildren(
        h(
          "div",
          { class: "load-error", role: "alert" },
          h("h1", {}, notFound ? "Negotiation not found" : "The negotiation could not be opened"),
          h("p", {}, notFound ? `There is no negotiation “${documentId}”, or you are not one of its members.` : sentence(failure instanceof ApiError ? failure.message : String(failure))),
          h("p", {}, h("a", { href: routeHash({ page: "documents" }) }, "Back to your negotiations")),
        ),
      );
    },
  );

  function open(info: DocumentInfo): () => void {
    let registry = DelegationRegistry.default;
    const nameOf = (code: string) => registry.get(code)?.name ?? code;
    const canEdit = info.role !== "observer";
    let editor: AccordEditor | null = null;
    const notice = (n: Notice, detail?: Node) => notices.show(n, detail);

    const connection = new ConnectionIndicator();
    const outline = new OutlinePanel({ onSelect: (block) => editor?.scrollTo({ block }), dateStyle: isDateStyle(info.meta.dateStyle) ? info.meta.dateStyle : DEFAULT_DATE_STYLE });
    const proposals = new ProposalsPanel({
      onSelect: (target) => editor?.scrollTo(target),
      nameOf,
      member: { role: info.role, delegation: info.delegation },
      // As the editor's decisions: the server's sentence, or its refusal, as a notice.
      onChoose: (proposalId) => void runAction(() => api.chooseOption(documentId, proposalId), notice),
      // A delegate's own position on a bracket, through the API; the server's sentence or refusal as a notice.
      onStatePosition: (proposalId, stance) => void runAction(() => api.statePosition(documentId, proposalId, stance), notice),
      tagOf: (code) => registry.preferredTag(code),
    });
    const filters = new FilterControls({
      nameOf,
      onChange: (filter: Filter) => {
        editor?.setFilter(filter);
        outline.setNotAgreedOnly(filter.notAgreedOnly);
        proposals.setDelegationFilter(filter.delegation);
      },
    });
    const exportMenu = new ExportMenu({ api, documentId, delegation: info.role === "delegate" ? info.delegation : "", onNotice: notice });
    const acting = info.role === "secretariat" ? new ActingDelegationSelect(registry, (code) => editor?.setActingDelegation(code)) : null;
    const help = new HelpDialog(editorShortcuts(info.role));
    const members = new MembersDialog({ api, documentId, registry: DelegationRegistry.of(info.delegations), role: info.role, delegation: info.delegation });
    const badge = h("span", { class: `role-badge role-${info.role}` });
    const drawBadge = () => {
      badge.textContent = describeMembership(info.role, info.delegation, nameOf);
      if (info.role === "delegate" && info.delegation) {
        const colour = delegationColour(info.delegation);
        badge.style.setProperty("--ink", colour.ink);
        badge.style.setProperty("--tint", colour.tint);
      }
    };
    drawBadge();

    const mount = h("div", { class: "editor-mount" });
    const layout = h(
      "div",
      { class: "document-layout" },
      h("aside", { class: "side side-outline", id: "side-outline" }, outline.element),
      h("div", { class: "document-column" }, h("article", { class: "sheet", "aria-label": "Document" }, mount)),
      h("aside", { class: "side side-proposals", id: "side-proposals" }, proposals.element),
    );
    const panelToggle = (side: "outline" | "proposals", label: string) => {
      const button = h("button", { type: "button", class: "button-quiet panel-toggle", "aria-controls": `side-${side}` }, label);
      const narrow = window.matchMedia(NARROW);
      const sync = () => {
        const shown = narrow.matches ? layout.classList.contains(`${side}-open`) : !layout.classList.contains(`${side}-collapsed`);
        button.setAttribute("aria-expanded", String(shown));
      };
      button.addEventListener("click", () => {
        layout.classList.toggle(narrow.matches ? `${side}-open` : `${side}-collapsed`);
        sync();
      });
      narrow.addEventListener("change", sync);
      sync();
      return button;
    };
    const undo = h("button", { type: "button", class: "button-quiet icon", title: "Undo your last change", "aria-label": "Undo", onclick: () => editor?.undo() }, "↶");
    const redo = h("button", { type: "button", class: "button-quiet icon", title: "Redo", "aria-label": "Redo", onclick: () => editor?.redo() }, "↷");
    const symbol = info.meta.symbol ? h("span", { class: "document-symbol" }, info.meta.symbol) : null;

    const header = h(
      "header",
      { class: "document-header" },
      h(
        "div",
        { class: "document-heading" },
        h("a", { class: "back", href: routeHash({ page: "documents" }), "aria-label": "Back to your negotiations", title: "Your negotiations" }, "←"),
        h("h1", { class: "document-title" }, info.title || documentId),
        symbol,
        badge,
        connection.element,
      ),
      h(
        "div",
        { class: "toolbar", role: "toolbar", "aria-label": "Document tools" },
        panelToggle("outline", "Outline"),
        canEdit ? undo : null,
        canEdit ? redo : null,
        acting?.element ?? null,
        filters.element,
        h("span", { class: "toolbar-spacer" }),
        exportMenu.element,
        h("button", { type: "button", class: "button-quiet", onclick: () => members.open() }, "Members"),
        h("button", { type: "button", class: "button-quiet icon", title: "Keyboard shortcuts (Ctrl + /)", "aria-label": "Keyboard shortcuts", onclick: () => help.open() }, "?"),
        panelToggle("proposals", "Proposals"),
      ),
    );
    root.replaceChildren(header, layout, notices.element, help.element, members.element);
    document.title = `${info.title || documentId} · Accord`;

    // The panels follow the document when the browser is idle, so that typing
    // and the first paint of the editor come first; only the latest document
    // counts. One panel per idle period: each takes milliseconds at 2,000
    // paragraphs, and a keystroke that arrives meanwhile waits for one only.
    let latest: ProseMirrorNode | null = null;
    let scheduled: (() => void) | null = null;
    let proposalsScheduled: (() => void) | null = null;
    // A panel's failure must not break the editor that reports to it.
    const safely = (update: () => void) => {
      try {
        update();
      } catch (error) {
        console.error("The side panels could not be updated:", error);
      }
    };
    const updatePanels = () => {
      scheduled = null;
      const doc = latest;
      latest = null;
      if (!doc || destroyed) return;
      safely(() => outline.update(doc));
      proposalsScheduled?.();
      proposalsScheduled = whenIdle(() => {
        proposalsScheduled = null;
        if (destroyed) return;
        safely(() => {
          proposals.update(doc);
          filters.setDelegations(info.delegation ? [...proposals.codes, info.delegation] : proposals.codes);
        });
      }, PANELS_IDLE_TIMEOUT_MS);
    };
    const onDocument = (doc: ProseMirrorNode) => {
      latest = doc;
      scheduled ??= whenIdle(updatePanels, PANELS_IDLE_TIMEOUT_MS);
    };

    try {
      editor = createEditor({
        mount,
        documentId,
        token: session.token,
        user: session.user,
        role: info.role,
        delegation: info.delegation,
        api,
        ...(options.collabUrl ? { collabUrl: options.collabUrl } : {}),
        onConnection: (state) => connection.set(state),
        onDocument,
        onNotice: (n) => notice(n),
      });
      editor.setFilter(NO_FILTER);
    } catch (error) {
      console.error(error);
      mount.replaceChildren(h("p", { class: "load-error", role: "alert" }, `The editor could not start: ${(error as Error).message}`));
    }

    // The registry (with the document's description) gives delegations their names and tags.
    try {
      registry = DelegationRegistry.of(info.delegations);
      drawBadge();
      acting?.setRegistry(registry);
      filters.refresh();
      proposals.refresh();
    } catch {
      // A registry the page cannot read: the OAS member states' names serve.
    }

    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "/") {
        event.preventDefault();
        help.open();
      }
    };
    document.addEventListener("keydown", onKey);
    // Closing or reloading the tab with edits not yet on the server would lose them: the browser asks first.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (editor?.hasUnsentChanges()) event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      scheduled?.();
      proposalsScheduled?.();
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("keydown", onKey);
      exportMenu.destroy();
      connection.destroy();
      editor?.destroy();
      editor = null;
    };
  }

  return {
    element: root,
    title: "Negotiation · Accord",
    destroy() {
      destroyed = true;
      notices.clear();
      cleanup();
    },
  };
}
