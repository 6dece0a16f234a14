import { describe, expect, it } from "vitest";
import { Node, type Attrs, type Mark, type TagParseRule } from "prosemirror-model";
import {
  BLOCK_NODE_NAMES,
  FOOTNOTE_KINDS,
  PARAGRAPH_KINDS,
  PARAGRAPH_STATUSES,
  PROPOSAL_OPS,
  PROPOSAL_STATES,
  isDelegationCode,
  schema,
} from "@accord/schema";
import { brk, del, doc, em, fn, h, ins, p, strong } from "@accord/schema/test-builders";

/** A document's JSON with one paragraph carrying `attrs`. */
function paragraphJSON(attrs: Record<string, unknown>, content: unknown[] = [{ type: "text", text: "To ensure" }]) {
  return { type: "doc", content: [{ type: "paragraph", attrs: { id: "p1", ...attrs }, content }] };
}

/** A document's JSON with one text node carrying a proposal mark with `attrs`. */
function proposalJSON(attrs: Record<string, unknown>) {
  return paragraphJSON({}, [{ type: "text", text: "while", marks: [{ type: "proposal", attrs: { id: "u1", op: "insert", ...attrs } }] }]);
}

const readJSON = (json: unknown) => Node.fromJSON(schema, json);

describe("node types", () => {
  it("has a doc of headings and paragraphs, with text and footnotes inline", () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(["doc", "footnote", "heading", "paragraph", "text"]);
    expect(Object.keys(schema.marks).sort()).toEqual(["em", "proposal", "strong"]);
    expect(BLOCK_NODE_NAMES).toEqual(["heading", "paragraph"]);
    expect(schema.topNodeType.name).toBe("doc");
  });

  it("gives every attribute of every node and mark a default", () => {
    for (const type of [...Object.values(schema.nodes), ...Object.values(schema.marks)]) {
      for (const [name, attr] of Object.entries(type.spec.attrs ?? {})) {
        expect("default" in attr, `${type.name}.${name}`).toBe(true);
      }
    }
    // So a block, footnote or mark created with no attributes at all is valid.
    const bare = schema.nodes.doc.create(null, [
      schema.nodes.heading.create(),
      schema.nodes.paragraph.create(null, [schema.text("x", [schema.marks.proposal.create()]), schema.nodes.footnote.create()]),
    ]);
    expect(() => bare.check()).not.toThrow();
  });

  it("gives paragraphs the documented defaults", () => {
    expect({ ...schema.nodes.paragraph.create().attrs }).toEqual({
      id: "",
      label: "",
      kind: "plain",
      status: "open",
      statusDate: "",
      statusBody: "",
      statusFootnote: "",
      proposedBy: [],
      proposedTag: "",
      proposalState: "open",
      alternativeTo: "",
      note: "",
      optionPath: "",
    });
  });

  it("gives headings an id, the status attributes and their place in option blocks only", () => {
    expect({ ...schema.nodes.heading.create().attrs }).toEqual({
      id: "",
      status: "open",
      statusDate: "",
      statusBody: "",
      statusFootnote: "",
      optionPath: "",
    });
  });

  it("gives footnotes and proposals the documented defaults", () => {
    expect({ ...schema.nodes.footnote.create().attrs }).toEqual({ id: "", kind: "editorial", delegation: "", text: "" });
    expect({ ...schema.marks.proposal.create().attrs }).toEqual({ id: "", op: "bracket", by: [], note: "", state: "open", choice: "", choiceStyle: "adjacent", positions: "", span: "", tag: "" });
  });

  it("refuses a doc with no block and a block inside a block", () => {
    expect(() => readJSON({ type: "doc" }).check()).toThrow(RangeError);
    expect(() => schema.nodes.paragraph.createChecked(null, [schema.nodes.paragraph.create()])).toThrow(RangeError);
    expect(() => schema.nodes.doc.createChecked(null, [schema.text("loose text")])).toThrow(RangeError);
  });
});

