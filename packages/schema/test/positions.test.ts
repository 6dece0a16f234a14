import {
  countPositions,
  delegateEditProblem,
  DelegationRegistry,
  mayAct,
  modelProblems,
  negotiationStats,
  NegotiationDocument,
  parsePositions,
  readPositions,
  registryNamed,
  schema,
  readStanceWord,
  stanceOf,
  stanceRuns,
  stripDelegation,
  writtenStance,
  withStance,
  writePositions,
  type BlockJSON,
} from "@accord/schema";
import { brk, doc, ins, p } from "@accord/schema/test-builders";
import { Node } from "prosemirror-model";
import { describe, expect, it } from "vitest";

// Positions of delegations on a proposal (`[financial - G77; EU, US delete]`):
// the attribute, the model's rules, the counts, and the trust rule — a
// delegate states only its own position, on an open proposal it does not
// sponsor; the chair may edit any (the trust rule is not asked for the chair).

const proposal = (id: string, by: string[], positions = "", state = "open") => ({ type: "proposal", attrs: { id, op: "insert", by, note: "", state, positions } });
const text = (t: string, ...marks: ReturnType<typeof proposal>[]): BlockJSON => ({ type: "text", text: t, ...(marks.length ? { marks } : {}) });
const paragraph = (attrs: Record<string, unknown>, ...content: BlockJSON[]): BlockJSON => ({ type: "paragraph", attrs: { id: "p1", ...attrs }, content });
const judge = (before: BlockJSON | null, after: BlockJSON | null, code = "EU") => delegateEditProblem(before, after, code);
/** Paragraph 1 with G77's proposal b1 carrying `positions` (state `state`), in a paragraph of status `status`. */
const withG77 = (positions: string, state = "open", status = "open") => paragraph({ status }, text("Parties shall provide "), text("financial", proposal("b1", ["G77"], positions, state)), text(" support."));

describe("the positions attribute", () => {
  it("reads and writes the form and the entries in the order stated", () => {
    expect(parsePositions("")).toEqual({ form: "tag", positions: [] });
    const read = readPositions("dash EU:delete USA:delete");
    expect(read).toEqual({ form: "dash", positions: [{ delegation: "EU", stance: "delete" }, { delegation: "USA", stance: "delete" }] });
    expect(writePositions(read)).toBe("dash EU:delete USA:delete");
    expect(writePositions({ form: "tag", positions: [] })).toBe("");
  });

  it("refuses malformed values when a mark is made or read from JSON", () => {
    const make = (positions: unknown) => () => schema.marks.proposal!.create({ id: "b1", op: "insert", by: ["G77"], positions });
    expect(make("EU:delete")).not.toThrow();
    expect(make("EU:objects")).toThrow(/Invalid attribute positions/);
    expect(make("dash EU:named")).toThrow(/named alone/);
    expect(make("trail EU:named")).toThrow(/named alone/);
    expect(make("EU:delete EU:retain")).toThrow(/each delegation once/);
    expect(make("eu:delete")).toThrow(RangeError);
    expect(make("EU:delete  USA:delete")).toThrow(RangeError);
    expect(make(["EU:delete"])).toThrow(/a string/);
    const many = Array.from({ length: 251 }, (_, k) => `D${k}:delete`).join(" ");
    expect(make(many)).toThrow(/at most 250 positions/);
    expect(() => Node.fromJSON(schema, paragraph({}, text("x", proposal("b1", ["G77"], "dash after EU:delete"))) as never)).toThrow(RangeError);
  });

  it("sets, changes and takes back one delegation's entry, keeping the form and the others' order", () => {
    expect(withStance("dash EU:delete USA:delete", "CAN", "reserve")).toBe("dash EU:delete USA:delete CAN:reserve");
    expect(withStance("dash EU:delete USA:delete", "EU", "retain")).toBe("dash EU:retain USA:delete");
    expect(withStance("EU:delete", "EU", null)).toBe("");
    expect(withStance("after EU:delete", "EU", null)).toBe("after");
    // A stance stated in Accord is written in its own word, whatever the spelling it replaces.
    expect(withStance("JPN:reservation MEX:named", "MEX", "oppose")).toBe("JPN:reservation MEX:oppose");
  });

  it("reads the stances about the proposal and the spellings a draft wrote, and writes them back as they came", () => {
    const read = readPositions("after EU:oppose NOR:support JPN:reservation MEX:named CAN:reserve");
    expect(read.positions).toEqual([
      { delegation: "EU", stance: "oppose" },
      { delegation: "NOR", stance: "support" },
      { delegation: "JPN", stance: "reserve", spelling: "reservation" },
      { delegation: "MEX", stance: "support", spelling: "named" },
      { delegation: "CAN", stance: "reserve" },
    ]);
    expect(writePositions(read)).toBe("after EU:oppose NOR:support JPN:reservation MEX:named CAN:reserve");
    expect(read.positions.map(writtenStance)).toEqual(["oppose", "support", "reservation", null, "reserve"]);
    expect(stanceOf("JPN:reservation", "JPN")).toBe("reserve");
    expect(readStanceWord("reservation")).toEqual({ stance: "reserve", spelling: "reservation" });
    expect(readStanceWord("oppose")).toEqual({ stance: "oppose" });
    expect(readStanceWord("named")).toBeUndefined();
    expect(readStanceWord("objects")).toBeUndefined();
  });
});

