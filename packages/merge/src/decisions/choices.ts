import { collectChoices, collectOptionGroups, type NegotiationDocument, type ProposalState } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { blockName, delegationNames, excerpt } from "../describe.js";
import { findProposal } from "../find.js";
import { done, refuse, type Resolution } from "./resolution.js";
import { chooseBlockOption } from "./option-blocks.js";

/**
 * Chooses one option of a choice group (`[shall][should][may]`), in one
 * step: it is accepted and every other option rejected (a withdrawn one stays
 * withdrawn). The clean version then keeps the chosen text without brackets.
 * Choosing again chooses anew. An id that names an option of an option
 * block (`Option 1:` …) chooses it (`chooseBlockOption`). Refused when the
 * proposal is not in the document, is no option of a group, or was withdrawn.
 */
export function chooseOption(document: NegotiationDocument, id: string): Resolution {
  const found = findProposal(document.content, id);
  if (!found) return isBlockOption(document, id) ? chooseBlockOption(document, id) : refuse(`there is no proposal ${id} in this document`);
  const where = blockName(found.block, found.blockIndex, document.content);
  const name = (optionId: string, text: string, by: readonly string[]) =>
    `${by.length ? `${delegationNames(by, document.registry)}’s ` : ""}${optionId} (“${excerpt(text)}”)`;
  if (!found.attrs.choice) return refuse(`proposal ${id} (“${excerpt(found.text)}”) in ${where} is no option of a choice group: accept it instead`);
  if (found.attrs.state === "withdrawn") return refuse(`proposal ${id} (“${excerpt(found.text)}”) in ${where} was withdrawn; reopen it first`);
  const group = collectChoices(document.content).find((g) => g.id === found.attrs.choice)!;

  const tr = new Transform(document.content);
  const rejected: string[] = [];
  for (const option of group.options) {
    if (option.state === "withdrawn") continue;
    const state: ProposalState = option.id === id ? "accepted" : "rejected";
    if (state === "rejected") rejected.push(name(option.id, option.spans.map((s) => s.text).join(" / "), option.by));
    if (option.state === state) continue;
    // Marks change, positions do not: the spans found in the document serve for the whole transform.
    for (const span of findProposal(tr.doc, option.id)!.spans) {
      tr.removeMark(span.from, span.to, span.mark);
      tr.addMark(span.from, span.to, span.mark.type.create({ ...span.mark.attrs, state }));
    }
  }
  const others = rejected.length ? `; rejected ${rejected.join(", ")}` : "";
  return done(document, tr, `Chose ${name(id, found.text, found.attrs.by)} in ${where}${others}.`);
}

/** Whether `id` names an option of an option block of the document. */
function isBlockOption(document: NegotiationDocument, id: string): boolean {
  return collectOptionGroups(document.content).some((group) => group.options.some((option) => option.id === id));
}
