import { describeStatus, formatDate, isStatusDate, MAX_BODY_LENGTH, type NegotiationDocument, type ParagraphStatus } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import { blockName } from "../describe.js";
import { findBlock } from "../find.js";
import { done, refuse, type Resolution } from "./resolution.js";

/** What a status change records besides the status. */
export interface StatusDetails {
  /** `YYYY-MM-DD`, or empty. */
  readonly date?: string;
  /** The body that gave it ("CSH"), or empty. */
  readonly body?: string;
  /** A footnote for the marker ("Approval is pending as the required quorum was not present."). */
  readonly footnote?: string;
}

/**
 * Sets the status of a paragraph or heading, with date and body. Setting
 * `open` clears date, body and footnote. Refused for an unknown block, an
 * impossible date, or a body name over the limit.
 */
export function setStatus(document: NegotiationDocument, blockId: string, status: ParagraphStatus, details: StatusDetails = {}): Resolution {
  const block = findBlock(document.content, blockId);
  if (!block) return refuse(`there is no paragraph or heading ${blockId}`);
  const date = details.date ?? "";
  const body = (details.body ?? "").trim();
  if (!isStatusDate(date)) return refuse(`${date} is not a date; write it as YYYY-MM-DD`);
  if (body.length > MAX_BODY_LENGTH) return refuse(`the body's name is longer than ${MAX_BODY_LENGTH} characters`);
  const open = status === "open";
  const attrs = {
    ...block.node.attrs,
    status,
    statusDate: open ? "" : date,
    statusBody: open ? "" : body,
    statusFootnote: open ? "" : (details.footnote ?? block.node.attrs.statusFootnote),
  };
  const tr = new Transform(document.content).setNodeMarkup(block.pos, undefined, attrs);
  const on = !open && date ? ` on ${formatDate(date, document.meta.dateStyle)}` : "";
  const by = !open && body ? ` by the ${body}` : "";
  return done(document, tr, `${capitalise(blockName(block.node, block.index, document.content))} is ${describeStatus(status)}${by}${on}.`);
}

function capitalise(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