describe("block attributes", () => {
  it("accepts every status, kind and a full set of valid attributes", () => {
    for (const status of PARAGRAPH_STATUSES) {
      for (const kind of PARAGRAPH_KINDS) {
        expect(() => readJSON(paragraphJSON({ status, kind })).check(), `${status} ${kind}`).not.toThrow();
      }
    }
    const node = readJSON(
      paragraphJSON({
        label: "5 bis alt.",
        kind: "operative",
        status: "agreed-ad-referendum",
        statusDate: "2012-04-19",
        statusBody: "CSH",
        statusFootnote: "Approval is pending as the required quorum was not present",
        proposedBy: ["MEX"],
        proposalState: "open",
        alternativeTo: "p0",
        note: "Previously paragraph 4 of objective 1.1",
      }),
    );
    expect(() => node.check()).not.toThrow();
    expect(node.firstChild!.attrs.proposedBy).toEqual(["MEX"]);
  });

  it("refuses a bad status in Node.fromJSON", () => {
    expect(() => readJSON(paragraphJSON({ status: "agreed" }))).toThrow(/Invalid attribute status: "agreed"/);
    expect(() => readJSON(paragraphJSON({ status: "AGREED INF" }))).toThrow(RangeError);
    expect(() => readJSON({ type: "doc", content: [{ type: "heading", attrs: { status: "closed" } }] })).toThrow(/status/);
  });

  it("refuses a date that is not a calendar date or not YYYY-MM-DD", () => {
    expect(() => readJSON(paragraphJSON({ statusDate: "2012-02-30" }))).toThrow(/Invalid attribute statusDate: "2012-02-30"/);
    expect(() => readJSON(paragraphJSON({ statusDate: "04/19/12" }))).toThrow(/statusDate/);
    expect(() => readJSON(paragraphJSON({ statusDate: 20120419 }))).toThrow(/statusDate/);
    expect(() => readJSON(paragraphJSON({ statusDate: "2012-02-29" }))).not.toThrow();
  });

  it("refuses a bad kind, a bad proposalState and non-string text attributes", () => {
    expect(() => readJSON(paragraphJSON({ kind: "numbered" }))).toThrow(/kind/);
    expect(() => readJSON(paragraphJSON({ proposalState: "pending" }))).toThrow(/proposalState/);
    expect(() => readJSON(paragraphJSON({ label: 5 }))).toThrow(/label/);
    expect(() => readJSON(paragraphJSON({ note: null }))).toThrow(/note/);
    expect(() => readJSON(paragraphJSON({ id: ["p1"] }))).toThrow(/id/);
  });

  it("refuses over-long ids, labels and bodies", () => {
    expect(() => readJSON(paragraphJSON({ id: "x".repeat(64) }))).not.toThrow();
    expect(() => readJSON(paragraphJSON({ id: "x".repeat(65) }))).toThrow(/id/);
    expect(() => readJSON(paragraphJSON({ label: "1".repeat(41) }))).toThrow(/label/);
    expect(() => readJSON(paragraphJSON({ statusBody: "C".repeat(201) }))).toThrow(/statusBody/);
  });

  it("refuses non-codes and repeated delegations in proposedBy", () => {
    expect(() => readJSON(paragraphJSON({ proposedBy: ["PER", "MEX"] }))).not.toThrow();
    expect(() => readJSON(paragraphJSON({ proposedBy: ["Peru"] }))).toThrow(/proposedBy/);
    expect(() => readJSON(paragraphJSON({ proposedBy: "PER" }))).toThrow(/a list of delegation codes/);
    expect(() => readJSON(paragraphJSON({ proposedBy: ["PER", "PER"] }))).toThrow(/no repeated delegation/);
  });

  it("drops attributes the schema does not know when reading JSON (ProseMirror's behaviour)", () => {
    const node = readJSON(paragraphJSON({ colour: "red", status: "approved" }));
    expect(node.firstChild!.attrs.status).toBe("approved");
    expect("colour" in node.firstChild!.attrs).toBe(false);
  });

  it("has node.check() refuse attributes that bypassed creation", () => {
    const good = doc(p({ status: "agreed-informally", statusDate: "2012-04-19" }, "text"));
    expect(() => good.check()).not.toThrow();
    for (const [name, value] of [
      ["status", "bogus"],
      ["statusDate", "2012-02-30"],
      ["proposedBy", ["uru"]],
      ["proposedBy", ["URY", "URY"]],
    ] as const) {
      const bad = doc(p("text"));
      (bad.firstChild!.attrs as Record<string, unknown>)[name] = value;
      expect(() => bad.check(), name).toThrow(RangeError);
    }
  });
});

