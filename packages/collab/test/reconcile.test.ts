import { documentToUpdate, writeDocument } from "@accord/collab";
import { acceptProposal, supportProposal } from "@accord/merge";
import { collectProposals } from "@accord/schema";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { read, value } from "./readings.js";

describe("reconciling concurrent edits", () => {
  it("a proposal supported by one and accepted by another at once reads as one proposal with both", () => {
    const start = importText("1. To ensure [Uru: a] crosscutting perspective.").document;
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, documentToUpdate(start));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const id = collectProposals(start.content)[0]!.id;

    writeDocument(a, value(supportProposal(read(a), id, "BRA")));
    writeDocument(b, value(acceptProposal(read(b), id)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));

    // Yjs keeps both versions of the mark: two marks with one id on the same text.
    const raw = JSON.stringify((a.getXmlFragment("content").get(0) as Y.XmlElement).toArray().map((t) => (t as Y.XmlText).toDelta()));
    expect((raw.match(/proposal--/g) ?? []).length).toBe(2);

    for (const replica of [a, b]) {
      const [proposal] = collectProposals(read(replica).content);
      expect(proposal).toMatchObject({ id, by: ["URY", "BRA"], state: "accepted" });
    }
    // Writing the reconciled document back leaves one mark.
    writeDocument(a, read(a));
    const after = JSON.stringify((a.getXmlFragment("content").get(0) as Y.XmlElement).toArray().map((t) => (t as Y.XmlText).toDelta()));
    expect((after.match(/proposal--/g) ?? []).length).toBe(1);
  });

  it("an alternative whose original was deleted at the same time becomes an ordinary paragraph", () => {
    const start = importText("5 bis. [PER: Instruct the Council.]\n\n5 bis alt. [MEX: Instruct the Committee.]").document;
    const a = new Y.Doc();
    Y.applyUpdate(a, documentToUpdate(start));
    const fragment = a.getXmlFragment("content");
    fragment.delete(0, 1);
    const document = read(a);
    expect(document.content.childCount).toBe(1);
    expect(document.content.firstChild!.attrs).toMatchObject({ label: "5 bis alt.", alternativeTo: "" });
  });
});
