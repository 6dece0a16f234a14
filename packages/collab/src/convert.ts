import {
  DOCUMENT_FORMAT,
  DOCUMENT_FORMAT_VERSION,
  documentHeaderFromJSON,
  EMPTY_META,
  META_FIELDS,
  NegotiationDocument,
  type DocumentHeader,
  type DocumentMeta,
  type Result,
} from "@accord/schema";
import { yXmlFragmentToProsemirrorJSON } from "y-prosemirror";
import * as Y from "yjs";
import { YDOC_PARTS } from "./names.js";
import { reconcileContent } from "./reconcile.js";
import { reconcileOptionPaths } from "./reconcile-options.js";
import { reconcileSpans } from "./reconcile-spans.js";
import { writeContent } from "./write-content.js";

/**
 * Writes a document into a Y.Doc — content, metadata and registry — changing
 * only what differs from what the Y.Doc holds (blocks matched by id, then
 * y-prosemirror's diff within each), in one transaction with the given
 * origin. Used to create a negotiation's Y.Doc and to apply a resolution
 * operation to a live one. `readFrom`, when given, must be what `readDocument`
 * returned for this Y.Doc's current state: blocks `document` shares with it
 * (the same node objects, as a transform leaves untouched blocks) are then
 * not compared at all, so an operation costs the blocks it changed.
 */
export function writeDocument(ydoc: Y.Doc, document: NegotiationDocument, origin: unknown = null, readFrom?: NegotiationDocument): void {
  ydoc.transact(() => {
    writeContent(ydoc, ydoc.getXmlFragment(YDOC_PARTS.content), document.content, readFrom?.content);
    const meta = ydoc.getMap<string>(YDOC_PARTS.meta);
    for (const field of META_FIELDS) {
      if (meta.get(field) !== document.meta[field]) meta.set(field, document.meta[field]);
    }
    const delegations = ydoc.getMap<unknown>(YDOC_PARTS.delegations);
    const entries = document.registry.toJSON();
    const codes = new Set(entries.map((e) => e.code));
    for (const entry of entries) {
      if (JSON.stringify(delegations.get(entry.code)) !== JSON.stringify(entry)) delegations.set(entry.code, entry);
    }
    for (const code of [...delegations.keys()]) if (!codes.has(code)) delegations.delete(code);
  }, origin);
}

/** What a child of an XML tree is, in words: "a Y.XmlText", "an XmlHook", "an embedded object". */
function kindOf(child: unknown): string {
  // Subclasses first (XmlText is a Text, XmlHook a Map); class names are not kept by a minifier.
  const kinds: [new (...args: never[]) => unknown, string][] = [
    [Y.XmlHook, "an XmlHook"],
    [Y.XmlText, "a Y.XmlText"],
    [Y.Text, "a Y.Text"],
    [Y.Map, "a Y.Map"],
    [Y.Array, "a Y.Array"],
    [Y.AbstractType, "a shared type"],
  ];
  return kinds.find(([type]) => child instanceof type)?.[1] ?? "an embedded object";
}

/** The first node of an XML tree that is neither an element nor text, said where it is; null when there is none. */
function strangeNode(parent: Y.XmlFragment | Y.XmlElement, where: string): string | null {
  let index = 0;
  // Typed as elements and texts; what a stored update put there may be anything.
  for (const child of parent.toArray() as unknown[]) {
    index++;
    if (child instanceof Y.XmlElement) {
      const found = strangeNode(child, `${child.nodeName} ${index} of ${where}`);
      if (found) return found;
    } else if (!(child instanceof Y.XmlText)) {
      return `${kindOf(child)} at position ${index} of ${where}`;
    }
  }
  return null;
}

/** A Y.Doc's metadata (every field, empty where unset) and its registry's entries, as stored: not yet validated. */
export function headerParts(ydoc: Y.Doc): { meta: Record<string, unknown>; delegations: unknown[] } {
  const metaMap = ydoc.getMap<unknown>(YDOC_PARTS.meta);
  const meta: Record<string, unknown> = { ...EMPTY_META };
  for (const field of META_FIELDS) {
    const value = metaMap.get(field);
    if (value !== undefined) meta[field] = value;
  }
  return { meta, delegations: [...ydoc.getMap<unknown>(YDOC_PARTS.delegations).values()] };
}

/** ProseMirror JSON of a document's content, as `reconcileContent` takes it. */
export type ContentJSON = Parameters<typeof reconcileContent>[0];

/**
 * ProseMirror JSON of a content holding these blocks, converted exactly as
 * y-prosemirror converts a whole fragment (one element at a time: all it asks
 * of the fragment is its children). Throws where y-prosemirror throws: a
 * Y.Text, an embed or an XmlHook under a block.
 */
export function contentJSON(blocks: readonly Y.XmlElement[]): ContentJSON {
  return yXmlFragmentToProsemirrorJSON({ toArray: () => blocks } as unknown as Y.XmlFragment) as ContentJSON;
}

/**
 * Reads the document a Y.Doc holds, validating everything (it goes through
 * JSON and `NegotiationDocument.fromJSON`), with proposals that concurrent
 * edits left with several sets of attributes reconciled (`reconcileContent`),
 * and option blocks too (`reconcileOptionPaths`), and brackets spanning
 * paragraphs (`reconcileSpans`). It never changes the Y.Doc —
 * y-prosemirror's own conversion deletes content that does not fit the
 * schema, which must never happen to a live document. Content that does not
 * fit comes back as a message.
 */
export function readDocument(ydoc: Y.Doc): Result<NegotiationDocument> {
  const fragment = ydoc.getXmlFragment(YDOC_PARTS.content);
  // Only elements (blocks) stand in the content; y-prosemirror would read a text there as text.
  const loose = (fragment.toArray() as unknown[]).findIndex((child) => !(child instanceof Y.XmlElement));
  if (loose >= 0) {
    const child = fragment.get(loose) as unknown;
    return { ok: false, message: `${kindOf(child)} at position ${loose + 1} of the content, which a negotiation document cannot hold` };
  }
  let json: ContentJSON;
  try {
    json = contentJSON(fragment.toArray() as Y.XmlElement[]);
  } catch (error) {
    // y-prosemirror throws on what it does not expect (a Y.Text or an embed under the content, an XmlHook).
    const found = strangeNode(fragment, "the content");
    return { ok: false, message: found ? `${found}, which a negotiation document cannot hold` : `the content does not convert: ${(error as Error).message}` };
  }
  const reconciled = reconcileContent(json);
  reconcileOptionPaths(reconciled);
  reconcileSpans(reconciled);
  const content = reconciled as unknown as Record<string, unknown>;
  const { meta, delegations } = headerParts(ydoc);
  try {
    return {
      ok: true,
      value: NegotiationDocument.fromJSON({
        format: DOCUMENT_FORMAT,
        version: DOCUMENT_FORMAT_VERSION,
        meta: meta as unknown as DocumentMeta,
        delegations,
        content,
      }),
    };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/**
 * A Y.Doc's metadata and delegation registry, without reading its content:
 * what a page needs to open a negotiation, at a cost that does not grow with
 * the text. Malformed parts are reported as a message, never thrown.
 */
export function readHeader(ydoc: Y.Doc): Result<DocumentHeader> {
  try {
    return { ok: true, value: documentHeaderFromJSON(headerParts(ydoc)) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** A document as one Yjs update, from which any Y.Doc can start. */
export function documentToUpdate(document: NegotiationDocument): Uint8Array {
  const ydoc = new Y.Doc();
  writeDocument(ydoc, document);
  return Y.encodeStateAsUpdate(ydoc);
}