describe("delegation codes", () => {
  it("accepts upper-case codes of states and groups", () => {
    for (const code of ["URY", "WG", "CHAIR", "G-77", "A1", "CARICOM", "X"]) expect(isDelegationCode(code), code).toBe(true);
  });

  it("refuses tags, names, blanks and over-long codes", () => {
    for (const value of ["Uru", "uruguay", "", " URY", "U RY", "-WG", "_WG", "A".repeat(17), "URY:", null, 7]) {
      expect(isDelegationCode(value), String(value)).toBe(false);
    }
    expect(isDelegationCode("A".repeat(16))).toBe(true);
  });
});

describe("the proposal mark", () => {
  it("accepts every op and state", () => {
    for (const op of PROPOSAL_OPS) {
      for (const state of PROPOSAL_STATES) {
        expect(() => readJSON(proposalJSON({ op, state, by: op === "bracket" ? [] : ["URY"] })).check()).not.toThrow();
      }
    }
  });

  it("refuses a bad op, a bad state and a bad note", () => {
    expect(() => readJSON(proposalJSON({ op: "replace" }))).toThrow(/Invalid attribute op/);
    expect(() => readJSON(proposalJSON({ state: "pending" }))).toThrow(/Invalid attribute state/);
    expect(() => readJSON(proposalJSON({ note: 3 }))).toThrow(/note/);
  });

  // Invariant: only a tag the import could read back as a tag list enters a document, from JSON or a builder.
  it("keeps a written tag and refuses one that is not a string, too long, or would break its bracket", () => {
    expect(() => readJSON(proposalJSON({ by: ["URY"], tag: "Uruguay" })).check()).not.toThrow();
    expect(() => readJSON(proposalJSON({ by: ["ARG", "BRA"], tag: "Arg/Brasil" })).check()).not.toThrow();
    expect(() => readJSON(proposalJSON({ tag: 3 }))).toThrow(/Invalid attribute tag/);
    expect(() => readJSON(proposalJSON({ tag: "x".repeat(80) }))).toThrow(/Invalid attribute tag/);
    expect(() => readJSON(proposalJSON({ tag: "x".repeat(79) }))).not.toThrow();
    for (const bad of ["EU: x", "EU]", "[EU", "EU\nUS", " EU", "EU ", "(EU)", "E~U", "E\\U"]) {
      expect(() => readJSON(proposalJSON({ tag: bad })), bad).toThrow(/Invalid attribute tag/);
    }
  });

  it("refuses a tag instead of a code, and a repeated delegation, in `by`", () => {
    expect(() => readJSON(proposalJSON({ by: ["Uru"] }))).toThrow(/Invalid attribute by: \["Uru"\]/);
    expect(() => readJSON(proposalJSON({ by: "URY" }))).toThrow(/by/);
    expect(() => readJSON(proposalJSON({ by: ["URY", "URY"] }))).toThrow(/no repeated delegation/);
    expect(() => schema.markFromJSON({ type: "proposal", attrs: { by: ["ARG", "arg"] } })).toThrow(/by/);
    expect(() => readJSON(proposalJSON({ by: ["ARG", "BRA"] }))).not.toThrow();
  });

  it("does not exclude itself, so two proposals with different ids nest on one text node", () => {
    const d = doc(p("the logistical ", ins("u1 PER", "aspects ", ins("u2 URY", ", and organizational"), " of")));
    d.check();
    const nested = d.firstChild!.child(2);
    expect(nested.text).toBe(", and organizational");
    expect(nested.marks.map((m) => m.attrs.id).sort()).toEqual(["u1", "u2"]);

    const back = Node.fromJSON(schema, JSON.parse(JSON.stringify(d.toJSON())));
    expect(back.eq(d)).toBe(true);
    expect(back.firstChild!.child(2).marks.map((m) => m.attrs.id).sort()).toEqual(["u1", "u2"]);
  });

  it("keeps a delete and an insert of one replacement on neighbouring text", () => {
    const d = doc(p("mechanisms ", del("r1 URY", "evaluable"), ins("r1 URY", "measurable")));
    const ops = [d.firstChild!.child(1), d.firstChild!.child(2)].map((n) => [n.text, n.marks[0]!.attrs.op, n.marks[0]!.attrs.id]);
    expect(ops).toEqual([
      ["evaluable", "delete", "r1"],
      ["measurable", "insert", "r1"],
    ]);
  });

  it("adding the very same proposal twice leaves one mark", () => {
    const mark = schema.marks.proposal.create({ id: "u1", op: "insert", by: ["URY"] });
    expect(mark.addToSet(mark.addToSet([]))).toHaveLength(1);
    const other = schema.marks.proposal.create({ id: "u2", op: "insert", by: ["URY"] });
    expect(other.addToSet(mark.addToSet([]))).toHaveLength(2);
  });

  it("is not inclusive: text typed at its end is not part of the proposal", () => {
    const d = doc(p("To ", ins("u1 URY", "while<a>"), " x"));
    const marksAtEnd = d.resolve(d.tag.a!).marks();
    expect(marksAtEnd.some((m) => m.type.name === "proposal")).toBe(false);
    const inside = d.resolve(d.tag.a! - 1).marks();
    expect(inside.some((m) => m.type.name === "proposal")).toBe(true);
  });

  it("combines with emphasis", () => {
    const d = doc(p(em(ins("u1 URY", "while")), strong(brk("b1", "disputed"))));
    expect(() => d.check()).not.toThrow();
    expect(d.firstChild!.firstChild!.marks.map((m) => m.type.name).sort()).toEqual(["em", "proposal"]);
  });
});

