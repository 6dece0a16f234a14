import { ApiError, EXPORTS, unresolvedItems, type Api } from "../api.js";
import type { Notice } from "../editor/types.js";
import { h } from "../panels/dom.js";
import { sentence } from "./login.js";

/** What the export menu needs from the page. */
export interface ExportMenuOptions {
  readonly api: Api;
  readonly documentId: string;
  /** The member's delegation (delegates): its own marked-up version is offered too; "" otherwise. */
  readonly delegation: string;
  /** Reports a refusal or a failure (with a detail element, such as the unresolved list). */
  onNotice(notice: Notice, detail?: Node): void;
}

/** The unresolved items listed under a final-text refusal; past this many, "and N more". */
const MAX_LISTED = 25;

/** The exports offered: every format of EXPORTS, and a delegate's own marked-up versions. */
export function exportChoices(delegation: string): { label: string; query: string }[] {
  const choices = EXPORTS.map((e) => ({ ...e }));
  if (delegation) {
    const code = encodeURIComponent(delegation);
    choices.push(
      { label: `Marked-up, ${delegation}’s version (.txt)`, query: `version=markup&format=txt&delegation=${code}` },
      { label: `Marked-up, ${delegation}’s version (.html)`, query: `version=markup&format=html&delegation=${code}` },
      { label: `Marked-up, ${delegation}’s version (.docx)`, query: `version=markup&format=docx&delegation=${code}` },
      { label: `Marked-up, ${delegation}’s version (.pdf)`, query: `version=markup&format=pdf&delegation=${code}` },
    );
  }
  return choices;
}

/**
 * The Export menu: a button opening a list of the clean and marked-up
 * versions; choosing one downloads it under the server's file name. A final
 * text the server refuses is shown with what is still unresolved.
 */
export class ExportMenu {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly onOutside = (event: Event) => {
    if (!this.element.contains(event.target as Node)) this.close();
  };

  constructor(private readonly options: ExportMenuOptions) {
    this.button = h("button", { type: "button", class: "button", "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "export-menu" }, "Export ▾");
    this.menu = h(
      "div",
      { class: "menu", role: "menu", id: "export-menu", hidden: true },
      ...exportChoices(options.delegation).map((choice) =>
        h("button", { type: "button", role: "menuitem", class: "menu-item", "data-query": choice.query, tabindex: "-1" }, choice.label),
      ),
    );
    this.element = h("div", { class: "menu-anchor export-menu" }, this.button, this.menu);
    this.button.addEventListener("click", () => (this.menu.hidden ? this.open() : this.close()));
    this.menu.addEventListener("click", (event) => {
      const item = (event.target as Element).closest<HTMLButtonElement>("[data-query]");
      if (item) void this.download(item);
    });
    this.element.addEventListener("keydown", (event) => this.onKey(event));
  }

  /** Opens the menu with its first item focused. */
  open(): void {
    this.menu.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    document.addEventListener("pointerdown", this.onOutside);
    this.items()[0]?.focus();
  }

  /** Closes the menu; focus goes back to its button when it was inside. */
  close(): void {
    if (this.menu.hidden) return;
    const hadFocus = this.menu.contains(document.activeElement);
    this.menu.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", this.onOutside);
    if (hadFocus) this.button.focus();
  }

  /** Stops listening to the document. */
  destroy(): void {
    document.removeEventListener("pointerdown", this.onOutside);
  }

  private items(): HTMLButtonElement[] {
    return [...this.menu.querySelectorAll<HTMLButtonElement>("[role=menuitem]")];
  }

  private onKey(event: KeyboardEvent): void {
    if (this.menu.hidden) return;
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(items.length - 1);
    else if (event.key === "Tab") this.close();
  }

  private async download(item: HTMLButtonElement): Promise<void> {
    if (item.getAttribute("aria-busy") === "true") return;
    item.setAttribute("aria-busy", "true");
    this.element.classList.add("busy");
    try {
      const { blob, filename } = await this.options.api.download(this.options.documentId, item.dataset.query!);
      saveBlob(blob, filename);
      this.close();
    } catch (failure) {
      this.close();
      this.options.onNotice(...describeExportFailure(failure, item.textContent ?? "export"));
    } finally {
      item.removeAttribute("aria-busy");
      this.element.classList.remove("busy");
    }
  }
}

/** Saves a Blob as a download under a file name, through an object URL released afterwards. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A failed export as a notice: a final-text refusal with its unresolved items listed, anything else with the server's sentence. */
export function describeExportFailure(failure: unknown, what: string): [Notice, Node?] {
  if (!(failure instanceof ApiError)) return [{ kind: "error", text: `“${what}” could not be downloaded: ${String(failure)}` }];
  const items = unresolvedItems(failure);
  if (failure.status === 409 && items.length) {
    const headline = typeof failure.detail?.error === "string" ? failure.detail.error : failure.message.split("\n")[0]!;
    const list = h(
      "ul",
      { class: "unresolved-list" },
      ...items.slice(0, MAX_LISTED).map((item) => h("li", {}, `${item.where ? `${item.where}: ` : ""}${item.description}`)),
      items.length > MAX_LISTED ? h("li", { class: "hint" }, `and ${items.length - MAX_LISTED} more`) : null,
    );
    return [{ kind: "error", text: sentence(headline) }, list];
  }
  return [{ kind: "error", text: `“${what}” could not be downloaded: ${sentence(failure.message)}` }];
}
