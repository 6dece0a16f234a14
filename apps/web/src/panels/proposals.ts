import { delegationColour } from "@accord/merge";
import { isProposer, isStance, type Member, type Stance } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { h } from "./dom.js";
import { KeyedList } from "./keyed-list.js";
import { positionOffer, positionsLine } from "./positions-model.js";
import { groupByDelegation, offersChoice, openProposals, type ChoiceOptionItem, type ProposalItem } from "./proposals-model.js";

/** Proposals per chunk (one `<ol>`, holding its items only near the view). */
const PROPOSALS_CHUNK = 32;
/** An item's height in pixels, about (a first guess for chunks never drawn). */
const PROPOSAL_ITEM_HEIGHT = 69;

/** What the proposals panel needs from the page. */
export interface ProposalsPanelOptions {
  /** A proposal was chosen: the page scrolls the editor to it. */
  onSelect(target: ProposalItem["target"]): void;
  /** A delegation's name for its code ("Uruguay"); the code itself when unknown. */
  nameOf(code: string): string;
  /** The signed-in member: a choice group's options get a Choose control when `mayAct` lets it choose (the server decides again). */
  readonly member?: Member;
  /** The member chose this option of a choice group: the page asks the server and shows its answer. */
  onChoose?(proposalId: string): void;
  /** A delegate states (or, with null, takes back) its delegation's position on a bracket: the page asks the server and shows its answer. */
  onStatePosition?(proposalId: string, stance: Stance | null): void;
  /** The tag a delegation's brackets carry ("US"), to list positions as the marked-up text writes them; the code when left out. */
  tagOf?(code: string): string;
}

interface GroupView {
  readonly element: HTMLDetailsElement;
  readonly count: HTMLElement;
  readonly items: KeyedList<ProposalItem>;
}

/**
 * Open proposals grouped by delegation, each group in the delegation's
 * colour, each item its text excerpt and the paragraph it stands in; a click
 * goes to the proposal. `update` re-renders only what changed.
 */
