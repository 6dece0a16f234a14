import { canonicalContent, type NegotiationDocument } from "@accord/schema";

/** The document's meaning, ids aside: canonical content, metadata, registry (as the text and Word round trips compare it). */
export function meaning(document: NegotiationDocument): unknown {
  return {
    content: canonicalContent(document.content, { renameIds: true }),
    meta: document.meta,
    registry: document.registry.toJSON(),
  };
}
