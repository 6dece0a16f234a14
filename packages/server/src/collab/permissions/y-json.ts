import type { BlockJSON } from "@accord/schema";
import * as Y from "yjs";

/** ProseMirror JSON of one node, as y-prosemirror stores it. */
export type NodeJSON = BlockJSON;

// y-prosemirror names a mark that may overlap itself `<name>--<hash>`.
const HASHED = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/**
 * One Y.XmlElement (a block of the content fragment) as ProseMirror JSON,
 * read without touching it — the per-block counterpart of y-prosemirror's
 * `yXmlFragmentToProsemirrorJSON`.
 */
export function elementToJSON(element: Y.XmlElement): NodeJSON {
  const attrs = element.getAttributes();
  const content: NodeJSON[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const d of child.toDelta() as { insert: unknown; attributes?: Record<string, Record<string, unknown>> }[]) {
        if (typeof d.insert !== "string") continue;
        const node: NodeJSON = { type: "text", text: d.insert };
        if (d.attributes) {
          node.marks = Object.entries(d.attributes).map(([key, markAttrs]) => ({ type: HASHED.exec(key)?.[1] ?? key, attrs: markAttrs }));
        }
        content.push(node);
      }
    } else if (child instanceof Y.XmlElement) {
      content.push(elementToJSON(child));
    }
  }
  return { type: element.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), ...(content.length ? { content } : {}) };
}
