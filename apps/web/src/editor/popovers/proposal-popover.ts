import type { DelegationRegistry } from "@accord/schema";
import { bracketTag, delegationName, delegationTag } from "../decorations/bracket-tag.js";
import { positionsLine, positionsOf, positionsTitle } from "../decorations/positions-text.js";
import type { ProposalAction } from "../decisions/controls.js";
import { element } from "./dom.js";
import type { ProposalTarget } from "../decisions/proposal-at.js";
import { colourStyle } from "../decorations/proposal-look.js";

/** What the popover of a proposal shows and does. */
export interface ProposalPopoverOptions {
  readonly target: ProposalTarget;
  /** The actions offered (`proposalActions`); an empty list shows the description alone. */
  readonly actions: readonly ProposalAction[];
  readonly registry: DelegationRegistry;
  /** Runs an action; `delegation` is the supporter for `support-on-behalf`. */
  run(action: ProposalAction, delegation?: string): void;
}

const LABELS: Readonly<Record<ProposalAction, string>> = Object.freeze({
  accept: "Accept",
  reject: "Reject",
  reopen: "Reopen",
  withdraw: "Withdraw",
  support: "Support",
  "withdraw-support": "Withdraw our support",
  "support-on-behalf": "Support on behalf of…",
});

/** Words for whose a proposal is and where it stands: "Uruguay, Brazil — open" / "Disputed text (untagged) — accepted". */
export function proposalSummary(target: Pick<ProposalTarget, "by" | "state" | "kind">, registry: DelegationRegistry): string {
  const whose = target.by.length ? target.by.map((code) => delegationName(code, registry)).join(", ") : "Disputed text (untagged)";
  const what = target.kind === "paragraph" ? "paragraph proposal" : "proposal";
  return `${whose} — ${what}, ${target.state}`;
}

/** The delegations' positions on a bracket, `(EU, US: delete; Japan: reserve)` with their names in the tooltip; null for none. */
function positionsRow(value: string, registry: DelegationRegistry): HTMLElement | null {
  const positions = positionsOf(value);
  if (!positions.length) return null;
  const line = positionsLine(positions, (code) => delegationTag(code, registry));
  return element("div", { class: "accord-popover-positions", title: positionsTitle(positions, (code) => delegationName(code, registry)) }, `(${line})`);
}

/**
 * The content of a proposal's popover: whose it is and its state, its note,
 * the delegations' positions,
 * then a button per action; "Support on behalf of…" opens a choice of the
 * delegations not already on the proposal. Never fails.
 */
export function proposalPopoverContent(options: ProposalPopoverOptions): HTMLElement {
  const { target, registry } = options;
  const tag = bracketTag(target.by, registry);
  const buttons = element("div", { class: "accord-popover-actions" });
  let onBehalf: HTMLElement | null = null;
  for (const action of options.actions) {
    if (action !== "support-on-behalf") {
      buttons.append(element("button", { type: "button", "data-action": action, onclick: () => options.run(action) }, LABELS[action]));
      continue;
    }
    const select = element("select", { "aria-label": "Delegation", class: "accord-support-select" });
    for (const entry of registry.entries) {
      if (!target.by.includes(entry.code)) select.append(element("option", { value: entry.code }, `${entry.name} (${entry.code})`));
    }
    const go = element("button", { type: "button", "data-action": action, onclick: () => options.run(action, select.value) }, "Support");
    onBehalf = element("div", { class: "accord-popover-row" }, element("label", {}, "On behalf of ", select), " ", go);
  }
  return element(
    "div",
    { class: "accord-proposal-popover", "data-proposal-id": target.id },
    element("div", { class: "accord-popover-title", style: colourStyle(target.by) }, tag ? element("b", { class: "accord-tag" }, tag) : "", " ", proposalSummary(target, registry)),
    target.note ? element("div", { class: "accord-popover-note" }, `(${target.note})`) : null,
    positionsRow(target.positions ?? "", registry),
    buttons.childElementCount ? buttons : null,
    onBehalf,
  );
}