describe("footnotes", () => {
  it("are inline leaf atoms with a kind, a delegation and text", () => {
    const node = fn({ kind: "reservation", delegation: "ECU", text: "The Government of Ecuador reserves its position." });
    expect(node.isInline && node.isAtom && node.isLeaf).toBe(true);
    expect(node.attrs).toMatchObject({ kind: "reservation", delegation: "ECU" });
    for (const kind of FOOTNOTE_KINDS) expect(() => fn({ kind })).not.toThrow();
  });

  it("refuse a bad kind and a delegation that is not a code", () => {
    expect(() => fn({ kind: "reserve" })).toThrow(/Invalid attribute kind/);
    expect(() => fn({ kind: "reservation", delegation: "Ecuador" })).toThrow(/Invalid attribute delegation/);
    expect(() => fn({ delegation: ["ECU"] })).toThrow(/delegation/);
  });

  it("allow no marks inside them (they have no content)", () => {
    expect(schema.nodes.footnote.spec.marks).toBe("");
    expect(schema.nodes.footnote.allowsMarkType(schema.marks.em)).toBe(false);
    expect(schema.nodes.footnote.allowsMarkType(schema.marks.proposal)).toBe(false);
    expect(() => schema.nodes.footnote.createChecked(null, [schema.text("x")])).toThrow(RangeError);
  });
  // That a footnote itself carries no marks is a model rule: see invariants.test.ts.
});

