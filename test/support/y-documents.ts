import { readDocument, writeDocument } from "@accord/collab";
import { newId, schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import type * as Y from "yjs";

/** The text of a negotiation's Y.Doc as the model reads it; throws when it does not read. */
export function documentText(doc: Y.Doc): string {
  const read = readDocument(doc);
  if (!read.ok) throw new Error(read.message);
  return read.value.content.textContent;
}

/** Appends a paragraph of plain text (a chair's edit) to a negotiation's Y.Doc, as the editor writes it; throws when the document does not read. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const read = readDocument(doc);
  if (!read.ok) throw new Error(read.message);
  const content = read.value.content;
  const paragraph = schema.nodes.paragraph!.create({ id: newId("p") }, schema.text(text));
  writeDocument(doc, read.value.withContent(new Transform(content).insert(content.content.size, paragraph).doc));
}
