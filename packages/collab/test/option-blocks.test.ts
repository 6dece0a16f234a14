import { writeDocument, YDOC_PARTS } from "@accord/collab";
import { chooseBlockOption } from "@accord/merge";
import { collectOptionGroups, modelProblems, NegotiationDocument, writeOptionPath, type OptionStep } from "@accord/schema";
import { doc, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { read, replicas, sync, value } from "./readings.js";

// Concurrent edits cannot leave option blocks broken: every replica reads the same sound document
// (reconcileOptionPaths, by the one rule of repairOptionPaths).

const step = (option: string, label: string): OptionStep => ({ group: "g1", option, label, state: "open", noText: "" });
const at = (...steps: OptionStep[]) => ({ optionPath: writeOptionPath(steps) });
const states = (d: NegotiationDocument) => collectOptionGroups(d.content).flatMap((g) => g.options.map((o) => [o.label, o.state]));

describe("option blocks under concurrent edits", () => {
  const start = NegotiationDocument.create(
    doc(
      p({ id: "p1", ...at(step("o1", "Option 1:")) }, "Each Party shall act."),
      p({ id: "p2", ...at(step("o1", "Option 1:")) }, "Each Party shall report."),
      p({ id: "p3", ...at(step("o2", "Option 2:")) }, "Each Party should act."),
    ),
  );

  it("two options chosen at once: every replica reads the same choice, and never two chosen options", () => {
    const [a, b] = replicas(start);
    writeDocument(a, value(chooseBlockOption(read(a), "o1")));
    writeDocument(b, value(chooseBlockOption(read(b), "o2")));
    sync(a, b);
    const [x, y] = [read(a), read(b)];
    expect(states(x)).toEqual(states(y));
    expect(modelProblems(x.content, x.registry)).toEqual([]);
    // Each block's path is one attribute: one replica's choice is read on all of them.
    expect(states(x).filter(([, state]) => state === "accepted").length).toBeLessThanOrEqual(1);
  });

  it("a paragraph of one option moved after the other is cut out of its option, the same on every replica", () => {
    const [a, b] = replicas(start);
    // A peer moves p1 to the end (a raw update: the element deleted and a copy put last) while the chair chooses Option 2.
    const fragment = a.getXmlFragment(YDOC_PARTS.content);
    const copy = (fragment.get(0) as Y.XmlElement).clone();
    a.transact(() => {
      fragment.delete(0, 1);
      fragment.push([copy]);
    });
    writeDocument(b, value(chooseBlockOption(read(b), "o2")));
    sync(a, b);
    const [x, y] = [read(a), read(b)];
    expect(x.eq(y)).toBe(true);
    expect(modelProblems(x.content, x.registry)).toEqual([]);
    expect(x.content.lastChild!.attrs.optionPath).toBe("");
  });
});
