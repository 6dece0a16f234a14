import type { Filter } from "../editor/types.js";
import { h } from "./dom.js";

/** What the filter controls need from the page. */
export interface FilterControlsOptions {
  /** The filter changed: the page passes it to the editor and the panels. */
  onChange(filter: Filter): void;
  /** A delegation's name for its code; the code itself when unknown. */
  nameOf(code: string): string;
}

/**
 * The filters of the document page: one delegation's proposals (a select),
 * only open brackets, only paragraphs not yet agreed (checkboxes).
 */
export class FilterControls {
  readonly element: HTMLElement;
  private readonly delegation: HTMLSelectElement;
  private readonly openOnly: HTMLInputElement;
  private readonly notAgreedOnly: HTMLInputElement;
  private codes: readonly string[] = [];

  constructor(private readonly options: FilterControlsOptions) {
    const changed = () => this.options.onChange(this.filter);
    this.delegation = h("select", { id: "filter-delegation", onchange: changed }, h("option", { value: "" }, "All delegations"));
    this.openOnly = h("input", { type: "checkbox", id: "filter-open", onchange: changed });
    this.notAgreedOnly = h("input", { type: "checkbox", id: "filter-not-agreed", onchange: changed });
    this.element = h(
      "fieldset",
      { class: "filters" },
      h("legend", {}, "Show"),
      h("label", { for: "filter-delegation", class: "visually-hidden" }, "Proposals of"),
      this.delegation,
      h("label", { class: "check" }, this.openOnly, " Open brackets only"),
      h("label", { class: "check" }, this.notAgreedOnly, " Not yet agreed only"),
    );
  }

  /** The filter the controls show. */
  get filter(): Filter {
    return { delegation: this.delegation.value, openOnly: this.openOnly.checked, notAgreedOnly: this.notAgreedOnly.checked };
  }

  /** Offers these delegations in the select (sorted by name), keeping the current choice even when it is no longer among them. */
  setDelegations(codes: Iterable<string>): void {
    const chosen = this.delegation.value;
    const set = new Set(codes);
    if (chosen) set.add(chosen);
    const collator = new Intl.Collator(undefined, { sensitivity: "base" });
    const sorted = [...set].sort((a, b) => collator.compare(this.options.nameOf(a), this.options.nameOf(b)));
    if (sorted.length === this.codes.length && sorted.every((c, i) => c === this.codes[i])) return;
    this.codes = sorted;
    this.delegation.replaceChildren(
      h("option", { value: "" }, "All delegations"),
      ...sorted.map((code) => {
        const name = this.options.nameOf(code);
        return h("option", { value: code }, name === code ? code : `${name} (${code})`);
      }),
    );
    this.delegation.value = chosen;
  }

  /** Names may have changed (the registry arrived): write the options again. */
  refresh(): void {
    const codes = this.codes;
    this.codes = [];
    this.setDelegations(codes);
  }
}