export class ProposalsPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly total: HTMLElement;
  private readonly empty: HTMLElement;
  private groups = new Map<string, GroupView>();
  private order: string[] = [];
  private delegationFilter = "";
  private lastDoc: Node | null = null;
  private readonly chooses: boolean;

  constructor(private readonly options: ProposalsPanelOptions) {
    this.chooses = options.onChoose !== undefined && offersChoice(options.member);
    this.total = h("span", { class: "panel-count" });
    // Said once a document has been read, not while it loads.
    this.empty = h("p", { class: "panel-empty", hidden: true }, "No open proposals.");
    this.body = h("div", { class: "proposal-groups" });
    this.body.addEventListener("click", (event) => {
      const choose = (event.target as Element).closest<HTMLElement>("[data-choose]");
      if (choose) {
        this.options.onChoose?.(choose.dataset.choose!);
        return;
      }
      const stance = (event.target as Element).closest<HTMLElement>("[data-stance]");
      if (stance) {
        const value = stance.dataset.stance!;
        this.options.onStatePosition?.(stance.dataset.positionOf!, isStance(value) ? value : null);
        return;
      }
      const button = (event.target as Element).closest<HTMLElement>("[data-proposal], [data-block]");
      if (!button) return;
      const { proposal, block } = button.dataset;
      this.options.onSelect(proposal ? { proposal } : { block: block! });
    });
    this.element = h(
      "section",
      { class: "panel proposals-panel", "aria-label": "Open proposals" },
      h("h2", { class: "panel-title" }, "Open proposals ", this.total),
      this.empty,
      this.body,
    );
  }

  /** Shows the open proposals of this document. */
  update(doc: Node): void {
    this.lastDoc = doc;
    const items = openProposals(doc);
    const groups = groupByDelegation(items, (code) => this.options.nameOf(code));
    const seen = new Set<string>();
    for (const group of groups) {
      seen.add(group.code);
      if (!this.groups.has(group.code)) this.groups.set(group.code, this.groupView(group.code));
    }
    for (const [code, view] of this.groups) {
      if (!seen.has(code)) {
        view.element.remove();
        view.items.destroy();
        this.groups.delete(code);
      }
    }
    const order = groups.map((g) => g.code);
    if (order.length !== this.order.length || order.some((code, i) => code !== this.order[i])) {
      this.body.replaceChildren(...order.map((code) => this.groups.get(code)!.element));
      this.order = order;
    }
    // In the page first: a list draws only the chunks near its view, which it can tell once it is there.
    for (const group of groups) {
      const view = this.groups.get(group.code)!;
      view.count.textContent = String(group.items.length);
      view.items.update(group.items);
    }
    // A choice group is one item: counted once, as negotiationStats counts it.
    this.total.textContent = String(items.length);
    this.empty.hidden = items.length > 0;
    this.applyFilter();
  }

  /** The delegations with open proposals, in the order shown ("" for untagged brackets left out). */
  get codes(): readonly string[] {
    return this.order.filter((code) => code !== "");
  }

  /** Shows only this delegation's group ("" shows all). */
  setDelegationFilter(code: string): void {
    this.delegationFilter = code;
    this.applyFilter();
  }

  /** Draws everything again, after the delegation names changed (the registry arrived). */
  refresh(): void {
    for (const view of this.groups.values()) {
      view.element.remove();
      view.items.destroy();
    }
    this.groups.clear();
    this.order = [];
    if (this.lastDoc) this.update(this.lastDoc);
  }

  private applyFilter(): void {
    for (const [code, view] of this.groups) view.element.hidden = this.delegationFilter !== "" && code !== this.delegationFilter;
  }

  private groupView(code: string): GroupView {
    const colour = code ? delegationColour(code) : { ink: "#595959", tint: "#efefef" };
    const count = h("span", { class: "group-count" });
    const list = h("div", { class: "proposal-list" });
    const name = code ? this.options.nameOf(code) : "Untagged brackets";
    const element = h(
      "details",
      { class: "proposal-group", open: true, "data-delegation": code, style: `--ink: ${colour.ink}; --tint: ${colour.tint}` },
      h(
        "summary",
        {},
        h("span", { class: "delegation-swatch", "aria-hidden": "true" }),
        h("span", { class: "group-name" }, name),
        code && name !== code ? h("span", { class: "group-code" }, code) : null,
        count,
      ),
      list,
    );
    const chunks = { size: PROPOSALS_CHUNK, make: () => h("ol", { class: "proposal-chunk" }), itemHeight: PROPOSAL_ITEM_HEIGHT };
    return { element, count, items: new KeyedList(list, (item) => item.id, (item) => this.renderItem(item, code), chunks) };
  }

  private renderItem(item: ProposalItem, groupCode: string): HTMLElement {
    const where =
      item.blockKind === "heading" ? "heading" : item.blockLabel ? `¶ ${item.blockLabel}` : `¶ “${item.blockExcerpt}”`;
    const kind = item.kind === "paragraph" ? "new paragraph" : item.kind === "alternative" ? "alternative" : item.kind === "choice" ? "choice" : "";
    // A choice group names each option's delegations in its options list instead.
    const others = item.kind === "choice" ? [] : item.by.filter((code) => code !== groupCode);
    const supportWord = isProposer(item.by, groupCode) ? "with" : "by";
    return h(
      "li",
      { class: `proposal-item proposal-item-${item.kind}` },
      h(
        "button",
        { type: "button", ...("proposal" in item.target ? { "data-proposal": item.target.proposal } : { "data-block": item.target.block }) },
        h("span", { class: "proposal-where" }, where, kind ? h("span", { class: "proposal-kind" }, kind) : null),
        h(
          "span",
          { class: "proposal-excerpt" },
          ...item.excerpt.map((piece) =>
            item.kind === "choice"
              ? h("span", {}, piece.text)
              : piece.op === "insert" ? h("ins", {}, piece.text) : piece.op === "delete" ? h("del", {}, piece.text) : h("span", { class: "bracketed" }, `[${piece.text}]`),
          ),
        ),
        others.length ? h("span", { class: "proposal-sponsors" }, `${supportWord} ${others.join(", ")}`) : null,
        item.note ? h("span", { class: "proposal-note" }, `(${item.note})`) : null,
        item.positions?.length ? h("span", { class: "proposal-positions" }, `(${positionsLine(item.positions, (code) => this.options.tagOf?.(code) ?? code)})`) : null,
      ),
      this.positionControls(item),
      item.kind === "choice" ? h("ul", { class: "choice-options" }, ...item.options.map((option) => this.renderOption(option))) : null,
    );
  }

  /** Delete / Retain / Reserve / Oppose / Support (the one stated pressed) and Take back, for a delegate who may state its position on this bracket; null otherwise. */
  private positionControls(item: ProposalItem): HTMLElement | null {
    if (item.kind !== "inline" || !this.options.onStatePosition) return null;
    const offer = positionOffer(this.options.member, { id: item.id, by: item.by, positions: item.positions ?? [], blockStatus: item.blockStatus ?? "open" });
    if (!offer) return null;
    const label = (stance: string) => stance[0]!.toUpperCase() + stance.slice(1);
    return h(
      "div",
      { class: "position-controls", role: "group", "aria-label": `${this.options.member!.delegation}'s position` },
      ...offer.stances.map((stance) =>
        h(
          "button",
          { type: "button", class: "button-quiet position-stance", "data-stance": stance, "data-position-of": item.id, "aria-pressed": String(offer.own === stance), disabled: offer.own === stance },
          label(stance),
        ),
      ),
      offer.own ? h("button", { type: "button", class: "button-quiet position-take-back", "data-stance": "", "data-position-of": item.id }, "Take back") : null,
    );
  }

  /** One option of a choice group: its text, its delegations, and a Choose control for a member who may choose. */
  private renderOption(option: ChoiceOptionItem): HTMLElement {
    return h(
      "li",
      { class: "choice-option", "data-option": option.id },
      h("span", { class: "choice-option-text" }, option.text),
      h("span", { class: "proposal-sponsors" }, option.by.length ? option.by.join(", ") : "untagged"),
      option.note ? h("span", { class: "proposal-note" }, `(${option.note})`) : null,
      this.chooses
        ? h("button", { type: "button", class: "button-quiet choice-choose", "data-choose": option.id, "aria-label": `Choose “${option.text}”` }, "Choose")
        : null,
    );
  }
}
