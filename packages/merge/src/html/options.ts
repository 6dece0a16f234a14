import { optionPathOf, type OptionStep } from "@accord/schema";
import type { Node } from "prosemirror-model";
import { escapeHtml } from "./escape.js";

/** The steps of options that begin at block `index` (outer first): where the block's path leaves the one before it. */
export function optionsStartingAt(content: Node, index: number): OptionStep[] {
  const path = optionPathOf(content.child(index));
  const previous = index > 0 ? optionPathOf(content.child(index - 1)) : [];
  const from = path.findIndex((step, depth) => previous[depth]?.option !== step.option);
  return from < 0 ? [] : path.slice(from);
}

const STATE_WORDS: Record<string, string> = { accepted: "chosen", rejected: "not chosen" };

/**
 * The labels of the options that begin at block `index`, each a line of its
 * own nested as deep as the option (`Option 1:`, then `Option 1A:`), with
 * its state when decided (chosen, not chosen) and, for the option of having
 * nothing there, how that was written (`No text`). "" when none begins
 * there. All text is escaped. Never fails.
 */
export function optionLabelsHtml(content: Node, index: number, withState = true): string {
  const depth = optionPathOf(content.child(index)).length;
  const starting = optionsStartingAt(content, index);
  return starting
    .map((step, k) => {
      const state = withState && STATE_WORDS[step.state] ? ` <span class="state-label state-${step.state}">${STATE_WORDS[step.state]}</span>` : "";
      const none = step.noText ? ` <span class="option-notext">${escapeHtml(step.noText)}</span>` : "";
      const level = depth - starting.length + k + 1;
      return `<div class="option-label option-${step.state} option-depth-${level}" data-option-group="${escapeHtml(step.group)}">${escapeHtml(step.label)}${none}${state}</div>`;
    })
    .join("");
}
