import { delegationColour } from "@accord/merge";
import { DelegationRegistry } from "@accord/schema";
import { ApiError, type Api, type DocumentSummary } from "../api.js";
import { h } from "../panels/dom.js";
import { progressBar } from "../panels/progress-bar.js";
import { sentence } from "./login.js";
import { describeMembership } from "./membership.js";
import type { Page } from "./page.js";
import { routeHash } from "./route.js";
import { uploadDraftForm } from "./upload-draft.js";

/** What the documents page needs from the app. */
export interface DocumentsPageOptions {
  readonly api: Api;
}

const nameOf = (code: string) => DelegationRegistry.default.get(code)?.name ?? code;

/**
 * The caller's negotiations: title (a link that opens it), role and
 * delegation, progress (agreed / total paragraphs as a bar and numbers) and
 * open brackets. A failure to load is shown with its reason and a retry.
 * Below, the form that creates a negotiation from an uploaded draft.
 */
export function documentsPage(options: DocumentsPageOptions): Page {
  const body = h("div", { class: "documents-body", "aria-live": "polite" }, h("p", { class: "loading" }, "Loading your negotiations…"));
  let destroyed = false;

  async function load(): Promise<void> {
    body.replaceChildren(h("p", { class: "loading" }, "Loading your negotiations…"));
    try {
      const documents = await options.api.documents();
      if (!destroyed) body.replaceChildren(documentList(documents));
    } catch (failure) {
      if (destroyed || (failure instanceof ApiError && failure.status === 401)) return;
      const message = failure instanceof ApiError ? failure.message : String(failure);
      body.replaceChildren(
        h("div", { class: "load-error", role: "alert" }, h("p", {}, `Your negotiations could not be loaded: ${sentence(message)}`), h("button", { type: "button", onclick: () => void load() }, "Try again")),
      );
    }
  }
  void load();

  return {
    element: h(
      "main",
      { class: "page documents-page" },
      h("h1", {}, "Your negotiations"),
      body,
      uploadDraftForm({ api: options.api, opened: (id) => (location.hash = routeHash({ page: "document", id })) }),
    ),
    title: "Negotiations · Accord",
    destroy() {
      destroyed = true;
    },
  };
}

function documentList(documents: readonly DocumentSummary[]): HTMLElement {
  if (!documents.length) {
    return h(
      "div",
      { class: "empty-state" },
      h("p", {}, "You are not a member of any negotiation yet."),
      h("p", { class: "hint" }, "A negotiation’s chair adds its members; ask the chair or the secretariat to add you."),
    );
  }
  return h(
    "ul",
    { class: "document-list" },
    ...documents.map((doc) =>
      h(
        "li",
        { class: "document-card" },
        h(
          "a",
          { class: "document-link", href: routeHash({ page: "document", id: doc.id }) },
          h("h2", { class: "document-title" }, doc.title || doc.id),
          h(
            "p",
            { class: "document-meta" },
            roleBadge(doc),
            h("span", { class: "document-id" }, doc.id),
          ),
          doc.progress ? progressBar(doc.progress) : h("p", { class: "hint" }, "Progress unavailable: the server could not read this document."),
        ),
      ),
    ),
  );
}

/** The member's role as a badge; a delegate's in its delegation's colours. */
function roleBadge(doc: DocumentSummary): HTMLElement {
  const badge = h("span", { class: `role-badge role-${doc.role}` }, describeMembership(doc.role, doc.delegation, nameOf));
  if (doc.role === "delegate" && doc.delegation) {
    const colour = delegationColour(doc.delegation);
    badge.style.setProperty("--ink", colour.ink);
    badge.style.setProperty("--tint", colour.tint);
  }
  return badge;
}
