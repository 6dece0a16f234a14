import type { DelegationRegistry } from "@accord/schema";
import { h } from "../panels/dom.js";

/**
 * The secretariat's selector "Enter proposals as: (base text) / a
 * delegation": what the secretariat then types is that delegation's proposal,
 * or base text.
 */
export class ActingDelegationSelect {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;

  /** `onChange` gets the chosen code, "" for base text. */
  constructor(
    registry: DelegationRegistry,
    private readonly onChange: (code: string) => void,
  ) {
    this.select = h("select", { id: "acting-delegation" });
    this.select.addEventListener("change", () => onChange(this.select.value));
    this.element = h("div", { class: "acting-delegation" }, h("label", { for: "acting-delegation" }, "Enter proposals as"), this.select);
    this.setRegistry(registry);
  }

  /** The code chosen, "" for base text. */
  get value(): string {
    return this.select.value;
  }

  /** Offers the registry's delegations by name (states, then groups), keeping the current choice when it is still there. */
  setRegistry(registry: DelegationRegistry): void {
    const chosen = this.select.value;
    const collator = new Intl.Collator(undefined, { sensitivity: "base" });
    const entries = [...registry.entries].sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === "state" ? -1 : 1));
    this.select.replaceChildren(
      h("option", { value: "" }, "(base text)"),
      ...entries.map((entry) => h("option", { value: entry.code }, `${entry.name} (${entry.code})`)),
    );
    this.select.value = entries.some((e) => e.code === chosen) ? chosen : "";
    if (this.select.value !== chosen) this.onChange(this.select.value);
  }
}
