import { collectOptionGroups, optionPathOf, writeOptionPath, type NegotiationDocument, type OptionState } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { blockName, excerpt } from "../describe.js";
import { done, refuse, type Resolution } from "./resolution.js";

/**
 * Chooses one option of an option group (`Option 1:` … `Option 2: No text`),
 * in one step: its state becomes accepted on every block of the group that
 * holds it, every other option of the group rejected. The clean version then
 * keeps the chosen option's blocks without its label, and the others go.
 * Choosing again chooses anew. Refused when there is no option with that id,
 * or it lies in an option that was not chosen (rejected): choose that one
 * first.
 */
export function chooseBlockOption(document: NegotiationDocument, optionId: string): Resolution {
  const content = document.content;
  const group = collectOptionGroups(content).find((g) => g.options.some((o) => o.id === optionId));
  if (!group) return refuse(`there is no option ${optionId} in this document`);
  const option = group.options.find((o) => o.id === optionId)!;
  const first = content.child(option.firstBlock);
  const what = `‘${option.label}’ (${option.noText ? option.noText : `“${excerpt(first.textContent)}”`})`;
  if (group.moot) return refuse(`${what} lies in an option that was not chosen; choose that option first`);

  const tr = new Transform(content);
  const from = group.options[0]!.firstBlock;
  const to = group.options[group.options.length - 1]!.lastBlock;
  content.forEach((block, pos, index) => {
    if (index < from || index > to) return;
    const path = optionPathOf(block).map((step) => (step.group === group.id ? { ...step, state: (step.option === optionId ? "accepted" : "rejected") as OptionState } : step));
    const optionPath = writeOptionPath(path);
    // Attributes change, positions do not: the positions read from the document serve for the whole transform.
    if (optionPath !== block.attrs.optionPath) tr.setNodeMarkup(pos, undefined, { ...block.attrs, optionPath });
  });
  const others = group.options.filter((o) => o.id !== optionId).map((o) => `‘${o.label}’`);
  const where = from > 0 ? ` after ${blockName(content.child(from - 1), from - 1, content)}` : "";
  return done(document, tr, `Chose ${what}${where}; rejected ${others.join(", ")}.`);
}
