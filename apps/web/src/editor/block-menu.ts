import { describeStatus, PARAGRAPH_STATUSES, type ParagraphStatus } from "@accord/schema";
import type { BlockAction } from "./controls.js";
import { element, today } from "./dom.js";

/** What a block's menu does; each is called only for an action the menu offers. */
export interface BlockMenuHandlers {
  status(status: ParagraphStatus, details: { date?: string; body?: string }): void;
  choose(): void;
  reserve(text: string): void;
  proposeParagraph(): void;
  proposeAlternative(): void;
}

/** What the menu of a block shows. */
export interface BlockMenuOptions {
  readonly blockId: string;
  /** "Paragraph 3." / "Heading" — the menu's title. */
  readonly title: string;
  readonly current: { readonly status: ParagraphStatus; readonly statusBody: string };
  /** The actions offered (`blockActions`). */
  readonly actions: readonly BlockAction[];
  readonly handlers: BlockMenuHandlers;
  /** The date a new status defaults to (`YYYY-MM-DD`); today where the page runs by default. */
  readonly date?: string;
}

function statusForm(options: BlockMenuOptions): HTMLElement {
  const select = element("select", { name: "status", "aria-label": "Status" });
  for (const status of PARAGRAPH_STATUSES) {
    const option = element("option", { value: status }, describeStatus(status));
    if (status === options.current.status) option.selected = true;
    select.append(option);
  }
  const date = element("input", { type: "date", name: "date", "aria-label": "Date", value: options.date ?? today() });
  const body = element("input", { type: "text", name: "body", "aria-label": "Body", placeholder: "Body (e.g. CSH)", value: options.current.statusBody, maxlength: "200" });
  const form = element(
    "form",
    { class: "accord-status-form" },
    element("label", {}, "Status ", select),
    element("label", {}, "Date ", date),
    element("label", {}, "Body ", body),
    element("button", { type: "submit", "data-action": "status" }, "Record status"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const status = select.value as ParagraphStatus;
    // "open" clears date and body on the server; send nothing for them.
    const details = status === "open" ? {} : { ...(date.value ? { date: date.value } : {}), ...(body.value.trim() ? { body: body.value.trim() } : {}) };
    options.handlers.status(status, details);
  });
  return form;
}

function reservationForm(options: BlockMenuOptions): HTMLElement {
  const text = element("textarea", { name: "reservation", "aria-label": "Reservation", rows: "3", placeholder: "The Government of … reserves its position on this paragraph." });
  const form = element(
    "form",
    { class: "accord-reservation-form" },
    element("label", {}, "Reservation", text),
    element("button", { type: "submit", "data-action": "reserve" }, "Add reservation"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (text.value.trim()) options.handlers.reserve(text.value.trim());
  });
  return form;
}

/**
 * The content of a block's menu: a status form (status, date defaulting to
 * today, body), "Choose this alternative", a reservation form, "Propose a new
 * paragraph after this one", "Propose an alternative" — each only when offered.
 * Never fails.
 */
export function blockMenuContent(options: BlockMenuOptions): HTMLElement {
  const root = element("div", { class: "accord-block-menu-panel", "data-block-id": options.blockId }, element("div", { class: "accord-popover-title" }, options.title));
  const { handlers } = options;
  const buttons = element("div", { class: "accord-popover-actions" });
  for (const action of options.actions) {
    switch (action) {
      case "status":
        root.append(statusForm(options));
        break;
      case "reserve":
        root.append(reservationForm(options));
        break;
      case "choose":
        buttons.append(element("button", { type: "button", "data-action": action, onclick: () => handlers.choose() }, "Choose this alternative"));
        break;
      case "propose-paragraph":
        buttons.append(element("button", { type: "button", "data-action": action, onclick: () => handlers.proposeParagraph() }, "Propose a new paragraph after this one"));
        break;
      case "propose-alternative":
        buttons.append(element("button", { type: "button", "data-action": action, onclick: () => handlers.proposeAlternative() }, "Propose an alternative"));
        break;
    }
  }
  if (buttons.childElementCount) root.append(buttons);
  return root;
}
