import { MAX_FOOTNOTE_LENGTH, newId, schema, type NegotiationDocument } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { blockName } from "../describe.js";
import { findBlock } from "../find.js";
import { done, refuse, type Resolution } from "./resolution.js";

/**
 * Adds a delegation's reservation to a paragraph, as a footnote at its end
 * ("The Government of Ecuador reserves its position on this paragraph.").
 * Reservations survive into the clean version. Refused for an unknown
 * paragraph or delegation, or an empty or over-long text.
 */
export function addReservation(document: NegotiationDocument, paragraphId: string, delegation: string, text: string): Resolution {
  const block = findBlock(document.content, paragraphId);
  if (!block || block.node.type.name !== "paragraph") return refuse(`there is no paragraph ${paragraphId}`);
  const entry = document.registry.get(delegation);
  if (!entry) return refuse(`${delegation} is not a delegation of this document`);
  const words = text.replace(/\s+/g, " ").trim();
  if (!words) return refuse("a reservation needs its text");
  if (words.length > MAX_FOOTNOTE_LENGTH) return refuse(`a reservation is at most ${MAX_FOOTNOTE_LENGTH} characters`);
  const footnote = schema.nodes.footnote!.create({ id: newId("f"), kind: "reservation", delegation, text: words });
  const tr = new Transform(document.content).insert(block.pos + block.node.nodeSize - 1, footnote);
  return done(document, tr, `${entry.name} reserves its position on ${blockName(block.node, block.index, document.content)}.`);
}
