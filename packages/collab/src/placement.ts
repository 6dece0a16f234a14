import * as Y from "yjs";

/**
 * Where a changed Y type lives in a negotiation's Y.Doc: inside one
 * top-level block of the content (`block`), in the content fragment itself
 * (its list of children or its attributes, or a child that is not a block:
 * `content`), or outside the content (`other`, with the top-level type it
 * belongs to).
 */
export type Placement =
  | { readonly in: "block"; readonly block: Y.XmlElement }
  | { readonly in: "content" }
  | { readonly in: "other"; readonly root: Y.AbstractType<unknown> };

/**
 * The placement of `type` relative to the content `fragment`, found by
 * walking up its parents: what the server's update check and the live
 * reading both need to know of each type a transaction changed. Never throws.
 */
export function placementOf<Event>(type: Y.AbstractType<Event>, fragment: Y.XmlFragment): Placement {
  // Walked as types of any event: only their parents are read.
  let current = type as Y.AbstractType<unknown>;
  for (;;) {
    if (current === (fragment as Y.AbstractType<unknown>)) return { in: "content" };
    const parent = current._item?.parent as Y.AbstractType<unknown> | undefined;
    if (!parent) return { in: "other", root: current };
    if (parent === fragment) return current instanceof Y.XmlElement ? { in: "block", block: current } : { in: "content" };
    current = parent;
  }
}
