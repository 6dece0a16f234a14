import { readDocument, writeDocument } from "@accord/collab";
import { schema } from "@accord/schema";
import { Transform } from "prosemirror-transform";
import * as Y from "yjs";
import type { Storage } from "@accord/server";

// How a document broken before the server refused such updates looks: its log,
// written through the storage API, holds an entry after which it no longer
// reads (a Y.Text directly under `content`), and entries written on top of it.

/** The document the log of `id` makes, replayed from its first entry. */
export async function replica(storage: Storage, id: string): Promise<Y.Doc> {
  const ydoc = new Y.Doc();
  for (const update of await storage.readUpdates(id)) Y.applyUpdate(ydoc, update.data);
  return ydoc;
}

/** Appends to the log of `id` what `change` does to the document the log makes; returns the entry's number. */
export async function appendChange(storage: Storage, id: string, change: (ydoc: Y.Doc) => void): Promise<number> {
  const ydoc = await replica(storage, id);
  const before = Y.encodeStateVector(ydoc);
  change(ydoc);
  const [seq] = await storage.appendUpdates([{ documentId: id, data: Y.encodeStateAsUpdate(ydoc, before), userId: null, delegation: "", origin: "client" }]);
  ydoc.destroy();
  return seq!;
}

/** Adds words at the end of the document's last block (a change that reads, on a document that reads). */
export function appendWords(words: string): (ydoc: Y.Doc) => void {
  return (ydoc) => {
    const read = readDocument(ydoc);
    if (!read.ok) throw new Error(read.message);
    const end = read.value.content.content.size - 1;
    writeDocument(ydoc, read.value.withContent(new Transform(read.value.content).insert(end, schema.text(words)).doc));
  };
}

/** Puts a Y.Text directly under `content`: the document no longer reads (y-prosemirror throws on it). */
export function strayText(ydoc: Y.Doc): void {
  // Not what the types allow, which is the point.
  ydoc.getXmlFragment("content").insert(0, [new Y.Text("stray") as unknown as Y.XmlText]);
}

/** Adds words inside the first text of the content, whatever the rest holds (an edit made on top of a broken document). */
export function wordsOnTop(words: string): (ydoc: Y.Doc) => void {
  return (ydoc) => {
    const first = ydoc.getXmlFragment("content").toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement);
    const text = first?.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
    if (!text) throw new Error("no text to add to");
    text.insert(0, words);
  };
}