/** Minimal stand-in for a DOM element: the parse rules only read attributes. */
function element(attrs: Record<string, string>) {
  return { getAttribute: (name: string) => attrs[name] ?? null };
}

function ruleFor(rules: readonly unknown[] | undefined, tag: string): TagParseRule {
  const rule = (rules as TagParseRule[]).find((r) => r.tag === tag);
  if (!rule) throw new Error(`no rule for ${tag}`);
  return rule;
}

describe("DOM form", () => {
  it("writes paragraph attributes as data- attributes and reads them back", () => {
    const node = schema.nodes.paragraph.create({
      id: "p7",
      label: "5 bis",
      kind: "operative",
      status: "agreed-informally",
      statusDate: "2012-04-19",
      proposedBy: ["PER", "MEX"],
    });
    const [tag, attrs, hole] = schema.nodes.paragraph.spec.toDOM!(node) as [string, Record<string, string>, number];
    expect(tag).toBe("p");
    expect(hole).toBe(0);
    expect(attrs).toEqual({
      "data-id": "p7",
      "data-label": "5 bis",
      "data-kind": "operative",
      "data-status": "agreed-informally",
      "data-statusdate": "2012-04-19",
      "data-proposedby": "PER MEX",
      "data-proposalstate": "open",
    });
    const read = ruleFor(schema.nodes.paragraph.spec.parseDOM, "p").getAttrs!(element(attrs) as never) as Attrs;
    expect(schema.nodes.paragraph.create(read).attrs).toEqual(node.attrs);
  });

  it("writes proposals as ins, del or span and reads their delegations back as a list", () => {
    const spec = schema.marks.proposal.spec;
    for (const [op, tag] of [["insert", "ins"], ["delete", "del"], ["bracket", "span"]] as const) {
      const mark = schema.marks.proposal.create({ id: "u1", op, by: op === "bracket" ? [] : ["ARG", "BRA"], note: "n" });
      const [domTag, attrs] = spec.toDOM!(mark, true) as [string, Record<string, string>];
      expect(domTag).toBe(tag);
      expect(attrs.class).toBe(`proposal proposal-${op}`);
      const read = ruleFor(spec.parseDOM, `${tag}.proposal`).getAttrs!(element(attrs) as never) as Attrs;
      expect((schema.marks.proposal.create(read) as Mark).eq(mark)).toBe(true);
    }
  });

  it("refuses invalid data- attributes when the parsed attributes are used", () => {
    const read = ruleFor(schema.nodes.paragraph.spec.parseDOM, "p").getAttrs!(
      element({ "data-status": "agreed", "data-id": "p1" }) as never,
    ) as Attrs;
    expect(() => schema.nodes.paragraph.create(read)).toThrow(/status/);
  });

  it("writes footnotes as sup.footnote", () => {
    const node = fn({ id: "f1", kind: "reservation", delegation: "ECU", text: "reserves" });
    const [tag, attrs] = schema.nodes.footnote.spec.toDOM!(node) as [string, Record<string, string>];
    expect(tag).toBe("sup");
    expect(attrs).toEqual({ class: "footnote", "data-id": "f1", "data-kind": "reservation", "data-delegation": "ECU", "data-text": "reserves" });
    const read = ruleFor(schema.nodes.footnote.spec.parseDOM, "sup.footnote").getAttrs!(element(attrs) as never) as Attrs;
    expect(schema.nodes.footnote.create(read).attrs).toEqual(node.attrs);
  });

  it("writes headings as h2", () => {
    const node = h({ id: "h1", status: "agreed-informally", statusDate: "2012-04-03" }, "CHAPTER 2");
    const [tag, attrs] = schema.nodes.heading.spec.toDOM!(node) as [string, Record<string, string>];
    expect(tag).toBe("h2");
    expect(attrs).toEqual({ "data-id": "h1", "data-status": "agreed-informally", "data-statusdate": "2012-04-03" });
  });
});