describe("a position's name as written", () => {
  // Invariant: values stored before names as written existed read exactly as they did, and write back byte for byte.
  it("reads a value stored before, with no name as written, as it did", () => {
    const old = "after EU:oppose JPN:reservation MEX:named";
    expect(readPositions(old).positions).toEqual([
      { delegation: "EU", stance: "oppose" },
      { delegation: "JPN", stance: "reserve", spelling: "reservation" },
      { delegation: "MEX", stance: "support", spelling: "named" },
    ]);
    expect(writePositions(readPositions(old))).toBe(old);
    const document = NegotiationDocument.create(doc(p(ins({ id: "b1", by: ["G77"], positions: "dash EU:delete USA:delete" }, "x"))), undefined, registryNamed("un"));
    const json = JSON.parse(JSON.stringify(document.toJSON()));
    expect(NegotiationDocument.fromJSON(json).eq(document)).toBe(true);
  });

  // Invariant: a name as written travels in its entry, one encoding per name, and a value that could not be written back is refused.
  it("reads and writes a name as written after the stance, URI-encoded", () => {
    const value = "after EU:delete:European%20Union USA:delete MEX:named:M%C3%A9xico G77:retain:G77%2FChina";
    const read = readPositions(value);
    expect(read.positions).toEqual([
      { delegation: "EU", stance: "delete", written: "European Union" },
      { delegation: "USA", stance: "delete" },
      { delegation: "MEX", stance: "support", spelling: "named", written: "México" },
      { delegation: "G77", stance: "retain", written: "G77/China" },
    ]);
    expect(writePositions(read)).toBe(value);
    expect(withStance(value, "EU", "retain")).toBe("after EU:retain:European%20Union USA:delete MEX:named:M%C3%A9xico G77:retain:G77%2FChina");
    const make = (positions: unknown) => () => schema.marks.proposal!.create({ id: "b1", op: "insert", by: ["G77"], positions });
    expect(make("EU:delete:European%20Union")).not.toThrow();
    // Not one a draft could name a delegation by in a list, or not encoded as writePositions writes it.
    for (const bad of ["EU:delete:European Union", "EU:delete:%E0%A4%A", "EU:delete:European%20union%3A", "EU:delete:EU%2C%20US", "EU:delete:european%20Union", "EU:delete:European%20Union%20", "EU:delete:European+Union", "EU:delete:Europ%65an", "EU:delete:", `EU:delete:${"A".repeat(61)}`]) {
      expect(make(bad), bad).toThrow(/Invalid attribute positions/);
    }
  });
});

describe("the model's rules", () => {
  const registry = registryNamed("un");
  const make = (positions: string) => doc(p(ins({ id: "b1", by: ["G77"], positions }, "financial")));
  it("names delegations of the registry that do not sponsor the proposal", () => {
    expect(modelProblems(make("EU:delete USA:retain"), registry)).toEqual([]);
    expect(modelProblems(make("XYZ:delete"), registry)).toEqual(["proposal b1: delegation XYZ is not in the registry"]);
    expect(modelProblems(make("G77:retain"), registry)).toEqual(["proposal b1: G77 sponsors it and states a position on it too"]);
    // Disputed base text has positions and no sponsor: `[text] (EU: delete)`.
    expect(modelProblems(doc(p(brk({ id: "b2", positions: "EU:delete" }, "text"))), registry)).toEqual([]);
  });
  it("a support named alone follows a proposal with a proposer: with none, the name alone would read as the proposer", () => {
    expect(modelProblems(make("MEX:named EU:oppose"), registry)).toEqual([]);
    expect(modelProblems(doc(p(brk({ id: "b2", positions: "MEX:named" }, "text"))), registry)).toEqual([
      "proposal b2: MEX's support is named alone on a proposal with no proposer, where its name would read as the proposer",
    ]);
    expect(modelProblems(doc(p(brk({ id: "b2", positions: "MEX:support" }, "text"))), registry)).toEqual([]);
  });
  it("keeps a document's positions through its JSON file", () => {
    const document = NegotiationDocument.create(make("dash EU:delete USA:delete"), undefined, registry);
    expect(NegotiationDocument.fromJSON(document.toJSON()).eq(document)).toBe(true);
  });
});

