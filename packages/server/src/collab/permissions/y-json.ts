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

/**
 * How a reading sees the Y types: as they are now, or as they were when a
 * transaction began (see `readElementAsBefore`). One reading, two views, so
 * that both give the same JSON for the same content.
 */
// A type of any event: only its items are read.
type AnyType = Y.AbstractType<any>;

interface View {
  /** The children of an element, in order. */
  children(element: Y.XmlElement): AnyType[];
  /** The attributes of an element or a text: key and value. */
  attributes(type: AnyType): [string, unknown][];
  /** A text's content as Yjs' `toDelta` gives it. */
  delta(text: Y.XmlText): { insert: unknown; attributes?: Record<string, unknown> }[];
}

/** The types as they are now. */
const NOW: View = {
  children: (element) => element.toArray() as AnyType[],
  attributes: (type) => {
    const entries: [string, unknown][] = [];
    for (const [key, item] of type._map) if (!item.deleted) entries.push([key, item.content.getContent()[item.length - 1]]);
    return entries;
  },
  delta: (text) => text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[],
};

/**
 * The types as they were when `transaction` began: an item is seen if it
 * was there before the transaction (its clock under the state it began
 * with) and was not deleted by then — it may have been deleted by the
 * transaction itself, whose deleted content is kept until its cleanup. The
 * walks are Yjs' own (`typeListToArray`, `typeMapGetSnapshot`,
 * `YText.toDelta`) with that test for visibility in place of a snapshot's.
 */
function viewBefore(transaction: Y.Transaction): View {
  const visible = (item: Y.Item) =>
    item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0) && (!item.deleted || Y.isDeleted(transaction.deleteSet, item.id));
  return {
    children(element) {
      const children: AnyType[] = [];
      for (let item = element._start; item !== null; item = item.right) {
        if (item.countable && visible(item)) children.push(...(item.content.getContent() as AnyType[]));
      }
      return children;
    },
    attributes(type) {
      const entries: [string, unknown][] = [];
      for (const [key, latest] of type._map) {
        let item: Y.Item | null = latest;
        // Values set after the transaction began are passed over to the one it began with.
        while (item !== null && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) item = item.left;
        if (item !== null && visible(item)) entries.push([key, item.content.getContent()[item.length - 1]]);
      }
      return entries;
    },
    delta(text) {
      const ops: { insert: unknown; attributes?: Record<string, unknown> }[] = [];
      const current = new Map<string, unknown>();
      let str = "";
      const attributes = () => (current.size ? Object.fromEntries(current) : undefined);
      const packStr = () => {
        if (!str) return;
        const attrs = attributes();
        ops.push(attrs ? { insert: str, attributes: attrs } : { insert: str });
        str = "";
      };
      for (let item = text._start; item !== null; item = item.right) {
        if (!visible(item)) continue;
        const content = item.content;
        if (content instanceof Y.ContentString) str += content.str;
        else if (content instanceof Y.ContentType || content instanceof Y.ContentEmbed) {
          packStr();
          const attrs = attributes();
          const insert = content.getContent()[0];
          ops.push(attrs ? { insert, attributes: attrs } : { insert });
        } else if (content instanceof Y.ContentFormat) {
          packStr();
          if (content.value === null) current.delete(content.key);
          else current.set(content.key, content.value);
        }
      }
      packStr();
      return ops;
    },
  };
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
  return readWith(element, NOW);
}

/**
 * `readElement` of the element as it was when `transaction` began, read
 * while the transaction is being cleaned up (in an `afterTransaction`
 * handler: the content it deleted is still there). Gives the reading the
 * element had then, so that a block whose reading was not kept can still
 * be compared before and after.
 */
export function readElementAsBefore(element: Y.XmlElement, transaction: Y.Transaction): ElementReading {
  return readWith(element, viewBefore(transaction));
}

function readWith(element: Y.XmlElement, view: View): ElementReading {
  let problem: string | null = null;
  const note = (what: string) => {
    problem ??= what;
  };
  const json = elementToJSON(element, note, view);
  return { json, problem };
}

function elementToJSON(element: Y.XmlElement, note: (what: string) => void, view: View): NodeJSON {
  const attrs: Record<string, unknown> = {};
  for (const [key, value] of view.attributes(element)) attrs[key] = value;
  const content: NodeJSON[] = [];
  for (const child of view.children(element)) {
    if (child instanceof Y.XmlText) {
      if (view.attributes(child).length) note("a text with attributes of its own");
      for (const d of view.delta(child)) {
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
      content.push(elementToJSON(child, note, view));
    } else {
      note("an embedded object that is neither text nor a node");
    }
  }
  for (const value of Object.values(attrs)) if (value instanceof Y.AbstractType) note("an attribute whose value is a shared type");
  return { type: element.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), ...(content.length ? { content } : {}) };
}
