import { readDocument } from "@accord/collab";
import type { NegotiationDocument, Result } from "@accord/schema";
import * as Y from "yjs";
import { YDOC_PARTS } from "@accord/collab";

/**
 * Reads the document a Y.Doc holds (`readDocument`), with whatever the
 * content holds that the conversion does not expect (a Y.Text or an embedded
 * object directly under `content`, an XmlHook: y-prosemirror throws on them)
 * reported as the message of a failed read, like any other content that does
 * not fit the schema. Never throws; never changes the Y.Doc.
 */
export function readSafely(ydoc: Y.Doc): Result<NegotiationDocument> {
  try {
    return readDocument(ydoc);
  } catch (error) {
    const found = strangeNode(ydoc.getXmlFragment(YDOC_PARTS.content), "the content");
    return { ok: false, message: found ? `${found}, which a negotiation document cannot hold` : `the content does not convert: ${(error as Error).message}` };
  }
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
      const kind = child instanceof Y.XmlHook ? "an XmlHook" : child instanceof Y.AbstractType ? `a ${child.constructor.name.replace(/^Y/, "Y.")}` : "an embedded object";
      return `${kind} at position ${index} of ${where}`;
    }
  }
  return null;
}