describe("counting positions", () => {
  it("by stance (every stance present) and by delegation, most first", () => {
    expect(countPositions(["", "dash EU:delete USA:delete", "CAN:reserve EU:retain"])).toEqual({
      total: 4,
      byStance: { delete: 2, retain: 1, reserve: 1, oppose: 0, support: 0 },
      byDelegation: { EU: 2, CAN: 1, USA: 1 },
    });
    const stats = negotiationStats(doc(p(ins({ id: "b1", by: ["G77"], positions: "EU:delete" }, "a"), " and ", brk({ id: "b2" }, "b"))));
    expect(stats.positions).toEqual({ total: 1, byStance: { delete: 1, retain: 0, reserve: 0, oppose: 0, support: 0 }, byDelegation: { EU: 1 } });
  });
  it("a spelling counts as the stance it states", () => {
    expect(countPositions(["after EU:oppose NOR:support", "JPN:reservation MEX:named CAN:reserve EU:support"])).toEqual({
      total: 6,
      byStance: { delete: 0, retain: 0, reserve: 2, oppose: 1, support: 3 },
      byDelegation: { EU: 2, CAN: 1, JPN: 1, MEX: 1, NOR: 1 },
    });
  });
});

describe("the trust rule: a delegate states only its own position", () => {
  it("states, changes and takes back its own position on an open proposal of another", () => {
    expect(judge(withG77(""), withG77("EU:delete"))).toBeNull();
    expect(judge(withG77("USA:delete EU:delete"), withG77("USA:delete EU:retain"))).toBeNull();
    expect(judge(withG77("USA:delete EU:delete"), withG77("USA:delete"))).toBeNull();
    // The stances about the proposal are its own to state too, in any spelling.
    expect(judge(withG77("USA:delete"), withG77("USA:delete EU:oppose"))).toBeNull();
    expect(judge(withG77("EU:oppose"), withG77("EU:support"))).toBeNull();
    expect(judge(withG77("EU:support"), withG77("EU:named"))).toBeNull();
    expect(judge(withG77("EU:reserve"), withG77("EU:reservation"))).toBeNull();
    // Changing how the attribution is written is not its to do on another's proposal.
    expect(judge(withG77("EU:delete"), withG77("dash EU:delete"))).toMatch(/another delegation's proposal/);
  });
  it("states nobody else's position, and changes none", () => {
    expect(judge(withG77(""), withG77("USA:delete"))).toMatch(/another delegation's proposal/);
    expect(judge(withG77("USA:delete"), withG77("USA:retain"))).toMatch(/another delegation's proposal/);
    expect(judge(withG77("USA:delete CAN:retain"), withG77("CAN:retain USA:delete"))).toMatch(/another delegation's proposal/);
    // Moving its own entry among the others changes nobody else's.
    expect(judge(withG77("USA:delete EU:delete"), withG77("EU:delete USA:delete"))).toBeNull();
    expect(judge(withG77("USA:delete"), withG77(""))).toMatch(/another delegation's proposal/);
    // Nor another's in the new stances and spellings: neither stating, nor changing the word it came in.
    expect(judge(withG77(""), withG77("USA:oppose"))).toMatch(/another delegation's proposal/);
    expect(judge(withG77(""), withG77("MEX:named"))).toMatch(/another delegation's proposal/);
    expect(judge(withG77("USA:support"), withG77("USA:oppose"))).toMatch(/another delegation's proposal/);
    expect(judge(withG77("JPN:reserve"), withG77("JPN:reservation"))).toMatch(/another delegation's proposal/);
    expect(judge(withG77("MEX:named"), withG77("MEX:support"))).toMatch(/another delegation's proposal/);
  });
  it("only on an open proposal in an open paragraph", () => {
    expect(judge(withG77("", "accepted"), withG77("EU:delete", "accepted"))).toMatch(/positions are stated on open proposals only/);
    expect(judge(withG77("EU:delete", "rejected"), withG77("", "rejected"))).toMatch(/open proposals only/);
    expect(judge(withG77("", "open", "agreed-informally"), withG77("EU:delete", "open", "agreed-informally"))).toMatch(/locked/);
  });
  it("not on a proposal it sponsors, and nobody's on its own", () => {
    const supported = (positions: string) => paragraph({}, text("financial", proposal("b1", ["G77", "EU"], positions)));
    expect(judge(supported(""), supported("EU:delete"))).toMatch(/EU supports the proposal/);
    expect(judge(supported(""), supported("EU:support"))).toMatch(/EU supports the proposal/);
    const own = (positions: string) => paragraph({}, text("financial", proposal("b1", ["EU"], positions)));
    expect(judge(own(""), own("USA:delete"))).toMatch(/EU's proposal can carry only the positions other delegations state themselves/);
    expect(judge(paragraph({}), own("dash USA:delete"))).toMatch(/only the positions other delegations state/);
    // Its own proposal's form is its to choose; the positions others stated stay.
    expect(judge(own("USA:delete"), own("dash USA:delete"))).toBeNull();
  });
  it("strip_X takes exactly X's own entry out, so that the comparison allows exactly this", () => {
    expect(stripDelegation(withG77("USA:delete EU:retain"), "EU")).toBe(stripDelegation(withG77("USA:delete"), "EU"));
    expect(stripDelegation(withG77("USA:delete EU:retain"), "USA")).not.toBe(stripDelegation(withG77("USA:delete"), "USA"));
    expect(stripDelegation(withG77("EU:retain"), "EU")).toBe(stripDelegation(withG77(""), "EU"));
  });
});

it("a registry without the code refuses the document (the chair's edits are checked by the model)", () => {
  const registry = DelegationRegistry.default;
  expect(() => NegotiationDocument.create(doc(p(ins({ id: "b1", by: ["URY"], positions: "EU:delete" }, "a"))), undefined, registry)).toThrow(/EU is not in the registry/);
});

describe("mayAct: state-position", () => {
  const g77Bracket = { id: "b1", kind: "inline" as const, by: ["G77"], state: "open" as const, blockStatus: "open" as const };
  const eu = { role: "delegate" as const, delegation: "EU" };
  it("a delegate for its own delegation, on an open bracket it does not sponsor, in an open paragraph", () => {
    expect(mayAct(eu, "state-position", { proposal: g77Bracket }).ok).toBe(true);
    expect(mayAct(eu, "state-position", { proposal: g77Bracket, for: "USA" })).toMatchObject({ ok: false, forbidden: true, reason: "you are a delegate of EU: you may state EU's position only" });
    expect(mayAct(eu, "state-position", { proposal: { ...g77Bracket, state: "accepted" } })).toMatchObject({ ok: false, forbidden: false });
    expect(mayAct(eu, "state-position", { proposal: { ...g77Bracket, blockStatus: "agreed-informally" } })).toMatchObject({ ok: false, forbidden: true });
    expect(mayAct(eu, "state-position", { proposal: { ...g77Bracket, by: ["G77", "EU"] } })).toMatchObject({ ok: false, reason: expect.stringMatching(/EU sponsors proposal b1/) });
    expect(mayAct(eu, "state-position", { proposal: { ...g77Bracket, kind: "paragraph" } })).toMatchObject({ ok: false, forbidden: false });
  });
  it("the chair and the secretariat for any delegation they name; an observer never", () => {
    for (const role of ["chair", "secretariat"] as const) {
      expect(mayAct({ role, delegation: "" }, "state-position", { proposal: g77Bracket, for: "USA" }).ok).toBe(true);
      expect(mayAct({ role, delegation: "" }, "state-position", { proposal: g77Bracket, for: "" })).toMatchObject({ ok: false, forbidden: false });
    }
    expect(mayAct({ role: "observer", delegation: "" }, "state-position")).toMatchObject({ ok: false, forbidden: true });
  });
});

it("stanceRuns groups consecutive delegations of one stance, in order", () => {
  expect(stanceRuns(readPositions("EU:delete USA:delete CAN:retain JPN:delete").positions)).toEqual([
    { delegations: ["EU", "USA"], stance: "delete", word: "delete" },
    { delegations: ["CAN"], stance: "retain", word: "retain" },
    { delegations: ["JPN"], stance: "delete", word: "delete" },
  ]);
  // One stance written two ways is two runs, each written back in its word.
  expect(stanceRuns(readPositions("JPN:reserve CHL:reservation MEX:named COL:named NOR:support").positions)).toEqual([
    { delegations: ["JPN"], stance: "reserve", word: "reserve" },
    { delegations: ["CHL"], stance: "reserve", word: "reservation" },
    { delegations: ["MEX", "COL"], stance: "support", word: null },
    { delegations: ["NOR"], stance: "support", word: "support" },
  ]);
});
