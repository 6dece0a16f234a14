import { YDOC_PARTS } from "@accord/collab";
import { DelegationRegistry, type Delegation } from "@accord/schema";
import type * as Y from "yjs";

/**
 * The document's delegation registry from its Y.Doc (`delegations`: code →
 * entry). A registry that is empty or malformed (not yet synced, or written
 * by a faulty client) falls back to the default one of the 35 OAS member
 * states, so tags can always be drawn.
 */
export function registryOf(ydoc: Y.Doc): DelegationRegistry {
  const entries = [...ydoc.getMap<Delegation>(YDOC_PARTS.delegations).values()];
  if (!entries.length) return DelegationRegistry.default;
  try {
    return DelegationRegistry.of(entries);
  } catch {
    return DelegationRegistry.default;
  }
}

/** Calls `onChange` with the new registry whenever the Y.Doc's registry changes; returns the function that stops it. */
export function watchRegistry(ydoc: Y.Doc, onChange: (registry: DelegationRegistry) => void): () => void {
  const map = ydoc.getMap<Delegation>(YDOC_PARTS.delegations);
  const observer = () => onChange(registryOf(ydoc));
  map.observe(observer);
  return () => map.unobserve(observer);
}
