import { markNameOfKey, type BlockJSON } from "@accord/schema";
import * as Y from "yjs";

/** ProseMirror JSON of one node, as y-prosemirror stores it. */
export type NodeJSON = BlockJSON;

/** One element read as JSON, with the first thing in it that JSON cannot show and the schema cannot hold. */
export interface ElementReading {
  readonly json: NodeJSON;
  /** Null when everything in the element was read; otherwise what was not, in words. */
  readonly problem: string | null;
}

function liveKeys(map: Map<string, Y.Item>): string[] {
  const keys: string[] = [];
  for (const [key, item] of map) if (!item.deleted) keys.push(key);
  return keys;
}

/**
 * One Y.XmlElement (a block of the content fragment) as ProseMirror JSON,
 * read without touching it — the per-block counterpart of y-prosemirror's
 * `yXmlFragmentToProsemirrorJSON` — and, beside it, whatever the element
 * holds that such a reading passes over in silence: a child that is neither
 * text nor an element (an XmlHook), an embedded object in the text,
 * attributes on a text, a formatting value that is not a mark's attributes.
 */
export function readElement(element: Y.XmlElement): ElementReading {
  let problem: string | null = null;
  const note = (what: string) => {
    problem ??= what;
  };
  const json = elementToJSON(element, note);
  return { json, problem };
}

function elementToJSON(element: Y.XmlElement, note: (what: string) => void): NodeJSON {
  const attrs = element.getAttributes();
  const content: NodeJSON[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      if (liveKeys(child._map).length) note("a text with attributes of its own");
      for (const d of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof d.insert !== "string") {
          note("an embedded object in the text");
          continue;
        }
        const node: NodeJSON = { type: "text", text: d.insert };
        if (d.attributes) {
          node.marks = Object.entries(d.attributes).map(([key, markAttrs]) => {
            if (typeof markAttrs !== "object" || markAttrs === null || markAttrs instanceof Y.AbstractType) note(`a “${key.slice(0, 40)}” mark whose value is not its attributes`);
            return { type: markNameOfKey(key), attrs: markAttrs as Record<string, unknown> };
          });
        }
        content.push(node);
      }
    } else if (child instanceof Y.XmlElement) {
      content.push(elementToJSON(child, note));
    } else {
      note("an embedded object that is neither text nor a node");
    }
  }
  for (const value of Object.values(attrs) as unknown[]) if (value instanceof Y.AbstractType) note("an attribute whose value is a shared type");
  return { type: element.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), ...(content.length ? { content } : {}) };
}
