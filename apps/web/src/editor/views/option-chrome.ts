import { optionPathOf } from "@accord/schema";
import type { Node } from "prosemirror-model";

const STATE_WORDS: Record<string, string> = { accepted: "chosen", rejected: "not chosen" };

/**
 * Shows a block's place in option blocks (`Option 1:` …) as negotiators read
 * it: the element carries its innermost option's label, group, state and
 * depth as data attributes (the editor's CSS draws each option as a ruled
 * set, indented as deep as it nests, a chosen one green, one not chosen
 * struck), and the gutter the labels of the options that begin at this
 * block (`opening` of them, innermost last; see `optionsOpening`), each with
 * its state when decided — so an option's label stands once, on its first
 * block, and its other blocks show only the rule. Null `opening` (not
 * known) draws the innermost label. An option with no text says so in its
 * empty text (`data-option-notext` on `content`, which the CSS writes
 * there). A block in no option loses every such attribute. Never fails.
 */
export function drawOptionChrome(dom: HTMLElement, gutter: HTMLElement, content: HTMLElement, block: Node, opening: number | null): void {
  const path = optionPathOf(block);
  const step = path[path.length - 1];
  for (const key of ["option", "optionGroup", "optionState", "optionDepth", "optionNotext"]) delete dom.dataset[key];
  delete content.dataset.optionNotext;
  if (!step) return;
  dom.dataset.option = step.option;
  dom.dataset.optionGroup = step.group;
  dom.dataset.optionState = step.state;
  dom.dataset.optionDepth = String(path.length);
  if (step.noText) dom.dataset.optionNotext = content.dataset.optionNotext = step.noText;
  const labels = path.slice(path.length - Math.min(opening ?? 1, path.length)).map((s) => {
    const depth = path.indexOf(s) + 1;
    const label = document.createElement("span");
    label.className = "accord-option-label";
    label.dataset.optionDepth = String(depth);
    label.dataset.optionState = s.state;
    label.textContent = s.label;
    label.title = `${path.slice(0, depth).map((x) => x.label.replace(/[:.]$/, "")).join(" › ")}${STATE_WORDS[s.state] ? ` (${STATE_WORDS[s.state]})` : ""}`;
    return label;
  });
  gutter.prepend(...labels);
}
