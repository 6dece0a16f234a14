import { describeStatus, formatDate, PARAGRAPH_STATUSES, readDate, type DateStyle, type ParagraphStatus } from "@accord/schema";
import type { BlockAction } from "../decisions/controls.js";
import { element, today } from "./dom.js";

/** What a block's menu does; each is called only for an action the menu offers. */
export interface BlockMenuHandlers {
  status(status: ParagraphStatus, details: { date?: string; body?: string }): void;
  choose(): void;
  /** `delegation`: the one the chair or the secretariat named in the form; absent for a delegate (its own). */
  reserve(text: string, delegation?: string): void;
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
  /** The document's date style: the date field shows and reads dates in it (`MM/DD/YY`: 11/18/26). */
  readonly dateStyle: DateStyle;
  /** The block's open brackets (`openBracketsOf`): a status other than open asks first, listing them. */
  readonly openBrackets?: readonly { readonly description: string }[];
  /**
   * For the chair and the secretariat, who record a reservation for any
   * delegation: the delegations to choose from and the one chosen at first
   * (the delegation acted for, or none). Absent for a delegate.
   */
  readonly reserveFor?: { readonly delegations: readonly { readonly code: string; readonly name: string }[]; readonly selected: string };
}

function statusForm(options: BlockMenuOptions): HTMLElement {
  const select = element("select", { name: "status", "aria-label": "Status" });
  for (const status of PARAGRAPH_STATUSES) {
    const option = element("option", { value: status }, describeStatus(status));
    if (status === options.current.status) option.selected = true;
    select.append(option);
  }
  // A text field in the document's style: a native date picker shows the browser's locale, not the document's.
  const example = formatDate(options.date ?? today(), options.dateStyle);
  const date = element("input", { type: "text", name: "date", "aria-label": `Date (${options.dateStyle})`, value: example, placeholder: options.dateStyle, size: String(Math.max(10, example.length + 2)), autocomplete: "off", "aria-describedby": `date-problem-${options.blockId}` });
  const dateProblem = element("p", { class: "accord-date-problem", id: `date-problem-${options.blockId}`, role: "alert", hidden: true });
  const body = element("input", { type: "text", name: "body", "aria-label": "Body", placeholder: "Body (e.g. CSH)", value: options.current.statusBody, maxlength: "200" });
  const form = element(
    "form",
    { class: "accord-status-form" },
    element("label", {}, "Status ", select),
    element("label", {}, "Date ", date),
    dateProblem,
    element("label", {}, "Body ", body),
    element("button", { type: "submit", "data-action": "status" }, "Record status"),
  );
  const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
  const openBrackets = options.openBrackets ?? [];
  const warning = element(
    "div",
    { class: "accord-status-warning", role: "alert", hidden: true },
    element("p", {}, `${openBrackets.length === 1 ? "A bracket is" : `${openBrackets.length} brackets are`} still open in this paragraph:`),
    element("ul", {}, ...openBrackets.map((bracket) => element("li", {}, bracket.description))),
    element("p", {}, "Record the status all the same?"),
  );
  form.append(warning);
  // Settling a paragraph with open brackets takes a second, deliberate submit.
  const unwarn = () => {
    warning.hidden = true;
    submit.textContent = "Record status";
  };
  select.addEventListener("change", unwarn);
  date.addEventListener("input", () => {
    dateProblem.hidden = true;
    date.removeAttribute("aria-invalid");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const status = select.value as ParagraphStatus;
    // The date is read in the document's style; a bad one is said, with how to write it, and nothing is sent.
    const reading = status === "open" || !date.value.trim() ? null : readDate(date.value, options.dateStyle);
    if (reading && !reading.ok) {
      dateProblem.textContent = reading.message[0]!.toUpperCase() + reading.message.slice(1);
      dateProblem.hidden = false;
      date.setAttribute("aria-invalid", "true");
      date.focus();
      return;
    }
    if (status !== "open" && openBrackets.length && warning.hidden) {
      warning.hidden = false;
      submit.textContent = "Record anyway";
      return;
    }
    // "open" clears date and body on the server; send nothing for them.
    const details = status === "open" ? {} : { ...(reading?.ok ? { date: reading.iso } : {}), ...(body.value.trim() ? { body: body.value.trim() } : {}) };
    options.handlers.status(status, details);
  });
  return form;
}

function reservationForm(options: BlockMenuOptions): HTMLElement {
  const text = element("textarea", { name: "reservation", "aria-label": "Reservation", rows: "3", placeholder: "The Government of … reserves its position on this paragraph." });
  const choice = options.reserveFor;
  const who = choice ? element("select", { name: "delegation", "aria-label": "Delegation reserving", required: "" }) : null;
  if (who && choice) {
    who.append(element("option", { value: "" }, "Delegation…"));
    for (const { code, name } of choice.delegations) {
      const option = element("option", { value: code }, `${name} (${code})`);
      if (code === choice.selected) option.selected = true;
      who.append(option);
    }
  }
  const form = element(
    "form",
    { class: "accord-reservation-form" },
    who ? element("label", {}, "Delegation ", who) : null,
    element("label", {}, "Reservation", text),
    element("button", { type: "submit", "data-action": "reserve" }, "Add reservation"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!text.value.trim() || (who && !who.value)) return;
    options.handlers.reserve(text.value.trim(), who ? who.value : undefined);
  });
  return form;
}

/**
 * The content of a block's menu: a status form (status, date defaulting to
 * today and written in the document's date style, body), "Choose this alternative", a reservation form, "Propose a new
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
