import { writeDocument } from "@accord/collab";
import { statePosition, supportProposal } from "@accord/merge";
import { collectProposals, NegotiationDocument, registryNamed } from "@accord/schema";
import { doc, ins, p } from "@accord/schema/test-builders";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { read, replicas, sync, value } from "./readings.js";

// Concurrent statements of positions on one bracket: every replica reads the
// same valid document (reconcileContent's rules for positions).

const positionsIn = (replica: Y.Doc) => collectProposals(read(replica).content).map((q) => [q.id, q.by.join(","), q.positions]);

describe("positions under concurrent edits", () => {
  const start = NegotiationDocument.create(doc(p({ id: "p1" }, "Parties ", ins({ id: "b1", by: ["G77"], positions: "dash" }, "shall"), " report")), undefined, registryNamed("un"));

  it("two delegations state their positions at once: both are kept, the form too", () => {
    const [a, b] = replicas(start);
    writeDocument(a, value(statePosition(read(a), "b1", "EU", "delete")));
    writeDocument(b, value(statePosition(read(b), "b1", "USA", "retain")));
    sync(a, b);
    const readings = [a, b].map(positionsIn);
    expect(readings[0]).toEqual(readings[1]);
    expect(readings[0]![0]![2]!.split(" ").sort()).toEqual(["EU:delete", "USA:retain", "dash"]);
  });

  it("one delegation given two stances at once keeps the one that keeps less text; one that became a sponsor keeps its support", () => {
    const [a, b] = replicas(start);
    writeDocument(a, value(statePosition(read(a), "b1", "EU", "retain")));
    writeDocument(b, value(statePosition(read(b), "b1", "EU", "delete")));
    sync(a, b);
    expect(positionsIn(a)).toEqual([["b1", "G77", "dash EU:delete"]]);
    expect(positionsIn(b)).toEqual(positionsIn(a));

    const [c, d] = replicas(start);
    writeDocument(c, value(statePosition(read(c), "b1", "EU", "delete")));
    writeDocument(d, value(supportProposal(read(d), "b1", "EU")));
    sync(c, d);
    expect(positionsIn(c)).toEqual([["b1", "G77,EU", "dash"]]);
    expect(positionsIn(d)).toEqual(positionsIn(c));
  });

  it("of support and opposition given one delegation at once, the opposition; of opposition and deletion, the deletion", () => {
    for (const [first, second, kept] of [
      ["support", "oppose", "oppose"],
      ["oppose", "support", "oppose"],
      ["oppose", "delete", "delete"],
      ["reserve", "support", "reserve"],
    ] as const) {
      const [a, b] = replicas(start);
      writeDocument(a, value(statePosition(read(a), "b1", "EU", first)));
      writeDocument(b, value(statePosition(read(b), "b1", "EU", second)));
      sync(a, b);
      expect(positionsIn(a)).toEqual([["b1", "G77", `dash EU:${kept}`]]);
      expect(positionsIn(b)).toEqual(positionsIn(a));
    }
  });

  it("a draft's spelling and the stance's own word given one delegation at once: every replica keeps the same one", () => {
    const spelled = NegotiationDocument.create(doc(p({ id: "p1" }, "Parties ", ins({ id: "b1", by: ["G77"], positions: "MEX:named JPN:reservation" }, "shall"), " report")), undefined, registryNamed("un"));
    const [a, b] = replicas(spelled);
    // One replica states Japan's reserve in its own word (the chair records it), the other leaves the draft's reservation; Mexico likewise.
    writeDocument(a, value(statePosition(value(statePosition(read(a), "b1", "JPN", null)), "b1", "JPN", "reserve")));
    writeDocument(b, value(statePosition(value(statePosition(read(b), "b1", "MEX", null)), "b1", "MEX", "support")));
    sync(a, b);
    expect(positionsIn(a)).toEqual(positionsIn(b));
    expect(positionsIn(a)[0]![2]!.split(" ").sort()).toEqual(["JPN:reservation", "MEX:named"]);
  });

  // Invariant: names as written given one delegation at once converge alike on every replica, and a name as written survives a concurrent stance.
  it("a name as written and another, or a stance, given one delegation at once: every replica keeps the same one", () => {
    const named = (positions: string) => NegotiationDocument.create(doc(p({ id: "p1" }, "Parties ", ins({ id: "b1", by: ["G77"], positions }, "shall"), " report")), undefined, registryNamed("un"));
    const [a, b] = replicas(named("dash EU:delete"));
    writeDocument(a, named("dash EU:delete:European%20Union"));
    writeDocument(b, named("dash EU:delete:Union%20Europ%C3%A9enne"));
    sync(a, b);
    expect(positionsIn(a)).toEqual(positionsIn(b));
    expect(positionsIn(a)).toEqual([["b1", "G77", "dash EU:delete:Union%20Europ%C3%A9enne"]]);

    const [c, d] = replicas(named("dash EU:retain"));
    writeDocument(c, named("dash EU:retain:European%20Union"));
    writeDocument(d, value(statePosition(read(d), "b1", "EU", "delete")));
    sync(c, d);
    expect(positionsIn(c)).toEqual(positionsIn(d));
    // The firmer stance wins; the name as written of the delegation it is given with goes with it.
    expect(positionsIn(c)).toEqual([["b1", "G77", "dash EU:delete"]]);
  });
});
