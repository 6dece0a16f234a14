import { SaxesParser, type SaxesTagNS } from "saxes";

/** A refusal of an XML part, with a sentence a person can act on. */
export class XmlRefusal extends Error {}

/** What a walk over an XML part is told: elements opening and closing (namespace URI and local name), and text. */
export interface XmlHandlers {
  /** `attributes.get("{uri}local")` (or `"local"` without a namespace) reads an attribute when asked. */
  open(uri: string, local: string, attributes: Attributes): void;
  close(uri: string, local: string): void;
  text(text: string): void;
}

/** An element's attributes, read on demand. */
export interface Attributes {
  get(key: string): string | undefined;
}

/** The WordprocessingML namespace. */
export const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/**
 * Parses one XML part with namespaces, calling `handlers`; attributes are
 * keyed `{uri}local` (`local` alone without a namespace). A document type
 * declaration (and with it every entity of its own) is refused, so no entity
 * is expanded and nothing outside the part is read. Input is fed in slices
 * and the deadline checked between them. Throws an `XmlRefusal` naming the
 * part for malformed XML, a DTD, or a deadline passed.
 */
export function walkXml(part: string, bytes: Uint8Array, handlers: XmlHandlers, deadline: number): void {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: XmlRefusal | null = null;
  parser.on("doctype", () => {
    failure ??= new XmlRefusal(`${part} declares a document type (DTD), which Word never writes: refused`);
  });
  parser.on("error", (error) => {
    failure ??= new XmlRefusal(`${part} is not well-formed XML (${error.message})`);
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    if (failure) return;
    // Most elements' attributes are never read: look them up only when asked.
    const attributes: Attributes = {
      get(key) {
        for (const name in tag.attributes) {
          const attribute = tag.attributes[name]!;
          if ((attribute.uri ? `{${attribute.uri}}${attribute.local}` : attribute.local) === key) return attribute.value;
        }
        return undefined;
      },
    };
    handlers.open(tag.uri, tag.local, attributes);
  });
  parser.on("closetag", (tag) => {
    if (!failure) handlers.close((tag as SaxesTagNS).uri, (tag as SaxesTagNS).local);
  });
  parser.on("text", (value) => {
    if (!failure) handlers.text(value);
  });
  const slice = 256 * 1024;
  for (let at = 0; at < text.length; at += slice) {
    if (failure) break;
    if (Date.now() > deadline) throw new XmlRefusal(`reading ${part} took too long`);
    parser.write(text.slice(at, at + slice));
  }
  if (!failure) parser.close();
  if (failure) throw failure;
}
